/**
 * One step of the sync benchmark in its own process, so that its peak memory
 * is its own (`node --import tsx tests/bench/sync-step.ts <step> …`); prints
 * one JSON line. Steps:
 *   build <1|2> <workDir>                  writes suppliers-v<n>.json, then the feed in <workDir>/feed
 *   full-sync <feedUrl> <dbPath> <tempDir>  fresh database, the whole snapshot through syncSource
 *   change-sync <feedUrl> <dbPath> <tempDir> the database of full-sync, the 1 % change set
 *   naive <snapshotUrl> <dbPath>           parse everything, one INSERT per supplier, no transaction
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FeedSnapshot } from '../../shared/feed/feed-format';
import type { SyncLogEntry, SyncProgress } from '../../shared/feed/sync-types';
import type { Catalogue, Supplier } from '../../shared/model';
import {
  journalPath,
  openDatabase,
  type DatabaseHandle,
} from '../../main/services/database/open-database';
import {
  INSERT_SUPPLIER_SQL,
  supplierRowValues,
} from '../../main/services/database/supplier-row';
import { buildFeed } from '../../main/services/feed/build-feed';
import { feedValidators } from '../../main/services/feed/feed-schema';
import { saveSource } from '../../main/services/sync/source-store';
import { syncSource, type SyncContext } from '../../main/services/sync/sync-source';
import {
  BENCH_SUPPLIERS,
  benchSuppliers,
  changedVersion,
  readEmbeddedCatalogue,
} from './bench-feed-data';

export const BENCH_SOURCE_ID = 'flux-banc-essai';

/** Memory of the process at one moment, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** One phase of a sync as its progress reported it. */
export interface PhaseTiming {
  phase: SyncProgress['phase'];
  /** Milliseconds since the start of syncSource. */
  startMs: number;
  /** Memory when the phase began. */
  memory: MemorySample;
}

/** The longest wait of a 10 ms timer during the sync, and the phases around it. */
export interface Stall {
  /** monitorEventLoopDelay({ resolution: 10 }).max, in ms. */
  histogramMaxMs: number;
  /** Longest gap between two ticks of setInterval(…, 10), minus the 10 ms asked. */
  intervalMaxMs: number;
  /** Phase when the longest gap began and when it ended. */
  from: string;
  to: string;
  /** Gaps over 100 ms, in order: [phase at start, phase at end, ms]. */
  over100: [string, string, number][];
}

export interface SyncStepReport {
  step: 'full-sync' | 'change-sync';
  ms: number;
  openMs: number;
  maxRssKb: number;
  phases: PhaseTiming[];
  /** Highest memory seen at a progress report (every 1,000 records applied). */
  applyPeak: MemorySample;
  stall: Stall;
  entry: Pick<
    SyncLogEntry,
    'status' | 'added' | 'changed' | 'removed' | 'message' | 'bytes'
  > & { rejected: number };
  dbBytes: number;
  /** Bytes of the database's journal after the sync (before close). */
  journalBytes: number;
  /** Closing after the sync: the file written whole from the journal's changes. */
  closeMs: number;
  /** Peak RSS of the process including the close, in kilobytes. */
  maxRssWithCloseKb: number;
}

export interface NaiveStepReport {
  step: 'naive';
  ms: number;
  downloadMs: number;
  parseMs: number;
  insertMs: number;
  saveMs: number;
  maxRssKb: number;
  suppliers: number;
  dbBytes: number;
}

export interface BuildStepReport {
  step: 'build';
  version: number;
  generateMs: number;
  buildMs: number;
  maxRssKb: number;
  suppliers: number;
  changed: number;
  added: number;
  removed: number;
  snapshotBytes: number;
  changesBytes: number | null;
}

function memory(): MemorySample {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, external, arrayBuffers };
}

function maxRssKb(): number {
  // ru_maxrss, in kilobytes on Linux.
  return process.resourceUsage().maxRSS;
}

function print(report: object): void {
  process.stdout.write(JSON.stringify(report) + '\n');
}

async function build(version: number, workDir: string): Promise<void> {
  const started = performance.now();
  const catalogue = readEmbeddedCatalogue();
  const first = benchSuppliers(catalogue.suppliers, BENCH_SUPPLIERS);
  const next =
    version === 1
      ? { suppliers: first, changed: 0, added: 0, removed: 0 }
      : changedVersion(catalogue.suppliers, first);
  const input: Catalogue = {
    ...catalogue,
    version: `banc-essai-${version}`,
    suppliers: next.suppliers,
  };
  const inputPath = join(workDir, `suppliers-v${version}.json`);
  writeFileSync(inputPath, JSON.stringify(input));
  const generateMs = performance.now() - started;

  const buildStart = performance.now();
  const feedDir = join(workDir, 'feed');
  mkdirSync(feedDir, { recursive: true });
  const result = await buildFeed({
    input: inputPath,
    outputDir: feedDir,
    title: 'Flux national (banc d’essai)',
    now: new Date(Date.UTC(2026, 11, version, 8)),
  });
  const report: BuildStepReport = {
    step: 'build',
    version,
    generateMs,
    buildMs: performance.now() - buildStart,
    maxRssKb: maxRssKb(),
    suppliers: result.index.supplierCount,
    changed: result.changed,
    added: result.added,
    removed: result.removed,
    snapshotBytes: result.index.snapshot.bytes,
    changesBytes: result.changes?.bytes ?? null,
  };
  print(report);
}

