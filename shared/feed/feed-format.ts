/**
 * The Passerelle feed: how a catalogue travels from a publisher to buyers as
 * plain static files (docs/feed.md, resources/feed.schema.json).
 *
 * A feed is a folder served over HTTP(S):
 *   feed.json                the index: latest cursor, the snapshot, the change sets
 *   snapshot-<seq>.json      every supplier at one cursor
 *   changes-<from>-<to>.json what changed between two consecutive cursors
 *
 * The index gives, for every file, the SHA-256 of its bytes (as served, after
 * any Content-Encoding is undone), its size and its supplier count. Cursors
 * come from the publisher only: a client stores the last cursor it applied and
 * never makes one from its own clock. `sequence` orders cursors: a feed whose
 * sequence is lower than the one applied has gone back and is refused.
 */
import type { Catalogue, Sector, Supplier } from '../model';

export const FEED_INDEX_FORMAT = 'passerelle-feed';
export const FEED_SNAPSHOT_FORMAT = 'passerelle-feed-snapshot';
export const FEED_CHANGES_FORMAT = 'passerelle-feed-changes';
export const FEED_FORMAT_VERSION = 1;
/** File name of the index inside a feed folder. */
export const FEED_INDEX_FILE = 'feed.json';

/** One file of the feed as the index describes it. */
export interface FeedFileRef {
  /** Path relative to the index's URL, e.g. "snapshot-42.json". */
  path: string;
  /** Cursor the file starts from: null for a snapshot. */
  from: string | null;
  /** Cursor reached once the file is applied. */
  cursor: string;
  sequence: number;
  /** ISO date-time the publisher wrote the file. */
  generatedAt: string;
  /** Suppliers in the catalogue once the file is applied. */
  supplierCount: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
  bytes: number;
}

/** feed.json */
export interface FeedIndex {
  format: typeof FEED_INDEX_FORMAT;
  formatVersion: typeof FEED_FORMAT_VERSION;
  /** Name of the feed as buyers see it, e.g. "Catalogue national Passerelle". */
  title: string;
  generatedAt: string;
  cursor: string;
  sequence: number;
  supplierCount: number;
  snapshot: FeedFileRef;
  /** Consecutive change sets, oldest first; each `from` is the previous `cursor`. */
  changes: FeedFileRef[];
}

/** snapshot-<seq>.json: the whole catalogue at one cursor. */
export interface FeedSnapshot {
  format: typeof FEED_SNAPSHOT_FORMAT;
  formatVersion: typeof FEED_FORMAT_VERSION;
  generatedAt: string;
  cursor: string;
  sequence: number;
  supplierCount: number;
  datasets: Catalogue['datasets'];
  sectors: Sector[];
  suppliers: Supplier[];
}

/** changes-<from>-<to>.json: suppliers added or changed, suppliers removed. */
export interface FeedChanges {
  format: typeof FEED_CHANGES_FORMAT;
  formatVersion: typeof FEED_FORMAT_VERSION;
  generatedAt: string;
  from: string;
  cursor: string;
  sequence: number;
  /** Suppliers in the catalogue once applied (the check after applying). */
  supplierCount: number;
  /** Added or changed suppliers, whole records. */
  upserts: Supplier[];
  /** Ids of removed suppliers. */
  removals: string[];
}
