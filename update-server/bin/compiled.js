/**
 * Which code a bin runs (decision U69): the compiled bundle in update-server/dist when `npm run build` made it and
 * no source file it was made from is newer; otherwise the TypeScript sources through tsx. So production and
 * `npm run demo` run compiled JavaScript, and a developer who edits a source file runs the edit, never a stale build.
 * ASSURANCE_RUN_SOURCES=1 forces the sources.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const SOURCES = ['update-server/src', 'license-core/src', 'license-core/node.ts', 'license-core/index.ts'];

function newestSource(root) {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    else if (file.endsWith('.ts')) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

/** The compiled entry for `name` when it is there and fresh, else undefined (`where` for tests: another tree). */
function compiledEntry(name, where = { root: ROOT, dist: path.join(__dirname, '..', 'dist'), env: process.env }) {
  if (where.env.ASSURANCE_RUN_SOURCES === '1') return undefined;
  const bundle = path.join(where.dist, `${name}.js`);
  let built;
  try {
    built = fs.statSync(bundle).mtimeMs;
  } catch {
    return undefined;
  }
  return newestSource(where.root) <= built ? bundle : undefined;
}

/** Runs the CLI `name` (assurance-server, assurance): compiled when fresh, else from its sources. */
function run(name) {
  const bundle = compiledEntry(name);
  if (bundle) {
    require(bundle);
    return;
  }
  require('tsx/cjs');
  require(path.join(__dirname, '..', 'src', 'cli', `${name}.ts`));
}

module.exports = { compiledEntry, run };
