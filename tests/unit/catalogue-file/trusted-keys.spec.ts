import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readSignatureSettings,
  setSignatureRequired,
  SIGNATURE_SETTINGS_FILE,
  trustKey,
  untrustKey,
} from '../../../main/services/sync/trusted-keys';

// RFC 8032 TEST 1 public key and its id (see catalogue-signing.spec.ts).
const RFC_PUBLIC = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const RFC_KEY_ID = '21fe31dfa154a261';
const NOW = new Date('2026-12-04T10:00:00.000Z');

let dataDir: string;
beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'passerelle-trust-')), 'donnees');
});
afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

describe('signature settings', () => {
  it('trusts nothing and requires nothing when the file is absent', () => {
    expect(readSignatureSettings(dataDir)).toEqual({
      requireSignature: false,
      trustedKeys: [],
    });
  });

  it('stores a trusted key and the requirement in the data folder', () => {
    const entry = trustKey(
      dataDir,
      { name: ' Réseau Nord ', publicKey: RFC_PUBLIC },
      NOW,
    );
    setSignatureRequired(dataDir, true);
    expect(entry).toEqual({
      keyId: RFC_KEY_ID,
      name: 'Réseau Nord',
      publicKey: RFC_PUBLIC,
      addedAt: '2026-12-04T10:00:00.000Z',
    });
    expect(readSignatureSettings(dataDir)).toEqual({
      requireSignature: true,
      trustedKeys: [entry],
    });
    const file = JSON.parse(readFileSync(join(dataDir, SIGNATURE_SETTINGS_FILE), 'utf8'));
    expect(file.formatVersion).toBe(1);
    expect(existsSync(join(dataDir, `${SIGNATURE_SETTINGS_FILE}.tmp`))).toBe(false);
  });

  it('renames a key trusted twice, keeping when it was first added', () => {
    trustKey(dataDir, { name: 'Réseau Nord', publicKey: RFC_PUBLIC }, NOW);
    trustKey(
      dataDir,
      { name: 'Réseau Hauts-de-France', publicKey: RFC_PUBLIC },
      new Date(),
    );
    expect(readSignatureSettings(dataDir).trustedKeys).toEqual([
      {
        keyId: RFC_KEY_ID,
        name: 'Réseau Hauts-de-France',
        publicKey: RFC_PUBLIC,
        addedAt: '2026-12-04T10:00:00.000Z',
      },
    ]);
  });

  it('removes a key by its id, and says when there was none', () => {
    trustKey(dataDir, { name: 'Réseau Nord', publicKey: RFC_PUBLIC }, NOW);
    expect(untrustKey(dataDir, 'ffffffffffffffff')).toBeNull();
    expect(untrustKey(dataDir, RFC_KEY_ID.toUpperCase())?.name).toBe('Réseau Nord');
    expect(readSignatureSettings(dataDir).trustedKeys).toEqual([]);
  });

  it('refuses a key that is not Ed25519, and an empty name', () => {
    expect(() => trustKey(dataDir, { name: 'X', publicKey: 'abc' }, NOW)).toThrow(
      '« abc » n’est pas une clé publique Ed25519 (32 octets en base64url).',
    );
    expect(() => trustKey(dataDir, { name: '  ', publicKey: RFC_PUBLIC }, NOW)).toThrow(
      'Donnez un nom à la clé de confiance (son éditeur).',
    );
  });

  it('names the settings file when it is damaged', () => {
    setSignatureRequired(dataDir, false);
    const path = join(dataDir, SIGNATURE_SETTINGS_FILE);
    writeFileSync(path, '{"requireSignature": tru');
    expect(() => readSignatureSettings(dataDir)).toThrow(
      `Le fichier de réglages « ${path} » est illisible (JSON non valide) : ` +
        'corrigez-le ou supprimez-le pour repartir sans clé de confiance.',
    );
    writeFileSync(
      path,
      JSON.stringify({ requireSignature: true, trustedKeys: [{ publicKey: 'xyz' }] }),
    );
    expect(() => readSignatureSettings(dataDir)).toThrow(
      /\(trustedKeys\.0\.publicKey n’est pas une clé Ed25519\)/,
    );
    writeFileSync(path, JSON.stringify({ requireSignature: 'oui', trustedKeys: [] }));
    expect(() => readSignatureSettings(dataDir)).toThrow(
      /\(requireSignature doit valoir true ou false\)/,
    );
  });
});
