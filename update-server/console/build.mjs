/**
 * Builds the vendor console (issue #15) into one folder the update server serves at /console: index.html and one
 * script with React, Fluent UI React v9 and Fluent's v9 charts bundled in (no CDN, decision U85). Run by
 * `npm run build` (scripts/build.mjs) and by the console's tests:
 *   node update-server/console/build.mjs [outdir]     (default update-server/dist/console)
 * The script's name carries a hash of its contents, so the server can let browsers keep it for a year.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.resolve(HERE, '..');

/** The React the console is built with: update-server's own (18); the workspace root has 16 for the PCF control. */
function reactAlias() {
  const own = (name) => path.join(SERVER, 'node_modules', name);
  return { react: own('react'), 'react-dom': own('react-dom'), scheduler: own('scheduler') };
}

export async function buildConsole(outDir = path.join(SERVER, 'dist', 'console'), { minify = true } = {}) {
  const result = await build({
    entryPoints: [path.join(HERE, 'src', 'main.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'edge110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    minify,
    sourcemap: false,
    legalComments: 'none',
    alias: reactAlias(),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const js = result.outputFiles[0].contents;
  const hash = createHash('sha256').update(js).digest('hex').slice(0, 12);
  const scriptName = `console-${hash}.js`;
  await mkdir(path.join(outDir, 'assets'), { recursive: true });
  for (const old of await readdir(path.join(outDir, 'assets'))) if (old.startsWith('console-') && old !== scriptName) await rm(path.join(outDir, 'assets', old));
  await writeFile(path.join(outDir, 'assets', scriptName), js);
  const html = (await readFile(path.join(HERE, 'index.html'), 'utf8')).replace('%SCRIPT%', `/console/assets/${scriptName}`);
  await writeFile(path.join(outDir, 'index.html'), html);
  return { outDir, script: scriptName, bytes: js.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const started = Date.now();
  const built = await buildConsole(out);
  process.stderr.write(`built the console (${Math.round(built.bytes / 1024)} KiB) in ${Date.now() - started} ms\n`);
}
