// The cold-start reference of `npm run bench:http` (decision U75): node's own HTTP server answering 200 on /healthz.
import { createServer } from 'node:http';
import process from 'node:process';

const port = Number(process.argv[2]);
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
