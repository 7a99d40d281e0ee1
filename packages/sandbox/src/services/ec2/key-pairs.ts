import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
} from 'node:crypto';
import { AwsError, type Handler } from '../../core/types';
import { invalidParameterValue, stringList } from './errors';
import { applyFilters, type Filter } from './filters';
import { newId } from './ids';
import { type Ec2State, ec2State, type KeyPairRecord } from './state';
import { applyTagSpecifications, tagsOf } from './tags';
import { ec2Now } from './time';

/** Colon-separated lowercase hex, the way EC2 prints RSA fingerprints. */
function colonHex(digest: Buffer): string {
  return digest.toString('hex').match(/../g)!.join(':');
}

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An RSA public key in OpenSSH's one-line format (`ssh-rsa AAAA…`), built from the key's JWK members. */
function opensshRsaPublicKey(jwk: JsonWebKey, comment: string): string {
  // mpint: big-endian, with a leading zero byte when the top bit is set.
  const mpint = (b64url: string) => {
    const raw = Buffer.from(b64url, 'base64url');
    return sshString(raw[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}

function readSshStrings(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  while (offset + 4 <= blob.length) {
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) throw new Error('truncated');
    out.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  if (offset !== blob.length) throw new Error('trailing bytes');
  return out;
}

function badFormat(): AwsError {
  return new AwsError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format');
}

/** Parses an OpenSSH (`ssh-rsa AAAA… comment`) or RFC 4716 public key; returns its type, fingerprint and text. */
function parsePublicKey(material: unknown): { type: string; fingerprint: string; text: string } {
  const raw =
    Buffer.isBuffer(material) || material instanceof Uint8Array
      ? Buffer.from(material).toString('utf8')
      : String(material ?? '');
  let text = raw.trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && !text.includes(' ')) {
    // The key material may arrive base64-encoded once more (clients that encode blobs themselves).
    const decoded = Buffer.from(text, 'base64').toString('utf8').trim();
    if (decoded.startsWith('ssh-') || decoded.startsWith('---- BEGIN')) text = decoded;
  }
  let type: string;
  let body: string;
  let comment = '';
  if (text.startsWith('---- BEGIN SSH2 PUBLIC KEY ----')) {
    const lines = text.split(/\r?\n/).filter((l) => !l.startsWith('----') && !/^[A-Za-z-]+:/.test(l));
    body = lines.join('');
    type = readSshStringsSafe(Buffer.from(body, 'base64'))[0]?.toString() ?? '';
  } else {
    const parts = text.split(/\s+/);
    [type, body] = [parts[0] ?? '', parts[1] ?? ''];
    comment = parts.slice(2).join(' ');
  }
  const blob = Buffer.from(body, 'base64');
  const fields = readSshStringsSafe(blob);
  if (fields[0]?.toString() !== type) throw badFormat();
  if (type === 'ssh-rsa' && fields.length === 3) {
    const [e, n] = [fields[1]!, fields[2]!];
    const strip = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);
    const key = createPublicKey({
      key: { kty: 'RSA', e: strip(e).toString('base64url'), n: strip(n).toString('base64url') },
      format: 'jwk',
    });
    // Imported RSA keys: MD5 of the DER public key, as EC2 documents.
    const der = key.export({ format: 'der', type: 'spki' });
    return {
      type: 'rsa',
      fingerprint: colonHex(createHash('md5').update(der).digest()),
      text: `ssh-rsa ${body}${comment ? ` ${comment}` : ''}`,
    };
  }
  if (type === 'ssh-ed25519' && fields.length === 2 && fields[1]!.length === 32) {
    return {
      type: 'ed25519',
      fingerprint: createHash('sha256').update(blob).digest('base64'),
      text: `ssh-ed25519 ${body}${comment ? ` ${comment}` : ''}`,
    };
  }
  throw badFormat();
}

function readSshStringsSafe(blob: Buffer): Buffer[] {
  try {
    return readSshStrings(blob);
  } catch {
    throw badFormat();
  }
}

/*
 * Key generation asks Node for encoded keys (DER), never for KeyObjects. A KeyObject from
 * generateKeyPairSync shares a lock with the generation job, whose destructor takes that lock when the garbage
 * collector frees it; Node 20's JWK export holds the lock while it allocates, so a collection at that moment
 * froze the whole process for good (seen in a test run: every thread parked, the request never answered).
 * Encoded output is made while the job is still alive, and a key imported from it has a lock of its own.
 * key-generation.test.ts holds every generateKeyPair call in the project to this.
 */

/**
 * EC2 hands out RSA keys as PKCS#1 PEM ("BEGIN RSA PRIVATE KEY") and fingerprints created RSA keys with SHA-1
 * of the PKCS#8 DER private key.
 */
function rsaKey(name: string) {
  const { privateKey: der, publicKey: spki } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { format: 'der', type: 'spki' },
    privateKeyEncoding: { format: 'der', type: 'pkcs8' },
  });
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return {
    material: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString().trimEnd(),
    fingerprint: colonHex(createHash('sha1').update(der).digest()),
    publicKey: opensshRsaPublicKey(jwk, name),
  };
}

