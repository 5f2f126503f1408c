/**
 * Import checks of a `.passerelle` file (docs/catalogue-file.md): gzip, JSON,
 * manifest, SHA-256, count, signature, schema; each failure one French
 * message naming the file, and nothing applied.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import type { Catalogue } from '../../../shared/model';
import { formatFrenchNumber } from '../../../shared/plan/parse-french-number';
import { validateCatalogue } from '../database/validate-catalogue';
import { UserError } from '../user-error';
import {
  CATALOGUE_FILE_FORMAT,
  CATALOGUE_FILE_FORMAT_VERSION,
  manifestBytes,
  MAX_UNPACKED_BYTES,
  sha256Hex,
  SIGNATURE_ALGORITHM,
  type CatalogueFileManifest,
  type SignatureCheck,
  type VerifiedCatalogueFile,
  type VerifyCatalogueFileOptions,
} from './catalogue-file';
import { keyIdOf, verifyBytes } from './catalogue-signing';
import type { SignatureSettings } from './trusted-keys';

const gunzip = promisify(gunzipCallback);

/** What a file that is not gzip looks like, for the message. */
function describeNotGzip(bytes: Buffer): string {
  const head = bytes.subarray(0, 64).toString('latin1').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    return 'c’est du JSON non compressé ; un catalogue JSON s’utilise tel quel, un fichier .passerelle s’obtient avec « passerelle catalogue export »';
  }
  if (head.startsWith('<')) return 'c’est une page HTML ou un fichier XML';
  if (head.startsWith('PK')) return 'c’est une archive zip ou un classeur Excel';
  return 'il n’est pas compressé au format gzip';
}

/** The JSON text inside the gzip; every failure named in French. */
async function unpack(bytes: Buffer, name: string): Promise<string> {
  if (bytes.length === 0)
    throw new UserError(`Le fichier catalogue « ${name} » est vide.`);
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new UserError(
      `« ${name} » n’est pas un fichier catalogue Passerelle : ${describeNotGzip(bytes)}.`,
    );
  }
  let json: Buffer;
  try {
    json = await gunzip(bytes, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') {
      throw new UserError(
        `Le fichier catalogue « ${name} » est incomplet (tronqué après ` +
          `${formatFrenchNumber(bytes.length)} octets) : copiez-le à nouveau depuis ` +
          'l’original. Rien n’a été importé.',
      );
    }
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UserError(
        `Le fichier catalogue « ${name} » se décompresse en plus de ` +
          `${formatFrenchNumber(MAX_UNPACKED_BYTES / 1024 / 1024)} Mo : refusé.`,
      );
    }
    throw new UserError(
      `Le fichier catalogue « ${name} » est endommagé (données compressées ` +
        'invalides) : copiez-le à nouveau depuis l’original. Rien n’a été importé.',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new UserError(
      `Le fichier catalogue « ${name} » ne contient pas du texte UTF-8.`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The manifest's fields, each checked; throws on the first bad one. */
function checkManifest(value: unknown, name: string): CatalogueFileManifest {
  if (!isObject(value)) {
    throw new UserError(`Le fichier catalogue « ${name} » n’a pas de manifeste.`);
  }
  if (value['format'] !== CATALOGUE_FILE_FORMAT) {
    throw new UserError(
      `« ${name} » n’est pas un fichier catalogue Passerelle ` +
        `(format « ${shown(value['format'])} » au lieu de « ${CATALOGUE_FILE_FORMAT} »).`,
    );
  }
  const version = value['formatVersion'];
  if (typeof version === 'number' && version > CATALOGUE_FILE_FORMAT_VERSION) {
    throw new UserError(
      `Le fichier catalogue « ${name} » a été écrit par une version plus récente de ` +
        `Passerelle (format ${version}) : mettez Passerelle à jour pour l’importer.`,
    );
  }
  const fieldChecks: [keyof CatalogueFileManifest, (v: unknown) => boolean][] = [
    ['formatVersion', (v) => v === CATALOGUE_FILE_FORMAT_VERSION],
    ['generatedAt', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v))],
    ['publisher', (v) => typeof v === 'string'],
    ['catalogueVersion', (v) => typeof v === 'string'],
    ['supplierCount', (v) => Number.isInteger(v) && (v as number) >= 0],
    ['catalogueSha256', (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)],
    ['catalogueBytes', (v) => Number.isInteger(v) && (v as number) >= 0],
  ];
  for (const [field, ok] of fieldChecks) {
    if (!ok(value[field])) {
      throw new UserError(
        `Le manifeste du fichier catalogue « ${name} » est invalide : champ ` +
          `« ${field} », valeur ${shown(value[field])}.`,
      );
    }
  }
  const signature = value['signature'];
  if (signature !== undefined) checkSignatureShape(signature, name);
  return value as unknown as CatalogueFileManifest;
}

