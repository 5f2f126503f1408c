import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  generateSigningKeyPair,
  keyIdOf,
  parseSigningKey,
  publicKeyObject,
  readPublicKeyFile,
  readSigningKeyFile,
  signBytes,
  verifyBytes,
  type SigningKey,
} from '../../../main/services/sync/catalogue-signing';
import { UserError } from '../../../main/services/user-error';

// RFC 8032, section 7.1, TEST 1 (empty message), as base64url.
const RFC_SECRET = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';
const RFC_PUBLIC = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const RFC_SIGNATURE =
  '5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc-bRr0lv18FlbviRlUUFDjnoQCw';
// `echo d75a…511a | xxd -r -p | sha256sum`, first 16 hex digits.
const RFC_KEY_ID = '21fe31dfa154a261';

function rfcKey(): SigningKey {
  const privateKey = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: RFC_SECRET, x: RFC_PUBLIC },
    format: 'jwk',
  });
  return { keyId: RFC_KEY_ID, publicKey: RFC_PUBLIC, privateKey };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-signing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Ed25519 with node:crypto', () => {
  it('gives the RFC 8032 signature of the empty message', () => {
    expect(signBytes(rfcKey(), new Uint8Array())).toBe(RFC_SIGNATURE);
    expect(verifyBytes(RFC_PUBLIC, new Uint8Array(), RFC_SIGNATURE)).toBe(true);
  });

  it('refuses the signature of another message, a bad key or a bad signature', () => {
    expect(verifyBytes(RFC_PUBLIC, Buffer.from('x'), RFC_SIGNATURE)).toBe(false);
    const other = generateSigningKeyPair().publicKey;
    expect(verifyBytes(other, new Uint8Array(), RFC_SIGNATURE)).toBe(false);
    expect(verifyBytes('pas-une-cle', new Uint8Array(), RFC_SIGNATURE)).toBe(false);
    expect(verifyBytes(RFC_PUBLIC, new Uint8Array(), 'abc')).toBe(false);
  });

  it('names a key by the first 16 hex digits of the SHA-256 of its raw bytes', () => {
    expect(keyIdOf(RFC_PUBLIC)).toBe(RFC_KEY_ID);
  });

  it('accepts only 32-byte base64url public keys', () => {
    expect(publicKeyObject(RFC_PUBLIC)?.asymmetricKeyType).toBe('ed25519');
    expect(publicKeyObject(`${RFC_PUBLIC}=`)).toBeNull();
    expect(publicKeyObject(RFC_PUBLIC.slice(1))).toBeNull();
  });
});

describe('key files', () => {
  it('reads back the pair keygen writes, with the same id', () => {
    const pair = generateSigningKeyPair();
    expect(pair.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    writeFileSync(join(dir, 'cle.pem'), pair.privateKeyPem);
    writeFileSync(join(dir, 'cle.pub.pem'), pair.publicKeyPem);
    const key = readSigningKeyFile(join(dir, 'cle.pem'));
    expect(key.keyId).toBe(pair.keyId);
    expect(readPublicKeyFile(join(dir, 'cle.pub.pem'))).toEqual({
      keyId: pair.keyId,
      publicKey: pair.publicKey,
    });
    const signature = signBytes(key, Buffer.from('manifeste'));
    expect(verifyBytes(pair.publicKey, Buffer.from('manifeste'), signature)).toBe(true);
  });

  it('refuses to trust a private key given as the public one', () => {
    const pair = generateSigningKeyPair();
    writeFileSync(join(dir, 'cle-privee.pem'), pair.privateKeyPem);
    expect(() => readPublicKeyFile(join(dir, 'cle-privee.pem'))).toThrow(
      'Le fichier « cle-privee.pem » est une clé privée, pas une clé publique : elle ' +
        'doit rester chez l’éditeur du catalogue. Indiquez le fichier ' +
        'cle-publique-….pem qu’il vous a remis.',
    );
  });

  it('reads a bare base64url public key as a manifest shows it', () => {
    writeFileSync(join(dir, 'brute.txt'), `${RFC_PUBLIC}\n`);
    expect(readPublicKeyFile(join(dir, 'brute.txt'))).toEqual({
      keyId: RFC_KEY_ID,
      publicKey: RFC_PUBLIC,
    });
  });

  it('refuses a file that is no key, or a key of another kind, naming the file', () => {
    writeFileSync(join(dir, 'notes.txt'), 'bonjour');
    expect(() => readPublicKeyFile(join(dir, 'notes.txt'))).toThrow(
      /^Le fichier « notes\.txt » n’est pas une clé publique Ed25519/,
    );
    expect(() => readSigningKeyFile(join(dir, 'notes.txt'))).toThrow(
      /^Le fichier « notes\.txt » n’est pas une clé privée PEM/,
    );
    expect(() => readSigningKeyFile(join(dir, 'absente.pem'))).toThrow(
      'La clé privée « absente.pem » est introuvable ou illisible.',
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => parseSigningKey(ec, '/tmp/ec.pem')).toThrow(UserError);
    expect(() => parseSigningKey(ec, '/tmp/ec.pem')).toThrow(
      /^La clé privée « ec\.pem » est une clé ec : Passerelle signe avec Ed25519/,
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":"é","f":2}]},"b":1}',
    );
  });

  it('leaves out undefined fields, as JSON.stringify does', () => {
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
  });
});
