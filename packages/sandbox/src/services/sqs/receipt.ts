import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import type { Rng } from '../../core/types';

/*
 * Receipt handles look like AWS's (base64 starting "AQEB", ~180 characters, opaque) and carry what the queue
 * needs to find the receive they came from: the message id and the receive's serial. They are encrypted and
 * authenticated with the queue's secret (a synthetic-IV construction: the HMAC of the plaintext is also the
 * AES-CTR counter block), so a handle this queue never issued fails the check (ReceiptHandleIsInvalid)
 * without the queue remembering every handle it ever gave out.
 */

const PREFIX = Buffer.from([1, 1, 1]); // base64 "AQEB"
const TAG_BYTES = 16;
const PADDING_BYTES = 99;

export interface ReceiptHandleData {
  messageId: string;
  serial: number;
}

/** Derived keys by queue secret: two hashes per handle otherwise. Bounded; a queue's keys never change. */
const derived = new Map<string, { mac: Buffer; enc: Buffer }>();
const DERIVED_LIMIT = 1024;

function keys(secret: string): { mac: Buffer; enc: Buffer } {
  let found = derived.get(secret);
  if (!found) {
    if (derived.size >= DERIVED_LIMIT) derived.clear();
    found = {
      mac: createHash('sha256').update(`mac:${secret}`).digest(),
      enc: createHash('sha256').update(`enc:${secret}`).digest(),
    };
    derived.set(secret, found);
  }
  return found;
}

function tag(key: Buffer, plain: Buffer): Buffer {
  return createHmac('sha256', key).update(plain).digest().subarray(0, TAG_BYTES);
}

export function encodeReceiptHandle(secret: string, data: ReceiptHandleData, rng: Rng): string {
  const { mac, enc } = keys(secret);
  const id = Buffer.from(data.messageId, 'utf8');
  const serial = Buffer.alloc(4);
  serial.writeUInt32BE(data.serial >>> 0, 0);
  const padding = Buffer.from(Array.from({ length: PADDING_BYTES }, () => rng.int(0, 255)));
  const plain = Buffer.concat([Buffer.from([id.length]), id, serial, padding]);
  const iv = tag(mac, plain);
  const cipher = createCipheriv('aes-256-ctr', enc, iv);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([PREFIX, iv, sealed]).toString('base64');
}

/** The handle's contents, or undefined when this queue did not issue it. */
export function decodeReceiptHandle(secret: string, handle: string): ReceiptHandleData | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const bytes = Buffer.from(handle, 'base64');
  if (bytes.length < PREFIX.length + TAG_BYTES + 6 || !bytes.subarray(0, 3).equals(PREFIX)) return undefined;
  const { mac, enc } = keys(secret);
  const iv = bytes.subarray(3, 3 + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-ctr', enc, iv);
  const plain = Buffer.concat([decipher.update(bytes.subarray(3 + TAG_BYTES)), decipher.final()]);
  if (!tag(mac, plain).equals(iv)) return undefined;
  const idLength = plain[0] ?? 0;
  if (plain.length < 1 + idLength + 4) return undefined;
  return {
    messageId: plain.subarray(1, 1 + idLength).toString('utf8'),
    serial: plain.readUInt32BE(1 + idLength),
  };
}
