/** Feeds built from the real catalogue for the feed tests, in throw-away folders. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FeedFileRef, FeedIndex } from '../../../shared/feed/feed-format';
import type { Catalogue } from '../../../shared/model';

/** resources/catalogue.json, parsed afresh (tests may change it). */
export function realCatalogue(): Catalogue {
  return JSON.parse(
    readFileSync(resolve('resources/catalogue.json'), 'utf8'),
  ) as Catalogue;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `passerelle-${prefix}-`));
}

export function writeJson(dir: string, name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

/** Lower-case hex SHA-256, computed here independently of the feed code. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function readIndex(dir: string): FeedIndex {
  return JSON.parse(readFileSync(join(dir, 'feed.json'), 'utf8')) as FeedIndex;
}

/** A ref describing `bytes` exactly, from `base` (the index's ref) with `bytes`/`sha256` recomputed. */
export function refOf(bytes: Uint8Array, base: FeedFileRef): FeedFileRef {
  return { ...base, bytes: bytes.length, sha256: sha256(bytes) };
}