/**
 * ED25519 keys come in OpenSSH's own private key format (openssh-key-v1, unencrypted), which Node cannot
 * write, so it is assembled here; the fingerprint is the base64 SHA-256 of the public key blob.
 */
function ed25519Key(name: string, checkint: number) {
  const { privateKey: der } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { format: 'der', type: 'spki' },
    privateKeyEncoding: { format: 'der', type: 'pkcs8' },
  });
  const jwk = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d!, 'base64url');
  const pub = Buffer.from(jwk.x!, 'base64url');
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(pub)]);
  const check = Buffer.alloc(8);
  check.writeUInt32BE(checkint >>> 0, 0);
  check.writeUInt32BE(checkint >>> 0, 4);
  let section = Buffer.concat([
    check,
    sshString(Buffer.from('ssh-ed25519')),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(Buffer.from(name)),
  ]);
  const padding = Buffer.from(Array.from({ length: (8 - (section.length % 8)) % 8 }, (_, i) => i + 1));
  section = Buffer.concat([section, padding]);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString(Buffer.from('none')),
    sshString(Buffer.from('none')),
    sshString(Buffer.alloc(0)),
    count,
    sshString(blob),
    sshString(section),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g)!;
  return {
    material: ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----'].join(
      '\n',
    ),
    fingerprint: createHash('sha256').update(blob).digest('base64'),
    publicKey: `ssh-ed25519 ${blob.toString('base64')} ${name}`,
  };
}

function checkName(state: Ec2State, name: unknown): string {
  const text = String(name ?? '');
  if (text === '' || text.length > 255 || !/^[\x20-\x7e]+$/.test(text)) {
    throw invalidParameterValue(
      `Value (${text}) for parameter keyName is invalid. Length exceeds maximum of 255 or contains non-ASCII characters.`,
    );
  }
  if (state.keyPairs[text])
    throw new AwsError('InvalidKeyPair.Duplicate', `The keypair '${text}' already exists.`);
  return text;
}

function keyPairView(state: Ec2State, key: KeyPairRecord, includePublicKey: boolean) {
  return {
    KeyPairId: key.KeyPairId,
    KeyFingerprint: key.KeyFingerprint,
    KeyName: key.KeyName,
    KeyType: key.KeyType,
    Tags: tagsOf(state, key.KeyPairId),
    ...(includePublicKey ? { PublicKey: key.PublicKey } : {}),
    CreateTime: key.CreateTime,
  };
}

