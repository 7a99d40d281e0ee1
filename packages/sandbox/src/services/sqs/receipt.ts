import { createHmac } from 'node:crypto';
import type { Rng } from '../../core/types';

/*
 * Receipt handles look like AWS's (base64 starting "AQEB", ~180 characters) and carry what the queue needs to
 * find the receive they came from: the message id and the receive's serial, signed with the queue's secret.
 * A handle that was never issued by this queue fails the signature check (ReceiptHandleIsInvalid) without the
 * queue having to remember every handle it ever gave out.
 */

const PREFIX = Buffer.from([1, 1, 1]); // base64 "AQEB"
const MAC_BYTES = 12;
const PADDING_BYTES = 103;

export interface ReceiptHandleData {
  messageId: string;
  serial: number;
}

function mac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);
}

export function encodeReceiptHandle(secret: string, data: ReceiptHandleData, rng: Rng): string {
  const id = Buffer.from(data.messageId, 'utf8');
  const serial = Buffer.alloc(4);
  serial.writeUInt32BE(data.serial >>> 0, 0);
  const padding = Buffer.from(Array.from({ length: PADDING_BYTES }, () => rng.int(0, 255)));
  const body = Buffer.concat([Buffer.from([id.length]), id, serial, padding]);
  return Buffer.concat([PREFIX, mac(secret, body), body]).toString('base64');
}

/** The handle's contents, or undefined when this queue did not issue it. */
export function decodeReceiptHandle(secret: string, handle: string): ReceiptHandleData | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const bytes = Buffer.from(handle, 'base64');
  if (bytes.length < PREFIX.length + MAC_BYTES + 6 || !bytes.subarray(0, 3).equals(PREFIX)) return undefined;
  const signature = bytes.subarray(3, 3 + MAC_BYTES);
  const body = bytes.subarray(3 + MAC_BYTES);
  if (!mac(secret, body).equals(signature)) return undefined;
  const idLength = body[0] ?? 0;
  if (body.length < 1 + idLength + 4) return undefined;
  return {
    messageId: body.subarray(1, 1 + idLength).toString('utf8'),
    serial: body.readUInt32BE(1 + idLength),
  };
}
