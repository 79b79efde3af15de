/** Repository locations the builder reads from and writes to (resolved from this file, not from the cwd). */
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const ADDON_DIR = path.join(REPO_ROOT, 'addon');
export const LICENSE_CORE_DIR = path.join(REPO_ROOT, 'license-core');
export const SOLUTION_OUT_DIR = path.join(REPO_ROOT, 'solution', 'out');
export const CONTROL_CACHE_DIR = path.join(SOLUTION_OUT_DIR, 'control-cache');
export const PCF_SCRIPTS_BIN = path.join(REPO_ROOT, 'node_modules', 'pcf-scripts', 'bin', 'pcf-scripts.js');
