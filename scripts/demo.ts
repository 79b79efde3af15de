/**
 * `npm run demo`: the whole product on this machine.
 * - the demo vendor's update server (Northwind Add-ons, customers in every state) on http://127.0.0.1:8080;
 * - the add-on built as real Dataverse solutions, one per line, with the demo vendor's root pinned; version N
 *   installed in three emulated Dynamics 365 orgs, and version N+1 published as real solution zips (for 9.2, and a
 *   custom 9.1 build for the customer on the legacy 9.1 line);
 * - Contoso (paid) on http://127.0.0.1:5555, Fabrikam (renewal unpaid) on http://127.0.0.1:5556, and Wingtip
 *   (9.1 on-premises) on http://127.0.0.1:5557, each serving the add-on's configuration page from its solution.
 * - Vasa Verktyg (Odoo 17.0, on a maintenance agreement, seed 004) on http://127.0.0.1:5558: the Odoo emulator with the
 *   add-on's Odoo module imported, serving its OWL configuration page (issue #10).
 * Ports: DEMO_SERVER_PORT, DEMO_CONTOSO_PORT, DEMO_FABRIKAM_PORT, DEMO_LEGACY_PORT, DEMO_ODOO_PORT. Ctrl+C stops
 * everything.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { compareAddonVersions } from '@crm-assurance/license-core';
import { buildSolution } from '../solution/src/build-solution';
import { systemClock } from '../update-server/src/clock';
import { startDemoServer, writeDemoEnv } from '../update-server/src/demo/start-demo-server';
import { seedDemoFleet } from '../update-server/src/demo/demo-fleet';
import { settingRowId } from '../addon/src/dataverse/state-table';
import { startDataverseEmulator } from '../test/dataverse-emulator/emulator';
import { startOdooEmulator } from '../test/odoo-emulator/emulator';
import { buildOdooConfigAction } from '../addon/src/odoo/page/build';
import { odooModuleZip, parseModuleVersion } from '../solution/src/odoo/module-build';
import { validateOdooVendor } from '../solution/src/odoo/odoo-vendor';
import { ODOO_MODULE_NAME, type OdooModuleBuilder } from '../update-server/src/demo/demo-odoo';

const SOLUTION = 'NorthwindDocGen';
const portOf = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** The Odoo demo database: its administrator signs in with these (the emulator's own users, not a vendor secret). */
const ODOO_DB = 'vasa';
const ODOO_ADMIN = { login: 'admin', password: 'admin', name: 'Vasa Admin', groups: ['base.group_system'] };

/**
 * The Odoo module builder of `npm run odoo-module` (solution/src/odoo) for the demo vendor: DocGen's module with the
 * demo server's URL and root certificate pinned. The page bundle is built once and shared by every version.
 */
function odooModuleBuilder(server: { url: string; rootCertPem: string }): OdooModuleBuilder {
  let page: Promise<string> | undefined;
  return async (build) => {
    const vendor = validateOdooVendor({
      serverUrl: server.url,
      addonId: build.addon,
      rootCertPem: server.rootCertPem,
      odoo: { moduleName: build.moduleName, title: 'Northwind DocGen', author: 'Northwind Add-ons' },
    });
    page ??= buildOdooConfigAction(vendor.moduleName);
    return odooModuleZip(vendor, parseModuleVersion(build.manifestVersion), await page);
  };
}

