/**
 * One sync of one source: fetch, check the whole payload, apply in one
 * transaction, save atomically, log. Whatever fails, the catalogue stays as it
 * was and the log gets one French sentence saying so.
 */
import { readFile, rm } from 'node:fs/promises';
import type { Database } from 'sql.js';
import type { FeedFileRef, FeedIndex } from '../../../shared/feed/feed-format';
import type {
  RejectedRecord,
  SourceConfig,
  SyncLogEntry,
  SyncProgress,
} from '../../../shared/feed/sync-types';
import {
  checkFeedFileSteps,
  checkFeedIndex,
  type CheckedFeedFile,
} from '../feed/check-feed-payload';
import { FileBytes } from '../feed/feed-record-list';
import { runInSlices } from '../run-steps';
import { planFeedSync } from '../feed/plan-feed-sync';
import { UserError } from '../user-error';
import { clearSyncRunning, markSyncRunning } from './unfinished-sync';
import {
  applyRecordsSteps,
  applySnapshotInSlices,
  inTransactionInSlices,
  RecordCountError,
  type ApplyResult,
} from './apply-records';
import { fetchJson, fetchToFile, type FetchRequest } from './fetch-to-file';
import { FetchError } from './http-errors';
import { rememberCategories } from './map-categories';
import { readGoGoCarto, type SeenCategory } from './sources/gogocarto';
import { readInclusionApi } from './sources/inclusion-api';
import type { SourceContext } from './sources/source-context';
import type { SourceReadResult } from './sources/source-records';
import { readSpreadsheet } from './sources/spreadsheet';
import {
  appendSyncLog,
  getSource,
  readSourceState,
  setSourceState,
} from './source-store';

/** What a sync needs from the services around it. */
export interface SyncContext {
  db: Database;
  /** Persists the changes (DatabaseHandle.saveInSlices: the app keeps answering). */
  save(): Promise<void>;
  /**
   * Lets the database grow by about this many bytes without sql.js copying
   * it as it grows (DatabaseHandle.makeRoom); `db` may change. Left out, the
   * database grows as it goes.
   */
  makeRoom?(bytes: number): Promise<void>;
  /** Folder for downloads in progress. */
  tempDir: string;
  /** Communes, sectors and mappings for the non-feed sources. */
  sourceContext: () => SourceContext;
  now: () => Date;
  /** Network settings; tests shorten them. */
  http?: Pick<FetchRequest, 'timeoutMs' | 'retries' | 'backoffMs'>;
}

