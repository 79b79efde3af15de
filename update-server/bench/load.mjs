// The load generator of `npm run bench:http` (decision U75), in its own process, so that on a 2-core machine the
// client and the server under test each have a core. Input: a JSON file named by the one argument,
// { url, method, connections, duration, bodies?, headers?, mode? }. Output: one JSON line on stdout.
// - requests (default): autocannon 8; `bodies` are sent in turn (one per request, across all connections), so a run
//   visits every org of the seeded vendor.
// - download: autocannon parses every body chunk in JavaScript and tops out near 40 MB/s here, which would measure
//   the client; large files are fetched instead by `connections` keep-alive loops of node:http that count and drop the
//   bytes (no parsing beyond HTTP), the way a download client reads them.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));

async function requests() {
  const bodies = spec.bodies ?? [];
  let next = 0;
  const request = { method: spec.method ?? 'GET', headers: spec.headers ?? {} };
  if (bodies.length > 0) {
    request.setupRequest = (req) => {
      const body = bodies[next];
      next = (next + 1) % bodies.length;
      return { ...req, body };
    };
  }
  const result = await autocannon({ url: spec.url, connections: spec.connections, duration: spec.duration, requests: [request], timeout: 30 });
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytesPerSecond: result.throughput.average,
    bytes: result.throughput.total,
    seconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function downloads() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies = [];
  let bytes = 0;
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const stopAt = started + spec.duration * 1000;
  const one = () =>
    new Promise((resolve) => {
      const t = performance.now();
      const req = http.get(spec.url, { agent }, (res) => {
        if (res.statusCode >= 300) non2xx++;
        res.on('data', (chunk) => {
          bytes += chunk.length;
        });
        res.on('end', () => {
          latencies.push(performance.now() - t);
          resolve();
        });
        res.on('error', () => {
          errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: spec.connections }, async () => {
      while (performance.now() < stopAt) await one();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requestsPerSecond: latencies.length / seconds, total: latencies.length, p50: at(0.5), p99: at(0.99), bytesPerSecond: bytes / seconds, bytes, seconds, non2xx, errors, timeouts: 0 };
}

const result = spec.mode === 'download' ? await downloads() : await requests();
process.stdout.write(`${JSON.stringify(result)}\n`);
