import { describe, expect, it } from 'vitest';
import { md5Hex, md5OfAttributes } from './md5';

describe('MD5 digests as SQS computes them', () => {
  it('hashes the UTF-8 body (the blog send-message output)', () => {
    expect(md5Hex(Buffer.from('1回目のメッセージ送信です。今は18:00:17です。', 'utf8'))).toBe(
      '8cfebdc11d8f69f86f5b9e6ebb3b498c',
    );
    expect(md5Hex(Buffer.from('9回目のメッセージ送信です。今は18:00:25です。', 'utf8'))).toBe(
      '14ce526cc7ccda226024934d5f854684',
    );
  });

  // Digests below were returned by SQS itself for these attributes (recorded AWS responses).
  it.each([
    [{ k: { DataType: 'String', StringValue: 'x' } }, 'a45daa70926828a2f0a1db3418e6feb4'],
    [{ MyAttribute: { DataType: 'String', StringValue: 'foobar' } }, 'adb59cd4678ea5a855436b949cd07ab6'],
    [{ Foo: { DataType: 'String', StringValue: 'Bar' } }, 'ae7155c6026991b6d54b11589678bf9c'],
    [
      {
        Hello: { DataType: 'String', StringValue: 'There' },
        General: { DataType: 'String', StringValue: 'Kenobi' },
        'Help.Me': { DataType: 'String', StringValue: 'Me' },
      },
      '4c360f3fdafd970e05fae2f149d997f5',
    ],
    [
      {
        Hello: { DataType: 'String', StringValue: 'There' },
        General: { DataType: 'String', StringValue: 'Kenobi' },
      },
      'fca026605781cb4126a1e9044df24232',
    ],
    [
      {
        attr1: {
          DataType: 'Binary',
          BinaryValue: Buffer.from(
            'traceparent\x1e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01',
            'latin1',
          ).toString('base64'),
        },
      },
      '8cbe4db156db8a94db8b801b7addb984',
    ],
  ])('attributes %j → %s', (attributes, expected) => {
    expect(md5OfAttributes(attributes)).toBe(expected);
  });

  it('has no digest for no attributes', () => {
    expect(md5OfAttributes({})).toBeUndefined();
  });
});
