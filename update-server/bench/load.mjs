// The load generator of `npm run bench:http` (decision U75): autocannon 8 in its own process, so that on a 2-core
// machine the client and the server under test each have a core. Input: one JSON argument
// { url, method, connections, duration, bodies?, headers? }; `bodies` are sent in turn (one per request, across all
// connections), so a run visits every org of the seeded vendor. Output: one JSON line on stdout.
import process from 'node:process';
import autocannon from 'autocannon';

const spec = JSON.parse(process.argv[2]);
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
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.duration,
  requests: [request],
  timeout: 30,
});
process.stdout.write(
  `${JSON.stringify({
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
  })}\n`,
);
