/**
 * What every route gets: the store, the artifacts, the signer, the download tokens, the clock, the config,
 * the vendor's settings (read through a small cache), the logger and the metrics.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ArtifactStore } from './artifacts/artifact-store';
import type { Clock } from './clock';
import type { ServerConfig } from './config';
import type { DownloadTokens } from './download-token';
import type { Metrics } from './metrics';
import type { SignedDocuments } from './signed-documents';
import type { Store, VendorSettings } from './store/store';

export interface AppContext {
  store: Store;
  artifacts: ArtifactStore;
  documents: SignedDocuments;
  tokens: DownloadTokens;
  clock: Clock;
  config: ServerConfig;
  log: Logger;
  metrics: Metrics;
  settings(): Promise<VendorSettings>;
  /** Drops the cached settings after a change. */
  settingsChanged(): void;
  /** The current instant as an ISO string (license-core's `asOf`). */
  asOf(): string;
}

/** A new random id with a readable prefix, e.g. `cus_7f3k9q2m4x8z`. */
export function newId(prefix: string): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes = randomBytes(14);
  let out = '';
  for (const b of bytes) out += alphabet[b & 31];
  return `${prefix}_${out}`;
}
