/**
 * Decision U77: the cache of signed documents is bounded by the bytes it holds, not only by its number of entries: a
 * manifest carries its certificate chain and every offered release, and 5,000 of them were ~100 MB of RSS.
 */
import type { Signer } from '@crm-assurance/license-core/node';
import { createSettableClock } from '../src/clock';
import { createSignedDocuments } from '../src/signed-documents';

test('large manifests are evicted oldest first once the cache holds 16 MiB', () => {
  let signed = 0;
  // A signer whose manifests are 1 MiB each (a real one signs with RSA; only the size matters here).
  const signer = { signManifest: () => `${'x'.repeat(1024 * 1024)}${++signed}` } as unknown as Signer;
  const documents = createSignedDocuments(signer, createSettableClock('2026-03-15T10:00:00Z', { frozen: true }));
  const claims = (n: number) => ({ aud: `org-${n}`, addon: 'docgen', serial: 1, releases: [] });
  for (let n = 0; n < 20; n++) documents.manifest(claims(n), 3600);
  expect(signed).toBe(20);
  // The newest is answered from the cache...
  documents.manifest(claims(19), 3600);
  expect(signed).toBe(20);
  // ...the oldest was evicted to keep the cache under its byte budget, and is signed again.
  documents.manifest(claims(0), 3600);
  expect(signed).toBe(21);
});
