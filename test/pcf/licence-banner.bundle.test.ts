/**
 * The production bundle that goes into the solution zip, run in headless Chromium inside a fake Dynamics 365 page:
 * Xrm's global context, a PCF context whose webAPI answers the state table query for the `licence` row, and the
 * org's vendor.json web resource under the name the context's `settingsWebResource` property gives. It proves that license-core's node-forge verification works in the
 * browser as bundled by pcf-scripts, and that the banner appears exactly when the licence is not valid for the org.
 * Every request is answered by the test (page.route); nothing leaves the machine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createSigner, generateVendorKeys } from '@crm-assurance/license-core/node';
import { launchChromium } from '../support/browser';
import { ADDON, vendorSettings } from './support/vendor-settings';
import { ensureControlBuild } from '../../solution/src/control-build';

const ORG_URL = 'https://contoso.crm4.dynamics.com';
const ORG = '3f2b9c41-7d5e-4a8b-9c0d-1e2f3a4b5c6d';
const SETTINGS = 'nwa_/northwind-docgen/vendor.json';

const vendor = generateVendorKeys({ vendorId: 'northwind', vendorName: 'Northwind Traders' });
const signer = createSigner({ signingKeyPem: vendor.signing.keyPem, signingCertPem: vendor.signing.certPem, issuer: 'northwind' });
const licenceFor = (orgId: string): string =>
  signer.signLicence({
    aud: orgId,
    sub: 'LK-7',
    customer: { id: 'c7', name: 'Contoso' },
    org: { id: orgId, url: ORG_URL },
    addons: [{ addon: ADDON, quantity: 3 }],
  });

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Account form (fake)</title>
<link rel="stylesheet" href="/controls/css/LicenceBanner.css"></head>
<body style="font-family: sans-serif; margin: 24px; width: 640px">
<label>Licence banner field</label><div id="field"></div>
<script>
  window.__controls = {};
  window.ComponentFramework = { registerControl: function (name, ctor) { window.__controls[name] = ctor; } };
</script>
<script src="/controls/bundle.js"></script>
</body></html>`;

let browser: Browser;
let controlDir: string;
const offHost: string[] = [];

beforeAll(async () => {
  controlDir = await ensureControlBuild('production');
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

async function openForm(licence: string | null): Promise<Page> {
  const page = await browser.newPage();
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORG_URL) {
      offHost.push(url.href);
      return route.abort('blockedbyclient');
    }
    if (url.pathname === '/main.aspx') return route.fulfill({ contentType: 'text/html', body: PAGE });
    if (url.pathname.startsWith('/controls/')) {
      const file = path.join(controlDir, url.pathname.slice('/controls/'.length));
      return route.fulfill({ contentType: file.endsWith('.css') ? 'text/css' : 'application/javascript', body: readFileSync(file) });
    }
    if (url.pathname === `/WebResources/${SETTINGS}`) {
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify(vendorSettings(vendor.root.certPem)),
      });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await page.goto(`${ORG_URL}/main.aspx`);
  await page.evaluate(
    ({ orgId, clientUrl, token, settings }) => {
      const w = window as unknown as Record<string, unknown>;
      w.Xrm = { Utility: { getGlobalContext: () => ({ organizationSettings: { organizationId: `{${orgId.toUpperCase()}}` }, getClientUrl: () => clientUrl }) } };
      const context = {
        parameters: { value: { raw: 'ACME-42', attributes: { DisplayName: 'Account number' } }, settingsWebResource: { raw: settings } },
        mode: { isControlDisabled: false },
        webAPI: {
          retrieveMultipleRecords: (entity: string, query: string) => {
            const queries = (w.__queries as string[] | undefined) ?? (w.__queries = []);
            queries.push(`${entity}${query}`);
            // The state table: one row per setting; only the "licence" row matters here.
            const isLicenceRow = entity === 'nwa_northwinddocgenstate' && query === "?$select=nwa_value&$filter=nwa_name eq 'licence'";
            return Promise.resolve({ entities: isLicenceRow && token ? [{ nwa_value: token }] : [] });
          },
        },
      };
      const Ctor = (w.__controls as Record<string, new () => { init: (...args: unknown[]) => void; updateView: (...args: unknown[]) => void }>)['CrmAssurance.LicenceBanner'];
      const control = new Ctor();
      control.init(context, () => undefined, {}, document.getElementById('field'));
      control.updateView(context);
    },
    { orgId: ORG, clientUrl: ORG_URL, token: licence, settings: SETTINGS },
  );
  await page.locator('.cra-licence-banner-root:not([data-licence="checking"])').waitFor({ timeout: 20_000 });
  return page;
}

describe('LicenceBanner production bundle in a Dynamics-like page', () => {
  it('verifies a licence for this org offline and shows no banner', async () => {
    const page = await openForm(licenceFor(ORG));
    await expect(page.locator('.cra-licence-banner-root').getAttribute('data-licence')).resolves.toBe('licensed');
    await expect(page.locator('[data-testid="cra-licence-banner"]').isVisible()).resolves.toBe(false);
    await expect(page.locator('input.cra-licence-banner-input').inputValue()).resolves.toBe('ACME-42');
    const queries = (await page.evaluate(() => (window as unknown as { __queries: string[] }).__queries)) ?? [];
    expect(queries).toEqual(["nwa_northwinddocgenstate?$select=nwa_value&$filter=nwa_name eq 'licence'"]);
    await page.close();
  }, 60_000);

  it.each([
    ['a licence for another org', () => licenceFor('11111111-2222-3333-4444-555555555555'), 'licence_invalid'],
    ['no licence at all', () => null, 'no_licence'],
  ])('shows the banner for %s, naming the add-on, and keeps the field usable', async (_label, token, reason) => {
    const page = await openForm(token());
    const banner = page.locator('[data-testid="cra-licence-banner"]');
    await expect(banner.isVisible()).resolves.toBe(true);
    await expect(banner.textContent()).resolves.toBe(
      "This organisation has no valid licence for Northwind DocGen. Open the add-on's configuration page to activate it.",
    );
    await expect(banner.getAttribute('data-reason')).resolves.toBe(reason);
    await page.locator('input.cra-licence-banner-input').fill('ACME-43');
    await expect(page.locator('input.cra-licence-banner-input').inputValue()).resolves.toBe('ACME-43');
    await page.close();
  }, 60_000);

  it('made no request outside the fake org', () => {
    expect(offHost).toEqual([]);
  });
});
