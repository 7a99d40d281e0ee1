// The check on real AWS (Lab 03's scripts and notebook): log in on the moved port with the lab's key (ssh2,
// a maintained pure-JavaScript SSH client) and run the blog's commands; port 22 must not answer.
import { connect as tcpConnect } from 'node:net';
import { notice } from '@handson/aws';
import { LabStepError, waitFor } from '@handson/labkit';
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

async function runAll(opts: SshCheckOptions): Promise<{ command: string; output: string }[]> {
  const client = await login(opts.host, opts.port, opts.privateKey);
  try {
    const outputs: { command: string; output: string }[] = [];
    for (const command of opts.commands) outputs.push({ command, output: await run(client, command) });
    return outputs;
  } finally {
    client.end();
  }
}

export interface SshCheckOptions {
  host: string;
  port: number;
  privateKey: Buffer;
  commands: string[];
}

/** How long sshd may take to answer on the new port: the user data runs after the instance reports running. */
export const SSH_READY_MS = 300_000;

/** Logs in and runs the commands; while the login fails, tries again every 10 s for a few minutes. */
export async function sshCheck(opts: SshCheckOptions) {
  const where = `${opts.host}:${opts.port}`;
  try {
    return await runAll(opts);
  } catch (error) {
    notice(
      `ssh to ${where}: not yet (${(error as Error).message}); sshd moves there once the user data ran.`,
    );
  }
  let outputs: { command: string; output: string }[] | undefined;
  let lastError: unknown;
  await waitFor({
    what: `sshd on ${where} to accept the lab's key`,
    ms: SSH_READY_MS,
    pollMs: 10_000,
    until: async () => {
      try {
        outputs = await runAll(opts);
        return true;
      } catch (error) {
        lastError = error;
        return false;
      }
    },
  });
  if (outputs) return outputs;
  throw new LabStepError(
    `ssh to ${where} still fails after ${SSH_READY_MS / 60_000} minutes (${(lastError as Error)?.message}): ` +
      'check the security group rule and the address it allows.',
  );
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
