import { describe, expect, it } from 'vitest';
import { decodeReceiptHandle, encodeReceiptHandle } from './receipt';
import { seededRng } from './testing';

describe('receipt handles', () => {
  const id = '87674bd6-168c-4e2f-bae1-04a38d354979';

  it('round-trips, looks like AWS handles and does not reveal the message id', () => {
    const handle = encodeReceiptHandle('secret', { messageId: id, serial: 42 }, seededRng(1));
    expect(handle).toMatch(/^AQEB[A-Za-z0-9+/]{176,}={0,2}$/);
    expect(Buffer.from(handle, 'base64').includes(Buffer.from(id))).toBe(false);
    expect(decodeReceiptHandle('secret', handle)).toEqual({ messageId: id, serial: 42 });
  });

  it('refuses handles of another queue and altered handles', () => {
    const handle = encodeReceiptHandle('secret', { messageId: id, serial: 1 }, seededRng(2));
    expect(decodeReceiptHandle('other', handle)).toBeUndefined();
    const bytes = Buffer.from(handle, 'base64');
    bytes[40] = (bytes[40] ?? 0) ^ 1;
    expect(decodeReceiptHandle('secret', bytes.toString('base64'))).toBeUndefined();
    expect(decodeReceiptHandle('secret', 'AQEBxyz')).toBeUndefined();
    expect(decodeReceiptHandle('secret', 'not base64!')).toBeUndefined();
  });
});
