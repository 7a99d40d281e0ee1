#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 6. 全IAMユーザーとrootユーザーのパスワード・アクセスキーをローテーション: whatever leaked with the key may have
// leaked with others, so every user's keys are rotated, not only the owner's. Each key gets a successor (new
// key handed to its application and shown to work, old one Inactive, then deleted) and each console password
// is replaced (to be changed at the next sign-in). The lab rotates the users it made (the owner and a
// colleague); every other user of the account is listed in the report with its keys, for you to rotate —
// a drill does not break applications it knows nothing of. The root user is a line of the report too.
// Run again, keys rotated already are not rotated twice (the lab records each old key with its successor, so
// a run that broke off goes on with the successor it made), and no password is replaced twice.
import {
  type AccessKeyMetadata,
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clients, isNotFound, notice } from '@handson/aws';
import { printOutput } from '@handson/cli';
import { aws, LabStepError, retryWhile } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import { invocation } from '../_lib/invocation.mts';
import {
  COLLEAGUE_USER_NAME,
  findUser,
  generatePassword,
  isOurs,
  KEY_NOT_YET,
  keyFile,
  need,
  regionClients,
  SLUG,
  vars,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '10-rotate');

const EXPOSED_KEY_OWNER = need('EXPOSED_KEY_OWNER', '03-identify-key');
const EXPOSED_ACCESS_KEY_ID = need('EXPOSED_ACCESS_KEY_ID', '01-setup');
/** The lab's users and the key file each one's application reads. */
const LAB_USERS: Record<string, string> = { [EXPOSED_KEY_OWNER]: 'app', [COLLEAGUE_USER_NAME]: 'colleague' };

/** Each rotated key with its successor, `OLD:NEW OLD:NEW`, kept as each successor is made. */
const rotation = new Map(
  (vars.get('KEY_ROTATION') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);
const saveRotation = () =>
  vars.set('KEY_ROTATION', [...rotation].map(([from, to]) => `${from}:${to}`).join(' '));
const passwordsReplaced = new Set((vars.get('PASSWORDS_REPLACED') ?? '').split(' ').filter(Boolean));

/** A new key for `old`, handed to the application (the lab's key file), recorded, and shown to work. */
async function successor(UserName: string, old: string): Promise<void> {
  const { output } = await aws(new CreateAccessKeyCommand({ UserName }), {
    query: 'AccessKey.[AccessKeyId,Status]',
    output: 'text',
  });
  const key = output.AccessKey!;
  // The application's configuration gets the new key here (the lab's key file), before the old one stops.
  writePrivate(keyFile(LAB_USERS[UserName] as string), {
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

async function rotateKey(UserName: string, key: AccessKeyMetadata, current: string[]): Promise<void> {
  const AccessKeyId = key.AccessKeyId as string;
  const made = rotation.get(AccessKeyId);
  if (made && current.includes(made)) {
    notice(`${AccessKeyId} got its successor ${made} in an earlier run that broke off: going on with it.`);
  } else {
    await successor(UserName, AccessKeyId);
  }
  if (key.Status !== 'Inactive') {
    await aws(new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status: 'Inactive' }));
  }
  await aws(new DeleteAccessKeyCommand({ UserName, AccessKeyId }));
}

const listKeys = async (UserName: string) =>
  (
    await aws(new ListAccessKeysCommand({ UserName }), {
      query: 'AccessKeyMetadata[].[AccessKeyId,Status]',
      output: 'text',
    })
  ).output.AccessKeyMetadata ?? [];

/** Whether the user can sign in to the console (has a login profile). */
async function hasPassword(UserName: string): Promise<boolean> {
  return clients()
    .iam.send(new GetLoginProfileCommand({ UserName }))
    .then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false;
        throw error;
      },
    );
}

/** One lab user: every key not made by a rotation gets a successor; the password is replaced once. */
async function rotateUser(UserName: string): Promise<{ User: string; Rotated: string; Password: string }> {
  const before = await listKeys(UserName);
  const current = before.map((k) => k.AccessKeyId as string);
  const successors = new Set(rotation.values());
  const old = before.filter((k) => !successors.has(k.AccessKeyId as string));
  for (const k of old) await rotateKey(UserName, k, current);
  let Password = 'none (no console access)';
  if (passwordsReplaced.has(UserName)) {
    Password = 'replaced in an earlier run';
  } else if (await hasPassword(UserName)) {
    await aws(
      new UpdateLoginProfileCommand({ UserName, Password: generatePassword(), PasswordResetRequired: true }),
    );
    passwordsReplaced.add(UserName);
    vars.set('PASSWORDS_REPLACED', [...passwordsReplaced].join(' '));
    Password = 'replaced, reset required';
  }
  const now = (await listKeys(UserName)).map((k) => k.AccessKeyId as string);
  const pairs = [...rotation].filter(([, to]) => now.includes(to)).map(([from, to]) => `${from} -> ${to}`);
  if (now.some((id) => rotation.has(id) || ![...rotation.values()].includes(id))) {
    throw new LabStepError(`${UserName}'s keys after rotation: ${now.join(' ')}; expected only new ones`);
  }
  return { User: UserName, Rotated: pairs.join(', ') || 'no access key', Password };
}

// The leaked key goes first (04-disable-delete-key): a rotation would otherwise make it a successor.
const ownerKeys = await clients().iam.send(new ListAccessKeysCommand({ UserName: EXPOSED_KEY_OWNER }));
if (ownerKeys.AccessKeyMetadata?.some((k) => k.AccessKeyId === EXPOSED_ACCESS_KEY_ID)) {
  throw new LabStepError(
    `the exposed key ${EXPOSED_ACCESS_KEY_ID} is still there: run ${invocation(SLUG, '04-disable-delete-key')} first.`,
  );
}
const users =
  (await aws(new ListUsersCommand({}), { query: 'Users[].UserName', output: 'text' })).output.Users?.map(
    (u) => u.UserName as string,
  ) ?? [];
const rows = [];
const others: string[] = [];
for (const UserName of users.sort()) {
  const user = UserName in LAB_USERS ? await findUser(UserName) : undefined;
  if (user && isOurs(user.Tags)) rows.push(await rotateUser(UserName));
  else others.push(UserName);
}
if (!rows.some((r) => r.User === EXPOSED_KEY_OWNER)) {
  throw new LabStepError(
    `${EXPOSED_KEY_OWNER} is not there to rotate: run ${invocation(SLUG, '01-setup')} first.`,
  );
}
for (const UserName of others) {
  const keys = await listKeys(UserName);
  rows.push({
    User: UserName,
    Rotated: `not the lab's: rotate ${keys.length ? keys.map((k) => k.AccessKeyId).join(', ') : 'nothing (no key)'} yourself`,
    Password: "not the lab's: replace it yourself",
  });
}
rows.push({
  User: '(root)',
  Rotated: 'no access key should exist (iam get-account-summary: AccountAccessKeysPresent = 0)',
  Password: 'replace it in the console (the notes: rootユーザーも)',
});
printOutput(rows, { output: 'table', title: 'Rotation report' });
const rotated = [...rotation.keys()];
vars.set('ROTATED_KEYS', rotated.join(' '));
console.log(
  `# ${rotated.length} key(s) of ${Object.keys(LAB_USERS).length} users rotated; passwords replaced where there is one`,
);
