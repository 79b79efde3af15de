/**
 * More of the demo's fleet (issue #15 item 3, decision C27): the demo customers' add-ons activate an org, check for
 * updates and report an install, the way the add-on does it, through the add-on routes only (`/v1/activate`,
 * `/v1/updates/check`, `/v1/installs`). It gives the console's Fleet area a fleet to chart: DocGen on 9.1 and 9.2 in
 * several versions, a renewal unpaid (Fabrikam: 3.0 withheld as not_paid), a lapsed customer, two partners' orgs.
 * The install reports are recorded as of now (the API stamps them): a demo started today shows today's installs.
 *
 * `seedDemo` does not call it (tests that count the demo's orgs would change); the console's tests and `npm run demo`
 * do. The demo passes `orgIds` so that Contoso's and Fabrikam's production orgs are the emulated orgs whose
 * configuration pages it serves (a licence binds one production org: another id would be refused there).
 */
import { createApiClient } from '../cli/api-client';
import type { DemoSummary } from './demo-vendor';

/** Which demo customer (by its state in the summary) runs which DocGen version on which CRM version. */
export const DEMO_FLEET: ReadonlyArray<{ state: string; orgId: string; platformVersion: string; installed: string; install?: { from: string; outcome: 'succeeded' | 'failed' | 'rolled_back'; error?: string }; environment?: 'sandbox' }> = [
  { state: 'paid', orgId: 'demo-contoso-prod', platformVersion: '9.2.24012.196', installed: '3.0.1.0', install: { from: '3.0.0.0', outcome: 'succeeded' } },
  { state: 'paid', orgId: 'demo-contoso-test', platformVersion: '9.2.24012.196', installed: '3.0.1.0', install: { from: '3.0.0.0', outcome: 'succeeded' }, environment: 'sandbox' },
  { state: 'unpaid renewal', orgId: 'demo-fabrikam-prod', platformVersion: '9.2.24012.196', installed: '2.2.1.0', install: { from: '2.2.0.0', outcome: 'succeeded' } },
  { state: 'new order, unpaid', orgId: 'demo-adatum-prod', platformVersion: '9.2.24012.196', installed: '3.0.0.0', install: { from: '2.2.1.0', outcome: 'failed', error: 'The solution import timed out.' } },
  { state: 'lapsed', orgId: 'demo-litware-prod', platformVersion: '9.2.24012.196', installed: '2.1.0.0' },
  { state: 'Auto SSA (quarterly)', orgId: 'demo-tailspin-prod', platformVersion: '9.2.24012.196', installed: '3.0.1.0', install: { from: '2.2.1.0', outcome: 'succeeded' } },
  { state: 'Auto SSA (quarterly)', orgId: 'demo-tailspin-test', platformVersion: '9.1.0.28216', installed: '2.0.1.0', install: { from: '2.0.0.0', outcome: 'rolled_back', error: 'A dependency was missing; rolled back.' }, environment: 'sandbox' },
  { state: 'paid (partner)', orgId: 'demo-relecloud-prod', platformVersion: '9.2.24012.196', installed: '3.0.0.0', install: { from: '2.2.1.0', outcome: 'succeeded' } },
  { state: 'paid (second partner)', orgId: 'demo-woodgrove-prod', platformVersion: '9.2.24012.196', installed: '2.2.1.0' },
];

/** Activates each org of DEMO_FLEET, checks DocGen for updates and reports the install; throws on a refusal. */
export async function seedDemoFleet(baseUrl: string, summary: DemoSummary, options: { orgIds?: Record<string, string> } = {}): Promise<void> {
  const addon = createApiClient(baseUrl, undefined);
  for (const entry of DEMO_FLEET) {
    const o = { ...entry, orgId: options.orgIds?.[entry.orgId] ?? entry.orgId };
    const customer = summary.customers.find((c) => c.state === o.state);
    if (!customer) throw new Error(`demo fleet: no demo customer in state ${o.state}`);
    const host = o.orgId.replace(/^demo-/, '');
    await addon.request('POST', '/v1/activate', {
      licenceKey: customer.licenceKey,
      orgId: o.orgId,
      orgUrl: `https://${host}.crm4.dynamics.com`,
      platform: 'dynamics365',
      platformVersion: o.platformVersion,
      ...(o.environment ? { environment: o.environment } : {}),
    });
    if (o.install) {
      await addon.request('POST', '/v1/installs', {
        licenceKey: customer.licenceKey,
        orgId: o.orgId,
        addon: 'docgen',
        fromVersion: o.install.from,
        toVersion: o.installed,
        outcome: o.install.outcome,
        ...(o.install.error ? { error: o.install.error } : {}),
      });
    }
    // After a failed or rolled-back install the org still runs the version it came from.
    const installed = o.install && o.install.outcome !== 'succeeded' ? o.install.from : o.installed;
    await addon.request('POST', '/v1/updates/check', { licenceKey: customer.licenceKey, orgId: o.orgId, addon: 'docgen', installedVersion: installed, platformVersion: o.platformVersion });
  }
}
