// The server benchmark's floor: an HTTP server that does no work beyond reading the request and naming its
// operation, answering each operation with one fixed response recorded from the sandbox (same bytes, same
// headers). Plain JavaScript run by plain `node`, so its CPU per request is what any Node HTTP server pays.
// Usage: node floor-server.mjs <canned.json>; prints "listening on http://127.0.0.1:PORT".
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const canned = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ACTION = /(?:^|&)Action=([A-Za-z0-9]+)/;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const target = req.headers['x-amz-target'];
    const op =
      typeof target === 'string'
        ? target.slice(target.lastIndexOf('.') + 1)
        : ACTION.exec(Buffer.concat(chunks).toString('latin1'))?.[1];
    const answer = op && canned[op];
    if (!answer) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`no canned answer for ${op}`);
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
