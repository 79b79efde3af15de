/** Content hashes of source trees, used as cache keys (path + bytes of every file, in a fixed order). */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function listFiles(dir: string, skip: (relative: string) => boolean = () => false, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = path.relative(base, full).split(path.sep).join('/');
    if (entry.name === 'node_modules' || skip(relative)) continue;
    if (entry.isDirectory()) found.push(...listFiles(full, skip, base));
    else if (entry.isFile()) found.push(relative);
  }
  return found.sort();
}

/** Hashes the given (root, files) groups; `extra` strings (tool versions, modes) are mixed in. */
export function hashSources(groups: { root: string; files: string[] }[], extra: string[] = []): string {
  const hash = createHash('sha256');
  for (const value of extra) hash.update(`extra:${value}\n`);
  for (const group of groups) {
    for (const file of group.files) {
      const full = path.join(group.root, file);
      hash.update(`file:${full}:${statSync(full).size}\n`);
      hash.update(readFileSync(full));
    }
  }
  return hash.digest('hex');
}
