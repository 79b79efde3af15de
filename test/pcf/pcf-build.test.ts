/**
 * pcf-scripts accepts the LicenceBanner control: its own manifest schema check (in process, and as the first step
 * of a real `pcf-scripts build`), ESLint with the project's flat config, the webpack bundle (license-core compiled
 * in), and the processed manifest it writes. One real build per test run (development mode: the fastest one that
 * still runs every step); it also refreshes the cached build the harness test serves.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildControlNow, PcfBuildOutput } from '../../solution/src/control-build';

const PCF_SCRIPTS = path.resolve(__dirname, '..', '..', 'node_modules', 'pcf-scripts');
const CONTROL_DIR = path.resolve(__dirname, '..', '..', 'addon', 'LicenceBanner');

interface Diagnostics {
  hasErrors(): boolean;
  _diagnostics: { diag: { category: string; message: string }; args?: string[] }[];
}

/** pcf-scripts' own manifest schema validation (ManifestSchema.json + its uniqueness checks), run in process. */
function validateManifest(controlDir: string): string[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { DiagnosticManager } = require(path.join(PCF_SCRIPTS, 'diagnostic')) as { DiagnosticManager: new () => Diagnostics };
  const { ControlContext } = require(path.join(PCF_SCRIPTS, 'controlContext')) as {
    ControlContext: new (diag: Diagnostics, controlPath: string) => { getParsedManifest(): unknown };
  };
  const { ManifestSchemaValidator } = require(path.join(PCF_SCRIPTS, 'manifestSchemaValidator')) as {
    ManifestSchemaValidator: new (parsed: unknown, diag: Diagnostics) => { validateManifest(): void };
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const diag = new DiagnosticManager();
  const control = new ControlContext(diag, controlDir);
  new ManifestSchemaValidator(control.getParsedManifest(), diag).validateManifest();
  return diag._diagnostics.filter((d) => d.diag.category === 'Error').map((d) => `${d.diag.message} ${(d.args ?? []).join(' ')}`);
}

describe('ControlManifest.Input.xml against pcf-scripts’ manifest schema', () => {
  it('passes', () => {
    expect(validateManifest(CONTROL_DIR)).toEqual([]);
  });

  it('would fail for a manifest the schema rejects (the check is real)', () => {
    const broken = mkdtempSync(path.join(os.tmpdir(), 'cra-broken-manifest-'));
    try {
      cpSync(CONTROL_DIR, broken, { recursive: true });
      const manifest = readFileSync(path.join(broken, 'ControlManifest.Input.xml'), 'utf8');
      writeFileSync(path.join(broken, 'ControlManifest.Input.xml'), manifest.replace('usage="bound"', 'usage="sometimes"'));
      expect(validateManifest(broken).join('\n')).toMatch(/usage/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('pcf-scripts build', () => {
  let build: PcfBuildOutput;

  beforeAll(async () => {
    build = await buildControlNow('development');
  }, 300_000);

  it('runs every step and succeeds (manifest validation, ESLint, bundling, outputs)', () => {
    // pcf-scripts exits 0 even on failure; buildControlNow rejects unless it printed "Succeeded".
    for (const step of ['Validating manifest', 'Running ESLint', 'Compiling and bundling control', 'Generating build outputs', 'Succeeded']) {
      expect(build.log).toContain(step);
    }
    expect(build.log).not.toMatch(/\[build\] Failed/);
  });

  it('writes the processed manifest, the bundle registering CrmAssurance.LicenceBanner, and the css', () => {
    const manifest = readFileSync(path.join(build.outDir, 'ControlManifest.xml'), 'utf8');
    expect(manifest).toMatch(/<control namespace="CrmAssurance" constructor="LicenceBanner" version="[0-9]+\.[0-9]+\.[0-9]+"/);
    expect(manifest).toContain('<code path="bundle.js" order="1"/>');
    expect(manifest).toContain('<uses-feature name="WebAPI" required="true"/>');
    // The input property through which the solution build tells the control where vendor.json is.
    expect(manifest).toMatch(/<property name="settingsWebResource"[^>]*usage="input"[^>]*default-value="[^"]+"/);
    const bundle = readFileSync(path.join(build.outDir, 'bundle.js'), 'utf8');
    expect(bundle).toContain("registerControl('CrmAssurance.LicenceBanner'");
    expect(bundle).toContain('verifyLicence'); // license-core compiled into the control (development bundles keep names)
    expect(existsSync(path.join(build.outDir, 'css', 'LicenceBanner.css'))).toBe(true);
  });

  it('keeps the generated manifest typings in step with the manifest', () => {
    const types = readFileSync(path.join(CONTROL_DIR, 'generated', 'ManifestTypes.d.ts'), 'utf8');
    expect(types).toContain('value: ComponentFramework.PropertyTypes.StringProperty;');
    expect(types).toContain('settingsWebResource: ComponentFramework.PropertyTypes.StringProperty;');
  });
});
