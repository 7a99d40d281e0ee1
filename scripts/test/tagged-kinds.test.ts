import { LAB_TAG_KEY, RESOURCE_KIND_NAMES, type ResourceKind } from '@handson/aws';
import { describe, expect, it } from 'vitest';
import { loadLabs } from '../_lib/labs.mts';
import type { CallSpec } from '../_lib/manifest.mts';

/*
 * Whatever a lab tags with handson:lab, the sweep (@handson/aws's resource-kind table) must be able to find
 * and remove: otherwise a run that stops half-way leaves it behind where nothing looks. The manifests declare
 * every call a lab makes (the lab tests prove it), so their tagged calls are what the labs tag.
 */

/** What a tagged call makes, by operation (EC2: by TagSpecifications resource type). */
const MAKES: Record<string, ResourceKind> = {
  CreateUser: 'iam:user',
  CreateRole: 'iam:role',
  CreateInstanceProfile: 'iam:instance-profile',
  CreatePolicy: 'iam:policy',
  PutBucketTagging: 's3:bucket',
  CreateQueue: 'sqs:queue',
  CreateTable: 'dynamodb:table',
  CreateStack: 'cloudformation:stack',
  CreateTrail: 'cloudtrail:trail',
  instance: 'ec2:instance',
  'key-pair': 'ec2:key-pair',
  'security-group': 'ec2:security-group',
  vpc: 'ec2:vpc',
};

/** Tagged things that are no resource of their own: each goes with the one it belongs to. */
const PART_OF: Record<string, string> = {
  volume: 'its instance (deleted on termination)',
  'security-group-rule': 'its security group, or revoked by the lab (a rule on a group the lab did not make)',
};

const tagged = (value: unknown) => JSON.stringify(value ?? null).includes(`"${LAB_TAG_KEY}"`);

/** For each call that puts the lab's tag on something, the kind it makes, or `?Operation` when none is known. */
function taggedKinds(calls: CallSpec[]): string[] {
  const out: string[] = [];
  for (const call of calls) {
    const command = (Array.isArray(call) ? call[0] : call) as { input: Record<string, unknown> };
    const operation = command.constructor.name.replace(/Command$/, '');
    const { TagSpecifications, Tags, TagsList, tags, Tagging } = command.input;
    for (const spec of (TagSpecifications ?? []) as { ResourceType: string; Tags: unknown }[]) {
      if (tagged(spec.Tags) && !(spec.ResourceType in PART_OF))
        out.push(MAKES[spec.ResourceType] ?? `?${operation} ${spec.ResourceType}`);
    }
    if (tagged([Tags, TagsList, tags, Tagging])) out.push(MAKES[operation] ?? `?${operation}`);
  }
  return out;
}

describe('what the labs tag', () => {
  it('is of a kind the sweep finds and removes, in every lab', async () => {
    const v = (name: string) => `\${${name}}`;
    const kinds = new Set<string>();
    for (const lab of await loadLabs()) {
      for (const spec of Object.values(lab.steps))
        for (const kind of taggedKinds(spec.calls(v))) kinds.add(kind);
    }
    expect([...kinds].filter((kind) => !(RESOURCE_KIND_NAMES as readonly string[]).includes(kind))).toEqual(
      [],
    );
    // The labs tag these today; the table knows more (an EC2 VPC comes from Lab 05's stack).
    expect([...kinds].sort()).toEqual([
      'cloudformation:stack',
      'cloudtrail:trail',
      'dynamodb:table',
      'ec2:instance',
      'ec2:key-pair',
      'ec2:security-group',
      'iam:instance-profile',
      'iam:policy',
      'iam:role',
      'iam:user',
      's3:bucket',
      'sqs:queue',
    ]);
  });

  it('names a tagged call whose kind no entry of the table removes', () => {
    class CreateFunctionCommand {
      constructor(readonly input: Record<string, unknown>) {}
    }
    class CreateVolumeCommand {
      constructor(readonly input: Record<string, unknown>) {}
    }
    const labTag = [{ Key: LAB_TAG_KEY, Value: '99-example' }];
    const calls = [
      new CreateFunctionCommand({ FunctionName: 'f', Tags: { [LAB_TAG_KEY]: '99-example' } }),
      new CreateVolumeCommand({ TagSpecifications: [{ ResourceType: 'snapshot', Tags: labTag }] }),
      new CreateFunctionCommand({ FunctionName: 'untagged' }),
    ] as unknown as CallSpec[];
    expect(taggedKinds(calls)).toEqual(['?CreateFunction', '?CreateVolume snapshot']);
  });
});
