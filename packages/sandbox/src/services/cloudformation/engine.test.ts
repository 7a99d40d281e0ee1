import { beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../core/types';
import type { Props } from './providers/types';
import { createCloudFormationService } from './service';
import { type FakeLog, type FakeWorld, fakeProviders, fakeWorld } from './testing/fake-context';

const TYPES = ['Custom::Net', 'Custom::Box'];

const NETWORK = `Description: three boxes on a net
Parameters:
  Name:
    Type: String
    Default: demo
Resources:
  Net:
    Type: Custom::Net
    Properties:
      Echo: !Ref Name
  BoxA:
    Type: Custom::Box
    Properties:
      Echo: !Sub '\${Net}-a'
  BoxB:
    Type: Custom::Box
    Properties:
      Echo: !GetAtt Net.Id
  Link:
    Type: Custom::Net
    DependsOn: [BoxA, BoxB]
    Properties:
      Echo: link
Outputs:
  NetId:
    Value: !Ref Net
    Export:
      Name: !Sub '\${AWS::StackName}-net'
  LinkEcho:
    Value: !GetAtt Link.Echo
`;

let world: FakeWorld;
let log: FakeLog;
let ops: ReturnType<typeof createCloudFormationService>['operations'];

async function call(op: string, input: Record<string, unknown>): Promise<Props> {
  return (await ops[op]!(world.ctx, input)) as Props;
}

async function status(name: string): Promise<string> {
  const out = await call('DescribeStacks', { StackName: name });
  return out.Stacks[0].StackStatus;
}

async function events(name: string): Promise<string[]> {
  const out = await call('DescribeStackEvents', { StackName: name });
  return (out.StackEvents as Props[])
    .slice()
    .reverse()
    .map(
      (e) =>
        `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`,
    );
}

async function rejects(op: string, input: Record<string, unknown>): Promise<AwsError> {
  try {
    await call(op, input);
  } catch (err) {
    expect(err).toBeInstanceOf(AwsError);
    return err as AwsError;
  }
  throw new Error(`${op} did not fail`);
}

beforeEach(() => {
  world = fakeWorld();
  log = { calls: [], alive: new Set() };
  ops = createCloudFormationService(fakeProviders(TYPES, log)).operations;
});

describe('stack creation', () => {
  it('creates in dependency order and shows progress only as the clock moves', async () => {
    const { StackId } = await call('CreateStack', {
      StackName: 'demo',
      TemplateBody: NETWORK,
      Tags: [{ Key: 'lab', Value: 'x' }],
    });
    expect(StackId).toMatch(
      /^arn:aws:cloudformation:ap-northeast-1:123456789012:stack\/demo\/[0-9a-f-]{36}$/,
    );
    expect(log.calls).toEqual(['create:Net', 'create:BoxA', 'create:BoxB', 'create:Link']);
    expect(await status('demo')).toBe('CREATE_IN_PROGRESS');
    const first = await call('DescribeStacks', { StackName: 'demo' });
    expect(first.Stacks[0].Outputs).toBeUndefined();
    world.advance(20);
    const partial = await call('ListStackResources', { StackName: 'demo' });
    expect(partial.StackResourceSummaries.length).toBeGreaterThan(0);
    world.settle();
    expect(await status('demo')).toBe('CREATE_COMPLETE');
    const stack = (await call('DescribeStacks', { StackName: StackId })).Stacks[0];
    expect(stack.Description).toBe('three boxes on a net');
    expect(stack.Parameters).toEqual([{ ParameterKey: 'Name', ParameterValue: 'demo' }]);
    expect(stack.Outputs).toEqual([
      { OutputKey: 'NetId', OutputValue: 'net-1', ExportName: 'demo-net' },
      { OutputKey: 'LinkEcho', OutputValue: 'link' },
    ]);
    const ev = await events('demo');
    expect(ev[0]).toBe('demo CREATE_IN_PROGRESS User Initiated');
    expect(ev).toContain('Net CREATE_IN_PROGRESS Resource creation Initiated');
    expect(ev.at(-1)).toBe('demo CREATE_COMPLETE');
    // BoxA and BoxB are one wave: both start before either completes.
    expect(ev.indexOf('BoxB CREATE_IN_PROGRESS')).toBeLessThan(ev.indexOf('BoxA CREATE_COMPLETE'));
    expect(ev.indexOf('Link CREATE_IN_PROGRESS')).toBeGreaterThan(ev.indexOf('BoxB CREATE_COMPLETE'));
    const resources = (await call('DescribeStackResources', { StackName: 'demo' })).StackResources;
    expect(
      resources.map((r: Props) => [r.LogicalResourceId, r.PhysicalResourceId, r.ResourceStatus]),
    ).toEqual([
      ['Net', 'net-1', 'CREATE_COMPLETE'],
      ['BoxA', 'box-2', 'CREATE_COMPLETE'],
      ['BoxB', 'box-3', 'CREATE_COMPLETE'],
      ['Link', 'net-4', 'CREATE_COMPLETE'],
    ]);
    const boxA = (await call('DescribeStackResource', { StackName: 'demo', LogicalResourceId: 'BoxA' }))
      .StackResourceDetail;
    expect(boxA.PhysicalResourceId).toBe('box-2');
    const tags =
      log.calls.length &&
      (world.states.get('cloudformation/ap-northeast-1') as Props).stacks[0].resources.BoxA.attributes.Tags;
    expect(tags).toEqual([
      { Key: 'aws:cloudformation:stack-name', Value: 'demo' },
      { Key: 'aws:cloudformation:logical-id', Value: 'BoxA' },
      { Key: 'aws:cloudformation:stack-id', Value: StackId },
      { Key: 'lab', Value: 'x' },
    ]);
    expect((await call('GetTemplate', { StackName: 'demo' })).TemplateBody).toBe(NETWORK);
  });

  it('rolls back a failing resource, deleting what it created in reverse order', async () => {
    const body = NETWORK.replace('Echo: !GetAtt Net.Id', 'Echo: !GetAtt Net.Id\n      Fail: true');
    await call('CreateStack', { StackName: 'bad', TemplateBody: body });
    world.settle();
    expect(await status('bad')).toBe('ROLLBACK_COMPLETE');
    const ev = await events('bad');
    const failed = ev.find((e) => e.startsWith('BoxB CREATE_FAILED'))!;
    expect(failed).toContain('Value (BoxB) for parameter Fail is invalid.');
    expect(failed).toMatch(
      /^BoxB CREATE_FAILED Resource handler returned message: ".*\(Service: Box, Status Code: 400, Request ID: [0-9a-f-]{36}\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: InvalidRequest\)$/,
    );
    const rollback = ev.find((e) => e.startsWith('bad ROLLBACK_IN_PROGRESS'))!;
    expect(rollback).toMatch(
      /^bad ROLLBACK_IN_PROGRESS The following resource\(s\) failed to create: \[BoxB.*\]\. Rollback requested by user\.$/,
    );
    expect(ev.indexOf(rollback)).toBeGreaterThan(ev.indexOf(failed));
    expect(ev.at(-1)).toBe('bad ROLLBACK_COMPLETE');
    expect(log.calls.filter((c) => c.startsWith('delete'))).toEqual(['delete:BoxA', 'delete:Net']);
    expect(log.alive.size).toBe(0);
    expect(log.calls).not.toContain('create:Link');
    const reason = (await call('DescribeStacks', { StackName: 'bad' })).Stacks[0].StackStatusReason;
    expect(reason).toBeUndefined();
  });

  it('keeps what was created with DisableRollback, and deletes the stack with OnFailure DELETE', async () => {
    const body = NETWORK.replace('Echo: link', 'Echo: link\n      Fail: true');
    await call('CreateStack', { StackName: 'keep', TemplateBody: body, DisableRollback: true });
    world.settle();
    const kept = (await call('DescribeStacks', { StackName: 'keep' })).Stacks[0];
    expect(kept.StackStatus).toBe('CREATE_FAILED');
    expect(kept.StackStatusReason).toBe('The following resource(s) failed to create: [Link]. ');
    expect(log.alive.size).toBe(3);
    await call('CreateStack', { StackName: 'gone', TemplateBody: body, OnFailure: 'DELETE' });
    world.settle();
    expect((await rejects('DescribeStacks', { StackName: 'gone' })).message).toBe(
      'Stack with id gone does not exist',
    );
    const listed = (await call('ListStacks', { StackStatusFilter: ['DELETE_COMPLETE'] })).StackSummaries;
    expect(listed.map((s: Props) => s.StackName)).toEqual(['gone']);
  });

  it('fails the stack, never skips, for a resource type the sandbox cannot provision', async () => {
    const body = `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  Net:\n    Type: Custom::Net\n`;
    await call('CreateStack', { StackName: 'nos3', TemplateBody: body });
    world.settle();
    expect(await status('nos3')).toBe('ROLLBACK_COMPLETE');
    expect((await events('nos3')).find((e) => e.startsWith('Bucket CREATE_FAILED'))).toContain(
      'Resource type AWS::S3::Bucket is not supported by this sandbox',
    );
  });

  it('checks property names against the resource specification when the resource is created', async () => {
    const body = `Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlok: 10.0.0.0/16\n`;
    await call('CreateStack', { StackName: 'typo', TemplateBody: body });
    world.settle();
    expect((await events('typo')).find((e) => e.startsWith('Vpc CREATE_FAILED'))).toBe(
      'Vpc CREATE_FAILED Properties validation failed for resource Vpc with message: #: extraneous key [CidrBlok] is not permitted',
    );
  });

  it('refuses bad requests with the errors CloudFormation gives', async () => {
    await call('CreateStack', { StackName: 'demo', TemplateBody: NETWORK });
    expect((await rejects('CreateStack', { StackName: 'demo', TemplateBody: NETWORK })).code).toBe(
      'AlreadyExistsException',
    );
    expect((await rejects('CreateStack', { StackName: '1bad', TemplateBody: NETWORK })).message).toMatch(
      /Member must satisfy regular expression pattern/,
    );
    expect((await rejects('CreateStack', { StackName: 'x' })).message).toBe(
      'Either Template URL or Template Body must be specified.',
    );
    expect(
      (await rejects('CreateStack', { StackName: 'x', TemplateBody: `${NETWORK}#${'x'.repeat(51_200)}` }))
        .message,
    ).toMatch(/Member must have length less than or equal to 51200$/);
    expect(
      (await rejects('CreateStack', { StackName: 'x', TemplateURL: 'https://s3.amazonaws.com/b/t.yaml' }))
        .message,
    ).toMatch(/^TemplateURL is not supported by this sandbox/);
    expect((await rejects('UpdateStack', { StackName: 'demo', TemplateBody: NETWORK })).message).toMatch(
      /^Stack:arn:aws:cloudformation:.* is in CREATE_IN_PROGRESS state and can not be updated\.$/,
    );
    expect(
      (
        await rejects('CreateStack', {
          StackName: 'x',
          TemplateBody: NETWORK,
          Parameters: [{ ParameterKey: 'Nope', ParameterValue: '1' }],
        })
      ).message,
    ).toBe('Parameters: [Nope] do not exist in the template');
    const iam =
      'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r\n      AssumeRolePolicyDocument: {}\n';
    const err = await rejects('CreateStack', {
      StackName: 'iam',
      TemplateBody: iam,
      Capabilities: ['CAPABILITY_IAM'],
    });
    expect([err.code, err.message]).toEqual([
      'InsufficientCapabilitiesException',
      'Requires capabilities : [CAPABILITY_NAMED_IAM]',
    ]);
    expect(log.calls).toEqual(['create:Net', 'create:BoxA', 'create:BoxB', 'create:Link']);
  });
});

describe('stack deletion', () => {
  it('deletes in reverse dependency order, keeps the stack findable by id only, and is idempotent', async () => {
    const { StackId } = await call('CreateStack', { StackName: 'demo', TemplateBody: NETWORK });
    world.settle();
    log.calls.length = 0;
    await call('DeleteStack', { StackName: 'demo' });
    expect(log.calls[0]).toBe('delete:Link');
    expect(log.calls.at(-1)).toBe('delete:Net');
    expect(log.alive.size).toBe(0);
    expect(await status('demo')).toBe('DELETE_IN_PROGRESS');
    world.settle();
    expect((await rejects('DescribeStacks', { StackName: 'demo' })).message).toBe(
      'Stack with id demo does not exist',
    );
    const byId = (await call('DescribeStacks', { StackName: StackId })).Stacks[0];
    expect(byId.StackStatus).toBe('DELETE_COMPLETE');
    expect(byId.DeletionTime).toBeInstanceOf(Date);
    expect(await call('DeleteStack', { StackName: 'demo' })).toEqual({});
    expect(await call('DeleteStack', { StackName: StackId })).toEqual({});
    expect(log.calls.filter((c) => c.startsWith('delete')).length).toBe(4);
    const ev = await events(StackId);
    expect(ev.at(-1)).toBe('demo DELETE_COMPLETE');
    // The name is free again.
    await call('CreateStack', { StackName: 'demo', TemplateBody: NETWORK });
  });

  it('will not delete an export another stack imports', async () => {
    await call('CreateStack', { StackName: 'demo', TemplateBody: NETWORK });
    world.settle();
    const importer =
      'Resources:\n  Box:\n    Type: Custom::Box\n    Properties:\n      Echo: !ImportValue demo-net\n';
    await call('CreateStack', { StackName: 'user', TemplateBody: importer });
    world.settle();
    expect(await status('user')).toBe('CREATE_COMPLETE');
    // As AWS: the call is taken, the stack goes back to where it was with the reason, nothing is deleted.
    const deletesBefore = log.calls.length;
    await call('DeleteStack', { StackName: 'demo' });
    world.settle();
    expect(await status('demo')).toBe('CREATE_COMPLETE');
    const stack = (await call('DescribeStacks', { StackName: 'demo' })).Stacks[0];
    expect(stack.StackStatusReason).toBe('Export demo-net cannot be deleted as it is in use by user');
    expect((await events('demo')).slice(-2)).toEqual([
      'demo DELETE_IN_PROGRESS User Initiated',
      'demo CREATE_COMPLETE Export demo-net cannot be deleted as it is in use by user',
    ]);
    expect(log.calls.slice(deletesBefore)).toEqual([]);
    await call('CreateStack', { StackName: 'user2', TemplateBody: importer });
    world.settle();
    await call('DeleteStack', { StackName: 'demo' });
    world.settle();
    expect((await events('demo')).at(-1)).toBe(
      'demo CREATE_COMPLETE Export demo-net cannot be deleted as it is in use by user and user2',
    );
    await call('DeleteStack', { StackName: 'user2' });
    world.settle();
    expect(await call('ListExports', {})).toEqual({
      Exports: [
        { ExportingStackId: expect.stringMatching(/stack\/demo\//), Name: 'demo-net', Value: 'net-1' },
      ],
    });
    expect(await call('ListImports', { ExportName: 'demo-net' })).toEqual({ Imports: ['user'] });
    await call('UpdateTerminationProtection', { StackName: 'user', EnableTerminationProtection: true });
    expect((await rejects('DeleteStack', { StackName: 'user' })).message).toBe(
      'Stack [user] cannot be deleted while TerminationProtection is enabled',
    );
  });
});

describe('stack updates', () => {
  it('says when there is nothing to update, and updates, adds and removes resources', async () => {
    await call('CreateStack', { StackName: 'demo', TemplateBody: NETWORK });
    world.settle();
    expect((await rejects('UpdateStack', { StackName: 'demo', TemplateBody: NETWORK })).message).toBe(
      'No updates are to be performed.',
    );
    log.calls.length = 0;
    const changed = NETWORK.replace('Echo: link', 'Echo: link2')
      .replace('DependsOn: [BoxA, BoxB]', 'DependsOn: [BoxA]')
      .replace(/ {2}BoxB:\n.*\n.*\n.*Net\.Id\n/, '');
    await call('UpdateStack', {
      StackName: 'demo',
      TemplateBody: changed,
      Parameters: [{ ParameterKey: 'Name', UsePreviousValue: true }],
    });
    expect(log.calls).toEqual(['update:Link', 'delete:BoxB']);
    world.settle();
    expect(await status('demo')).toBe('UPDATE_COMPLETE');
    const outputs = (await call('DescribeStacks', { StackName: 'demo' })).Stacks[0].Outputs;
    expect(outputs.find((o: Props) => o.OutputKey === 'LinkEcho').OutputValue).toBe('link2');
    const ev = await events('demo');
    expect(ev.slice(-5)).toEqual([
      'Link UPDATE_COMPLETE',
      'demo UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'BoxB DELETE_IN_PROGRESS',
      'BoxB DELETE_COMPLETE',
      'demo UPDATE_COMPLETE',
    ]);
  });

  it('rolls an update back when a resource fails', async () => {
    await call('CreateStack', { StackName: 'demo', TemplateBody: NETWORK });
    world.settle();
    const broken = `${NETWORK.replace('Outputs:', '  Extra:\n    Type: Custom::Box\n    Properties:\n      Fail: true\nOutputs:')}`;
    await call('UpdateStack', { StackName: 'demo', TemplateBody: broken });
    world.settle();
    expect(await status('demo')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect((await call('GetTemplate', { StackName: 'demo' })).TemplateBody).toBe(NETWORK);
    expect(log.alive.size).toBe(4);
  });
});

describe('ValidateTemplate', () => {
  it('returns parameters, description and capabilities', async () => {
    const body = `${NETWORK}  Role:\n    Value: x\n`.replace(
      'Resources:',
      'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}',
    );
    expect(await call('ValidateTemplate', { TemplateBody: body })).toEqual({
      Parameters: [{ ParameterKey: 'Name', DefaultValue: 'demo', NoEcho: false }],
      Description: 'three boxes on a net',
      Capabilities: ['CAPABILITY_IAM'],
      CapabilitiesReason: 'The following resource(s) require capabilities: [AWS::IAM::Role]',
      DeclaredTransforms: [],
    });
    const unknownType = await rejects('ValidateTemplate', {
      TemplateBody: 'Resources:\n  A:\n    Type: AWS::Nope::Thing\n',
    });
    // AWS's message as it is; where the problem is comes as the sandbox's hint.
    expect(unknownType.message).toBe(
      'Template format error: Unrecognized resource types: [AWS::Nope::Thing]',
    );
    expect(unknownType.hint).toBe('at Resources.A.Type, line 3, column 5');
  });
});

describe('event pages while the stack works', () => {
  it('does not hand out an event again when newer events arrive between two page requests', async () => {
    world.ctx.pageSize = 1;
    await call('CreateStack', { StackName: 'demo', TemplateBody: NETWORK });
    world.advance(10);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = await call('DescribeStackEvents', { StackName: 'demo', NextToken: token });
      seen.push(...(out.StackEvents as Props[]).map((e) => e.EventId as string));
      token = out.NextToken;
      // The stack goes on between two pages: newer events are added at the head of the list.
      world.advance(20);
    } while (token);
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