export const keyPairOperations: Record<string, Handler> = {
  CreateKeyPair(ctx, input) {
    const state = ec2State(ctx);
    const name = checkName(state, input.KeyName);
    const type = String(input.KeyType ?? 'rsa');
    const format = String(input.KeyFormat ?? 'pem');
    if (type !== 'rsa' && type !== 'ed25519') {
      throw invalidParameterValue(
        `Value (${type}) for parameter keyType is invalid. Valid values: rsa, ed25519.`,
      );
    }
    if (format !== 'pem')
      throw new AwsError('UnsupportedOperation', `The sandbox returns pem key material only, not ${format}.`);
    const made = type === 'rsa' ? rsaKey(name) : ed25519Key(name, ctx.rng.int(0, 0xffffffff));
    const key: KeyPairRecord = {
      KeyPairId: newId(ctx, 'key'),
      KeyName: name,
      KeyFingerprint: made.fingerprint,
      KeyType: type,
      PublicKey: made.publicKey,
      CreateTime: ec2Now(ctx),
    };
    applyTagSpecifications(state, key.KeyPairId, input.TagSpecifications, 'key-pair');
    state.keyPairs[name] = key;
    const tags = tagsOf(state, key.KeyPairId);
    return {
      KeyFingerprint: key.KeyFingerprint,
      KeyMaterial: made.material,
      KeyName: name,
      KeyPairId: key.KeyPairId,
      ...(tags.length > 0 ? { Tags: tags } : {}),
    };
  },
  ImportKeyPair(ctx, input) {
    const state = ec2State(ctx);
    const name = checkName(state, input.KeyName);
    const parsed = parsePublicKey(input.PublicKeyMaterial);
    const key: KeyPairRecord = {
      KeyPairId: newId(ctx, 'key'),
      KeyName: name,
      KeyFingerprint: parsed.fingerprint,
      KeyType: parsed.type,
      PublicKey: parsed.text,
      CreateTime: ec2Now(ctx),
    };
    applyTagSpecifications(state, key.KeyPairId, input.TagSpecifications, 'key-pair');
    state.keyPairs[name] = key;
    const tags = tagsOf(state, key.KeyPairId);
    return {
      KeyFingerprint: key.KeyFingerprint,
      KeyName: name,
      KeyPairId: key.KeyPairId,
      ...(tags.length > 0 ? { Tags: tags } : {}),
    };
  },
  DescribeKeyPairs(ctx, input) {
    const state = ec2State(ctx);
    const names = stringList(input.KeyNames);
    const ids = stringList(input.KeyPairIds);
    const keys = Object.values(state.keyPairs);
    for (const name of names) {
      if (!state.keyPairs[name])
        throw new AwsError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);
    }
    for (const id of ids) {
      if (!keys.some((k) => k.KeyPairId === id))
        throw new AwsError('InvalidKeyPair.NotFound', `The key pair ID '${id}' does not exist`);
    }
    const picked = keys.filter(
      (k) =>
        (names.length === 0 || names.includes(k.KeyName)) && (ids.length === 0 || ids.includes(k.KeyPairId)),
    );
    const filtered = applyFilters(
      picked,
      input.Filters as Filter[] | undefined,
      {
        'key-pair-id': (k) => k.KeyPairId,
        'key-name': (k) => k.KeyName,
        fingerprint: (k) => k.KeyFingerprint,
        'key-type': (k) => k.KeyType,
      },
      (k) => state.tags[k.KeyPairId],
    );
    return { KeyPairs: filtered.map((k) => keyPairView(state, k, input.IncludePublicKey === true)) };
  },
  DeleteKeyPair(ctx, input) {
    const state = ec2State(ctx);
    let key: KeyPairRecord | undefined;
    if (input.KeyPairId !== undefined) {
      key = Object.values(state.keyPairs).find((k) => k.KeyPairId === String(input.KeyPairId));
      if (!key)
        throw new AwsError(
          'InvalidKeyPair.NotFound',
          `The key pair ID '${String(input.KeyPairId)}' does not exist`,
        );
    } else if (input.KeyName !== undefined) {
      key = state.keyPairs[String(input.KeyName)];
    } else {
      throw new AwsError('MissingParameter', 'The request must contain the parameter KeyName or KeyPairId');
    }
    // Deleting a key name that does not exist succeeds, as on EC2.
    if (key) {
      delete state.keyPairs[key.KeyName];
      delete state.tags[key.KeyPairId];
    }
    return { Return: true, ...(key ? { KeyPairId: key.KeyPairId } : {}) };
  },
};
