/**
 * Builds the configuration page's two web resources: config.html (styles inlined) and config.js (one browser
 * bundle: the page, the update client, license-core and axios). `tsx addon/src/page/build.ts OUT_DIR`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { browserOnly } from './browser-only';

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