export interface SyncRun {
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

/** What a source's sync did, before it is logged. */
interface Outcome {
  status: 'ok' | 'unchanged';
  applied: ApplyResult | null;
  rejected: RejectedRecord[];
  /** Records kept with a warning (read sources); none for a feed. */
  warnings?: RejectedRecord[];
  bytes: number;
  cursor: string | null;
  message: string;
}

const KEPT_SENTENCE = 'Le catalogue local reste tel qu’il était.';

/** A source none of whose records could be kept: the refusals go to the log all the same. */
class RecordsRefusedError extends UserError {
  constructor(
    readonly rejected: RejectedRecord[],
    message: string,
  ) {
    super(message);
  }
}
const KEPT = /catalogue (local )?reste tel qu’il était/i;

function frenchCount(n: number): string {
  return n.toLocaleString('fr-FR');
}

/** « <subject> : 3 ajoutés, 1 modifié, 0 retiré… Le catalogue compte … fournisseurs. » */
export function applySummary(subject: string, a: ApplyResult, rejected: number): string {
  const parts = [
    `${frenchCount(a.added)} ajouté${a.added > 1 ? 's' : ''}`,
    `${frenchCount(a.changed)} modifié${a.changed > 1 ? 's' : ''}`,
    `${frenchCount(a.removed)} retiré${a.removed > 1 ? 's' : ''}`,
  ];
  const refused =
    rejected > 0
      ? ` ; ${frenchCount(rejected)} fiche${rejected > 1 ? 's' : ''} refusée${rejected > 1 ? 's' : ''} (voir le détail)`
      : '';
  return (
    `${subject} : ${parts.join(', ')}${refused}. ` +
    `Le catalogue compte ${frenchCount(a.supplierCount)} fournisseurs.`
  );
}

/** A downloaded feed file, checked; its records are read again from it when applied. */
interface DownloadedFeedFile {
  payload: CheckedFeedFile;
  bytes: number;
  /** The file, open: closed and deleted by discardDownloads once applied (or not). */
  file: FileBytes;
}

async function discardDownloads(files: readonly DownloadedFeedFile[]): Promise<void> {
  for (const { file } of files) {
    file.close();
    await rm(file.path, { force: true });
  }
}

/** Downloads one file of a feed, checked against its index entry. */
async function fetchFeedFile(
  ctx: SyncContext,
  run: SyncRun,
  source: Extract<SourceConfig, { kind: 'passerelle-feed' }>,
  indexUrl: string,
  ref: FeedFileRef,
  report: (p: Partial<SyncProgress>) => void,
): Promise<DownloadedFeedFile> {
  const url = new URL(ref.path, indexUrl).toString();
  const result = await fetchToFile({
    url,
    tempDir: ctx.tempDir,
    ...(run.signal ? { signal: run.signal } : {}),
    ...ctx.http,
    onProgress: (bytes, total) =>
      report({ phase: 'download', bytes, totalBytes: total ?? ref.bytes }),
  });
  if (result.status === 'not-modified') {
    throw new UserError(
      `Le serveur a répondu « non modifié » pour ${url} sans qu’on le demande.`,
    );
  }
  let file: FileBytes | null = null;
  try {
    report({ phase: 'check' });
    file = new FileBytes(result.file);
    const bytes = await readFile(result.file);
    const payload = await runInSlices(
      checkFeedFileSteps(bytes, ref, { sourceId: source.id, shownName: url, file }),
    );
    return { payload, bytes: result.bytes, file };
  } catch (error) {
    file?.close();
    await rm(result.file, { force: true });
    throw error;
  }
}

/** Reads feed.json: conditional on the validators kept, unless the source holds nothing. */
async function fetchIndex(
  ctx: SyncContext,
  run: SyncRun,
  source: Extract<SourceConfig, { kind: 'passerelle-feed' }>,
  holdsRecords: boolean,
): Promise<{
  index: FeedIndex;
  /** Address feed.json came from, after redirects: the files are relative to it. */
  url: string;
  etag: string | null;
  lastModified: string | null;
  bytes: number;
} | null> {
  const state = readSourceState(ctx.db, source.id);
  const validators = {
    etag: holdsRecords && state?.cursor ? state.etag : null,
    lastModified: holdsRecords && state?.cursor ? state.lastModified : null,
  };
  const result = await fetchJsonFile(ctx, run, source.url, validators);
  if (result === null) {
    if (validators.etag || validators.lastModified) return null;
    // Nothing asked under condition: « not modified » says nothing of what we hold.
    throw new UserError(
      `Le serveur a répondu « non modifié » (304) pour ${source.url} sans qu’on le ` +
        'demande' +
        (holdsRecords
          ? ''
          : ', alors que le catalogue local n’a encore rien de cette source') +
        ' : l’index du flux n’a pas pu être lu.',
    );
  }
  return {
    index: checkFeedIndex(result.bytes, { shownName: source.url }),
    url: result.url,
    etag: result.etag,
    lastModified: result.lastModified,
    bytes: result.bytes.length,
  };
}

async function fetchJsonFile(
  ctx: SyncContext,
  run: SyncRun,
  url: string,
  validators: { etag: string | null; lastModified: string | null },
): Promise<{
  bytes: Buffer;
  url: string;
  etag: string | null;
  lastModified: string | null;
} | null> {
  const result = await fetchToFile({
    url,
    tempDir: ctx.tempDir,
    ...validators,
    ...(run.signal ? { signal: run.signal } : {}),
    ...ctx.http,
  });
  if (result.status === 'not-modified') return null;
  try {
    return {
      bytes: await readFile(result.file),
      url: result.url,
      etag: result.etag,
      lastModified: result.lastModified,
    };
  } finally {
    await rm(result.file, { force: true });
  }
}

/** Records the source holds in the local catalogue. */
export function recordCount(db: Database, sourceId: string): number {
  const value = db.exec('SELECT count(*) FROM source_records WHERE source_id = ?', [
    sourceId,
  ])[0]?.values[0]?.[0];
  return Number(value ?? 0);
}

async function syncFeed(
  ctx: SyncContext,
  run: SyncRun,
  source: Extract<SourceConfig, { kind: 'passerelle-feed' }>,
  report: (p: Partial<SyncProgress>) => void,
): Promise<Outcome> {
  const holdsRecords = recordCount(ctx.db, source.id) > 0;
  const fetched = await fetchIndex(ctx, run, source, holdsRecords);
  const state = readSourceState(ctx.db, source.id);
  if (fetched === null) {
    return {
      status: 'unchanged',
      applied: null,
      rejected: [],
      bytes: 0,
      cursor: state?.cursor ?? null,
      message: `« ${source.name} » est à jour (le serveur n’a rien de nouveau).`,
    };
  }
  const { index, etag, lastModified } = fetched;
  const plan = planFeedSync(
    index,
    holdsRecords
      ? { cursor: state?.cursor ?? null, sequence: state?.sequence ?? null }
      : { cursor: null, sequence: null },
  );
  if (plan.kind === 'up-to-date') {
    setSourceState(ctx.db, source.id, {
      etag: fetched.etag,
      lastModified: fetched.lastModified,
    });
    return {
      status: 'unchanged',
      applied: null,
      rejected: [],
      bytes: fetched.bytes,
      cursor: index.cursor,
      message: `« ${source.name} » est à jour (curseur ${index.cursor}).`,
    };
  }
  const files = plan.kind === 'snapshot' ? [plan.file] : plan.files;
  const feed = { fetched, etag, lastModified };
  try {
    return await applyFeedFiles(ctx, run, source, report, feed, files);
  } catch (error) {
    if (plan.kind === 'snapshot' || !(error instanceof RecordCountError)) throw error;
    // Changes that do not add up would fail the same way at every sync:
    // the snapshot says the whole list, so it is applied instead.
    const outcome = await applyFeedFiles(ctx, run, source, report, feed, [
      index.snapshot,
    ]);
    return {
      ...outcome,
      message:
        `${outcome.message} Les fichiers de changements du flux ne tombaient pas ` +
        'juste (nombre de fournisseurs) : son instantané complet a été appliqué à la place.',
    };
  }
}

/**
 * Database bytes per byte of a feed file's JSON, for the records it adds:
 * 1,9 measured on the bench's 100,000 suppliers (the row, its search text,
 * its record, the indexes), rounded up so that an estimate is rarely short.
 */
const DATABASE_BYTES_PER_FEED_BYTE = 2.25;

/**
 * About how much the database grows when the files are applied to a source
 * holding `stored` records: the share of each file's bytes that its added
 * records make up (a changed record takes the place of its old row, an
 * added one the place of one removed before it).
 */
export function feedGrowthBytes(
  files: readonly { payload: CheckedFeedFile; bytes: number }[],
  stored: number,
): number {
  let records = stored;
  // Pages freed by removals are used again: only records past the most held so far take more.
  let most = stored;
  let growth = 0;
  for (const { payload, bytes } of files) {
    const [written, after] =
      payload.kind === 'snapshot'
        ? [payload.records.length, payload.records.length]
        : [
            payload.records.length,
            records + payload.records.length - payload.changes.removals.length,
          ];
    if (written > 0 && after > most) {
      const added = Math.min(written, after - most);
      growth += (bytes * DATABASE_BYTES_PER_FEED_BYTE * added) / written;
      most = after;
    }
    records = after;
  }
  return Math.round(growth);
}

/** Records measured for recordsGrowthBytes: their JSON is written once more to measure it. */
const MEASURED_RECORDS = 200;

/**
 * About how much the database grows when `records` replace a source's
 * `stored` ones: the added records times the average length of the first
 * ones' JSON, times DATABASE_BYTES_PER_FEED_BYTE.
 */
export function recordsGrowthBytes(records: readonly unknown[], stored: number): number {
  const added = records.length - stored;
  if (added <= 0) return 0;
  const measured = records.slice(0, MEASURED_RECORDS);
  const length = measured.reduce<number>(
    (sum, record) => sum + (JSON.stringify(record)?.length ?? 0),
    0,
  );
  return Math.round((length / measured.length) * added * DATABASE_BYTES_PER_FEED_BYTE);
}

/** Downloads and checks `files` of the feed, then applies them in one transaction. */
async function applyFeedFiles(
  ctx: SyncContext,
  run: SyncRun,
  source: Extract<SourceConfig, { kind: 'passerelle-feed' }>,
  report: (p: Partial<SyncProgress>) => void,
  feed: {
    fetched: { url: string; bytes: number; index: FeedIndex };
    etag: string | null;
    lastModified: string | null;
  },
  files: FeedFileRef[],
): Promise<Outcome> {
  // Every file is downloaded and checked before the database is touched;
  // the files are kept until the end: their records are read again from them.
  const downloaded: DownloadedFeedFile[] = [];
  try {
    for (const ref of files) {
      downloaded.push(
        await fetchFeedFile(ctx, run, source, feed.fetched.url, ref, report),
      );
    }
    return await applyDownloaded();
  } finally {
    await discardDownloads(downloaded);
  }

  async function applyDownloaded(): Promise<Outcome> {
    const { fetched, etag, lastModified } = feed;
    const { index } = fetched;
    const payloads = downloaded.map((d) => d.payload);
    const bytes = downloaded.reduce((sum, d) => sum + d.bytes, fetched.bytes);
    await ctx.makeRoom?.(feedGrowthBytes(downloaded, recordCount(ctx.db, source.id)));
    const rejected = payloads.flatMap((p) => p.rejected);
    // Records each file makes the store examine; a snapshot's count grows, once
    // applying, by the records it no longer holds (the store reports its own total).
    const sizes = payloads.map((p) =>
      p.kind === 'snapshot'
        ? p.records.length
        : p.records.length + p.changes.removals.length,
    );
    const sum = (list: number[]): number => list.reduce((n, size) => n + size, 0);
    report({ phase: 'apply', applied: 0, total: sum(sizes) });
    let step = 0;
    const progress = (applied: number, stepTotal: number): void => {
      if (run.signal?.aborted) throw new FetchError({ kind: 'cancelled' }, '');
      sizes[step] = stepTotal;
      report({
        phase: 'apply',
        applied: sum(sizes.slice(0, step)) + applied,
        total: sum(sizes),
      });
    };
    function* applyAll(): Generator<void, ApplyResult> {
      let last: ApplyResult | null = null;
      for (; step < payloads.length; step += 1) {
        const payload = payloads[step];
        if (!payload) break;
        const common = {
          sourceId: source.id,
          etag,
          lastModified,
          appliedAt: ctx.now(),
        };
        if (payload.kind === 'snapshot') {
          const s = payload.snapshot;
          const refused = payload.rejected.length;
          last = yield* applyRecordsSteps(
            ctx.db,
            {
              ...common,
              upserts: payload.records,
              removals: null,
              sectors: s.sectors,
              datasets: s.datasets,
              cursor: s.cursor,
              sequence: s.sequence,
              expectedRecordCount: s.supplierCount - refused,
            },
            progress,
          );
        } else {
          const c = payload.changes;
          const changed = yield* applyRecordsSteps(
            ctx.db,
            {
              ...common,
              upserts: payload.records,
              removals: c.removals,
              cursor: c.cursor,
              sequence: c.sequence,
              ...(payload.rejected.length === 0
                ? { expectedRecordCount: c.supplierCount }
                : {}),
            },
            progress,
          );
          last = last
            ? {
                ...changed,
                added: last.added + changed.added,
                changed: last.changed + changed.changed,
                removed: last.removed + changed.removed,
              }
            : changed;
        }
      }
      if (!last) throw new Error('no payload to apply');
      return last;
    }
    const applied = await inTransactionInSlices(ctx.db, applyAll());
    return {
      status: 'ok',
      applied,
      rejected,
      bytes,
      cursor: index.cursor,
      message: applySummary(`« ${source.name} » synchronisée`, applied, rejected.length),
    };
  }
}

/** Sources read whole each time (maps, APIs, spreadsheets): a snapshot of the source. */
async function syncReadSource(
  ctx: SyncContext,
  run: SyncRun,
  source: SourceConfig,
  report: (p: Partial<SyncProgress>) => void,
): Promise<Outcome> {
  const deps = {
    ...ctx.sourceContext(),
    getJson: async (url: string, headers: Record<string, string>) => {
      const result = await fetchJson({
        url,
        headers,
        ...(run.signal ? { signal: run.signal } : {}),
        ...ctx.http,
      });
      return result.status === 'ok' ? result.json : null;
    },
  };
  report({ phase: 'download' });
  let read: SourceReadResult;
  let categories: SeenCategory[] | null = null;
  switch (source.kind) {
    case 'gogocarto': {
      const map = await readGoGoCarto(source, deps);
      categories = map.categories;
      read = map;
      break;
    }
    case 'inclusion-api':
      read = await readInclusionApi(source, deps);
      break;
    case 'spreadsheet':
      read = await readSpreadsheet(source, deps);
      break;
    default:
      throw new UserError(`La source « ${source.name} » ne se synchronise pas ainsi.`);
  }
  if (read.records.length === 0) {
    throw new RecordsRefusedError(
      read.rejected,
      `La source « ${source.name} » n’a donné aucun fournisseur utilisable ` +
        `(${frenchCount(read.read)} lus, ${frenchCount(read.rejected.length)} refusés).`,
    );
  }
  report({ phase: 'apply', applied: 0, total: read.records.length });
  await ctx.makeRoom?.(recordsGrowthBytes(read.records, recordCount(ctx.db, source.id)));
  const applied = await applySnapshotInSlices(
    ctx.db,
    {
      sourceId: source.id,
      records: read.records,
      handOver: true,
      cursor: null,
      sequence: null,
      appliedAt: ctx.now(),
    },
    (n, total) => {
      if (run.signal?.aborted) throw new FetchError({ kind: 'cancelled' }, '');
      report({ phase: 'apply', applied: n, total });
    },
  );
  // Saved with the records: the mapping editor lists what the map used.
  if (categories) rememberCategories(ctx.db, source.id, categories);
  return {
    status: 'ok',
    applied,
    rejected: read.rejected,
    warnings: read.warnings,
    bytes: 0,
    cursor: null,
    message:
      applySummary(`« ${source.name} » synchronisée`, applied, read.rejected.length) +
      (read.warnings.length > 0
        ? ` ${frenchCount(read.warnings.length)} avertissement(s) sur des fiches ` +
          'gardées (voir le détail).'
        : ''),
  };
}

/**
 * Syncs the source `sourceId` and returns its log entry. Never throws for a
 * network or data failure: the entry says what happened and that the
 * catalogue was kept; the database file is saved either way (the log).
 */
export async function syncSource(
  ctx: SyncContext,
  sourceId: string,
  run: SyncRun = {},
): Promise<SyncLogEntry> {
  const status = getSource(ctx.db, sourceId);
  if (!status) throw new UserError(`La source « ${sourceId} » n’existe pas.`);
  const source = status.config;
  const startedAt = ctx.now().toISOString();
  // Saved first: a stop before the end is told at the next start.
  markSyncRunning(ctx.db, { sourceId, sourceName: source.name, startedAt });
  await ctx.save();
  const progress: SyncProgress = {
    sourceId,
    phase: 'download',
    bytes: 0,
    totalBytes: null,
    applied: 0,
    total: null,
  };
  const report = (patch: Partial<SyncProgress>): void => {
    Object.assign(progress, patch);
    run.onProgress?.({ ...progress });
  };
  let outcome: Outcome;
  let failure: { status: 'failed' | 'cancelled'; message: string } | null = null;
  try {
    if (run.signal?.aborted) throw new FetchError({ kind: 'cancelled' }, '');
    outcome =
      source.kind === 'passerelle-feed'
        ? await syncFeed(ctx, run, source, report)
        : await syncReadSource(ctx, run, source, report);
  } catch (error) {
    const cancelled =
      run.signal?.aborted === true ||
      (error instanceof FetchError && error.failure.kind === 'cancelled');
    if (!(error instanceof UserError) && !cancelled) {
      console.error(`[sync] ${sourceId} failed:`, error);
    }
    const reason =
      error instanceof UserError && !cancelled
        ? error.message
        : cancelled
          ? 'Synchronisation annulée.'
          : 'Erreur inattendue pendant la synchronisation.';
    failure = {
      status: cancelled ? 'cancelled' : 'failed',
      // Some reasons (a count that does not add up) already say the catalogue stays.
      // Named by its source: several sources may share a server.
      message: `« ${source.name} » : ${KEPT.test(reason) ? reason : `${reason} ${KEPT_SENTENCE}`}`,
    };
    outcome = {
      status: 'unchanged',
      applied: null,
      rejected: error instanceof RecordsRefusedError ? error.rejected : [],
      bytes: progress.bytes,
      cursor: readSourceState(ctx.db, sourceId)?.cursor ?? null,
      message: failure.message,
    };
  }
  report({ phase: 'save' });
  const entry = appendSyncLog(ctx.db, {
    sourceId,
    sourceName: source.name,
    startedAt,
    endedAt: ctx.now().toISOString(),
    status: failure?.status ?? outcome.status,
    added: outcome.applied?.added ?? 0,
    changed: outcome.applied?.changed ?? 0,
    removed: outcome.applied?.removed ?? 0,
    rejected: outcome.rejected,
    warnings: outcome.warnings ?? [],
    bytes: outcome.bytes,
    cursor: outcome.cursor,
    message: outcome.message,
  });
  setSourceState(ctx.db, sourceId, {
    lastSyncAt: entry.endedAt,
    lastStatus: entry.status,
  });
  clearSyncRunning(ctx.db);
  await ctx.save();
  report({
    phase: failure ? (failure.status === 'cancelled' ? 'cancelled' : 'failed') : 'done',
  });
  return entry;
}