async function main(): Promise<void> {
  const contoso = await startDataverseEmulator({ port: portOf('DEMO_CONTOSO_PORT', 5555), orgId: '6f1d3a52-5c1e-4b7a-9d35-c0a0f0000001', orgUniqueName: 'contoso', userName: 'Contoso Admin' });
  const fabrikam = await startDataverseEmulator({ port: portOf('DEMO_FABRIKAM_PORT', 5556), orgId: '6f1d3a52-5c1e-4b7a-9d35-fab000000002', orgUniqueName: 'fabrikam', userName: 'Fabrikam Admin' });
  const odoo = await startOdooEmulator({ version: '17.0', port: portOf('DEMO_ODOO_PORT', 5558), databases: [{ name: ODOO_DB, uuid: '5e0d0a11-7a5a-4c0e-9d0e-0d0000000017', users: [ODOO_ADMIN] }] });
  process.stdout.write('Seeding the demo vendor (the first run builds the Odoo module\'s page too) …\n');
  const demo = await startDemoServer({ port: portOf('DEMO_SERVER_PORT', 8080), corsOrigins: [contoso.url, fabrikam.url, odoo.url], clock: systemClock, odooModule: odooModuleBuilder });
  // The customer on the legacy 9.1 line runs Dynamics 365 Customer Engagement on-premises 9.1, in the org its licence
  // is bound to.
  // The console's fleet (issue #15): the demo customers' orgs check for updates and report installs as the add-on
  // does; Contoso's and Fabrikam's production orgs are the emulated orgs above (demo-fleet.ts).
  await seedDemoFleet(demo.server.url, demo.summary, { orgIds: { 'demo-contoso-prod': contoso.orgId, 'demo-fabrikam-prod': fabrikam.orgId } });
  const legacyCustomer = demo.summary.customers.find((c) => c.state.startsWith('legacy line'));
  const legacy = await startDataverseEmulator({ port: portOf('DEMO_LEGACY_PORT', 5557), orgId: legacyCustomer?.orgId ?? 'demo-onprem-91', orgUniqueName: 'onprem91', orgVersion: '9.1.0.28216', userName: 'On-premises Admin' });
  const admin = { authorization: `Bearer ${demo.adminApiKey}`, 'content-type': 'application/json' };
  const cors = await fetch(`${demo.server.url}/v1/settings`, { method: 'PATCH', headers: admin, body: JSON.stringify({ corsOrigins: [contoso.url, fabrikam.url, legacy.url, odoo.url] }) });
  if (!cors.ok) throw new Error(`settings: HTTP ${cors.status} ${await cors.text()}`);

  // The add-on as the vendor ships it: the newest DocGen release for 9.2 is what the orgs run; one newer is published.
  const docgen = demo.summary.releases.filter((r) => r.addon === 'docgen' && r.lines.includes('9.2') && !r.customFor);
  const installed = docgen.map((r) => r.version).sort(compareAddonVersions).pop()!;
  const [major, minor] = installed.split('.').map(Number);
  const next = `${major}.${minor + 1}.0.0`;
  const vendor = {
    serverUrl: demo.server.url,
    addonId: 'docgen',
    solutionUniqueName: SOLUTION,
    rootCertPem: readFileSync(demo.rootCert, 'utf8'),
    publisher: { uniqueName: 'NorthwindAddons', friendlyName: 'Northwind Add-ons', prefix: 'nwa', optionValuePrefix: 72310 },
  };
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'assurance-demo-solutions-'));
  process.stdout.write(`Building the add-on's Dataverse solution ${installed} and ${next} (the first build compiles the PCF control, about a minute) …\n`);
  // One build per line (docs/dataverse-lines.md): Contoso and Fabrikam run 9.2, the legacy customer 9.1.
  const current = { '9.2': await buildSolution({ version: installed, line: '9.2', managed: true, vendor, outDir }), '9.1': await buildSolution({ version: installed, line: '9.1', managed: true, vendor, outDir }) };
  const newer = { '9.2': await buildSolution({ version: next, line: '9.2', managed: true, vendor, outDir }), '9.1': await buildSolution({ version: next, line: '9.1', managed: true, vendor, outDir }) };

  const builds = [
    { line: '9.2' as const, metadata: { kind: 'feature', notes: 'Template gallery, and PDF rendering twice as fast.' } },
    // 9.1's legacy window has closed (SPEC §4): its build is a custom build for the customer still on 9.1.
    { line: '9.1' as const, metadata: { kind: 'patch', notes: `The 9.1 build of ${next}, made for ${legacyCustomer?.name ?? 'the 9.1 customer'}.`, customFor: legacyCustomer ? [legacyCustomer.id] : [] } },
  ];
  for (const { line, metadata } of builds) {
    const form = new FormData();
    form.append('metadata', JSON.stringify({ version: next, platform: 'dynamics365', lines: [line], ...metadata }));
    form.append('artifact', new Blob([new Uint8Array(readFileSync(newer[line].zipPath))]), path.basename(newer[line].zipPath));
    const published = await fetch(`${demo.server.url}/v1/addons/docgen/releases`, { method: 'POST', headers: { authorization: `Bearer ${demo.adminApiKey}` }, body: form });
    const body = await published.text();
    // A rerun on the same data finds the release published already; anything else is a real refusal.
    if (published.status !== 201 && !(published.status === 409 && body.includes('release_exists'))) throw new Error(`publishing ${next} for ${line}: HTTP ${published.status} ${body}`);
  }

  await contoso.install(readFileSync(current['9.2'].zipPath));
  await fabrikam.install(readFileSync(current['9.2'].zipPath));
  await legacy.install(readFileSync(current['9.1'].zipPath));
  // Vasa's Odoo 17.0 database runs DocGen 1.2.0 for Odoo, imported as Odoo's "Import Module" would (issue #10).
  const vasa = demo.summary.customers.find((c) => c.platform === 'odoo');
  const odooInstalled = '1.2.0';
  const buildOdoo = odooModuleBuilder({ url: demo.server.url, rootCertPem: readFileSync(demo.rootCert, 'utf8') });
  await odoo.db(ODOO_DB).importModule(
    await buildOdoo({ addon: 'docgen', moduleName: ODOO_MODULE_NAME, version: odooInstalled, line: '17.0', manifestVersion: `17.0.${odooInstalled}`, notes: '' }),
  );
  const odooPage = `${odoo.url}/web/login?redirect=${encodeURIComponent(`/web#action=${ODOO_MODULE_NAME}.config`)}`;

  // So Contoso's admin sees the Install button first: auto-update off, in the add-on's state table.
  contoso.writeRow('nwa_docgenstate', await settingRowId('nwa_docgenstate', 'autoUpdate'), { nwa_name: 'autoUpdate', nwa_value: 'no' });

  const key = (state: string) => demo.summary.customers.find((c) => c.state === state)?.licenceKey ?? '?';
  const id = (state: string) => demo.summary.customers.find((c) => c.state === state)?.id ?? '?';
  const fabrikamId = id('unpaid renewal');
  const invoices = (await (await fetch(`${demo.server.url}/v1/customers/${fabrikamId}/invoices`, { headers: { authorization: `Bearer ${demo.adminApiKey}` } })).json()) as {
    invoices: Array<{ id: string; kind: string; status: string; total: { amount: number }; periodStart: string }>;
  };
  const renewal = invoices.invoices.find((i) => i.kind === 'renewal' && i.status === 'open');
  const envFile = await writeDemoEnv(process.cwd(), demo);
  // The commands below read the server and key from the environment: `. ./demo.env` first.
  const env = 'npx';
  const page = '/WebResources/nwa_/docgen/config.html';
  process.stdout.write(
    [
      '',
      `crm-assurance demo: update server ${demo.server.url} (admin key ${demo.adminApiKey}, data ${demo.dataDir})`,
      '',
      `Contoso Pharma (assurance paid), DocGen ${installed} installed, ${next} available:`,
      `  open   ${contoso.url}${page}`,
      `  type   ${key('paid')}`,
      '',
      `Fabrikam Logistics (this year's renewal invoice overdue: Lapsed), DocGen ${installed} installed:`,
      `  open   ${fabrikam.url}${page}`,
      `  type   ${key('unpaid renewal')}`,
      `  then record the payment of the open renewal (in another terminal here, after \`. ./${path.relative(process.cwd(), envFile)}\`) and reopen the page: the update installs itself`,
      renewal
        ? `  ${env} assurance payment --invoice ${renewal.id} --amount ${renewal.total.amount} --reference DEMO-RENEWAL`
        : `  ${env} assurance invoices --customer ${fabrikamId}`,
      '',
      `${legacyCustomer?.name ?? 'The legacy customer'} (Dynamics 365 9.1 on-premises, a legacy line), the 9.1 build of DocGen ${installed} installed, its custom 9.1 build of ${next} available:`,
      `  open   ${legacy.url}${page}`,
      `  type   ${legacyCustomer?.licenceKey ?? '?'}`,
      '',
      `${vasa?.name ?? 'The Odoo customer'} (Odoo 17.0, a maintenance agreement in SEK), DocGen ${odooInstalled} for Odoo installed; the 17.0 patches are offered, the 18.0-only release is withheld:`,
      `  open   ${odooPage}`,
      `  sign in ${ODOO_ADMIN.login} / ${ODOO_ADMIN.password} (the emulated Odoo's administrator)`,
      `  type   ${vasa?.licenceKey ?? '?'}`,
      '',
      `The vendor console (finance, releases, support): open ${demo.server.url}/console and sign in with a key:`,
      `  admin    ${demo.adminApiKey}`,
      ...Object.entries(demo.summary.partnerApiKeys ?? {}).map(([partner, key]) => `  partner  ${key}  (${partner}: sees its own customers only)`),
      '',
      `Plans and support, as the vendor sees them (in another terminal here: \`. ./${path.relative(process.cwd(), envFile)}\` first; every page also has a "Report a problem" form):`,
      `  ${env} assurance contract --customer ${id('Auto SSA (quarterly)')}      # Auto SSA, billed quarterly, prepaid credit`,
      `  ${env} assurance contract --customer ${id('maintenance agreement')}      # maintenance agreement in SEK`,
      `  ${env} assurance support list`,
      `  ${env} assurance support statement --month ${new Date().toISOString().slice(0, 7)}`,
      '',
      `The README's vendor commands (Plans, Support): in another terminal here, \`. ./${path.relative(process.cwd(), envFile)}\`, then run them as written.`,
      `Every demo customer and key: ${path.join(demo.dataDir, 'demo.json')}. Ctrl+C stops the demo.`,
      '',
    ].join('\n'),
  );

  const stop = () => {
    void Promise.all([contoso.close(), fabrikam.close(), legacy.close(), odoo.close(), demo.server.close()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
