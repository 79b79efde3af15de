/**
 * `npm run solution -- --line 9.0 --version 1.4.0.0 --vendor vendor.json [--out dir] [--web-resources dir] [--control dir]`
 * Builds the unmanaged and the managed zip of one release for one Dynamics 365 line and prints their paths, sizes
 * and sha256. A `rootCertPem` in vendor.json that is not PEM text names a PEM file relative to vendor.json's folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSolution, SolutionInputError } from './build-solution';
import { parseLine } from './platform-lines';
import { validateVendor } from './vendor-json';
import { parseSolutionVersion } from './version';

const USAGE = 'usage: npm run solution -- --line <8.2|9.0|9.1|9.2> --version <a.b.c.d> --vendor <vendor.json> [--out <dir>] [--web-resources <dir>] [--control <dir>]';

/** API field names → the CLI flags that feed them, so an error names what the user typed. */
const FLAG_FOR_FIELD: Record<string, string> = { line: '--line', version: '--version', webResourcesDir: '--web-resources', controlDir: '--control' };

function cliMessage(error: SolutionInputError): string {
  const flag = FLAG_FOR_FIELD[error.field];
  if (flag && error.message.startsWith(error.field)) return flag + error.message.slice(error.field.length);
  if (error.field.startsWith('vendor.')) return `--vendor: ${error.message}`;
  return error.message;
}

/** npm run -w changes into the workspace; INIT_CWD is where the user typed the command. */
const baseDir = (): string => process.env.INIT_CWD ?? process.cwd();

export async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        version: { type: 'string' },
        line: { type: 'string' },
        vendor: { type: 'string' },
        out: { type: 'string' },
        'web-resources': { type: 'string' },
        control: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const version = values.version;
    if (typeof version !== 'string') throw new SolutionInputError('--version', '--version is required (a 4-part solution version such as 1.4.0.0)');
    parseSolutionVersion(version, '--version');
    const line = parseLine(values.line, '--line');
    if (typeof values.vendor !== 'string') throw new SolutionInputError('--vendor', '--vendor is required (a JSON file with serverUrl, addonId, rootCertPem and publisher)');
    let vendor: unknown;
    try {
      vendor = JSON.parse(readFileSync(path.resolve(baseDir(), values.vendor), 'utf8'));
    } catch (error) {
      throw new SolutionInputError('--vendor', `--vendor: cannot read ${values.vendor}: ${(error as Error).message}`);
    }
    vendor = validateVendor(vendor, path.dirname(path.resolve(baseDir(), values.vendor))); // a rootCertPem path is relative to vendor.json
    const outDir = path.resolve(baseDir(), typeof values.out === 'string' ? values.out : 'dist/solution');
    const common = {
      version,
      line,
      vendor: vendor as Parameters<typeof buildSolution>[0]['vendor'],
      outDir,
      webResourcesDir: typeof values['web-resources'] === 'string' ? path.resolve(baseDir(), values['web-resources']) : undefined,
      controlDir: typeof values.control === 'string' ? path.resolve(baseDir(), values.control) : undefined,
    };
    const unmanaged = await buildSolution({ ...common, managed: false });
    const managed = await buildSolution({ ...common, managed: true });
    for (const result of [unmanaged, managed]) console.log(`${result.zipPath}  ${result.size} bytes  sha256 ${result.sha256}`);
    return 0;
  } catch (error) {
    if (error instanceof SolutionInputError) {
      console.error(`error: ${cliMessage(error)}\n${USAGE}`);
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
