import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../../shared/model';
import {
  buildCatalogueFile,
  writeCatalogueFile,
  type CatalogueFileManifest,
} from '../../../main/services/sync/catalogue-file';
import {
  canonicalJson,
  generateSigningKeyPair,
  parseSigningKey,
  signBytes,
  type SigningKey,
} from '../../../main/services/sync/catalogue-signing';
import type {
  SignatureSettings,
  TrustedKey,
} from '../../../main/services/sync/trusted-keys';
import {
  readCatalogueFile,
  verifyCatalogueFile,
} from '../../../main/services/sync/verify-catalogue-file';

const RESOURCES = resolve('resources');
const FILE = 'catalogue.passerelle';
const NOW = new Date('2026-12-04T10:00:00.000Z');
const real = JSON.parse(
  readFileSync(join(RESOURCES, 'catalogue.json'), 'utf8'),
) as Catalogue;
// Two real records of resources/catalogue.json.
const SIRET_A = '13001667800026';
const SIRET_B = '19021522800015';

interface Unpacked {
  manifest: CatalogueFileManifest & Record<string, unknown>;
  catalogue: Catalogue;
}

function unpack(bytes: Buffer): Unpacked {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as Unpacked;
}

function pack(content: unknown): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(content), 'utf8'));
}

function sha256(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

/** French grouping of an integer, written out: 12345 → "12 345" (narrow NBSP). */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, '\u202f');
}

function keyOf(): { key: SigningKey; trusted: TrustedKey } {
  const pair = generateSigningKeyPair();
  const key = parseSigningKey(pair.privateKeyPem, 'cle.pem');
  return {
    key,
    trusted: {
      keyId: pair.keyId,
      name: 'Réseau Nord',
      publicKey: pair.publicKey,
      addedAt: NOW.toISOString(),
    },
  };
}

function settings(
  requireSignature: boolean,
  trustedKeys: TrustedKey[] = [],
): SignatureSettings {
  return { requireSignature, trustedKeys };
}

function check(bytes: Buffer, trust: SignatureSettings = settings(false)) {
  return verifyCatalogueFile(bytes, `/media/cle-usb/${FILE}`, {
    settings: trust,
    resourcesDir: RESOURCES,
  });
}

let unsigned: Buffer;
let publisher: ReturnType<typeof keyOf>;
let signed: Buffer;
let dir: string;

beforeAll(async () => {
  unsigned = (await buildCatalogueFile(real, { publisher: 'Réseau Nord', now: NOW }))
    .bytes;
  publisher = keyOf();
  signed = (
    await buildCatalogueFile(real, {
      publisher: 'Réseau Nord',
      now: NOW,
      signingKey: publisher.key,
    })
  ).bytes;
  dir = mkdtempSync(join(tmpdir(), 'passerelle-catalogue-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the .passerelle format', () => {
  it('is the gzip of {manifest, catalogue} with the SHA-256 of JSON.stringify(catalogue)', () => {
    const { manifest, catalogue } = unpack(unsigned);
    expect(Object.keys(unpack(unsigned))).toEqual(['manifest', 'catalogue']);
    expect(catalogue).toEqual(real);
    expect(manifest).toEqual({
      format: 'passerelle-catalogue-file',
      formatVersion: 1,
      generatedAt: '2026-12-04T10:00:00.000Z',
      publisher: 'Réseau Nord',
      catalogueVersion: real.version,
      supplierCount: real.suppliers.length,
      catalogueSha256: sha256(JSON.stringify(real)),
      catalogueBytes: Buffer.byteLength(JSON.stringify(real), 'utf8'),
    });
  });

  it('signs the manifest’s canonical bytes, signature left out', () => {
    const { manifest } = unpack(signed);
    const { signature, ...rest } = manifest;
    expect(signature?.algorithm).toBe('Ed25519');
    expect(signature?.keyId).toBe(publisher.trusted.keyId);
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: publisher.trusted.publicKey },
      format: 'jwk',
    });
    const bytes = Buffer.from(canonicalJson(rest), 'utf8');
    expect(
      verify(null, bytes, publicKey, Buffer.from(signature!.value, 'base64url')),
    ).toBe(true);
  });

  it('refuses to export an empty catalogue or without a publisher', async () => {
    await expect(
      buildCatalogueFile({ ...real, suppliers: [] }, { publisher: 'X', now: NOW }),
    ).rejects.toThrow(
      'Le catalogue local ne contient aucun fournisseur : rien à exporter.',
    );
    await expect(buildCatalogueFile(real, { publisher: ' ', now: NOW })).rejects.toThrow(
      'Indiquez le nom de l’éditeur du fichier catalogue.',
    );
  });
});

