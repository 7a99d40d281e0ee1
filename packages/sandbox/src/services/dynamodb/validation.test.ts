import { describe, expect, it } from 'vitest';
import { testContext } from '../sqs/testing';
import dynamodb from './index';

/* Inputs an attacker or a careless script sends, answered with DynamoDB's ValidationException and limits. */

async function world() {
  const t = testContext(1, Date.UTC(2021, 5, 19));
  // biome-ignore lint/suspicious/noExplicitAny: model-shaped answers read loosely
  const call = async (op: string, input: Record<string, unknown>): Promise<any> =>
    (dynamodb.operations[op] as (ctx: unknown, input: unknown) => unknown)(t.ctx(op), input);
  await call('CreateTable', {
    TableName: 'guarded',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  t.advance(5_000);
  const put = (Item: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    call('PutItem', { TableName: 'guarded', Item: { pk: { S: 'k' }, ...Item }, ...extra });
  return { t, call, put };
}

describe('DynamoDB input validation', () => {
  it('refuses malformed attribute values', async () => {
    const { put } = await world();
    await expect(put({ a: { S: 'x', N: '1' } })).rejects.toThrow(
      'must contain exactly one of the supported datatypes',
    );
    await expect(put({ a: {} })).rejects.toThrow('must contain exactly one of the supported datatypes');
    await expect(put({ a: { SS: [] } })).rejects.toThrow('An string set  may not be empty');
    await expect(put({ a: { SS: ['x', 'x'] } })).rejects.toThrow('Input collection contains duplicates');
    await expect(put({ a: { N: 'twelve' } })).rejects.toThrow('cannot be converted to a numeric value');
    await expect(put({ a: { N: '1'.repeat(39) } })).rejects.toThrow('more than 38 significant digits');
    await expect(put({ a: { N: '1e200' } })).rejects.toThrow('Number overflow');
    let deep: Record<string, unknown> = { S: 'leaf' };
    for (let i = 0; i < 40; i++) deep = { L: [deep] };
    await expect(put({ a: deep })).rejects.toThrow('Nesting Levels have exceeded supported limits');
  });

  it('refuses oversized items and expressions, and keys that do not match the schema', async () => {
    const { put, call } = await world();
    await expect(put({ a: { S: 'x'.repeat(400 * 1024) } })).rejects.toThrow(
      'Item size has exceeded the maximum allowed size',
    );
    await expect(
      put(
        {},
        {
          ConditionExpression: `attribute_not_exists(pk) AND ${'attribute_exists(a) AND '.repeat(200)}attribute_exists(b)`,
        },
      ),
    ).rejects.toThrow('Expression size has exceeded the maximum allowed size');
    await expect(put({}, { ConditionExpression: 'a = :missing' })).rejects.toThrow(
      'attribute value: :missing',
    );
    await expect(
      put({}, { ConditionExpression: 'a = :v OR b = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } }),
    ).rejects.toThrow('the sandbox evaluates AND-joined comparisons');
    await expect(
      put(
        {},
        {
          ExpressionAttributeValues: { ':unused': { S: 'x' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      ),
    ).rejects.toThrow('unused in expressions: keys: {:unused}');
    await expect(
      call('GetItem', { TableName: 'guarded', Key: { pk: { S: 'k' }, extra: { S: 'x' } } }),
    ).rejects.toThrow('The provided key element does not match the schema');
    await expect(call('PutItem', { TableName: 'guarded', Item: { pk: { S: '' } } })).rejects.toThrow(
      'cannot contain an empty string value',
    );
    await expect(call('GetItem', { TableName: 'nope', Key: { pk: { S: 'k' } } })).rejects.toThrow(
      'Requested resource not found',
    );
  });
});
