/**
 * `npm run bench`: throughput of the hot paths, on this machine. Timing lives here, never in tests.
 * Each case runs for about one second after a short warm-up and prints operations per second.
 *
 * - signing (server): jsonwebtoken RS256 with a pre-parsed KeyObject (createSigner parses the PEM once);
 * - verification (add-on, node-forge, the same code the browser runs);
 * - the rule book: a first invoice, and eligibleUpdates over 200 releases;
 * - the fleet (issue #14): 10,000 tenants x 200 releases judged in-process, against a plain version-comparison loop
 *   over the same data (bench/fleet.ts; `FLEET_TENANTS=1000 npm run bench` for a shorter run).
 */
import { performance } from 'node:perf_hooks';
import { createSigner, generateVendorKeys } from '../node';
import { printFleet, runFleet } from './fleet';
import { eligibleUpdates, quoteFirstInvoice, verifyEntitlement, verifyLicence, type Release, type TenantContext } from '../src';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const ORG = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

function measure(name: string, op: () => unknown, seconds = 1): void {
  for (let i = 0; i < 20; i++) op();
  let n = 0;
  const start = performance.now();
  const stop = start + seconds * 1000;
  while (performance.now() < stop) {
    op();
    n++;
  }
  const elapsed = (performance.now() - start) / 1000;
  console.log(`${name.padEnd(48)} ${Math.round(n / elapsed).toLocaleString('en-US').padStart(10)} ops/s`);
}

const keys = generateVendorKeys({ vendorId: 'bench-vendor', vendorName: 'Bench Add-ons', now: NOW });
const signer = createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: 'bench-vendor' });
const licenceClaims = {
  aud: ORG,
  sub: 'lic-1',
  customer: { id: 'c-1', name: 'Fabrikam' },
  org: { id: ORG, url: 'https://fabrikam.crm4.dynamics.com' },
  addons: [{ addon: 'docgen', quantity: 10 }],
};
const entitlementClaims = {
  aud: ORG,
  sub: 'c-1',
  status: 'active' as const,
  plan: 'calendar-year',
  coverage: [{ from: '2026-03-15', to: '2027-12-31' }],
  platform: 'dynamics365' as const,
  line: '9.2',
  lineStatus: { status: 'supported' as const },
};
const licence = signer.signLicence(licenceClaims, { now: NOW });
const entitlement = signer.signEntitlement(entitlementClaims, { ttlSeconds: 14 * 86400, now: NOW });

const releases: Release[] = Array.from({ length: 200 }, (_, i) => ({
  id: `r${i}`,
  addon: 'docgen',
  version: `1.${Math.floor(i / 10)}.${i % 10}.0`,
  kind: i % 3 === 0 ? 'feature' : 'patch',
  platform: 'dynamics365',
  lines: i % 2 === 0 ? ['9.1', '9.2'] : ['9.2'],
  publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 3 * 86400000).toISOString(),
}));
const tenant: TenantContext = {
  tenantId: 't-1',
  licences: [{ addon: 'docgen', quantity: 10, listPrice: { amount: 1_000_000, currency: 'EUR' }, orderedOn: '2024-03-15' }],
  coverage: [{ from: '2024-03-15', to: '2025-12-31', activeFrom: '2024-03-20T10:00:00.000Z', invoiceId: 'i1' }],
  openInvoices: [],
  platform: 'dynamics365',
  platformVersion: '9.1.0.1234',
};
const lines = [
  { platform: 'dynamics365' as const, line: '9.1', releasedOn: '2018-10-01' },
  { platform: 'dynamics365' as const, line: '9.2', releasedOn: '2021-04-01' },
];

console.log(`crm-assurance benchmarks (node ${process.version}, ${new Date().toISOString()})`);
measure('signLicence (jsonwebtoken RS256, KeyObject)', () => signer.signLicence(licenceClaims, { now: NOW }));
measure('signEntitlement', () => signer.signEntitlement(entitlementClaims, { ttlSeconds: 3600, now: NOW }));
measure('verifyLicence (node-forge, browser code)', () => verifyLicence(licence, { rootCertPem: keys.root.certPem, orgId: ORG, now: NOW }));
measure('verifyEntitlement', () => verifyEntitlement(entitlement, { rootCertPem: keys.root.certPem, orgId: ORG, now: NOW }));
measure('quoteFirstInvoice (3 licences)', () =>
  quoteFirstInvoice({
    orderDate: '2026-03-15',
    licences: [1, 2, 3].map((k) => ({ listPrice: { amount: 333_333 * k, currency: 'EUR' } })),
  }),
);
measure('eligibleUpdates (200 releases, 9.1 legacy org)', () =>
  eligibleUpdates({ addon: 'docgen', installedVersion: '1.0.0.0', releases, tenant, lines, asOf: NOW.toISOString(), timeZone: 'Europe/Berlin' }),
);
printFleet(runFleet(Number(process.env.FLEET_TENANTS ?? 10_000)));
