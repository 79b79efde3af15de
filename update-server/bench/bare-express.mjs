// The reference of `npm run bench:http` (decision U75): a bare Express 5 JSON route, no middleware but the JSON body
// parser, in a process of its own. It answers a small JSON document about the body it was sent.
import process from 'node:process';
import express from 'express';

const app = express();
app.use(express.json());
app.post('/json', (req, res) => {
  res.json({ ok: true, keys: Object.keys(req.body ?? {}), at: new Date().toISOString() });
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
