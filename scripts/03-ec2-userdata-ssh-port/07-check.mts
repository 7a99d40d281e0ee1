#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// アクセス確認: sshd listens on 51512 and its config says `Port 51512`. On AWS: an SSH login on 51512 with the
// lab's key running the blog's commands. On the sandbox: the same commands on the instance's model, and the
// path from the allowed client to 51512 (open) and 22 (closed).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTarget } from '@handson/aws';
import { sshCheck, tcpOpens } from '@handson/lab-helpers/ssh';
import { LabStepError, observeLesson, workDir } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { need, SANDBOX_CLIENT_IP, SLUG, SSH_PORT } from './lab.mts';
import { LAB } from './manifest.mts';
import { portsPicture } from './picture.mts';
import { explain, netstatAll, sandboxCheck } from './sandbox-check.mts';

await step(LAB, '07-check');

const EC2_INSTANCE_ID = need('EC2_INSTANCE_ID', '04-run-instances');
const EC2_IP_PUBLIC = need('EC2_IP_PUBLIC', '06-public-ip');
const EC2_IP_PRIVATE = need('EC2_IP_PRIVATE', '06-public-ip');
const CIDR = need('EC2_SECURITY_GROUP_CIDR', '05-security-group');
const FILE_KEY_PAIR = need('FILE_KEY_PAIR', '02-key-pair');
const prompt = `[ec2-user@ip-${EC2_IP_PRIVATE.replaceAll('.', '-')} ~]$`;
const failures: string[] = [];
const expect = (ok: boolean, what: string) => {
  console.log(`${ok ? '✔' : '✘'} ${what}`);
  if (!ok) failures.push(what);
};

/** An address the rule does not allow (TEST-NET-1, documentation only). */
const OTHER_IP = '192.0.2.99';
const kind = resolveTarget().kind;
if (kind === 'aws') {
  if (!existsSync(FILE_KEY_PAIR)) {
    throw new LabStepError(`${FILE_KEY_PAIR} is gone: the SSH login needs it (see 02-key-pair --help).`);
  }
  const outputs = await sshCheck({
    host: EC2_IP_PUBLIC,
    port: SSH_PORT,
    privateKey: readFileSync(FILE_KEY_PAIR),
    // Amazon Linux 2023 has no netstat (net-tools is not installed); `ss -at` shows what the blog's
    // `netstat -alt` did: every TCP socket, listening and established (this login among them).
    commands: ['sudo cat /etc/ssh/sshd_config | grep Port', 'ss -at'],
  });
  for (const { command, output } of outputs) process.stdout.write(`${prompt} ${command}\n${output}`);
  expect(/^Port 51512$/m.test(outputs[0]!.output), 'sshd_config says Port 51512');
  expect(new RegExp(`:${SSH_PORT}\\s`).test(outputs[1]!.output), `something listens on ${SSH_PORT}`);
  expect(!(await tcpOpens(EC2_IP_PUBLIC, 22)), 'port 22 does not answer');
} else if (kind === 'sandbox') {
  const clientIp = CIDR.endsWith('/32') ? CIDR.slice(0, -3) : SANDBOX_CLIENT_IP;
  const check = await sandboxCheck({
    instanceId: EC2_INSTANCE_ID,
    publicIp: EC2_IP_PUBLIC,
    clientIp,
    otherIp: OTHER_IP,
    port: SSH_PORT,
  });
  process.stdout.write(`${prompt} sudo cat /etc/ssh/sshd_config | grep Port\n${check.grepPort}`);
  console.log(`${prompt} netstat -alt\n${netstatAll(check.listening)}`);
  for (const { label, result } of check.flows) console.log(`\n${label}\n${explain(result, 'ja')}`);
  console.log();
  expect(
    check.grepPort === 'Port 51512\n#GatewayPorts no\n',
    'sshd_config says Port 51512 (and #GatewayPorts no)',
  );
  expect(check.listening.join() === String(SSH_PORT), `sshd listens on ${SSH_PORT} only`);
  expect(check.flows[0]!.result.reachable, `${clientIp} reaches ${SSH_PORT}`);
  expect(!check.flows[1]!.result.reachable, `${clientIp} does not reach 22`);
  if (CIDR !== '0.0.0.0/0')
    expect(!check.flows[2]!.result.reachable, `other addresses do not reach ${SSH_PORT}`);
  const FILE_DIAGRAM = join(workDir(SLUG), 'ssh-ports.svg');
  writeFileSync(
    FILE_DIAGRAM,
    portsPicture({
      instanceId: EC2_INSTANCE_ID,
      publicIp: EC2_IP_PUBLIC,
      groupId: check.group.id,
      rules: check.group.rules,
      listening: check.listening,
      port: SSH_PORT,
      clientIp,
      otherIp: OTHER_IP,
      toPort: check.flows[0]!.result,
      to22: check.flows[1]!.result,
      otherToPort: check.flows[2]!.result,
    }),
  );
  console.log(`図: ${FILE_DIAGRAM}`);
} else {
  console.log('(an endpoint other than the sandbox: no data plane to check; skipped)');
}
observeLesson(
  SLUG,
  'sshd-moved',
  kind !== 'endpoint' && failures.length === 0,
  kind === 'endpoint'
    ? 'this endpoint runs no instance, so nothing applied the user data and no port can be checked'
    : failures.length === 0
      ? `sshd_config says Port ${SSH_PORT}, sshd listens there, and 22 does not answer`
      : `not as expected: ${failures.join('; ')}`,
);
if (failures.length > 0) process.exit(1);