describe('import of an intact file', () => {
  it('gives back the same suppliers, SIRETs and sectors, with a warning when unsigned', async () => {
    const file = await check(unsigned);
    expect(file.fileName).toBe(FILE);
    expect(file.catalogue.suppliers.length).toBe(real.suppliers.length);
    expect(file.catalogue.suppliers.map((s) => s.siret)).toEqual(
      real.suppliers.map((s) => s.siret),
    );
    const sirets = new Set(file.catalogue.suppliers.map((s) => s.siret));
    expect(sirets.has(SIRET_A) && sirets.has(SIRET_B)).toBe(true);
    expect(file.catalogue.sectors).toEqual(real.sectors);
    expect(file.signature).toEqual({ status: 'unsigned' });
    expect(file.warnings).toEqual([
      `Le fichier catalogue « ${FILE} » n’est pas signé : son contenu est intact ` +
        '(empreinte SHA-256 vérifiée), mais rien ne garantit qui l’a produit.',
    ]);
  });

  it('accepts a file signed with a trusted key, without warning', async () => {
    const file = await check(signed, settings(true, [publisher.trusted]));
    expect(file.signature).toEqual({
      status: 'trusted',
      keyId: publisher.trusted.keyId,
      signerName: 'Réseau Nord',
    });
    expect(file.warnings).toEqual([]);
    expect(file.catalogue.suppliers.length).toBe(real.suppliers.length);
  });

  it('reads the file from disk, written atomically', async () => {
    const path = join(dir, FILE);
    const manifest = await writeCatalogueFile(path, real, {
      publisher: 'Réseau Nord',
      now: NOW,
    });
    const file = await readCatalogueFile(path, {
      settings: settings(false),
      resourcesDir: RESOURCES,
    });
    expect(file.manifest).toEqual(manifest);
    expect(file.catalogue.suppliers.length).toBe(real.suppliers.length);
  });
});