function checkSignatureShape(value: unknown, name: string): void {
  const s = isObject(value) ? value : {};
  const bad =
    s['algorithm'] !== SIGNATURE_ALGORITHM
      ? 'algorithm'
      : typeof s['publicKey'] !== 'string'
        ? 'publicKey'
        : typeof s['keyId'] !== 'string' || s['keyId'] !== keyIdOf(s['publicKey'])
          ? 'keyId'
          : typeof s['value'] !== 'string'
            ? 'value'
            : null;
  if (bad) {
    throw new UserError(
      `La signature du fichier catalogue « ${name} » est illisible (champ ` +
        `« signature.${bad} », valeur ${shown(s[bad])}) : rien n’a été importé.`,
    );
  }
}

/** The SHA-256 and the count of the catalogue against the manifest's. */
function checkContent(
  catalogue: unknown,
  manifest: CatalogueFileManifest,
  name: string,
): string {
  if (!isObject(catalogue)) {
    throw new UserError(`Le fichier catalogue « ${name} » ne contient pas de catalogue.`);
  }
  const text = JSON.stringify(catalogue);
  const actual = sha256Hex(Buffer.from(text, 'utf8'));
  if (actual !== manifest.catalogueSha256) {
    throw new UserError(
      `Le fichier catalogue « ${name} » a été modifié ou endommagé : l’empreinte ` +
        `SHA-256 de son catalogue (${actual.slice(0, 12)}…) ne correspond pas à celle ` +
        `de son manifeste (${manifest.catalogueSha256.slice(0, 12)}…). ` +
        'Rien n’a été importé.',
    );
  }
  const suppliers = catalogue['suppliers'];
  const count = Array.isArray(suppliers) ? suppliers.length : 0;
  if (count !== manifest.supplierCount) {
    throw new UserError(
      `Le fichier catalogue « ${name} » est incohérent : son manifeste annonce ` +
        `${formatFrenchNumber(manifest.supplierCount)} fournisseur(s), son catalogue ` +
        `en contient ${formatFrenchNumber(count)}. Rien n’a été importé.`,
    );
  }
  if (count === 0) {
    throw new UserError(
      `Le fichier catalogue « ${name} » ne contient aucun fournisseur : ` +
        'rien n’a été importé, le catalogue local reste tel quel.',
    );
  }
  return text;
}

