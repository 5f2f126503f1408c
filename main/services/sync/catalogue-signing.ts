/**
 * Ed25519 keys and signatures of catalogue files (docs/catalogue-file.md).
 * A public key travels as the base64url of its 32 raw bytes (a JWK's `x`);
 * its id is the first 16 hex digits of the SHA-256 of those bytes.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../user-error';

/** A private key ready to sign, with its public half as a manifest names it. */
export interface SigningKey {
  keyId: string;
  /** base64url of the 32 raw bytes of the public key. */
  publicKey: string;
  privateKey: KeyObject;
}

/** A new key pair as the files `catalogue keygen` writes. */
export interface GeneratedKeyPair {
  keyId: string;
  publicKey: string;
  /** PKCS#8 PEM: the secret a publisher keeps. */
  privateKeyPem: string;
  /** SPKI PEM: what buyers add to their trusted keys. */
  publicKeyPem: string;
}

const RAW_PUBLIC_KEY_BYTES = 32;

/** Id of a public key: first 16 hex digits of the SHA-256 of its raw bytes. */
export function keyIdOf(publicKey: string): string {
  const raw = Buffer.from(publicKey, 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/** base64url raw bytes of an Ed25519 public key object. */
function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519' || typeof jwk.x !== 'string') {
    throw new Error('not an Ed25519 public key');
  }
  return jwk.x;
}

/** The key object of a base64url raw public key; null when it is not one. */
export function publicKeyObject(publicKey: string): KeyObject | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(publicKey)) return null;
  if (Buffer.from(publicKey, 'base64url').length !== RAW_PUBLIC_KEY_BYTES) return null;
  try {
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: publicKey },
      format: 'jwk',
    });
  } catch {
    return null;
  }
}

/** A fresh Ed25519 key pair (node:crypto). */
export function generateSigningKeyPair(): GeneratedKeyPair {
  const pair = generateKeyPairSync('ed25519');
  const publicKey = rawPublicKey(pair.publicKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    privateKeyPem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** Signs `bytes`; the signature is base64url (64 raw bytes). */
export function signBytes(key: SigningKey, bytes: Uint8Array): string {
  return sign(null, bytes, key.privateKey).toString('base64url');
}

/** True when `signature` (base64url) is `publicKey`'s signature of `bytes`. */
export function verifyBytes(
  publicKey: string,
  bytes: Uint8Array,
  signature: string,
): boolean {
  const key = publicKeyObject(publicKey);
  if (!key || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  try {
    return verify(null, bytes, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

function readKeyText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UserError(`La ${what} « ${basename(path)} » est introuvable ou illisible.`);
  }
}

/** The signing key of a PKCS#8 PEM text; `fileName` names it in messages. */
export function parseSigningKey(pem: string, fileName: string): SigningKey {
  const name = basename(fileName);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new UserError(
      `Le fichier « ${name} » n’est pas une clé privée PEM : indiquez le fichier ` +
        'cle-privee-….pem écrit par « passerelle catalogue keygen ».',
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new UserError(
      `La clé privée « ${name} » est une clé ` +
        `${privateKey.asymmetricKeyType ?? 'inconnue'} : Passerelle signe avec Ed25519 ` +
        '(créez-en une avec « passerelle catalogue keygen »).',
    );
  }
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return { keyId: keyIdOf(publicKey), publicKey, privateKey };
}

/** The signing key of a PKCS#8 PEM file written by `catalogue keygen`. */
export function readSigningKeyFile(path: string): SigningKey {
  return parseSigningKey(readKeyText(path, 'clé privée'), path);
}

/**
 * The public key of a file: an SPKI PEM (as keygen writes it) or the bare
 * base64url of the 32 raw bytes (as a manifest shows it).
 */
export function readPublicKeyFile(path: string): { keyId: string; publicKey: string } {
  const text = readKeyText(path, 'clé publique').trim();
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    // createPublicKey would derive the public key from it: the user would
    // trust the right key, but is handling a secret that must not travel.
    throw new UserError(
      `Le fichier « ${basename(path)} » est une clé privée, pas une clé publique : ` +
        'elle doit rester chez l’éditeur du catalogue. Indiquez le fichier ' +
        'cle-publique-….pem qu’il vous a remis.',
    );
  }
  let key: KeyObject | null = publicKeyObject(text);
  if (!key && text.includes('-----BEGIN')) {
    try {
      key = createPublicKey(text);
    } catch {
      key = null;
    }
  }
  if (!key || key.asymmetricKeyType !== 'ed25519') {
    throw new UserError(
      `Le fichier « ${basename(path)} » n’est pas une clé publique Ed25519 : ` +
        'indiquez le fichier cle-publique-….pem que l’éditeur du catalogue vous a remis.',
    );
  }
  const publicKey = rawPublicKey(key);
  return { keyId: keyIdOf(publicKey), publicKey };
}

/**
 * JSON with object keys sorted at every level and no spaces: the bytes a
 * manifest's signature covers, whatever order a writer put the keys in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
