import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { tcpOpens } from './ssh';

// sshCheck itself is exercised against an ssh2 server on loopback in test/labs/03-ec2-userdata-ssh-port.test.ts.
describe('tcpOpens', () => {
  it('is true for a port that accepts and false once nothing listens there', async () => {
    const server: Server = createServer((socket) => socket.end());
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    expect(await tcpOpens('127.0.0.1', address.port)).toBe(true);
    await new Promise((done) => server.close(done));
    expect(await tcpOpens('127.0.0.1', address.port, 2000)).toBe(false);
  });
});
