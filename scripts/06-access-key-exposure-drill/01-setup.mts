#!/usr/bin/env -S node --conditions=@handson/source --import=tsx
// 準備: the user whose key will "leak" — a customer managed policy (what the attack needs; it is a drill),
// the user, a console password, and two access keys: the one that leaks, and one an application uses; and a
// colleague with a key of its own (every user's keys are rotated in the end).
// Run again, it reuses what an earlier run made (the lab's tag, or its records) and makes nothing twice.
import { existsSync } from 'node:fs';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  ListAccessKeysCommand,
  type ListAccessKeysResponse,
  ListAttachedUserPoliciesCommand,
  type ListAttachedUserPoliciesResponse,
  type User,
} from '@aws-sdk/client-iam';
import { clients, iamTags, isNotFound, notice } from '@handson/aws';
import { allPages } from '@handson/cli';
import { aws, createOnce, LabStepError, teardownCommand } from '@handson/labkit';
import { step } from '../_lib/entry.mts';
import {
  COLLEAGUE_USER_NAME,
  findUser,
  generatePassword,
  IAM_POLICY_NAME,
  IAM_USER_NAME,
  isOurs,
  keyFile,
  notOurs,
  POLICY_DOCUMENT,
  policyArn,
  SLUG,
  vars,
  writePrivate,
} from './lab.mts';
import { LAB } from './manifest.mts';

await step(LAB, '01-setup');

const { iam } = clients();

/** The lab's policy: found by its ARN (reused when it carries the lab's tag), else created. */
async function preparePolicy(): Promise<string> {
  const arn = await policyArn();
  const { value } = await createOnce({
    slug: SLUG,
    what: `IAM policy ${IAM_POLICY_NAME}`,
    find: () =>
      iam.send(new GetPolicyCommand({ PolicyArn: arn })).then(
        (out) => out.Policy,
        (error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw error;
        },
      ),
    create: async () => {
      const { output } = await aws(
        new CreatePolicyCommand({
          PolicyName: IAM_POLICY_NAME,
          PolicyDocument: JSON.stringify(POLICY_DOCUMENT),
          Tags: iamTags(SLUG),
        }),
        { query: 'Policy.Arn', output: 'text' },
      );
      return output.Policy!;
    },
    ours: (policy) => isOurs(policy.Tags) || vars.get('IAM_POLICY_ARN') === policy.Arn,
  });
  return value.Arn as string;
}

/** The user: reused when it is the lab's; the policy attached unless it already is. */
async function prepareUser(IAM_POLICY_ARN: string, existing: User | undefined): Promise<boolean> {
  const { created } = await createOnce({
    slug: SLUG,
    what: `IAM user ${IAM_USER_NAME}`,
    find: async () => existing,
    create: async () => {
      const { output } = await aws(new CreateUserCommand({ UserName: IAM_USER_NAME, Tags: iamTags(SLUG) }), {
        query: 'User.Arn',
        output: 'text',
      });
      return output.User!;
    },
    ours: (user) => isOurs(user.Tags),
  });
  vars.set('IAM_USER_NAME', IAM_USER_NAME);
  const attached = created
    ? []
    : ((
        await allPages<ListAttachedUserPoliciesResponse>(
          iam,
          new ListAttachedUserPoliciesCommand({ UserName: IAM_USER_NAME }),
        )
      ).AttachedPolicies ?? []);
  if (!attached.some((p) => p.PolicyArn === IAM_POLICY_ARN)) {
    await aws(new AttachUserPolicyCommand({ UserName: IAM_USER_NAME, PolicyArn: IAM_POLICY_ARN }));
  }
  return created;
}

/** A console password, unless the user has one (10-rotate replaces it; it is never printed or kept). */
async function preparePassword(userCreated: boolean): Promise<void> {
  if (!userCreated) {
    const has = await iam.send(new GetLoginProfileCommand({ UserName: IAM_USER_NAME })).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false;
        throw error;
      },
    );
    if (has) {
      notice(`${IAM_USER_NAME} already has a console password (from an earlier run): left as it is.`);
      return;
    }
  }
  await aws(new CreateLoginProfileCommand({ UserName: IAM_USER_NAME, Password: generatePassword() }), {
    query: 'LoginProfile.UserName',
    output: 'text',
  });
}

const KEY_VARS = { exposed: 'EXPOSED_ACCESS_KEY_ID', app: 'APP_ACCESS_KEY_ID' } as const;

