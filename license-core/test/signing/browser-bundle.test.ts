/**
 * design.md: license-core's main entry runs unchanged in the browser. Bundles it with esbuild for the browser
 * (no Node built-ins allowed), then proves, in headless Chromium, that the bundle verifies a token the Node
 * side signed and refuses a tampered one with its code.
 */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test/support/browser';
import { BROWSER_GLOBAL_NAME, bundleLicenseCoreForBrowser, nodeBuiltinGuard, type BrowserBundle } from '../../scripts/bundle-browser';
import { createSigner, generateVendorKeys, type Signer, type VendorKeySet } from '../../src/node';
import { licenceClaims, manifestClaims, NOW, ORG_ID, partsOf, reassemble, VENDOR_ID } from './support';

let bundle: BrowserBundle;
let keys: VendorKeySet;
let signer: Signer;

beforeAll(async () => {
  bundle = await bundleLicenseCoreForBrowser();
  keys = generateVendorKeys({ vendorId: VENDOR_ID, vendorName: 'Contoso Add-ons', now: NOW });
  signer = createSigner({ signingKeyPem: keys.signing.keyPem, signingCertPem: keys.signing.certPem, issuer: VENDOR_ID });
});

describe('esbuild --platform=browser', () => {
  test('the bundle builds with no Node built-ins: only node-forge\'s guarded require("crypto") is seen', () => {
    expect(bundle.code.length).toBeGreaterThan(0);
    for (const seen of bundle.builtinImports) {
      expect(seen.path).toBe('crypto');
      expect(seen.importer).toMatch(/node_modules\/node-forge\/lib\/(prng|pbkdf2|rsa)\.js$/);
    }
  });

  test('the guard fails a build that imports any other Node built-in', async () => {
    for (const source of ["import 'node:fs';", "import { Buffer } from 'buffer'; console.log(Buffer);", "require('crypto');"]) {
      await expect(
        build({ stdin: { contents: source, resolveDir: __dirname }, bundle: true, write: false, platform: 'browser', logLevel: 'silent', plugins: [nodeBuiltinGuard([])] }),
      ).rejects.toThrow(/Node built-in .* not allowed in the browser entry/);
    }
  });

  test('its inputs are license-core sources and node-forge only: no node: modules, no polyfills, no jsonwebtoken', () => {
    for (const input of bundle.inputs) {
      expect(input).toMatch(/^(license-core\/src\/|node_modules\/node-forge\/|guarded-node-builtin:crypto$)/);
      expect(input).not.toMatch(/^node:|jsonwebtoken|buffer|crypto-browserify|license-core\/src\/node\//);
    }
    expect(bundle.inputs).toContain('license-core/src/signing/verify-licence.ts');
  });
});

describe('the browser bundle in headless Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><title>license-core</title></head><body></body></html>');
    await page.addScriptTag({ content: bundle.code });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  interface Outcome {
    ok: boolean;
    claims?: Record<string, unknown>;
    code?: string;
    name?: string;
    isVerificationError?: boolean;
  }

  /** Calls one verify function inside the page, with the bundle's own classes, and reports the outcome. */
  function verifyInPage(fn: string, token: string, extra: Record<string, unknown> = {}): Promise<Outcome> {
    return page.evaluate(
      ({ globalName, fn, token, rootCertPem, orgId, nowMs, extra }) => {
        const lc = (globalThis as unknown as Record<string, Record<string, any>>)[globalName]!;
        try {
          const claims = lc[fn](token, { rootCertPem, orgId, now: new Date(nowMs), ...extra });
          return { ok: true, claims };
        } catch (e) {
          const err = e as { code?: string; name?: string };
          return { ok: false, code: err.code, name: err.name, isVerificationError: e instanceof lc.VerificationError };
        }
      },
      { globalName: BROWSER_GLOBAL_NAME, fn, token, rootCertPem: keys.root.certPem, orgId: ORG_ID, nowMs: NOW.getTime(), extra },
    );
  }

  test('the page is a browser, not Node', async () => {
    const env = await page.evaluate(() => ({
      process: typeof (globalThis as Record<string, unknown>).process,
      require: typeof (globalThis as Record<string, unknown>).require,
      exports: Object.keys((globalThis as unknown as Record<string, object>).LicenseCore ?? {}).filter((k) => k.startsWith('verify')),
    }));
    expect(env).toEqual({
      process: 'undefined',
      require: 'undefined',
      exports: expect.arrayContaining(['verifyEntitlement', 'verifyLicence', 'verifyManifest']),
    });
  });

  test('verifies a licence the server side signed', async () => {
    const token = signer.signLicence(licenceClaims, { now: NOW });
    const outcome = await verifyInPage('verifyLicence', token);
    expect(outcome).toEqual({ ok: true, claims: { ...licenceClaims, iss: VENDOR_ID, iat: Math.floor(NOW.getTime() / 1000), doc: 'licence' } });
  });

  test('refuses a tampered licence with ERR_SIGNATURE_INVALID, as a VerificationError', async () => {
    const { header, payload, signature } = partsOf(signer.signLicence(licenceClaims, { now: NOW }));
    const tampered = reassemble(header, { ...payload, addons: [{ addon: 'sales-booster', quantity: 999 }] }, signature);
    expect(await verifyInPage('verifyLicence', tampered)).toEqual({
      ok: false,
      code: 'ERR_SIGNATURE_INVALID',
      name: 'VerificationError',
      isVerificationError: true,
    });
  });

  test('refuses a manifest rollback with its code', async () => {
    const token = signer.signManifest(manifestClaims, { ttlSeconds: 86400, now: NOW });
    expect((await verifyInPage('verifyManifest', token, { minSerial: 7 })).ok).toBe(true);
    expect(await verifyInPage('verifyManifest', token, { minSerial: 8 })).toMatchObject({ ok: false, code: 'ERR_MANIFEST_ROLLBACK' });
  });
});
