import { CreateUserCommand, DeleteUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompletedRequest, type Handler, type RunningSandbox, startSandbox } from '../src/index.js';
import { fakeIam } from './support/fake-services.js';

/* The core's hook that hands each completed request to the observers (the CloudTrail recorder). */

const seen: CompletedRequest[] = [];
let failing = false;
const observer = (_state: unknown, req: CompletedRequest) => {
  seen.push(req);
  if (failing) throw new Error('observer broke');
};

// GetUser for "nested" calls DeleteUser inside the handler, as CloudFormation calls other services.
const iamWithNestedCall = {
  ...fakeIam,
  observer,
  operations: {
    ...fakeIam.operations,
    CreateUser: (async (ctx, input) => {
      if (input.UserName === 'nested') await ctx.call('iam', 'DeleteUser', { UserName: 'inner' });
      return (fakeIam.operations.CreateUser as Handler)(ctx, input);
    }) as Handler,
  },
};

let sb: RunningSandbox;
let iam: IAMClient;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, discover: false, services: [iamWithNestedCall], seed: 3 });
  iam = new IAMClient({
    endpoint: sb.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDOBSERVED', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  await sb?.close();
});

describe('request observers', () => {
  it('see a completed request with who, where from, what and the answer', async () => {
    seen.length = 0;
    await iam.send(new GetUserCommand({ UserName: 'alice' }));
    expect(seen).toHaveLength(1);
    const req = seen[0]!;
    expect(req).toMatchObject({
      service: 'iam',
      operation: 'GetUser',
      input: { UserName: 'alice' },
      region: 'us-east-1',
      readOnly: true,
      sourceIpAddress: '127.0.0.1',
      principal: { type: 'root', accessKeyId: 'AKIDOBSERVED' },
      output: { User: { UserName: 'alice' } },
    });
    expect(req.userAgent).toMatch(/aws-sdk-js/);
    expect(req.time).toBeInstanceOf(Date);
    expect(req.error).toBeUndefined();
  });

  it('see failures with the AWS error code and message', async () => {
    seen.length = 0;
    await expect(iam.send(new GetUserCommand({ UserName: 'missing' }))).rejects.toThrow();
    expect(seen[0]?.error).toEqual({
      code: 'NoSuchEntity',
      message: 'The user with name missing cannot be found.',
    });
    expect(seen[0]?.output).toBeUndefined();
  });

  it('see only the request the client made, not the calls a handler makes inside it', async () => {
    seen.length = 0;
    await iam.send(new CreateUserCommand({ UserName: 'nested' }));
    expect(seen.map((r) => r.operation)).toEqual(['CreateUser']);
    expect(seen[0]?.readOnly).toBe(false);
  });

  it('cannot change the answer by failing', async () => {
    failing = true;
    try {
      seen.length = 0;
      const out = await iam.send(new DeleteUserCommand({ UserName: 'bob' }));
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(seen).toHaveLength(1);
    } finally {
      failing = false;
    }
  });
});
