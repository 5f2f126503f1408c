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
import { checkFeedIndex, checkFeedPayload } from '../feed/check-feed-payload';
import { planFeedSync } from '../feed/plan-feed-sync';
import { UserError } from '../user-error';
import {
  applyRecordsInTransaction,
  applySnapshot,
  inTransaction,
  type ApplyResult,
} from './apply-records';
import { fetchJson, fetchToFile, type FetchRequest } from './fetch-to-file';
import { FetchError } from './http-errors';
import { readGoGoCarto } from './sources/gogocarto';
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
  /** Writes the database file atomically (DatabaseHandle.save). */
  save(): void;
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
  bytes: number;
  cursor: string | null;
  message: string;
}

function frenchCount(n: number): string {
  return n.toLocaleString('fr-FR');
}

function summary(name: string, a: ApplyResult, rejected: number): string {
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
    `« ${name} » synchronisée : ${parts.join(', ')}${refused}. ` +
    `Le catalogue compte ${frenchCount(a.supplierCount)} fournisseurs.`
  );
}

/** Downloads one file of a feed, checked against its index entry. */
async function fetchFeedFile(
  ctx: SyncContext,
  run: SyncRun,
  source: Extract<SourceConfig, { kind: 'passerelle-feed' }>,
  indexUrl: string,
  ref: FeedFileRef,
  report: (p: Partial<SyncProgress>) => void,
): Promise<{ payload: ReturnType<typeof checkFeedPayload>; bytes: number }> {
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
  try {
    report({ phase: 'check' });
    const bytes = await readFile(result.file);
    return {
      payload: checkFeedPayload(bytes, ref, { sourceId: source.id, shownName: url }),
      bytes: result.bytes,
    };
  } finally {
    await rm(result.file, { force: true });
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
  etag: string | null;
  lastModified: string | null;
  bytes: number;
} | null> {
  const state = readSourceState(ctx.db, source.id);
  const conditional = holdsRecords && state?.cursor !== null;
  const result = await fetchJsonFile(ctx, run, source.url, {
    etag: conditional ? (state?.etag ?? null) : null,
    lastModified: conditional ? (state?.lastModified ?? null) : null,
  });
  if (result === null) return null;
  return {
    index: checkFeedIndex(result.bytes, { shownName: source.url }),
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
): Promise<{ bytes: Buffer; etag: string | null; lastModified: string | null } | null> {
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
      etag: result.etag,
      lastModified: result.lastModified,
    };
  } finally {
    await rm(result.file, { force: true });
  }
}

function recordCount(db: Database, sourceId: string): number {
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
  const { index } = fetched;
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
  // Every file is downloaded and checked before the database is touched.
  const payloads: ReturnType<typeof checkFeedPayload>[] = [];
  let bytes = fetched.bytes;
  for (const ref of files) {
    const got = await fetchFeedFile(ctx, run, source, source.url, ref, report);
    payloads.push(got.payload);
    bytes += got.bytes;
  }
  const rejected = payloads.flatMap((p) => p.rejected);
  const total = payloads.reduce(
    (n, p) =>
      n +
      (p.kind === 'snapshot'
        ? p.snapshot.suppliers.length
        : p.changes.upserts.length + p.changes.removals.length),
    0,
  );
  report({ phase: 'apply', applied: 0, total });
  let done = 0;
  const progress = (applied: number): void => {
    if (run.signal?.aborted) throw new FetchError({ kind: 'cancelled' }, '');
    report({ phase: 'apply', applied: done + applied, total });
  };
  const applied = inTransaction(ctx.db, () => {
    let last: ApplyResult | null = null;
    for (const payload of payloads) {
      const common = {
        sourceId: source.id,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        appliedAt: ctx.now(),
      };
      if (payload.kind === 'snapshot') {
        const s = payload.snapshot;
        const refused = payload.rejected.length;
        last = applyRecordsInTransaction(
          ctx.db,
          {
            ...common,
            upserts: s.suppliers,
            removals: null,
            sectors: s.sectors,
            datasets: s.datasets,
            cursor: s.cursor,
            sequence: s.sequence,
            expectedRecordCount: s.supplierCount - refused,
          },
          progress,
        );
        done += s.suppliers.length;
      } else {
        const c = payload.changes;
        const step = applyRecordsInTransaction(
          ctx.db,
          {
            ...common,
            upserts: c.upserts,
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
              ...step,
              added: last.added + step.added,
              changed: last.changed + step.changed,
              removed: last.removed + step.removed,
            }
          : step;
        done += c.upserts.length + c.removals.length;
      }
    }
    if (!last) throw new Error('no payload to apply');
    return last;
  });
  return {
    status: 'ok',
    applied,
    rejected,
    bytes,
    cursor: index.cursor,
    message: summary(source.name, applied, rejected.length),
  };
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
  switch (source.kind) {
    case 'gogocarto':
      read = await readGoGoCarto(source, deps);
      break;
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
    throw new UserError(
      `La source « ${source.name} » n’a donné aucun fournisseur utilisable ` +
        `(${frenchCount(read.read)} lus, ${frenchCount(read.rejected.length)} refusés) : ` +
        'le catalogue reste tel qu’il était.',
    );
  }
  report({ phase: 'apply', applied: 0, total: read.records.length });
  const applied = applySnapshot(
    ctx.db,
    {
      sourceId: source.id,
      records: read.records,
      cursor: null,
      sequence: null,
      appliedAt: ctx.now(),
    },
    (n, total) => {
      if (run.signal?.aborted) throw new FetchError({ kind: 'cancelled' }, '');
      report({ phase: 'apply', applied: n, total });
    },
  );
  return {
    status: 'ok',
    applied,
    rejected: read.rejected,
    bytes: 0,
    cursor: null,
    message: summary(source.name, applied, read.rejected.length),
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
      message: `${reason} Le catalogue local reste tel qu’il était.`,
    };
    outcome = {
      status: 'unchanged',
      applied: null,
      rejected: [],
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
    bytes: outcome.bytes,
    cursor: outcome.cursor,
    message: outcome.message,
  });
  setSourceState(ctx.db, sourceId, {
    lastSyncAt: entry.endedAt,
    lastStatus: entry.status,
  });
  ctx.save();
  report({
    phase: failure ? (failure.status === 'cancelled' ? 'cancelled' : 'failed') : 'done',
  });
  return entry;
}
