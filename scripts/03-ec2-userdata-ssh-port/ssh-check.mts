// The check on real AWS: log in on port 51512 with the lab's key (ssh2, a maintained pure-JavaScript SSH
// client) and run the blog's commands; port 22 must not answer.
import { connect as tcpConnect } from 'node:net';
import { Client } from 'ssh2';

function run(client: Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, stream) => {
      if (error) return reject(error);
      let out = '';
      stream.on('data', (d: Buffer) => (out += d));
      stream.stderr.on('data', (d: Buffer) => (out += d));
      stream.on('close', () => resolve(out));
    });
  });
}

function login(host: string, port: number, privateKey: Buffer): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client
      .on('ready', () => resolve(client))
      .on('error', reject)
      // A new instance's host key is unknown, as TeraTerm warned in the blog; accept it for this check.
      .connect({
        host,
        port,
        username: 'ec2-user',
        privateKey,
        readyTimeout: 20_000,
        hostVerifier: () => true,
      });
  });
}

/** User data runs after the instance reports running: retry the login for a few minutes. */
export async function sshCheck(opts: { host: string; port: number; privateKey: Buffer; commands: string[] }) {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 12; attempt++) {
    try {
      const client = await login(opts.host, opts.port, opts.privateKey);
      try {
        const outputs: { command: string; output: string }[] = [];
        for (const command of opts.commands) outputs.push({ command, output: await run(client, command) });
        return outputs;
      } finally {
        client.end();
      }
    } catch (error) {
      lastError = error;
      console.error(
        `(ssh to ${opts.host}:${opts.port} not ready yet, attempt ${attempt}: ${(error as Error).message})`,
      );
      await new Promise((r) => setTimeout(r, 10_000));
    }
  }
  throw lastError;
}

/** Whether a TCP connection opens within the time limit (a security group drops, so a closed port times out). */
export function tcpOpens(host: string, port: number, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}
