/**
 * Catalogue files for rooms without network (docs/catalogue-file.md): a
 * `.passerelle` file is the gzip of the UTF-8 JSON
 * `{"manifest": {...}, "catalogue": {...}}`. The manifest holds the SHA-256 of
 * the catalogue's bytes as JSON.stringify writes them, its supplier count and,
 * optionally, the publisher's Ed25519 signature of its own canonical bytes.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Catalogue } from '../../../shared/model';
import { atomicWriteFile } from '../database/atomic-write-file';
import { UserError } from '../user-error';
import { canonicalJson, signBytes, type SigningKey } from './catalogue-signing';
import type { SignatureSettings } from './trusted-keys';

const gzip = promisify(gzipCallback);

export const CATALOGUE_FILE_FORMAT = 'passerelle-catalogue-file';
export const CATALOGUE_FILE_FORMAT_VERSION = 1;
export const CATALOGUE_FILE_EXTENSION = '.passerelle';
export const SIGNATURE_ALGORITHM = 'Ed25519';
/** Largest JSON a file may unpack to: a guard against gzip bombs, far above 100,000 suppliers. */
export const MAX_UNPACKED_BYTES = 400 * 1024 * 1024;

/** The publisher's signature of the manifest's canonical bytes (signature left out). */
export interface CatalogueFileSignature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** First 16 hex digits of the SHA-256 of the raw public key. */
  keyId: string;
  /** base64url of the 32 raw bytes of the public key. */
  publicKey: string;
  /** base64url of the 64-byte signature. */
  value: string;
}

/** What a catalogue file says about its content. */
export interface CatalogueFileManifest {
  format: typeof CATALOGUE_FILE_FORMAT;
  formatVersion: typeof CATALOGUE_FILE_FORMAT_VERSION;
  /** When the file was written (the exporting machine's clock). */
  generatedAt: string;
  /** Who made the file, as the publisher named themselves. */
  publisher: string;
  catalogueVersion: string;
  supplierCount: number;
  /** Lower-case hex SHA-256 of UTF-8 JSON.stringify(catalogue). */
  catalogueSha256: string;
  catalogueBytes: number;
  signature?: CatalogueFileSignature;
}

/** How the signature of a file that passed import checks stands. */
export type SignatureCheck =
  | { status: 'trusted'; keyId: string; signerName: string }
  | { status: 'untrusted'; keyId: string }
  | { status: 'unsigned' };

/** A catalogue file whose every check passed, ready to apply. */
export interface VerifiedCatalogueFile {
  fileName: string;
  manifest: CatalogueFileManifest;
  catalogue: Catalogue;
  signature: SignatureCheck;
  /** French sentences to show the buyer although the file is accepted. */
  warnings: string[];
}

export interface BuildCatalogueFileOptions {
  publisher: string;
  now: Date;
  signingKey?: SigningKey;
}

export interface VerifyCatalogueFileOptions {
  settings: SignatureSettings;
  /** The resources/ folder holding catalogue.schema.json. */
  resourcesDir: string;
}

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bytes a manifest's signature covers: canonical JSON, signature left out. */
export function manifestBytes(manifest: CatalogueFileManifest): Buffer {
  const unsigned: Partial<CatalogueFileManifest> = { ...manifest };
  delete unsigned.signature;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/** The bytes of a `.passerelle` file holding `catalogue`, and its manifest. */
export async function buildCatalogueFile(
  catalogue: Catalogue,
  options: BuildCatalogueFileOptions,
): Promise<{ bytes: Buffer; manifest: CatalogueFileManifest }> {
  if (catalogue.suppliers.length === 0) {
    throw new UserError(
      'Le catalogue local ne contient aucun fournisseur : rien à exporter.',
    );
  }
  const publisher = options.publisher.trim();
  if (!publisher)
    throw new UserError('Indiquez le nom de l’éditeur du fichier catalogue.');
  const catalogueText = Buffer.from(JSON.stringify(catalogue), 'utf8');
  const manifest: CatalogueFileManifest = {
    format: CATALOGUE_FILE_FORMAT,
    formatVersion: CATALOGUE_FILE_FORMAT_VERSION,
    generatedAt: options.now.toISOString(),
    publisher,
    catalogueVersion: catalogue.version,
    supplierCount: catalogue.suppliers.length,
    catalogueSha256: sha256Hex(catalogueText),
    catalogueBytes: catalogueText.length,
  };
  const key = options.signingKey;
  if (key) {
    manifest.signature = {
      algorithm: SIGNATURE_ALGORITHM,
      keyId: key.keyId,
      publicKey: key.publicKey,
      value: signBytes(key, manifestBytes(manifest)),
    };
  }
  const json = Buffer.concat([
    Buffer.from(`{"manifest":${JSON.stringify(manifest)},"catalogue":`, 'utf8'),
    catalogueText,
    Buffer.from('}', 'utf8'),
  ]);
  return { bytes: await gzip(json), manifest };
}

/** Writes `catalogue` to `path` atomically as a `.passerelle` file; returns the manifest. */
export async function writeCatalogueFile(
  path: string,
  catalogue: Catalogue,
  options: BuildCatalogueFileOptions,
): Promise<CatalogueFileManifest> {
  const { bytes, manifest } = await buildCatalogueFile(catalogue, options);
  try {
    atomicWriteFile(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erreur inconnue';
    throw new UserError(
      `Impossible d’écrire le fichier catalogue « ${basename(path)} » (${code}).`,
    );
  }
  return manifest;
}
