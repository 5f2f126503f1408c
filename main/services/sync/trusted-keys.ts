/**
 * The publishers' keys a buyer trusts, and whether catalogue files must be
 * signed, kept in a small JSON file of the user data folder.
 * TODO(store): move into the database settings once it has a settings table;
 * until then this file is the one place they live.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWriteFile } from '../database/atomic-write-file';
import { UserError } from '../user-error';
import { keyIdOf, publicKeyObject } from './catalogue-signing';

/** Name of the settings file inside the user data folder. */
export const SIGNATURE_SETTINGS_FILE = 'signatures-catalogue.json';

/** A publisher's public key the buyer chose to trust. */
export interface TrustedKey {
  keyId: string;
  /** Who the key belongs to, as the buyer named it. */
  name: string;
  /** base64url of the 32 raw bytes of the Ed25519 public key. */
  publicKey: string;
  addedAt: string;
}

/** What import checks a catalogue file's signature against. */
export interface SignatureSettings {
  /** When true, an unsigned file or one signed by an unknown key is refused. */
  requireSignature: boolean;
  trustedKeys: TrustedKey[];
}

interface SettingsFile extends SignatureSettings {
  formatVersion: 1;
}

function settingsPath(dataDir: string): string {
  return join(dataDir, SIGNATURE_SETTINGS_FILE);
}

function badFile(path: string, detail: string): UserError {
  return new UserError(
    `Le fichier de réglages « ${path} » est illisible (${detail}) : ` +
      'corrigez-le ou supprimez-le pour repartir sans clé de confiance.',
  );
}

function checkTrustedKey(value: unknown, index: number, path: string): TrustedKey {
  const key = (value ?? {}) as Record<string, unknown>;
  const publicKey = key['publicKey'];
  if (typeof publicKey !== 'string' || !publicKeyObject(publicKey)) {
    throw badFile(path, `trustedKeys.${index}.publicKey n’est pas une clé Ed25519`);
  }
  return {
    keyId: keyIdOf(publicKey),
    name: typeof key['name'] === 'string' ? key['name'] : keyIdOf(publicKey),
    publicKey,
    addedAt: typeof key['addedAt'] === 'string' ? key['addedAt'] : '',
  };
}

/** The settings of `dataDir`; defaults (nothing trusted, not required) when absent. */
export function readSignatureSettings(dataDir: string): SignatureSettings {
  const path = settingsPath(dataDir);
  if (!existsSync(path)) return { requireSignature: false, trustedKeys: [] };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw badFile(path, 'JSON non valide');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw badFile(path, 'un objet JSON est attendu');
  }
  const file = data as Partial<Record<keyof SettingsFile, unknown>>;
  if (!Array.isArray(file.trustedKeys)) throw badFile(path, 'liste trustedKeys absente');
  if (typeof file.requireSignature !== 'boolean') {
    throw badFile(path, 'requireSignature doit valoir true ou false');
  }
  return {
    requireSignature: file.requireSignature,
    trustedKeys: file.trustedKeys.map((key, i) => checkTrustedKey(key, i, path)),
  };
}

function writeSettings(dataDir: string, settings: SignatureSettings): void {
  mkdirSync(dataDir, { recursive: true });
  const file: SettingsFile = { formatVersion: 1, ...settings };
  const path = settingsPath(dataDir);
  try {
    atomicWriteFile(path, Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erreur inconnue';
    throw new UserError(`Impossible d’écrire les réglages « ${path} » (${code}).`);
  }
}

/**
 * Trusts `publicKey` (base64url raw Ed25519) under `name`; trusting a key
 * again renames it. Returns the stored entry.
 */
export function trustKey(
  dataDir: string,
  key: { name: string; publicKey: string },
  now: Date,
): TrustedKey {
  if (!publicKeyObject(key.publicKey)) {
    throw new UserError(
      `« ${key.publicKey} » n’est pas une clé publique Ed25519 (32 octets en base64url).`,
    );
  }
  const name = key.name.trim();
  if (!name) throw new UserError('Donnez un nom à la clé de confiance (son éditeur).');
  const settings = readSignatureSettings(dataDir);
  const keyId = keyIdOf(key.publicKey);
  const previous = settings.trustedKeys.find((k) => k.keyId === keyId);
  const entry: TrustedKey = {
    keyId,
    name,
    publicKey: key.publicKey,
    addedAt: previous?.addedAt || now.toISOString(),
  };
  writeSettings(dataDir, {
    ...settings,
    trustedKeys: [...settings.trustedKeys.filter((k) => k.keyId !== keyId), entry],
  });
  return entry;
}

/** Stops trusting the key `keyId`; returns the removed entry (null: was not trusted). */
export function untrustKey(dataDir: string, keyId: string): TrustedKey | null {
  const settings = readSignatureSettings(dataDir);
  const wanted = keyId.trim().toLowerCase();
  const removed = settings.trustedKeys.find((k) => k.keyId === wanted) ?? null;
  if (removed) {
    writeSettings(dataDir, {
      ...settings,
      trustedKeys: settings.trustedKeys.filter((k) => k !== removed),
    });
  }
  return removed;
}

/** Sets whether catalogue files must carry a signature by a trusted key. */
export function setSignatureRequired(dataDir: string, required: boolean): void {
  writeSettings(dataDir, {
    ...readSignatureSettings(dataDir),
    requireSignature: required,
  });
}
