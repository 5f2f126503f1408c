/**
 * A child process applies a big snapshot, saves it (an entry appended to the
 * journal) and closes the database (the file written whole); it is killed
 * (SIGKILL) at random points, while applying and while saving.
 * Reopening the file must always give the old catalogue or the new one,
 * whole: supplier count, a few SIRETs, the source's records and cursor.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../shared/model';
import { distanceKm } from '../../shared/matching/distance-km';
import { foldText } from '../../shared/text/fold-text';
import { countSuppliers } from '../../main/services/database/catalogue-store';
import { openDatabase } from '../../main/services/database/open-database';
import { openCatalogue } from '../../main/services/open-catalogue';
import { resourcesDir } from '../../main/services/resource-paths';
import { saveSource } from '../../main/services/sync/source-store';
import { copySiret, KILL_TEST_CURSOR, movedCopies } from '../helpers/kill-test-records';

const ROOT = resolve(__dirname, '../..');
const CHILD = join(ROOT, 'tests/helpers/kill-during-save-child.ts');
const COPIES = 20_000;
const RUNS = 8;

const catalogue = JSON.parse(
  readFileSync(join(resourcesDir(), 'catalogue.json'), 'utf8'),
) as Catalogue;
const OLD_COUNT = catalogue.suppliers.length; // 3 862
const NEW_COUNT = OLD_COUNT + COPIES; // no copy merges (checked below)

let dir: string;
let path: string;
let pristine: string;

/** Puts the old database back: the file and its journal, no .bak or .tmp left over. */
function restoreOld(): void {
  for (const suffix of ['', '.bak', '.tmp', '.bak.tmp', '.journal', '.journal.tmp']) {
    rmSync(`${path}${suffix}`, { force: true });
  }
  copyFileSync(pristine, path);
  copyFileSync(`${pristine}.journal`, `${path}.journal`);
}

interface ChildRun {
  /** Milliseconds from « applying » to « saving », and from « saving » to exit. */
  applyMs: number | null;
  saveMs: number | null;
  killed: boolean;
  code: number | null;
  stderr: string;
}

/**
 * Runs the child; `killAt` says when to kill it: after `delayMs` once it
 * printed `marker` (null: let it finish).
 */
function runChild(killAt: { marker: 'applying' | 'saving'; delayMs: number } | null) {
  return new Promise<ChildRun>((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, path, String(COPIES)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let applyingAt: number | null = null;
    let savingAt: number | null = null;
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const now = performance.now();
      if (applyingAt === null && stdout.includes('applying\n')) {
        applyingAt = now;
        if (killAt?.marker === 'applying') schedule();
      }
      if (savingAt === null && stdout.includes('saving\n')) {
        savingAt = now;
        if (killAt?.marker === 'saving') schedule();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const schedule = (): void => {
      setTimeout(() => {
        killed = child.kill('SIGKILL');
      }, killAt?.delayMs ?? 0);
    };
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      const end = performance.now();
      done({
        applyMs: applyingAt !== null && savingAt !== null ? savingAt - applyingAt : null,
        saveMs: savingAt !== null && code === 0 ? end - savingAt : null,
        killed: killed && signal === 'SIGKILL',
        code,
        stderr,
      });
    });
  });
}

