/**
 * Checks a downloaded snapshot or change set before anything touches the
 * database: each supplier record parsed and checked in turn (a bad one is
 * rejected, the others kept; one that is not JSON refuses the file), then
 * the file as a whole (checksum, envelope, cursor, counts), with one French
 * message on the first failure.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type {
  FeedChanges,
  FeedFileRef,
  FeedSnapshot,
} from '../../../shared/feed/feed-format';
import {
  FEED_CHANGES_FORMAT,
  FEED_SNAPSHOT_FORMAT,
} from '../../../shared/feed/feed-format';
import type { RejectedRecord } from '../../../shared/feed/sync-types';
import { formatFrenchNumber } from '../../../shared/plan/parse-french-number';
import { runToEnd, type Steps } from '../run-steps';
import { UserError } from '../user-error';
import { SupplierRecordChecker } from './check-supplier-record';
import { FeedRecordList, type FileBytes } from './feed-record-list';
import { parseMember, splitFeedJson } from './split-feed-json';
import { feedValidators, firstProblem } from './feed-schema';
import { checkFormat, frenchBytes, readFeedJson } from './read-feed-json';

export { checkFeedIndex } from './check-feed-index';

export interface FeedCheckOptions {
  /** Source the file comes from, copied into each RejectedRecord. */
  sourceId: string;
  /** What messages call the file (its URL); ref.path by default. */
  shownName?: string;
  /** Folder of the schemas (resources/ by default). */
  resources?: string;
}

type FeedSnapshotEnvelope = Omit<FeedSnapshot, 'suppliers'>;
type FeedChangesEnvelope = Omit<FeedChanges, 'upserts'>;

/** A checked file: the usable records, and the ones refused with their reason. */
export type CheckedFeedPayload =
  | { kind: 'snapshot'; snapshot: FeedSnapshot; rejected: RejectedRecord[] }
  | { kind: 'changes'; changes: FeedChanges; rejected: RejectedRecord[] };

function fail(name: string, problem: string): never {
  throw new UserError(`Le fichier « ${name} » du flux est refusé : ${problem}.`);
}

/** Bytes hashed between two pauses. */
const HASH_SLICE = 4 << 20;

function* checkBytes(bytes: Uint8Array, ref: FeedFileRef, name: string): Steps<void> {
  if (bytes.length !== ref.bytes) {
    fail(
      name,
      `sa taille (${frenchBytes(bytes.length)}) n’est pas celle qu’annonce ` +
        `l’index du flux (${frenchBytes(ref.bytes)}) ; fichier tronqué ou remplacé`,
    );
  }
  const hash = createHash('sha256');
  for (let start = 0; start < bytes.length; start += HASH_SLICE) {
    hash.update(bytes.subarray(start, start + HASH_SLICE));
    yield;
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== ref.sha256) {
    fail(
      name,
      `son empreinte SHA-256 (${sha256.slice(0, 12)}…) n’est pas celle ` +
        `qu’annonce l’index du flux (${ref.sha256.slice(0, 12)}…) ; fichier altéré ` +
        'ou remplacé',
    );
  }
}

function checkEnvelope(
  data: object,
  isSnapshot: boolean,
  name: string,
  resources: string | undefined,
): void {
  // Records are checked one by one afterwards: here, only the envelope.
  const validators = feedValidators(resources);
  const validate = isSnapshot ? validators.snapshot : validators.changes;
  const envelope = isSnapshot ? { ...data, suppliers: [] } : { ...data, upserts: [] };
  if (validate(envelope)) return;
  const problem = firstProblem(validate);
  fail(name, `champ « ${problem?.field} » : ${problem?.reason ?? 'non conforme'}`);
}

function checkPosition(
  file: FeedSnapshotEnvelope | FeedChangesEnvelope,
  ref: FeedFileRef,
  name: string,
): void {
  const from = 'from' in file ? file.from : null;
  if (file.cursor !== ref.cursor || file.sequence !== ref.sequence || from !== ref.from) {
    fail(
      name,
      `il porte le curseur « ${file.cursor} » (n° ${file.sequence}) au lieu de ` +
        `« ${ref.cursor} » (n° ${ref.sequence}) qu’annonce l’index du flux`,
    );
  }
}

function checkCount(
  file: FeedSnapshotEnvelope | FeedChangesEnvelope,
  listLength: number,
  isSnapshot: boolean,
  ref: FeedFileRef,
  name: string,
): void {
  const count = (n: number): string => `${formatFrenchNumber(n, 0)} fournisseur(s)`;
  if (file.supplierCount !== ref.supplierCount) {
    fail(
      name,
      `il annonce ${count(file.supplierCount)} et l’index du flux ` +
        `${count(ref.supplierCount)}`,
    );
  }
  if (isSnapshot && listLength !== file.supplierCount) {
    fail(
      name,
      `il annonce ${count(file.supplierCount)} mais en contient ` +
        `${formatFrenchNumber(listLength, 0)}`,
    );
  }
  if (isSnapshot && listLength === 0) {
    fail(name, 'l’instantané ne contient aucun fournisseur et viderait le catalogue');
  }
}

