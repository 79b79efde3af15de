/**
 * Builds the PCF control once (pcf-scripts, production mode) and keeps the output in a cache keyed by the hash of
 * everything that goes into the bundle: the control's sources and project files, license-core's sources (bundled
 * into the control) and the pcf-scripts version. Later solution builds with unchanged sources copy from the cache
 * in milliseconds. Concurrent builds in one process share one promise; across processes a lock directory
 * serialises them.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ADDON_DIR, CONTROL_CACHE_DIR, LICENSE_CORE_DIR, PCF_SCRIPTS_BIN, REPO_ROOT } from './paths';
import { hashSources, listFiles } from './source-hash';

export const CONTROL_FOLDER = 'LicenceBanner';
const LOCK_STALE_MS = 10 * 60_000;
const LOCK_WAIT_MS = 10 * 60_000;

export type ControlBuildMode = 'production' | 'development';

export function controlSourceHash(mode: ControlBuildMode = 'production'): string {
  const pcfScriptsVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', 'pcf-scripts', 'package.json'), 'utf8')) as { version: string }).version;
  const addonFiles = [
    ...['pcfconfig.json', 'tsconfig.json', 'eslint.config.mjs'].filter((file) => existsSync(path.join(ADDON_DIR, file))),
    ...listFiles(path.join(ADDON_DIR, CONTROL_FOLDER), (relative) => relative === 'generated').map((file) => `${CONTROL_FOLDER}/${file}`),
  ];
  const coreFiles = [
    'package.json',
    // src/node is the Node-only signing side (never bundled into the control).
    ...listFiles(path.join(LICENSE_CORE_DIR, 'src'), (relative) => relative === 'node' || relative.endsWith('.test.ts')).map((file) => `src/${file}`),
  ];
  return hashSources(
    [
      { root: ADDON_DIR, files: addonFiles },
      { root: LICENSE_CORE_DIR, files: coreFiles },
    ],
    [`pcf-scripts@${pcfScriptsVersion}`, `mode=${mode}`],
  );
}

export interface PcfBuildOutput {
  /** addon/out/controls/LicenceBanner */
  outDir: string;
  /** pcf-scripts' console output (its steps: manifest validation, ESLint, webpack, outputs). */
  log: string;
}

/** Runs `pcf-scripts build` in addon/ (call it under withPcfBuildLock); rejects unless pcf-scripts reports success. */
export function runPcfScriptsBuild(mode: ControlBuildMode = 'production'): Promise<PcfBuildOutput> {
  // pcf-scripts exits 0 even when a step fails and leaves old output in place: start from an empty out dir.
  rmSync(path.join(ADDON_DIR, 'out', 'controls', CONTROL_FOLDER), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PCF_SCRIPTS_BIN, 'build', '--buildMode', mode, '--noColor'], {
      cwd: ADDON_DIR,
      env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const outDir = path.join(ADDON_DIR, 'out', 'controls', CONTROL_FOLDER);
      // pcf-scripts reports failures on stdout and still exits 0: require its "Succeeded" line.
      if (code !== 0 || !/\[build\] Succeeded/.test(output) || /\[build\] Failed/.test(output) || !existsSync(path.join(outDir, 'bundle.js'))) {
        reject(new Error(`pcf-scripts build (${mode}) failed with exit code ${code}:\n${output.slice(-6000)}`));
        return;
      }
      resolve({ outDir, log: output });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A lock is stale when its owner process is gone, or (no pid readable) when it is older than LOCK_STALE_MS. */
function lockIsStale(lockDir: string): boolean {
  try {
    const pid = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    }
  } catch {
    /* no pid file yet: fall back to the age */
  }
  try {
    return Date.now() - statSync(lockDir).mtimeMs > LOCK_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Runs `work` while holding the one pcf-scripts build lock (a directory under solution/out): pcf-scripts always
 * writes to addon/out/controls, so two builds at once (jest workers, e2e and a CLI run) would overwrite each other.
 */
export async function withPcfBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(CONTROL_CACHE_DIR, { recursive: true });
  const lockDir = path.join(CONTROL_CACHE_DIR, 'pcf-build.lock');
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      if (lockIsStale(lockDir)) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`timed out waiting for the pcf-scripts build lock ${lockDir}`);
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Keeps the newest few cached builds (sources change while others work in the tree); the current one always stays. */
function pruneCache(keep: string, max = 4): void {
  const entries = readdirSync(CONTROL_CACHE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{24}$/.test(entry.name) && entry.name !== keep)
    .map((entry) => ({ name: entry.name, mtime: statSync(path.join(CONTROL_CACHE_DIR, entry.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const stale of entries.slice(max - 1)) rmSync(path.join(CONTROL_CACHE_DIR, stale.name), { recursive: true, force: true });
}

function cachePaths(mode: ControlBuildMode): { key: string; cached: string; ready: () => boolean } {
  const key = controlSourceHash(mode).slice(0, 24);
  const cached = path.join(CONTROL_CACHE_DIR, key, CONTROL_FOLDER);
  return { key, cached, ready: () => existsSync(path.join(cached, 'bundle.js')) && existsSync(path.join(cached, 'ControlManifest.xml')) };
}

/** Copies a fresh pcf-scripts output into the cache under `key` (atomically: staging dir, then rename). */
function storeInCache(key: string, builtDir: string): void {
  const staging = path.join(CONTROL_CACHE_DIR, `${key}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  cpSync(builtDir, path.join(staging, CONTROL_FOLDER), { recursive: true });
  rmSync(path.join(CONTROL_CACHE_DIR, key), { recursive: true, force: true });
  renameSync(staging, path.join(CONTROL_CACHE_DIR, key));
  pruneCache(key);
}

/**
 * Always runs pcf-scripts (under the lock) and refreshes the cache entry for the current sources; resolves with the
 * cached control folder and pcf-scripts' log. For tests that must see pcf-scripts validate the control.
 */
export async function buildControlNow(mode: ControlBuildMode = 'production'): Promise<PcfBuildOutput> {
  return withPcfBuildLock(async () => {
    const { key, cached } = cachePaths(mode);
    const { outDir, log } = await runPcfScriptsBuild(mode);
    storeInCache(key, outDir);
    return { outDir: cached, log };
  });
}

const inFlight = new Map<string, Promise<string>>();

/** The directory holding the built control (bundle.js, ControlManifest.xml, css/...) for the current sources. */
export function ensureControlBuild(mode: ControlBuildMode = 'production'): Promise<string> {
  const { key, cached, ready } = cachePaths(mode);
  if (ready()) return Promise.resolve(cached);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = withPcfBuildLock(async () => {
      if (ready()) return cached; // another process built it while we waited
      storeInCache(key, (await runPcfScriptsBuild(mode)).outDir);
      return cached;
    }).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}