/** The signature against the trusted keys and the « signature required » setting. */
function checkSignature(
  manifest: CatalogueFileManifest,
  settings: SignatureSettings,
  name: string,
): { check: SignatureCheck; warning: string | null } {
  const signature = manifest.signature;
  if (!signature) {
    if (settings.requireSignature) {
      throw new UserError(
        `Le fichier catalogue « ${name} » n’est pas signé, alors que vos réglages ` +
          'exigent la signature d’un éditeur de confiance : rien n’a été importé. ' +
          'Demandez un fichier signé à son éditeur.',
      );
    }
    return {
      check: { status: 'unsigned' },
      warning:
        `Le fichier catalogue « ${name} » n’est pas signé : son contenu est intact ` +
        '(empreinte SHA-256 vérifiée), mais rien ne garantit qui l’a produit.',
    };
  }
  const bytes = manifestBytes(manifest);
  const trusted = settings.trustedKeys.find((k) => k.keyId === signature.keyId);
  // A trusted id is checked against the key the buyer stored, never the file's copy.
  const valid = verifyBytes(
    trusted?.publicKey ?? signature.publicKey,
    bytes,
    signature.value,
  );
  if (!valid) {
    const who = trusted ? ` pour la clé de confiance « ${trusted.name} »` : '';
    throw new UserError(
      `La signature du fichier catalogue « ${name} » est invalide${who} ` +
        `(clé ${signature.keyId}) : le fichier a été modifié après sa signature ou ` +
        'ne vient pas de cet éditeur. Rien n’a été importé.',
    );
  }
  if (trusted) {
    return {
      check: { status: 'trusted', keyId: trusted.keyId, signerName: trusted.name },
      warning: null,
    };
  }
  if (settings.requireSignature) {
    throw new UserError(
      `Le fichier catalogue « ${name} » est signé par la clé ${signature.keyId} ` +
        `(éditeur annoncé : « ${manifest.publisher} »), qui n’est pas parmi vos clés ` +
        'de confiance : rien n’a été importé. Ajoutez sa clé publique à vos clés de ' +
        'confiance si vous connaissez cet éditeur.',
    );
  }
  return {
    check: { status: 'untrusted', keyId: signature.keyId },
    warning:
      `Le fichier catalogue « ${name} » est signé par la clé ${signature.keyId} ` +
      `(éditeur annoncé : « ${manifest.publisher} »), qui n’est pas parmi vos clés ` +
      'de confiance : son contenu est intact mais son origine n’est pas garantie.',
  };
}

/** Ids that appear twice would make two records of one supplier. */
function checkUniqueIds(catalogue: Catalogue, name: string): void {
  const seen = new Set<string>();
  for (const supplier of catalogue.suppliers) {
    if (seen.has(supplier.id)) {
      throw new UserError(
        `Le fichier catalogue « ${name} » contient deux fois le fournisseur ` +
          `« ${supplier.id} » : rien n’a été importé.`,
      );
    }
    seen.add(supplier.id);
  }
}

/**
 * Checks the bytes of a `.passerelle` file, in order: gzip, JSON, manifest,
 * SHA-256, supplier count, signature, catalogue schema. Throws a UserError
 * naming the file on the first failure; nothing is applied here.
 */
export async function verifyCatalogueFile(
  bytes: Buffer,
  fileName: string,
  options: VerifyCatalogueFileOptions,
): Promise<VerifiedCatalogueFile> {
  const name = basename(fileName);
  const text = await unpack(bytes, name);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(
      `Le fichier catalogue « ${name} » est endommagé : son contenu n’est pas un JSON valide.`,
    );
  }
  if (!isObject(data)) {
    throw new UserError(`Le fichier catalogue « ${name} » n’a pas de manifeste.`);
  }
  const manifest = checkManifest(data['manifest'], name);
  const catalogueText = checkContent(data['catalogue'], manifest, name);
  const { check, warning } = checkSignature(manifest, options.settings, name);
  const catalogue = await validateCatalogue(catalogueText, name, options.resourcesDir);
  if (catalogue.version !== manifest.catalogueVersion) {
    throw new UserError(
      `Le fichier catalogue « ${name} » est incohérent : version du catalogue ` +
        `« ${catalogue.version} », version annoncée par le manifeste ` +
        `« ${manifest.catalogueVersion} ». Rien n’a été importé.`,
    );
  }
  checkUniqueIds(catalogue, name);
  return {
    fileName: name,
    manifest,
    catalogue,
    signature: check,
    warnings: warning ? [warning] : [],
  };
}

/** Reads and checks the `.passerelle` file at `path` (see verifyCatalogueFile). */
export async function readCatalogueFile(
  path: string,
  options: VerifyCatalogueFileOptions,
): Promise<VerifiedCatalogueFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'EISDIR'
        ? `« ${basename(path)} » est un dossier, pas un fichier catalogue.`
        : `Le fichier catalogue « ${basename(path)} » est introuvable ou illisible.`,
    );
  }
  return verifyCatalogueFile(bytes, path, options);
}
