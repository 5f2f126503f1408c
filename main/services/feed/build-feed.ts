/**
 * Publishes a feed into a folder any static web server can serve: a new
 * snapshot, a change set from the previous cursor when the folder already
 * holds a feed, then feed.json, written last so that a client never reads an
 * index naming files not yet there.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  FEED_CHANGES_FORMAT,
  FEED_FORMAT_VERSION,
  FEED_INDEX_FILE,
  FEED_INDEX_FORMAT,
  FEED_SNAPSHOT_FORMAT,
  type FeedChanges,
  type FeedFileRef,
  type FeedIndex,
  type FeedSnapshot,
} from '../../../shared/feed/feed-format';
import type { ImportIssue } from '../../../shared/model';
import { atomicWriteFile } from '../database/atomic-write-file';
import { UserError } from '../user-error';
import { checkFeedIndex } from './check-feed-index';
import { checkFeedPayload } from './check-feed-payload';
import { diffSuppliers, type SupplierDiff } from './diff-suppliers';
import { contentSha256, encodeFeedFile, makeCursor, sha256Hex } from './feed-content';
import { readPreviousFeed, type PreviousFeed } from './previous-feed';
import { readSupplierFile, type ReadSupplierOptions } from './read-supplier-file';

export const DEFAULT_FEED_TITLE = 'Catalogue Passerelle';

export interface BuildFeedOptions extends ReadSupplierOptions {
  /** Suppliers file: .json (catalogue or list), .xlsx or .csv. */
  input: string;
  outputDir: string;
  /** Name buyers see; kept from the previous index when not given. */
  title?: string;
  /** Publication time (tests); the clock by default. */
  now?: Date;
}

export interface BuildFeedResult {
  /** 'unchanged': same content as the last publication, nothing written. */
  status: 'written' | 'unchanged';
  index: FeedIndex;
  changes: FeedFileRef | null;
  added: number;
  changed: number;
  removed: number;
  recordsRead: number;
  /** Rows or records left out, with file, row, column, value and reason. */
  issues: ImportIssue[];
}

/** Writes one feed file after checking it exactly as a client will. */
function publish(
  folder: string,
  document: FeedSnapshot | FeedChanges,
  path: string,
  resources: string | undefined,
): FeedFileRef {
  const bytes = encodeFeedFile(document);
  const ref: FeedFileRef = {
    path,
    from: 'from' in document ? document.from : null,
    cursor: document.cursor,
    sequence: document.sequence,
    generatedAt: document.generatedAt,
    supplierCount: document.supplierCount,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
  };
  const checked = checkFeedPayload(bytes, ref, { sourceId: 'publication', resources });
  if (checked.rejected.length > 0) {
    const first = checked.rejected[0];
    throw new Error(`[feed] own record refused: ${first?.recordId} ${first?.field}`);
  }
  atomicWriteFile(join(folder, path), bytes);
  return ref;
}

function prepareFolder(folder: string): void {
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new UserError(
      `« ${folder} » est un fichier, pas un dossier : donnez un dossier avec -o.`,
    );
  }
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erreur inconnue';
    throw new UserError(
      `Impossible de créer le dossier du flux « ${folder} » (${code}).`,
    );
  }
  if (!statSync(folder).isDirectory()) {
    throw new UserError(
      `« ${folder} » n’est pas un dossier : donnez un dossier avec -o.`,
    );
  }
}

/** Snapshots before the previous one: the previous stays for clients that just read the old index. */
function removeOldSnapshots(folder: string, sequence: number): void {
  for (const name of readdirSync(folder)) {
    const match = /^snapshot-(\d+)\.json$/.exec(name);
    if (match && Number(match[1]) < sequence - 1)
      rmSync(join(folder, name), { force: true });
  }
}

/** True when `cursor` was made from content with this hash (its 12 hex digits agree). */
function sameContent(cursor: string, contentHash: string): boolean {
  return cursor.slice(cursor.indexOf('-') + 1) === contentHash.slice(0, 12);
}

