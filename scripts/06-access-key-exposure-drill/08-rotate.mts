#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 6. パスワード・アクセスキーをローテーションする: whatever leaked with the key may have leaked with others.
// Every remaining key of the user gets a successor (new key, old one Inactive, then deleted), and the
// console password is replaced (to be changed at the next sign-in). On a real account: every IAM user, and
// the root user's password too.
// Run again, keys rotated already are not rotated twice (the lab records each old key with its successor,
// so a run that broke off goes on with the successor it made), and the password is not replaced twice.
import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { notice } from '@handson/aws';
import { aws, LabStepError, retryWhile } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import {
  generatePassword,
  KEY_NOT_YET,
  keyFile,
  need,
  regionClients,
  SLUG,
  vars,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '08-rotate');

const EXPOSED_KEY_OWNER = need('EXPOSED_KEY_OWNER', '03-identify-key');
const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');

/** Each rotated key with its successor, `OLD:NEW OLD:NEW`, kept as each successor is made. */
const rotation = new Map(
  (vars.get('KEY_ROTATION') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);
const saveRotation = () =>
  vars.set('KEY_ROTATION', [...rotation].map(([from, to]) => `${from}:${to}`).join(' '));

/** A new key for `old`, handed to the application (the lab's key file), recorded, and shown to work. */
async function successor(old: string): Promise<void> {
  const { output } = await aws(new CreateAccessKeyCommand({ UserName: EXPOSED_KEY_OWNER }), {
    query: 'AccessKey.[AccessKeyId,Status]',
    output: 'text',
  });
  const key = output.AccessKey!;
  // The application's configuration gets the new key here (the lab's key file), before the old one stops.
  writePrivate(keyFile('app'), {
    UserName: key.UserName,
    AccessKeyId: key.AccessKeyId,
    SecretAccessKey: key.SecretAccessKey,
  });
  rotation.set(old, key.AccessKeyId as string);
  saveRotation();
  const asNew = regionClients('us-east-1', {
    accessKeyId: key.AccessKeyId as string,
    secretAccessKey: key.SecretAccessKey as string,
  });
  // The old key stops only once the new one works (on AWS a new key takes a few seconds to be accepted).
  await retryWhile(() => asNew.sts.send(new GetCallerIdentityCommand({})), {
    what: 'the new access key',
    codes: KEY_NOT_YET,
  });
}

async function rotate(AccessKeyId: string, status: string | undefined, current: string[]): Promise<void> {
  const made = rotation.get(AccessKeyId);
  if (made && current.includes(made)) {
    notice(`${AccessKeyId} got its successor ${made} in an earlier run that broke off: going on with it.`);
  } else {
    await successor(AccessKeyId);
  }
  if (status !== 'Inactive') {
    await aws(new UpdateAccessKeyCommand({ UserName: EXPOSED_KEY_OWNER, AccessKeyId, Status: 'Inactive' }));
  }
  await aws(new DeleteAccessKeyCommand({ UserName: EXPOSED_KEY_OWNER, AccessKeyId }));
}

const listKeys = () =>
  aws(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }), {
    query: 'AccessKeyMetadata[].[AccessKeyId,Status]',
    output: 'text',
  });

await aws(new ListUsersCommand({}), { query: 'Users[].UserName', output: 'text' });
const before = (await listKeys()).output.AccessKeyMetadata ?? [];
const current = before.map((k) => k.AccessKeyId as string);
if (current.includes(EXPOSED_ACCESS_KEY_ID)) {
  throw new LabStepError(
    `the exposed key ${EXPOSED_ACCESS_KEY_ID} is still there: run ${invocation(SLUG, '04-disable-delete-key')} first.`,
  );
}
const successors = new Set(rotation.values());
const old = before.filter((k) => !successors.has(k.AccessKeyId as string));
if (old.length === 0 && rotation.size > 0) {
  notice('Every key of the user was rotated in an earlier run: nothing to rotate.');
}
for (const k of old) await rotate(k.AccessKeyId as string, k.Status, current);

const now = ((await listKeys()).output.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId as string).sort();
const rotated = [...rotation.keys()];
const news = [...rotation.values()];
if (now.some((id) => !news.includes(id) || rotated.includes(id))) {
  throw new LabStepError(`keys after rotation: ${now.join(' ')}; expected only the new ${news.join(' ')}`);
}
vars.set('APP_ACCESS_KEY_ID', now.join(' '));
vars.set('ROTATED_KEYS', rotated.join(' '));

if (vars.get('PASSWORD_REPLACED') && old.length === 0) {
  notice('The console password was replaced in an earlier run: not replaced again.');
} else {
  await aws(
    new UpdateLoginProfileCommand({
      UserName: EXPOSED_KEY_OWNER,
      Password: generatePassword(),
      PasswordResetRequired: true,
    }),
  );
  vars.set('PASSWORD_REPLACED', 'yes');
}
console.log(
  `# ${rotated.length} key(s) rotated; the console password replaced (reset required at the next sign-in)`,
);
