// What every script of Lab 03 shares: its slug, the blog's names, and where its files go.
// Defaults are the blog's; HANDSON_EC2_INSTANCE_TYPE, AWS_REGION / AWS_DEFAULT_REGION and the CIDR variables
// below change them.
import { createInterface } from 'node:readline/promises';
import { resolveTarget } from '@handson/aws';
import { LabStepError, labVars, workDir } from '@handson/labkit';
import { labVarNeeded } from '../_lib/lab-vars.mts';

export const SLUG = '03-ec2-userdata-ssh-port';

export const vars = labVars(SLUG);

/** A lab variable an earlier step sets; without it, one line naming the step to run first. */
export const need = labVarNeeded(SLUG, vars);

/** DIR_USER_DATA: the blog's `${HOME}/environment/conf-handson-cli-ec2`. */
export const dirUserData = () => workDir(SLUG, 'conf-handson-cli-ec2');
export const USER_DATA_NAME = 'ec2-ssh-port-change';
/** FILE_USER_DATA: `${DIR_USER_DATA}/${USER_DATA_NAME}.bash`. */
export const fileUserData = () => `${dirUserData()}/${USER_DATA_NAME}.bash`;

/** The port sshd moves to, and the user data that moves it: the blog's heredoc, byte for byte. */
export const SSH_PORT = 51512;
export const USER_DATA = `#!/bin/bash

sed -i.old -e 's/#Port 22/Port ${SSH_PORT}/g' /etc/ssh/sshd_config

systemctl restart sshd

`;

export const KEY_PAIR_NAME = 'SampleKeyPair';
/** The blog wrote SampleKeyPair.pem next to the shell; here it goes to the lab's owner-only work directory. */
export const keyFile = () => `${workDir(SLUG)}/${KEY_PAIR_NAME}.pem`;

/** The blog's 2021 Amazon Linux 2 image name: kept to show that it no longer resolves. */
export const EC2_INSTANCE_IMAGE_NAME = 'amzn2-ami-hvm-2.0.20210525.0-x86_64-gp2';
export const EC2_INSTANCE_TYPE = process.env.HANDSON_EC2_INSTANCE_TYPE ?? 't2.micro';
/** Graviton types (t4g, m7g, c6gn…) need an arm64 image; everything else here is x86_64. */
export const EC2_INSTANCE_ARCH = /^[a-z]+\d+g[a-z]*\./.test(EC2_INSTANCE_TYPE) ? 'arm64' : 'x86_64';
/** Today's Amazon Linux 2023 images are named `al2023-ami-2023.<version>-kernel-<k>-<arch>`. */
export const EC2_INSTANCE_IMAGE_PATTERN = `al2023-ami-2023.*-kernel-*-${EC2_INSTANCE_ARCH}`;

export const EC2_INSTANCE_TAG_NAME = 'handson-cli-ec2-userdata_public_ip_address_default_vpc-instance';
export const EC2_TAG_KEY = 'Name';

export const EC2_SECURITY_GROUP_NAME = 'default';
export const EC2_SECURITY_GROUP_PROTOCOL = 'tcp';
export const EC2_SECURITY_GROUP_PORT = String(SSH_PORT);

/**
 * Who the sandbox's simulated internet client is: 192.0.2.10 (TEST-NET-1, RFC 5737). The sandbox hands its
 * instances public addresses from the other two documentation ranges, so this one never collides with them.
 */
export const SANDBOX_CLIENT_IP = '192.0.2.10';
export const ANYWHERE = '0.0.0.0/0';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function asCidr(value: string, name: string): string {
  const [ip, bits, extra] = value.trim().split('/');
  const prefix = bits === undefined ? 32 : Number(bits);
  if (extra !== undefined || !IPV4.test(ip ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new LabStepError(
      `${name}=${value} is not an IPv4 address or CIDR: use e.g. 198.51.100.7 or 198.51.100.7/32.`,
    );
  }
  return `${ip}/${prefix}`;
}

/**
 * EC2_SECURITY_GROUP_CIDR: who may reach port 51512. The blog opened it to 0.0.0.0/0; the lab opens it to the
 * caller's own address only. HANDSON_SSH_CIDR chooses any CIDR (0.0.0.0/0 only when asked, with a warning);
 * HANDSON_MY_IP gives the caller's address on AWS; on a terminal the script asks; on the sandbox the
 * placeholder client address is used.
 */
export async function securityGroupCidr(
  env = process.env,
  canAsk = Boolean(process.stdin.isTTY),
): Promise<{ cidr: string; warning?: string }> {
  const warn = (cidr: string) =>
    cidr === ANYWHERE
      ? {
          cidr,
          warning:
            'WARNING: 0.0.0.0/0 opens port 51512 to the whole internet (as the blog did). ' +
            'Anyone can try to log in; prefer your own address/32 and run the teardown soon.',
        }
      : { cidr };
  if (env.HANDSON_SSH_CIDR) return warn(asCidr(env.HANDSON_SSH_CIDR, 'HANDSON_SSH_CIDR'));
  if (env.HANDSON_MY_IP) return { cidr: asCidr(env.HANDSON_MY_IP, 'HANDSON_MY_IP') };
  if (resolveTarget(env).kind !== 'aws') return { cidr: `${SANDBOX_CLIENT_IP}/32` };
  if (!canAsk) {
    throw new LabStepError(
      'Which address will connect to port 51512? Set HANDSON_MY_IP to your public IPv4 address ' +
        '(or HANDSON_SSH_CIDR to a CIDR; 0.0.0.0/0 opens it to everyone).',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('Your public IPv4 address (the one that will connect to port 51512): ');
    return warn(asCidr(answer, 'your address'));
  } finally {
    rl.close();
  }
}
