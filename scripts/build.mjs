/**
 * `npm run build` (issue #14, item 2): the server, the vendor CLI and the demo compiled with esbuild into
 * update-server/dist, so that production and the demo run plain JavaScript instead of tsx's on-the-fly transform
 * (which wrapped every closure in a naming helper: 11-16 % of the update check's CPU). Packages from node_modules
 * stay outside the bundle (better-sqlite3 and pg are native or optional, pino starts workers); the workspace's own
 * sources (license-core, solution, addon, the Dataverse emulator of the demo) are bundled.
 * `__dirname` in a bundled source file still means that file's own folder (the page build and the solution builder
 * read files beside them), rewritten relative to the bundle so the checkout can move.
 * Decision U69. The vendor console's page is built into update-server/dist/console (issue #15, U85).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { build } from 'esbuild';
import { buildConsole } from '../update-server/console/build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFlag = process.argv.indexOf('--outdir');
const OUT = outFlag > 0 ? path.resolve(process.argv[outFlag + 1]) : path.join(ROOT, 'update-server', 'dist');

const external = new Set();
for (const dir of ['.', 'license-core', 'update-server', 'addon', 'solution', 'test']) {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const name of Object.keys(pkg[field] ?? {})) if (!name.startsWith('@crm-assurance/')) external.add(name);
  }
}

/** Each bundled source's `__dirname` keeps meaning its own folder. */
const ownDirname = {
  name: 'own-dirname',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!/\b__dirname\b/.test(source)) return undefined;
      const relative = path.relative(OUT, path.dirname(args.path)).split(path.sep).join('/');
      return { contents: source.replace(/\b__dirname\b/g, `require('node:path').resolve(__dirname, ${JSON.stringify(relative)})`), loader: 'ts' };
    });
  },
};

const common = { outdir: OUT, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, keepNames: false, external: [...external], plugins: [ownDirname], logLevel: 'warning' };
const started = Date.now();
await build({
  ...common,
  entryPoints: {
    'assurance-server': path.join(ROOT, 'update-server/src/cli/assurance-server.ts'),
    assurance: path.join(ROOT, 'update-server/src/cli/assurance.ts'),
  },
});
// The demo also builds the add-on: the solution builder loads the page build (addon/src/page/build.ts) at run time,
// so the demo bundle registers tsx for that one TypeScript file; its own code, the server's included, is compiled.
await build({
  ...common,
  entryPoints: { demo: path.join(ROOT, 'scripts/demo.ts') },
  banner: { js: "require('tsx/cjs');" },
});
// The vendor console's page (issue #15): a browser bundle of its own, served at /console.
await buildConsole(path.join(OUT, 'console'));
if (!process.argv.includes('--quiet')) process.stderr.write(`built update-server/dist in ${Date.now() - started} ms\n`);
