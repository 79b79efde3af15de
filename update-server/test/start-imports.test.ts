/**
 * Decision U78: what `startServer` loads. The PostgreSQL driver, the OpenAPI document's schemas and HTTP client
 * packages are loaded when they are used (a PostgreSQL URL, GET /v1/openapi.json, the demo), not by every start:
 * they were a third of a cold start (bench:http).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

test('loading the server loads neither pg, axios nor the OpenAPI document', () => {
  const loaded = JSON.parse(
    execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', `require(${JSON.stringify(path.join(ROOT, 'update-server/src/server.ts'))}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  ) as string[];
  expect(loaded.some((file) => file.endsWith(path.join('src', 'app.ts')))).toBe(true);
  for (const unwanted of [`${path.sep}node_modules${path.sep}pg${path.sep}`, `${path.sep}node_modules${path.sep}axios${path.sep}`, path.join('src', 'openapi.ts'), path.join('src', 'api', 'operations.ts')]) {
    expect(loaded.filter((file) => file.includes(unwanted))).toEqual([]);
  }
});
