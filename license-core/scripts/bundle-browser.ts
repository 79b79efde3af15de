/**
 * Bundles license-core's main entry for the browser with esbuild (design.md: "no Node built-ins in its main
 * entry"), and reports every attempt to import a Node built-in on the way.
 *
 * The one tolerated attempt: node-forge's `require('crypto')` in lib/prng.js, lib/pbkdf2.js and lib/rsa.js.
 * Each sits behind `forge.util.isNodejs` (true only where `process.versions.node` exists), so in a browser it
 * never runs and forge uses its pure-JavaScript code. esbuild still has to resolve it at build time, so it is
 * bound to an empty module here (decisions-signing.md S9). Any other built-in fails the build.
 *
 * Usage: `npx tsx license-core/scripts/bundle-browser.ts [out.js]` (global name `LicenseCore`).
 */
import { builtinModules } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

export const BROWSER_GLOBAL_NAME = 'LicenseCore';

export interface BuiltinImport {
  /** The module name as written, e.g. `crypto`. */
  path: string;
  /** The importing file, relative to the repository root. */
  importer: string;
}

export interface BrowserBundle {
  /** An IIFE script defining `globalThis.LicenseCore`. */
  code: string;
  /** Every file esbuild read, relative to the repository root (virtual modules start with their namespace). */
  inputs: string[];
  /** Every import of a Node built-in seen (all guarded ones; an unguarded one fails the build instead). */
  builtinImports: BuiltinImport[];
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.resolve(__dirname, '..', 'src', 'index.ts');
const EMPTY_NAMESPACE = 'guarded-node-builtin';
const GUARDED_FORGE_FILES = ['lib/prng.js', 'lib/pbkdf2.js', 'lib/rsa.js'];

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const BUILTIN_FILTER = new RegExp(`^(${[...builtins].map(escapeRegExp).join('|')})(/.*)?$`);

function isGuardedForgeImport(name: string, importer: string): boolean {
  const rel = path.relative(REPO_ROOT, importer).split(path.sep).join('/');
  return name === 'crypto' && GUARDED_FORGE_FILES.some((file) => rel.endsWith(`node_modules/node-forge/${file}`));
}

/** The esbuild plugin: records every Node built-in import, empties the guarded forge ones, fails on the rest. */
export function nodeBuiltinGuard(seen: BuiltinImport[]): Plugin {
  return {
    name: 'node-builtin-guard',
    setup(b) {
      b.onResolve({ filter: BUILTIN_FILTER }, (args) => {
        const importer = path.relative(REPO_ROOT, args.importer).split(path.sep).join('/');
        seen.push({ path: args.path, importer });
        if (isGuardedForgeImport(args.path, args.importer)) return { path: args.path, namespace: EMPTY_NAMESPACE };
        return { errors: [{ text: `Node built-in "${args.path}" imported by ${importer}: not allowed in the browser entry.` }] };
      });
      b.onLoad({ filter: /.*/, namespace: EMPTY_NAMESPACE }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}

export async function bundleLicenseCoreForBrowser(): Promise<BrowserBundle> {
  const builtinImports: BuiltinImport[] = [];
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    globalName: BROWSER_GLOBAL_NAME,
    target: 'es2020',
    external: [],
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
    plugins: [nodeBuiltinGuard(builtinImports)],
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no output');
  return { code, inputs: Object.keys(result.metafile.inputs), builtinImports };
}

if (require.main === module) {
  const out = process.argv[2] ?? path.join(REPO_ROOT, 'license-core', 'dist', 'license-core.browser.js');
  bundleLicenseCoreForBrowser().then(
    (bundle) => {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, bundle.code);
      process.stdout.write(`${out}: ${bundle.code.length} bytes, ${bundle.inputs.length} inputs\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