/** What the reopened file holds: 'old' or 'new', after checking it is whole. */
async function reopenAndCheck(context: string): Promise<'old' | 'new'> {
  const handle = await openDatabase(path);
  try {
    const db = handle.db;
    expect(db.exec('PRAGMA integrity_check')[0]?.values, context).toEqual([['ok']]);
    const count = countSuppliers(db);
    expect([OLD_COUNT, NEW_COUNT], `${context}: ${count} fournisseurs`).toContain(count);
    const state = count === NEW_COUNT ? 'new' : 'old';
    const fluxRecords = Number(
      db.exec("SELECT count(*) FROM source_records WHERE source_id = 'flux'")[0]
        ?.values[0]?.[0],
    );
    const cursor = db.exec("SELECT cursor FROM sources WHERE id = 'flux'")[0]
      ?.values[0]?.[0];
    const has = (siret: string): boolean =>
      Number(
        db.exec('SELECT count(*) FROM suppliers WHERE siret = ?', [siret])[0]
          ?.values[0]?.[0],
      ) === 1;
    // A few real SIRETs are always there; the copies' all there or none.
    for (const supplier of catalogue.suppliers.filter((s) => s.siret).slice(0, 3)) {
      expect(has(supplier.siret ?? ''), `${context}: ${supplier.siret}`).toBe(true);
    }
    const copies = [0, 1, 4_999, 12_345, COPIES - 1].map((i) => has(copySiret(i)));
    if (state === 'new') {
      expect(copies, context).toEqual([true, true, true, true, true]);
      expect(fluxRecords, context).toBe(COPIES);
      expect(cursor, context).toBe(KILL_TEST_CURSOR);
    } else {
      expect(copies, context).toEqual([false, false, false, false, false]);
      expect(fluxRecords, context).toBe(0);
      expect(cursor, context).toBeNull();
    }
    return state;
  } finally {
    handle.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-kill-'));
  path = join(dir, 'passerelle.sqlite');
  pristine = join(dir, 'ancien.sqlite');
  const open = await openCatalogue(path, catalogue, new Date('2026-12-04T09:00:00Z'));
  saveSource(open.handle.db, {
    id: 'flux',
    kind: 'passerelle-feed',
    name: 'Flux de test',
    enabled: true,
    licence: 'Licence Ouverte',
    url: 'http://127.0.0.1:9/feed.json',
  });
  open.handle.save();
  open.handle.close();
  copyFileSync(path, pristine);
  // The journal, with its header only: the child's save appends to it.
  copyFileSync(`${path}.journal`, `${pristine}.journal`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kill during the database write', () => {
  it('no copy lands within 200 m of a real supplier of the same name', () => {
    const byName = new Map<string, Catalogue['suppliers']>();
    for (const s of catalogue.suppliers) {
      const name = foldText(s.name);
      byName.set(name, [...(byName.get(name) ?? []), s]);
    }
    const close = movedCopies(catalogue.suppliers, COPIES).filter((copy) =>
      (byName.get(foldText(copy.name)) ?? []).some(
        (real) => distanceKm(real.location, copy.location) <= 0.3,
      ),
    );
    expect(close).toEqual([]);
  });

  it('leaves the old or the new catalogue, whole, wherever the process dies', async () => {
    // A run to the end: the new catalogue, and how long applying and saving take.
    restoreOld();
    const full = await runChild(null);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    expect(await reopenAndCheck('sans interruption')).toBe('new');
    const applyMs = full.applyMs ?? 0;
    const saveMs = full.saveMs ?? 0;
    expect(applyMs).toBeGreaterThan(0);

    const outcomes: string[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      restoreOld();
      // Even runs die while applying, odd runs while saving: the entry being
      // appended to the journal, then the file written whole at close.
      const killAt =
        run % 2 === 0
          ? { marker: 'applying' as const, delayMs: Math.random() * applyMs }
          : { marker: 'saving' as const, delayMs: Math.random() * saveMs * 1.2 };
      const result = await runChild(killAt);
      const context = `essai ${run + 1} : arrêt ${Math.round(killAt.delayMs)} ms après « ${killAt.marker} »`;
      if (!result.killed) expect(result.code, context).toBe(0);
      const state = await reopenAndCheck(context);
      if (run % 2 === 0 && result.killed) expect(state, context).toBe('old');
      outcomes.push(`${context} → ${result.killed ? 'tué' : 'terminé'}, ${state}`);
    }
    expect(outcomes).toHaveLength(RUNS);
    console.log(outcomes.join('\n'));
  }, 240_000);
});