/**
 * The two keys. A key this lab recorded (its id in the lab's variables, its secret in the key file) is not
 * made again, even when the drill has deleted or rotated it since: that is the drill's own record. Keys of
 * the user the lab has no record of stop the step (IAM allows two per user, and they are not the lab's).
 */
async function prepareKeys(): Promise<void> {
  const recorded = (name: keyof typeof KEY_VARS) => vars.get(KEY_VARS[name]);
  // Also the successors 10-rotate made (OLD:NEW pairs), in case a rotation broke off.
  const successors = (vars.get('KEY_ROTATION') ?? '').split(/[ :]/);
  const known = new Set([
    ...(['exposed', 'app'] as const).flatMap((name) => (recorded(name) ?? '').split(' ')),
    ...successors,
  ]);
  const listed = await allPages<ListAccessKeysResponse>(
    iam,
    new ListAccessKeysCommand({ UserName: IAM_USER_NAME }),
  );
  const unknown = (listed.AccessKeyMetadata ?? []).filter((k) => !known.has(k.AccessKeyId as string));
  for (const name of ['exposed', 'app'] as const) {
    if (recorded(name) && existsSync(keyFile(name))) {
      notice(
        `The ${name} key ${recorded(name)} was made by an earlier run (see ${keyFile(name)}): not made again. ` +
          `To start the drill over, run ${teardownCommand(SLUG)} first.`,
      );
      continue;
    }
    if (unknown.length > 0) {
      throw new LabStepError(
        `${IAM_USER_NAME} has access keys this lab has no record of (${unknown.map((k) => k.AccessKeyId).join(', ')}), ` +
          `so it makes no more: run ${teardownCommand(SLUG)}, then this step again.`,
      );
    }
    const { output } = await aws(new CreateAccessKeyCommand({ UserName: IAM_USER_NAME }), {
      query: 'AccessKey.[AccessKeyId,Status]',
      output: 'text',
    });
    const key = output.AccessKey!;
    writePrivate(keyFile(name), {
      UserName: key.UserName,
      AccessKeyId: key.AccessKeyId,
      SecretAccessKey: key.SecretAccessKey,
    });
    vars.set(KEY_VARS[name], key.AccessKeyId as string);
  }
}

/**
 * A colleague with an access key of its own and no policy: nothing leaked from it, but the notes say to rotate
 * every user's keys, and 10-rotate does. Its key is made once (the lab records it, as the others).
 */
async function prepareColleague(existing: User | undefined): Promise<void> {
  await createOnce({
    slug: SLUG,
    what: `IAM user ${COLLEAGUE_USER_NAME}`,
    find: async () => existing,
    create: async () => {
      const { output } = await aws(
        new CreateUserCommand({ UserName: COLLEAGUE_USER_NAME, Tags: iamTags(SLUG) }),
        { query: 'User.Arn', output: 'text' },
      );
      return output.User!;
    },
    ours: (user) => isOurs(user.Tags),
  });
  if (vars.get('COLLEAGUE_ACCESS_KEY_ID') && existsSync(keyFile('colleague'))) {
    notice(
      `The colleague's key ${vars.get('COLLEAGUE_ACCESS_KEY_ID')} was made by an earlier run: not made again.`,
    );
    return;
  }
  const { output } = await aws(new CreateAccessKeyCommand({ UserName: COLLEAGUE_USER_NAME }), {
    query: 'AccessKey.[AccessKeyId,Status]',
    output: 'text',
  });
  const key = output.AccessKey!;
  writePrivate(keyFile('colleague'), {
    UserName: key.UserName,
    AccessKeyId: key.AccessKeyId,
    SecretAccessKey: key.SecretAccessKey,
  });
  vars.set('COLLEAGUE_ACCESS_KEY_ID', key.AccessKeyId as string);
}

// A user of these names that is not the lab's stops the step before anything is made.
const existingUser = await findUser(IAM_USER_NAME);
if (existingUser && !isOurs(existingUser.Tags)) throw notOurs(`IAM user ${IAM_USER_NAME}`);
const existingColleague = await findUser(COLLEAGUE_USER_NAME);
if (existingColleague && !isOurs(existingColleague.Tags)) throw notOurs(`IAM user ${COLLEAGUE_USER_NAME}`);
const IAM_POLICY_ARN = await preparePolicy();
vars.set('IAM_POLICY_ARN', IAM_POLICY_ARN);
await preparePassword(await prepareUser(IAM_POLICY_ARN, existingUser));
await prepareKeys();
await prepareColleague(existingColleague);
console.log(
  `# the key that leaks: ${vars.get('EXPOSED_ACCESS_KEY_ID')} (saved owner-only in ${keyFile('exposed')})`,
);