/** Watches the event loop while `work` runs: histogram and 10 ms timer. */
async function watchLoop<T>(
  phaseNow: () => string,
  work: () => Promise<T>,
): Promise<{ result: T; stall: Stall }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const stall: Stall = {
    histogramMaxMs: 0,
    intervalMaxMs: 0,
    from: '',
    to: '',
    over100: [],
  };
  let last = performance.now();
  let lastPhase = phaseNow();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - 10;
    const phase = phaseNow();
    if (late > stall.intervalMaxMs) {
      stall.intervalMaxMs = late;
      stall.from = lastPhase;
      stall.to = phase;
    }
    if (late > 100) stall.over100.push([lastPhase, phase, Math.round(late)]);
    last = now;
    lastPhase = phase;
  }, 10);
  histogram.enable();
  try {
    const result = await work();
    // One more tick, so that a stall at the very end is seen too.
    await new Promise((done) => setTimeout(done, 20));
    return { result, stall };
  } finally {
    clearInterval(timer);
    histogram.disable();
    stall.histogramMaxMs = histogram.max / 1e6;
  }
}

async function sync(
  step: 'full-sync' | 'change-sync',
  feedUrl: string,
  dbPath: string,
  tempDir: string,
): Promise<void> {
  const openStart = performance.now();
  const handle: DatabaseHandle = await openDatabase(dbPath);
  if (step === 'full-sync') {
    saveSource(handle.db, {
      id: BENCH_SOURCE_ID,
      kind: 'passerelle-feed',
      name: 'Flux national (banc d’essai)',
      enabled: true,
      licence: 'Licence Ouverte 2.0',
      url: feedUrl,
    });
    // As the app does at its first start: the file written whole, the journal begun.
    handle.save();
  }
  // As the app's sync services do when they start.
  feedValidators();
  const openMs = performance.now() - openStart;

  const ctx: SyncContext = {
    get db() {
      return handle.db;
    },
    save: () => handle.saveInSlices(),
    makeRoom: (bytes) => handle.makeRoom(bytes),
    tempDir,
    sourceContext: () => {
      throw new Error('a Passerelle feed needs no source context');
    },
    now: () => new Date(),
  };
  const phases: PhaseTiming[] = [];
  let applyPeak = memory();
  let phase = 'start';
  let started = 0;
  const onProgress = (p: SyncProgress): void => {
    if (p.phase !== phase) {
      phase = p.phase;
      phases.push({
        phase: p.phase,
        startMs: performance.now() - started,
        memory: memory(),
      });
    }
    if (p.phase === 'apply') {
      const m = memory();
      if (m.rss > applyPeak.rss) applyPeak = m;
    }
  };
  const { result: entry, stall } = await watchLoop(
    () => phase,
    () => {
      started = performance.now();
      return syncSource(ctx, BENCH_SOURCE_ID, { onProgress });
    },
  );
  const ms = performance.now() - started;
  const report: SyncStepReport = {
    step,
    ms,
    openMs,
    maxRssKb: maxRssKb(),
    phases,
    applyPeak,
    stall,
    entry: {
      status: entry.status,
      added: entry.added,
      changed: entry.changed,
      removed: entry.removed,
      message: entry.message,
      bytes: entry.bytes,
      rejected: entry.rejected.length,
    },
    dbBytes: statSync(dbPath).size,
    journalBytes: statSync(journalPath(dbPath)).size,
    closeMs: 0,
    maxRssWithCloseKb: 0,
  };
  const closeStart = performance.now();
  handle.close();
  report.closeMs = performance.now() - closeStart;
  report.maxRssWithCloseKb = maxRssKb();
  report.dbBytes = statSync(dbPath).size;
  print(report);
}

async function naive(snapshotUrl: string, dbPath: string): Promise<void> {
  const handle = await openDatabase(dbPath);
  const { db } = handle;
  const start = performance.now();
  const response = await fetch(snapshotUrl);
  const text = await response.text();
  const downloaded = performance.now();
  const snapshot = JSON.parse(text) as FeedSnapshot;
  const parsed = performance.now();
  const sectorNames = new Map(snapshot.sectors.map((s) => [s.id, s.name]));
  // One statement per supplier, each its own implicit transaction.
  for (const supplier of snapshot.suppliers as Supplier[]) {
    db.run(
      INSERT_SUPPLIER_SQL,
      supplierRowValues(supplier, JSON.stringify(supplier), sectorNames),
    );
  }
  const inserted = performance.now();
  handle.save();
  const saved = performance.now();
  const report: NaiveStepReport = {
    step: 'naive',
    ms: saved - start,
    downloadMs: downloaded - start,
    parseMs: parsed - downloaded,
    insertMs: inserted - parsed,
    saveMs: saved - inserted,
    maxRssKb: maxRssKb(),
    suppliers: Number(db.exec('SELECT count(*) FROM suppliers')[0]?.values[0]?.[0] ?? 0),
    dbBytes: statSync(dbPath).size,
  };
  handle.close();
  print(report);
}

async function main(): Promise<void> {
  const [step, a, b, c] = process.argv.slice(2);
  if (step === 'build' && a && b) return build(Number(a), b);
  if ((step === 'full-sync' || step === 'change-sync') && a && b && c) {
    return sync(step, a, b, c);
  }
  if (step === 'naive' && a && b) return naive(a, b);
  throw new Error(`usage: sync-step.ts build|full-sync|change-sync|naive …, got ${step}`);
}

await main();
