/**
 * The repository's ESLint config catches import cycles (issue #11): run the real `eslint` binary with the root
 * eslint.config.mjs on two fixture pairs, one with a cycle, one without. (The fixtures are excluded from the normal
 * lint run; `--no-ignore` lints them here.) Without the .ts parser settings in the config, import-x sees no cycle.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../..');
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

async function lint(dir: string): Promise<LintResult[]> {
  const files = ['invoice-total.ts', 'discount.ts'].map((f) => path.join(__dirname, 'fixtures', dir, f));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [eslintBin, '--no-ignore', '--format', 'json', ...files], { cwd: root });
    return JSON.parse(stdout) as LintResult[];
  } catch (e) {
    // eslint exits 1 when it reports errors; its JSON report is still on stdout.
    const stdout = (e as { stdout?: string }).stdout;
    if (!stdout) throw e;
    return JSON.parse(stdout) as LintResult[];
  }
}

const ruleIds = (results: LintResult[]): string[] => results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}: ${m.ruleId ?? m.message}`)).sort();

describe('lint: import cycles', () => {
  it('reports import-x/no-cycle on both files of a cycle', async () => {
    expect(ruleIds(await lint('cycle'))).toEqual(['discount.ts: import-x/no-cycle', 'invoice-total.ts: import-x/no-cycle']);
  }, 60_000);

  it('reports nothing for a one-way chain', async () => {
    expect(ruleIds(await lint('chain'))).toEqual([]);
  }, 60_000);
});
