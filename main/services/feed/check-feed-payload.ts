/**
 * Checks a downloaded snapshot or change set before anything touches the
 * database: the whole file first (one French message on the first failure),
 * then each supplier record (a bad one is rejected, the others kept).
 */
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
import { checkSupplierRecordsSteps } from './check-supplier-record';
import { parseFeedJsonByMember } from './split-feed-json';
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
  file: FeedSnapshot | FeedChanges,
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
  file: FeedSnapshot | FeedChanges,
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
  if ('suppliers' in file && file.suppliers.length !== file.supplierCount) {
    fail(
      name,
      `il annonce ${count(file.supplierCount)} mais en contient ` +
        `${formatFrenchNumber(file.suppliers.length, 0)}`,
    );
  }
  if ('suppliers' in file && file.suppliers.length === 0) {
    fail(name, 'l’instantané ne contient aucun fournisseur et viderait le catalogue');
  }
}

function checkNoUpsertRemoved(file: FeedChanges, name: string): void {
  const removed = new Set(file.removals);
  const both = file.upserts.find((u) =>
    removed.has((u as { id?: unknown }).id as string),
  );
  if (both) {
    fail(name, `le fournisseur « ${both.id} » y est à la fois modifié et supprimé`);
  }
}

/** Checks `bytes`, downloaded for `ref` of the feed's index; throws UserError when unusable. */
export function checkFeedPayload(
  bytes: Uint8Array,
  ref: FeedFileRef,
  options: FeedCheckOptions,
): CheckedFeedPayload {
  return runToEnd(checkFeedPayloadSteps(bytes, ref, options));
}

/**
 * checkFeedPayload as steps (see run-steps): the supplier list is parsed one
 * supplier at a time, the checksum computed and the records checked in
 * slices, so that the app keeps answering while a big snapshot is checked.
 */
export function* checkFeedPayloadSteps(
  bytes: Uint8Array,
  ref: FeedFileRef,
  options: FeedCheckOptions,
): Steps<CheckedFeedPayload> {
  const name = options.shownName ?? ref.path;
  const isSnapshot = ref.from === null;
  const parsed = yield* parseFeedJsonByMember(
    bytes,
    isSnapshot ? 'suppliers' : 'upserts',
  );
  if (parsed && 'duplicateKey' in parsed) {
    fail(
      name,
      `la clé « ${parsed.duplicateKey} » y figure deux fois : on ne peut pas savoir ` +
        'laquelle des deux valeurs l’éditeur voulait',
    );
  }
  const data = (parsed?.data ?? readFeedJson(bytes, name, ref.bytes)) as object;
  checkFormat(
    data,
    isSnapshot ? FEED_SNAPSHOT_FORMAT : FEED_CHANGES_FORMAT,
    isSnapshot
      ? 'un instantané de flux Passerelle'
      : 'un fichier de changements Passerelle',
    name,
  );
  yield* checkBytes(bytes, ref, name);
  checkEnvelope(data, isSnapshot, name, options.resources);
  const file = data as FeedSnapshot | FeedChanges;
  checkPosition(file, ref, name);
  checkCount(file, ref, name);
  if (!('suppliers' in file)) checkNoUpsertRemoved(file, name);

  const records = 'suppliers' in file ? file.suppliers : file.upserts;
  const { suppliers, problems } = yield* checkSupplierRecordsSteps(
    records,
    options.resources,
  );
  const rejected: RejectedRecord[] = problems.map((p) => ({
    sourceId: options.sourceId,
    recordId: p.recordId,
    field: p.field,
    reason: p.value ? `${p.reason} (valeur « ${p.value} »)` : p.reason,
  }));
  if ('suppliers' in file) {
    if (suppliers.length === 0) {
      fail(name, `aucun de ses ${records.length} fournisseurs n’est valide`);
    }
    return { kind: 'snapshot', snapshot: { ...file, suppliers }, rejected };
  }
  return { kind: 'changes', changes: { ...file, upserts: suppliers }, rejected };
}
