/**
 * The configuration page files (config.html, config.js): either from a directory the caller names, or built by
 * the add-on's page build (`addon/src/page/build.ts`, `buildConfigPage(outDir)`, owned by the add-on engineer).
 * Page builds are memoised per process, keyed by the hash of addon/src.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADDON_DIR, LICENSE_CORE_DIR } from './paths';
import { hashSources, listFiles } from './source-hash';
import { SolutionInputError } from './version';

export const PAGE_FILES = ['config.html', 'config.js'] as const;
export const PAGE_BUILD_MODULE = path.join(ADDON_DIR, 'src', 'page', 'build.ts');

export type PageFiles = Record<(typeof PAGE_FILES)[number], Buffer>;

function readPageFiles(dir: string, field: string): PageFiles {
  const files = {} as PageFiles;
  for (const name of PAGE_FILES) {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new SolutionInputError(field, `${field}: ${file} does not exist (the configuration page needs ${PAGE_FILES.join(' and ')})`);
    files[name] = readFileSync(file);
  }
  return files;
}

const built = new Map<string, Promise<string>>();

async function buildPage(): Promise<string> {
  const srcDir = path.join(ADDON_DIR, 'src');
  const key = hashSources([
    { root: srcDir, files: listFiles(srcDir, (relative) => relative.endsWith('.test.ts')) },
    { root: LICENSE_CORE_DIR, files: listFiles(path.join(LICENSE_CORE_DIR, 'src')).map((file) => `src/${file}`) },
  ]);
  let pending = built.get(key);
  if (!pending) {
    pending = (async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pageBuild = require(PAGE_BUILD_MODULE) as { buildConfigPage?: (outDir: string) => Promise<void> };
      if (typeof pageBuild.buildConfigPage !== 'function') throw new Error(`${PAGE_BUILD_MODULE} does not export buildConfigPage(outDir)`);
      const outDir = mkdtempSync(path.join(os.tmpdir(), 'cra-config-page-'));
      await pageBuild.buildConfigPage(outDir);
      return outDir;
    })();
    pending.catch(() => built.delete(key));
    built.set(key, pending);
  }
  return pending;
}

/** config.html and config.js for the solution. */
export async function configPageFiles(webResourcesDir?: string): Promise<PageFiles> {
  if (webResourcesDir) return readPageFiles(path.resolve(webResourcesDir), 'webResourcesDir');
  if (!existsSync(PAGE_BUILD_MODULE)) {
    throw new SolutionInputError(
      'webResourcesDir',
      `webResourcesDir: no directory given and the configuration page build ${PAGE_BUILD_MODULE} does not exist yet`,
    );
  }
  return readPageFiles(await buildPage(), 'webResourcesDir');
}