/** Writes the change set from the previous publication to this one. */
function publishChanges(
  folder: string,
  previous: PreviousFeed,
  snapshot: FeedSnapshot,
  resources: string | undefined,
): { ref: FeedFileRef; diff: SupplierDiff } {
  const diff = diffSuppliers(previous.snapshot.suppliers, snapshot.suppliers);
  const changes: FeedChanges = {
    format: FEED_CHANGES_FORMAT,
    formatVersion: snapshot.formatVersion,
    generatedAt: snapshot.generatedAt,
    from: previous.index.cursor,
    cursor: snapshot.cursor,
    sequence: snapshot.sequence,
    supplierCount: snapshot.supplierCount,
    upserts: diff.upserts,
    removals: diff.removals,
  };
  const path = `changes-${previous.index.sequence}-${snapshot.sequence}.json`;
  return { ref: publish(folder, changes, path, resources), diff };
}

/** Writes feed.json, last, after checking it as a client will. */
function publishIndex(
  folder: string,
  index: FeedIndex,
  resources: string | undefined,
): void {
  const bytes = encodeFeedFile(index);
  checkFeedIndex(bytes, { resources });
  atomicWriteFile(join(folder, FEED_INDEX_FILE), bytes);
}

/** Builds or extends the feed in `options.outputDir`; throws UserError on bad input. */
export async function buildFeed(options: BuildFeedOptions): Promise<BuildFeedResult> {
  const input = await readSupplierFile(options.input, options);
  const { suppliers, issues, recordsRead } = input;
  if (suppliers.length === 0) {
    throw new UserError(
      `Aucun fournisseur valide dans « ${options.input} » (${recordsRead} lu(s)) : ` +
        'le flux n’est pas écrit.',
      issues,
    );
  }
  const folder = resolve(options.outputDir);
  prepareFolder(folder);
  const previous = readPreviousFeed(folder, options.resources);
  const contentHash = contentSha256(input);
  const title = options.title ?? previous?.index.title ?? DEFAULT_FEED_TITLE;
  const none = { added: 0, changed: 0, removed: 0, recordsRead, issues };
  if (previous && sameContent(previous.index.cursor, contentHash)) {
    // Same suppliers: same cursor; only a new title rewrites the index.
    const index = { ...previous.index, title };
    if (title !== previous.index.title) publishIndex(folder, index, options.resources);
    return { status: 'unchanged', index, changes: null, ...none };
  }

  const sequence = (previous?.index.sequence ?? 0) + 1;
  const snapshot: FeedSnapshot = {
    format: FEED_SNAPSHOT_FORMAT,
    formatVersion: FEED_FORMAT_VERSION,
    generatedAt: (options.now ?? new Date()).toISOString(),
    cursor: makeCursor(sequence, contentHash),
    sequence,
    supplierCount: suppliers.length,
    datasets: input.datasets,
    sectors: input.sectors,
    suppliers,
  };
  const snapshotRef = publish(
    folder,
    snapshot,
    `snapshot-${sequence}.json`,
    options.resources,
  );
  const changes = previous
    ? publishChanges(folder, previous, snapshot, options.resources)
    : null;
  const { generatedAt, cursor, supplierCount } = snapshot;
  const index: FeedIndex = {
    format: FEED_INDEX_FORMAT,
    formatVersion: FEED_FORMAT_VERSION,
    title,
    generatedAt,
    cursor,
    sequence,
    supplierCount,
    snapshot: snapshotRef,
    changes: [...(previous?.index.changes ?? []), ...(changes ? [changes.ref] : [])],
  };
  publishIndex(folder, index, options.resources);
  removeOldSnapshots(folder, sequence);
  const diff = changes?.diff ?? { added: supplierCount, changed: 0, removals: [] };
  return {
    status: 'written',
    index,
    changes: changes?.ref ?? null,
    added: diff.added,
    changed: diff.changed,
    removed: diff.removals.length,
    recordsRead,
    issues,
  };
}