/** Checks `bytes`, downloaded for `ref` of the feed's index; throws UserError when unusable. */
export function checkFeedPayload(
  bytes: Uint8Array,
  ref: FeedFileRef,
  options: FeedCheckOptions,
): CheckedFeedPayload {
  const checked = runToEnd(checkFeedFileSteps(bytes, ref, options));
  if (checked.kind === 'snapshot') {
    const { snapshot, records, rejected } = checked;
    return {
      kind: 'snapshot',
      snapshot: { ...snapshot, suppliers: records.all() },
      rejected,
    };
  }
  const { changes, records, rejected } = checked;
  return { kind: 'changes', changes: { ...changes, upserts: records.all() }, rejected };
}

/** A checked file whose records are a FeedRecordList (read again from the file when given one). */
export type CheckedFeedFile =
  | {
      kind: 'snapshot';
      snapshot: Omit<FeedSnapshot, 'suppliers'>;
      records: FeedRecordList;
      rejected: RejectedRecord[];
    }
  | {
      kind: 'changes';
      changes: Omit<FeedChanges, 'upserts'>;
      records: FeedRecordList;
      rejected: RejectedRecord[];
    };

/**
 * checkFeedPayload as steps (see run-steps), for the sync: the supplier list
 * is cut by bytes, then each supplier is parsed, checked and let go in
 * turn, so that the app keeps answering while a big snapshot is checked and
 * the records are not all held at once. With `file` (the same bytes, on
 * disk), the records are read again from it when applied.
 */
export function* checkFeedFileSteps(
  bytes: Uint8Array,
  ref: FeedFileRef,
  options: FeedCheckOptions & { file?: FileBytes },
): Steps<CheckedFeedFile> {
  const name = options.shownName ?? ref.path;
  const isSnapshot = ref.from === null;
  const listKey = isSnapshot ? 'suppliers' : 'upserts';
  const split = yield* splitFeedJson(bytes, listKey);
  if (split && 'duplicateKey' in split) {
    fail(
      name,
      `la clé « ${split.duplicateKey} » y figure deux fois : on ne peut pas savoir ` +
        'laquelle des deux valeurs l’éditeur voulait',
    );
  }
  // Not shaped as expected, or not UTF-8: parsed whole, which finds and explains the problem.
  const data = (
    split && isUtf8(bytes) ? split.envelope : readFeedJson(bytes, name, ref.bytes)
  ) as Record<string, unknown>;
  // Members are read as text without a check of their own: isUtf8 checked them all.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkFormat(
    data,
    isSnapshot ? FEED_SNAPSHOT_FORMAT : FEED_CHANGES_FORMAT,
    isSnapshot
      ? 'un instantané de flux Passerelle'
      : 'un fichier de changements Passerelle',
    name,
  );
  // Each record parsed, checked and let go in turn. A record that is not
  // JSON stops everything here: the file is broken, whatever else it says.
  const parsedList = split
    ? null
    : Array.isArray(data[listKey])
      ? (data[listKey] as unknown[])
      : [];
  const listLength = split ? split.members.length : (parsedList?.length ?? 0);
  const records = new FeedRecordList(split ? (options.file ?? null) : null, listLength);
  const checker = new SupplierRecordChecker(options.resources);
  const rejected: RejectedRecord[] = [];
  /** A change set's ids as given, valid or not, to compare with its removals. */
  const givenIds: unknown[] = [];
  for (let position = 0; position < listLength; position += 1) {
    yield;
    const range = split?.members[position] ?? null;
    let record: unknown;
    if (range) {
      try {
        record = parseMember(text, range);
      } catch {
        // The whole parse says where the JSON breaks.
        readFeedJson(bytes, name, ref.bytes);
        fail(name, `le fournisseur n° ${position + 1} n’est pas du JSON valide`);
      }
    } else {
      record = parsedList?.[position];
    }
    if (!isSnapshot) givenIds.push((record as { id?: unknown } | null)?.id);
    const checked = checker.check(record, position);
    if ('supplier' in checked) {
      records.push(checked.supplier, range);
      continue;
    }
    const p = checked.problem;
    rejected.push({
      sourceId: options.sourceId,
      recordId: p.recordId,
      field: p.field,
      reason: p.value ? `${p.reason} (valeur « ${p.value} »)` : p.reason,
    });
  }

  yield* checkBytes(bytes, ref, name);
  checkEnvelope(data, isSnapshot, name, options.resources);
  if (!split && !Array.isArray(data[listKey])) {
    fail(name, `champ « ${listKey} » : une liste de fournisseurs est attendue`);
  }
  const envelope = { ...data };
  delete envelope[listKey];
  const file = envelope as unknown as FeedSnapshotEnvelope | FeedChangesEnvelope;
  checkPosition(file, ref, name);
  checkCount(file, listLength, isSnapshot, ref, name);
  if (!isSnapshot) {
    const removed = new Set((file as FeedChangesEnvelope).removals);
    const both = givenIds.find((id) => typeof id === 'string' && removed.has(id));
    if (typeof both === 'string') {
      fail(name, `le fournisseur « ${both} » y est à la fois modifié et supprimé`);
    }
  }
  if (isSnapshot) {
    if (records.length === 0) {
      fail(name, `aucun de ses ${listLength} fournisseurs n’est valide`);
    }
    return {
      kind: 'snapshot',
      snapshot: file as FeedSnapshotEnvelope,
      records,
      rejected,
    };
  }
  return { kind: 'changes', changes: file as FeedChangesEnvelope, records, rejected };
}
