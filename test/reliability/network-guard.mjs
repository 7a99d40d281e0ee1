// Loaded into a lab script's process with --import: every outgoing TCP connection is written to
// HANDSON_GUARD_LOG as one JSON line, and one to anything but a loopback address is refused before a packet
// is sent. The proof that no request leaves the machine, and the fence that keeps it so during the test.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const log = process.env.HANDSON_GUARD_LOG;
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3}|\[::1\])$/i;

function destination(args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // Node's internal normalized form
  if (first && typeof first === 'object') {
    if (first.path) return undefined; // a Unix socket: local by definition
    return { host: first.host ?? 'localhost', port: first.port };
  }
  if (typeof first === 'number' || /^\d+$/.test(String(first)))
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
  return undefined;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const to = destination(args);
  if (to) {
    const allowed = LOOPBACK.test(String(to.host));
    if (log)
      appendFileSync(
        log,
        `${JSON.stringify({ pid: process.pid, script: process.argv[1], ...to, allowed })}\n`,
      );
    if (!allowed) {
      const error = Object.assign(
        new Error(`connection to ${to.host}:${to.port} refused by the network guard`),
        {
          code: 'ECONNREFUSED',
        },
      );
      process.nextTick(() => this.destroy(error));
      return this;
    }
  }
  return connect.apply(this, args);
};
