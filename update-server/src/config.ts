/**
 * Runtime configuration of one server process (what the vendor's settings in the store do not hold):
 * where the data lives, limits, logging. Everything has a default, so `start --data DIR` is enough.
 */
import path from 'node:path';

export interface ServerConfig {
  dataDir: string;
  /** Largest accepted release artifact, bytes (default 256 MiB). */
  uploadLimitBytes: number;
  /** Largest JSON body, bytes (default 1 MiB). */
  jsonLimitBytes: number;
  /** Rate limit of the add-on routes (per client IP). */
  addonRateLimit: { windowMs: number; max: number };
  /** Extra CORS origins for this process (besides the stored settings'), e.g. from `start --cors-origin`. */
  extraCorsOrigins: string[];
  /** Public base URL for download links; default: derived from the request (protocol + Host). */
  publicUrl?: string;
  /**
   * The internal nginx location that serves the artifacts folder (`/_artifacts/`), or none: with one, a download
   * is authorised here and its bytes sent by nginx (`X-Accel-Redirect`, decision U68).
   */
  accelRedirect?: string;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  logLevel: string;
  /** Run the renewal billing hourly (it is idempotent; SPEC §2 invoices on 1 January). Tests turn it off. */
  dailyBilling: boolean;
  /** How long after listen the first billing run starts (decision U78: never before the first /healthz). Default 15 s. */
  firstBillingDelayMs: number;
  /** How long a stop (SIGTERM) waits for the requests in flight before it cuts them (U60). Default 10 s. */
  shutdownGraceMs: number;
  /** Where the vendor console's built page is (issue #15); default update-server/dist/console, made by `npm run build`. */
  consoleDir?: string;
  /** The console signs out after this long without a request (decision U84). Default 30 minutes. */
  consoleIdleMs: number;
}

export function defaultConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    dataDir: path.resolve(dataDir),
    uploadLimitBytes: 256 * 1024 * 1024,
    jsonLimitBytes: 1024 * 1024,
    addonRateLimit: { windowMs: 60_000, max: 120 },
    extraCorsOrigins: [],
    trustProxy: false,
    logLevel: process.env.LOG_LEVEL ?? 'info',
    dailyBilling: true,
    firstBillingDelayMs: 15_000,
    shutdownGraceMs: 10_000,
    consoleIdleMs: 30 * 60_000,
    ...overrides,
  };
}

/** The files of a data directory. */
export function dataPaths(dataDir: string): {
  database: string;
  artifacts: string;
  keys: string;
  rootKey: string;
  rootCert: string;
  signingKey: string;
  signingCert: string;
  /** Certificates of rotated-out signing keys (their private keys are deleted), `<serial>.pem`. */
  retiredCerts: string;
  /** The signing certificates the vendor revoked, listed in every manifest (issue #12, decision S18). */
  revokedCerts: string;
  downloadSecret: string;
} {
  const dir = path.resolve(dataDir);
  const keys = path.join(dir, 'keys');
  return {
    database: path.join(dir, 'assurance.sqlite'),
    artifacts: path.join(dir, 'artifacts'),
    keys,
    rootKey: path.join(keys, 'root-key.pem'),
    rootCert: path.join(dir, 'root.pem'),
    signingKey: path.join(keys, 'signing-key.pem'),
    signingCert: path.join(keys, 'signing-cert.pem'),
    retiredCerts: path.join(keys, 'retired'),
    revokedCerts: path.join(keys, 'revoked.json'),
    downloadSecret: path.join(keys, 'download-secret'),
  };
}
