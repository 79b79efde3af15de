/**
 * Builds the configuration page's two web resources: config.html (styles inlined) and config.js (one browser
 * bundle: the page, the update client, license-core and axios). `tsx addon/src/page/build.ts OUT_DIR`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * node-forge requires 'crypto' only when it runs under Node (guarded by its own isNodejs check); in the browser
 * bundle that require gets an empty module. Any other Node built-in fails the build.
 */
export const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
      const builtins = new Set(['crypto', 'fs', 'path', 'os', 'http', 'https', 'stream', 'zlib', 'url', 'util', 'buffer', 'net', 'tls', 'child_process']);
      const name = args.path.replace(/^node:/, '');
      if (!builtins.has(name)) return undefined;
      if (name === 'crypto' && /node-forge/.test(args.importer)) return { path: name, namespace: 'empty' };
      return { errors: [{ text: `${args.importer} imports the Node built-in "${args.path}", which the browser does not have` }] };
    });
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

export async function buildConfigPage(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(__dirname, 'page.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    write: false,
    plugins: [browserOnly],
    // axios ships a browser build; make sure esbuild picks it and not its Node adapter.
    mainFields: ['browser', 'module', 'main'],
    conditions: ['browser'],
    logLevel: 'silent',
  });
  writeFileSync(path.join(outDir, 'config.js'), result.outputFiles[0].contents);
  const styles = readFileSync(path.join(__dirname, 'styles.css'), 'utf8');
  const html = readFileSync(path.join(__dirname, 'config.html'), 'utf8').replace('/*STYLES*/', () => styles);
  writeFileSync(path.join(outDir, 'config.html'), html);
}

if (require.main === module) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: tsx addon/src/page/build.ts OUT_DIR');
    process.exit(2);
  }
  buildConfigPage(path.resolve(outDir)).then(
    () => console.log(`config.html and config.js written to ${path.resolve(outDir)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
