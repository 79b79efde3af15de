/**
 * `npm run odoo-module -- --version 17.0.1.4.0 --vendor vendor.json [--out dist/odoo/<module>-<version>.zip]`
 * Builds the Odoo module zip of one release for one Odoo line (module-build.ts) and prints its path, size and
 * sha256. A `rootCertPem` in vendor.json that is not PEM text names a PEM file relative to vendor.json's folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SolutionInputError } from '../version';
import { buildOdooModule, parseModuleVersion } from './module-build';
import { validateOdooVendor } from './odoo-vendor';

const USAGE = 'usage: npm run odoo-module -- --version <series.x.y.z, e.g. 17.0.1.4.0> --vendor <vendor.json> [--out <file.zip>]';

/** npm run changes into the package; INIT_CWD is where the user typed the command. */
const baseDir = (): string => process.env.INIT_CWD ?? process.cwd();

export async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { version: { type: 'string' }, vendor: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (typeof values.version !== 'string') throw new SolutionInputError('--version', '--version is required (the Odoo series and the module version, such as 17.0.1.4.0)');
    const version = parseModuleVersion(values.version, '--version');
    if (typeof values.vendor !== 'string') throw new SolutionInputError('--vendor', '--vendor is required (a JSON file with serverUrl, addonId and rootCertPem, and optionally an "odoo" section)');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.resolve(baseDir(), values.vendor), 'utf8'));
    } catch (error) {
      throw new SolutionInputError('--vendor', `--vendor: cannot read ${values.vendor}: ${(error as Error).message}`);
    }
    const vendor = validateOdooVendor(raw, path.dirname(path.resolve(baseDir(), values.vendor)));
    const zipPath = typeof values.out === 'string' ? path.resolve(baseDir(), values.out) : path.resolve(baseDir(), 'dist/odoo', `${vendor.moduleName}-${version.full}.zip`);
    if (!zipPath.endsWith('.zip')) throw new SolutionInputError('--out', `--out must name a .zip file (got ${JSON.stringify(values.out)})`);
    const result = await buildOdooModule({ vendor, version, zipPath });
    console.log(`${result.zipPath}  ${result.size} bytes  sha256 ${result.sha256}  (module ${result.moduleName} ${result.version})`);
    return 0;
  } catch (error) {
    if (error instanceof SolutionInputError) {
      const message = error.field.startsWith('vendor.') ? `--vendor: ${error.message}` : error.message;
      console.error(`error: ${message}\n${USAGE}`);
      return 2;
    }
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