describe('signature rules', () => {
  const untrustedId = (): string => unpack(signed).manifest.signature!.keyId;

  it('refuses an unsigned file when a signature is required', async () => {
    await expect(check(unsigned, settings(true, [publisher.trusted]))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » n’est pas signé, alors que vos réglages ` +
        'exigent la signature d’un éditeur de confiance : rien n’a été importé. ' +
        'Demandez un fichier signé à son éditeur.',
    );
  });

  it('refuses a file signed by an untrusted key when a signature is required', async () => {
    await expect(check(signed, settings(true, [keyOf().trusted]))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » est signé par la clé ${untrustedId()} ` +
        '(éditeur annoncé : « Réseau Nord »), qui n’est pas parmi vos clés de ' +
        'confiance : rien n’a été importé.',
    );
  });

  it('accepts it with a warning when no signature is required', async () => {
    const file = await check(signed, settings(false));
    expect(file.signature).toEqual({ status: 'untrusted', keyId: untrustedId() });
    expect(file.warnings).toEqual([
      `Le fichier catalogue « ${FILE} » est signé par la clé ${untrustedId()} ` +
        '(éditeur annoncé : « Réseau Nord »), qui n’est pas parmi vos clés de ' +
        'confiance : son contenu est intact mais son origine n’est pas garantie.',
    ]);
  });

  it('refuses a signed manifest changed after signing, even when not required', async () => {
    const content = unpack(signed);
    content.manifest.publisher = 'Autre éditeur';
    const expected =
      `La signature du fichier catalogue « ${FILE} » est invalide pour la clé de ` +
      `confiance « Réseau Nord » (clé ${publisher.trusted.keyId}) : le fichier a été ` +
      'modifié après sa signature ou ne vient pas de cet éditeur. Rien n’a été importé.';
    await expect(
      check(pack(content), settings(false, [publisher.trusted])),
    ).rejects.toThrow(expected);
    await expect(check(pack(content), settings(false))).rejects.toThrow(
      /^La signature du fichier catalogue « catalogue\.passerelle » est invalide \(clé /,
    );
  });

  it('refuses a catalogue changed with its checksum fixed up, keeping the old signature', async () => {
    const content = unpack(signed);
    content.catalogue.suppliers = content.catalogue.suppliers.slice(1);
    content.manifest.supplierCount -= 1;
    content.manifest.catalogueSha256 = sha256(JSON.stringify(content.catalogue));
    await expect(
      check(pack(content), settings(true, [publisher.trusted])),
    ).rejects.toThrow(/est invalide pour la clé de confiance « Réseau Nord »/);
  });

  it('checks a trusted key id against the stored key, not the file’s copy', async () => {
    const content = unpack(signed);
    const intruder = keyOf().key;
    const { signature, ...rest } = content.manifest;
    // The intruder names the trusted key but signs with their own.
    signature!.value = signBytes(intruder, Buffer.from(canonicalJson(rest), 'utf8'));
    await expect(
      check(pack(content), settings(true, [publisher.trusted])),
    ).rejects.toThrow(/est invalide pour la clé de confiance « Réseau Nord »/);
  });

  it('refuses a key id that does not match the public key', async () => {
    const content = unpack(signed);
    content.manifest.signature!.keyId = '0000000000000000';
    await expect(check(pack(content))).rejects.toThrow(
      `La signature du fichier catalogue « ${FILE} » est illisible (champ ` +
        '« signature.keyId », valeur "0000000000000000") : rien n’a été importé.',
    );
  });
});

describe('damaged or foreign files', () => {
  it('refuses one byte changed in the catalogue, with the checksum message', async () => {
    const text = gunzipSync(unsigned).toString('utf8');
    const siret = `"siret":"${SIRET_A}"`;
    expect(text.split(siret).length).toBe(2);
    const tampered = gzipSync(
      Buffer.from(text.replace(siret, '"siret":"13001667800027"')),
    );
    const error = await check(tampered).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Le fichier catalogue « ${FILE.replace('.', '\\.')} » a été modifié ou endommagé : ` +
          'l’empreinte SHA-256 de son catalogue \\([0-9a-f]{12}…\\) ne correspond pas à ' +
          `celle de son manifeste \\(${unpack(unsigned).manifest.catalogueSha256.slice(0, 12)}…\\)\\. ` +
          'Rien n’a été importé\\.$',
      ),
    );
  });

  it('refuses a byte changed in the compressed data', async () => {
    const bytes = Buffer.from(unsigned);
    bytes[bytes.length - 8]! ^= 0xff; // first byte of the gzip CRC-32
    await expect(check(bytes)).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » est endommagé (données compressées invalides) : ` +
        'copiez-le à nouveau depuis l’original. Rien n’a été importé.',
    );
  });

  it('refuses a truncated file, saying where it stops', async () => {
    const half = Math.floor(unsigned.length / 2);
    await expect(check(unsigned.subarray(0, half))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » est incomplet (tronqué après ${grouped(half)} ` +
        'octets) : copiez-le à nouveau depuis l’original. Rien n’a été importé.',
    );
  });

  it('refuses a manifest whose count differs from the catalogue', async () => {
    const content = unpack(unsigned);
    content.manifest.supplierCount = 5000;
    await expect(check(pack(content))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » est incohérent : son manifeste annonce ` +
        `5\u202f000 fournisseur(s), son catalogue en contient ` +
        `${grouped(real.suppliers.length)}. Rien n’a été importé.`,
    );
  });

  it('refuses what is not gzip: plain JSON, an HTML page, a zip, an empty file', async () => {
    const json = readFileSync(join(RESOURCES, 'catalogue.json'));
    await expect(check(json)).rejects.toThrow(
      `« ${FILE} » n’est pas un fichier catalogue Passerelle : c’est du JSON non compressé`,
    );
    await expect(
      check(Buffer.from('<!DOCTYPE html><title>Connexion</title>')),
    ).rejects.toThrow(
      `« ${FILE} » n’est pas un fichier catalogue Passerelle : c’est une page HTML ou un fichier XML.`,
    );
    await expect(check(Buffer.from('PK\x03\x04zip'))).rejects.toThrow(
      `« ${FILE} » n’est pas un fichier catalogue Passerelle : c’est une archive zip ou un classeur Excel.`,
    );
    await expect(check(Buffer.alloc(0))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » est vide.`,
    );
  });

  it('refuses gzip of something else than the documented JSON', async () => {
    await expect(check(gzipSync('bonjour'))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » est endommagé : son contenu n’est pas un JSON valide.`,
    );
    await expect(check(pack({ catalogue: real }))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » n’a pas de manifeste.`,
    );
    await expect(
      check(pack({ manifest: { format: 'zip' }, catalogue: {} })),
    ).rejects.toThrow(
      `« ${FILE} » n’est pas un fichier catalogue Passerelle (format « "zip" » au lieu ` +
        'de « passerelle-catalogue-file »).',
    );
    const content = unpack(unsigned);
    content.manifest.formatVersion = 2 as 1;
    await expect(check(pack(content))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » a été écrit par une version plus récente de ` +
        'Passerelle (format 2) : mettez Passerelle à jour pour l’importer.',
    );
    const noHash = unpack(unsigned);
    noHash.manifest.catalogueSha256 = 'ABC';
    await expect(check(pack(noHash))).rejects.toThrow(
      `Le manifeste du fichier catalogue « ${FILE} » est invalide : champ ` +
        '« catalogueSha256 », valeur "ABC".',
    );
  });

  /** A consistent file (checksum and count fixed up) around `catalogue`. */
  function consistent(catalogue: Catalogue, version = catalogue.version): Buffer {
    const { manifest } = unpack(unsigned);
    manifest.catalogueSha256 = sha256(JSON.stringify(catalogue));
    manifest.supplierCount = catalogue.suppliers.length;
    manifest.catalogueVersion = version;
    return pack({ manifest, catalogue });
  }

  it('refuses a catalogue that breaks the catalogue schema, naming the field', async () => {
    const first = {
      ...real.suppliers[0]!,
      kind: 'XYZ',
    } as unknown as Catalogue['suppliers'][0];
    const bad = { ...real, suppliers: [first, ...real.suppliers.slice(1)] };
    await expect(check(consistent(bad))).rejects.toThrow(
      new RegExp(
        `^Le catalogue « ${FILE.replace('.', '\\.')} » ne respecte pas le format ` +
          'Passerelle.* : suppliers\\.0\\.kind : valeur non admise',
      ),
    );
  });

  it('refuses an empty catalogue, twice the same supplier, a version that differs', async () => {
    await expect(check(consistent({ ...real, suppliers: [] }))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » ne contient aucun fournisseur : rien n’a été ` +
        'importé, le catalogue local reste tel quel.',
    );
    const twice = { ...real, suppliers: [...real.suppliers, real.suppliers[1]!] };
    await expect(check(consistent(twice))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » contient deux fois le fournisseur ` +
        `« siret-${SIRET_A} » : rien n’a été importé.`,
    );
    await expect(check(consistent(real, '2026.01.01-00000000'))).rejects.toThrow(
      `Le fichier catalogue « ${FILE} » est incohérent : version du catalogue ` +
        `« ${real.version} », version annoncée par le manifeste « 2026.01.01-00000000 ». ` +
        'Rien n’a été importé.',
    );
  });

  it('names a missing file and a folder', async () => {
    const options = { settings: settings(false), resourcesDir: RESOURCES };
    await expect(
      readCatalogueFile(join(dir, 'absent.passerelle'), options),
    ).rejects.toThrow(
      'Le fichier catalogue « absent.passerelle » est introuvable ou illisible.',
    );
    writeFileSync(join(dir, 'x'), '');
    await expect(readCatalogueFile(dir, options)).rejects.toThrow(
      /est un dossier, pas un fichier catalogue\.$/,
    );
  });
});
