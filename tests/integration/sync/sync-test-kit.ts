/**
 * What the sync specs share: feeds published with buildFeed from the real
 * catalogue, feed files re-written on purpose (with refs that match them, so
 * only the fault under test is wrong), and what a database file holds once
 * reopened from disk.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SqlValue } from 'sql.js';
import type {
  FeedChanges,
  FeedFileRef,
  FeedIndex,
  FeedSnapshot,
} from '../../../shared/feed/feed-format';
import type { SyncLogEntry } from '../../../shared/feed/sync-types';
import type { Catalogue, Supplier } from '../../../shared/model';
import { buildFeed } from '../../../main/services/feed/build-feed';
import {
  startMisbehavingServer,
  type MisbehavingServer,
} from '../../helpers/misbehaving-server';
import { openDatabase } from '../../../main/services/database/open-database';
import {
  readSourceState,
  readSyncLog,
  type SourceState,
} from '../../../main/services/sync/source-store';

/** The catalogue Passerelle ships (resources/catalogue.json), parsed afresh. */
export function realCatalogue(): Catalogue {
  return JSON.parse(
    readFileSync(resolve('resources/catalogue.json'), 'utf8'),
  ) as Catalogue;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One publication of a feed: its index and the bytes of every file it names. */
export interface FeedVersion {
  index: FeedIndex;
  /** By path relative to feed.json, feed.json included. */
  files: Record<string, Buffer>;
}

/**
 * Publishes `suppliers` into `feedDir` with buildFeed (a new snapshot, and a
 * change set when the folder already holds a feed) and keeps the bytes of
 * the files the new index names.
 */
export async function publishFeed(options: {
  catalogue: Catalogue;
  suppliers: Supplier[];
  feedDir: string;
  workDir: string;
  title: string;
  now: Date;
}): Promise<FeedVersion & { added: number; changed: number; removed: number }> {
  const input = join(options.workDir, `fournisseurs-${options.now.getTime()}.json`);
  writeFileSync(
    input,
    JSON.stringify({ ...options.catalogue, suppliers: options.suppliers }),
  );
  const built = await buildFeed({
    input,
    outputDir: options.feedDir,
    title: options.title,
    now: options.now,
  });
  const files: Record<string, Buffer> = {
    'feed.json': readFileSync(join(options.feedDir, 'feed.json')),
  };
  for (const ref of [built.index.snapshot, ...built.index.changes]) {
    files[ref.path] = readFileSync(join(options.feedDir, ref.path));
  }
  return {
    index: built.index,
    files,
    added: built.added,
    changed: built.changed,
    removed: built.removed,
  };
}

/** A feed file's bytes, written as a publisher would (compact JSON). */
export function encode(document: object): Buffer {
  return Buffer.from(JSON.stringify(document), 'utf8');
}

/** The index entry that matches `bytes` exactly (size, SHA-256, cursor, count). */
export function refOf(
  path: string,
  document: FeedSnapshot | FeedChanges,
  bytes: Buffer,
): FeedFileRef {
  return {
    path,
    from: 'from' in document ? document.from : null,
    cursor: document.cursor,
    sequence: document.sequence,
    generatedAt: document.generatedAt,
    supplierCount: document.supplierCount,
    sha256: sha256(bytes),
    bytes: bytes.length,
  };
}

/** A feed made of this index and these files (feed.json encoded from the index). */
export function feedOf(index: FeedIndex, files: Record<string, Buffer>): FeedVersion {
  return { index, files: { ...files, 'feed.json': encode(index) } };
}

export function parseFile<T>(version: FeedVersion, path: string): T {
  const bytes = version.files[path];
  if (!bytes) throw new Error(`no ${path} in this feed`);
  return JSON.parse(bytes.toString('utf8')) as T;
}

/** What a database file holds, read back from disk. */
export interface Inspection {
  supplierCount: number;
  /** Records per source id. */
  recordCounts: Record<string, number>;
  suppliers: Map<string, Supplier>;
  /** Sync state of the source inspected. */
  state: SourceState | null;
  log: SyncLogEntry[];
  /**
   * SHA-256 of every table the catalogue is made of: merged suppliers,
   * source records, sectors, catalogue metadata, and each source's
   * configuration and sync position (not its last-sync time and status,
   * which a failed sync updates on purpose, nor the sync log).
   */
  fingerprint: Record<string, string>;
}

const FINGERPRINT_QUERIES: Record<string, string> = {
  suppliers: 'SELECT id, json FROM suppliers ORDER BY id',
  records:
    'SELECT source_id, record_id, supplier_id, siret, name_folded, lat, lon, revision, ' +
    'hash, json FROM source_records ORDER BY source_id, record_id',
  sectors: 'SELECT id, name, slug, sector_group, cpv FROM sectors ORDER BY id',
  meta: 'SELECT key, value FROM catalogue_meta ORDER BY key',
  sources:
    'SELECT id, kind, config, position, cursor, sequence, etag, last_modified, datasets ' +
    'FROM sources ORDER BY id',
};

/** Opens the file as Passerelle does at start, reads it, closes it. */
export async function inspectDatabase(
  file: string,
  sourceId: string,
): Promise<Inspection> {
  const handle = await openDatabase(file);
  try {
    const { db } = handle;
    if (handle.notices.length > 0) throw new Error(handle.notices.join(' '));
    const all = (sql: string): SqlValue[][] => db.exec(sql)[0]?.values ?? [];
    const fingerprint: Record<string, string> = {};
    for (const [part, sql] of Object.entries(FINGERPRINT_QUERIES)) {
      fingerprint[part] = sha256(JSON.stringify(all(sql)));
    }
    const suppliers = new Map<string, Supplier>();
    for (const [id, json] of all('SELECT id, json FROM suppliers')) {
      suppliers.set(String(id), JSON.parse(String(json)) as Supplier);
    }
    const recordCounts: Record<string, number> = {};
    for (const [id, count] of all(
      'SELECT source_id, count(*) FROM source_records GROUP BY source_id',
    )) {
      recordCounts[String(id)] = Number(count);
    }
    return {
      supplierCount: suppliers.size,
      recordCounts,
      suppliers,
      state: readSourceState(db, sourceId),
      log: readSyncLog(db),
      fingerprint,
    };
  } finally {
    handle.close();
  }
}

/** The supplier `id` of an inspection; throws when absent. */
export function supplierOf(inspection: Inspection, id: string): Supplier {
  const supplier = inspection.suppliers.get(id);
  if (!supplier) throw new Error(`no supplier ${id} in the database`);
  return supplier;
}

/** Where each of the supplier's provenances came through. */
export function sourceIdsOf(supplier: Supplier | undefined): (string | undefined)[] {
  return (supplier?.sources ?? []).map((s) => s.sourceId);
}

/** The Passerelle feed source of the single-feed specs, read from `url`. */
export function nationalFeedSource(url: string) {
  return {
    id: 'flux-national',
    kind: 'passerelle-feed' as const,
    name: 'Flux national',
    enabled: true,
    licence: 'Licence Ouverte 2.0',
    url,
  };
}

/**
 * Publishes the suppliers of `input` (a catalogue file) into `<root>/flux`
 * with buildFeed, and serves feed.json and its snapshot from a server on
 * 127.0.0.1 under /flux/, reached directly whatever proxy the machine sets.
 * `stop` closes the server and gives NO_PROXY back.
 */
export async function serveNationalFeed(
  root: string,
  input: string,
): Promise<{ server: MisbehavingServer; index: FeedIndex; stop: () => Promise<void> }> {
  const savedNoProxy = process.env['NO_PROXY'];
  process.env['NO_PROXY'] = '127.0.0.1,localhost';
  const feedDir = join(root, 'flux');
  const { index } = await buildFeed({
    input,
    outputDir: feedDir,
    title: 'Flux national',
  });
  const server = await startMisbehavingServer();
  for (const name of ['feed.json', index.snapshot.path]) {
    server.route(`/flux/${name}`, {
      kind: 'serve',
      body: readFileSync(join(feedDir, name)),
      contentType: 'application/json',
    });
  }
  const stop = async (): Promise<void> => {
    await server.close();
    if (savedNoProxy === undefined) delete process.env['NO_PROXY'];
    else process.env['NO_PROXY'] = savedNoProxy;
  };
  return { server, index, stop };
}
