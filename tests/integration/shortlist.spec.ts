/**
 * The shortlist (issue 5, point 8) through the services: suppliers kept per
 * need of a stored plan, refused in French for an unknown plan, need or
 * supplier, dropped with a deleted plan or need (kept when a need is only
 * edited), kept across a restart and across a crash (journal replayed), and
 * added to a plans.sqlite made before it.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import { openDatabase } from '../../main/services/database/open-database';
import { PLAN_MIGRATIONS } from '../../main/services/plans/plan-store';
import type { StoredPlan } from '../../shared/plan/stored-plans';
import { makeNeed } from '../helpers/make-need';
import { userErrorMessage as messageOf } from '../helpers/user-error-message';

const T1 = '2026-03-02T09:30:00.000Z';
const T2 = '2026-03-02T10:00:00.000Z';

let dir: string;
let databasePath: string;
let services: Services;
let clock: string;
/** Two suppliers of the embedded catalogue. */
let s1: string;
let s2: string;

async function open(path = databasePath): Promise<Services> {
  return createServices({ databasePath: path, now: () => new Date(clock) });
}

async function createPlan(name: string): Promise<StoredPlan> {
  return services['plans:create']({
    name,
    buyer: 'Mairie de Harnes',
    imported: {
      plan: {
        name,
        sourceFile: null,
        importedAt: T1,
        needs: [makeNeed({ id: 'n1' }), makeNeed({ id: 'n2' }), makeNeed({ id: 'n3' })],
      },
      rowsRead: 3,
      issues: [],
    },
  });
}

/** Keeps a supplier for a need of a plan (or lets it go, kept false), through the services. */
function setKept(
  planId: string,
  needId: string,
  supplierId: string,
  kept = true,
): ReturnType<Services['shortlist:set']> {
  return services['shortlist:set']({ planId, needId, supplierId, kept });
}

/** Rows of the shortlist table, read from plans.sqlite once the services are closed. */
async function storedRows(plansPath = join(dir, 'plans.sqlite')): Promise<unknown[][]> {
  const handle = await openDatabase(plansPath, PLAN_MIGRATIONS);
  try {
    return (
      handle.db.exec(
        'SELECT plan_id, need_id, supplier_id FROM shortlist ORDER BY 1, 2, 3',
      )[0]?.values ?? []
    );
  } finally {
    handle.close();
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-shortlist-'));
  databasePath = join(dir, 'passerelle.sqlite');
  clock = T1;
});

afterEach(() => {
  services?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('présélection', () => {
  let plan: StoredPlan;

  beforeEach(async () => {
    services = await open();
    const found = await services['catalogue:search']({ limit: 2 });
    [s1, s2] = found.hits.map((h) => h.id) as [string, string];
    expect(s1).not.toBe(s2);
    plan = await createPlan('Plan 2026');
  });

  it('keeps suppliers per need in the order of the needs, a second keep keeping the first date', async () => {
    await setKept(plan.id, 'n3', s1);
    clock = T2;
    await setKept(plan.id, 'n1', s2);
    await setKept(plan.id, 'n1', s1);
    const again = await setKept(plan.id, 'n3', s1);
    const sameTime = [s1, s2].sort();
    expect(again).toEqual([
      { planId: plan.id, needId: 'n1', supplierId: sameTime[0], addedAt: T2 },
      { planId: plan.id, needId: 'n1', supplierId: sameTime[1], addedAt: T2 },
      { planId: plan.id, needId: 'n3', supplierId: s1, addedAt: T1 },
    ]);
    const left = await setKept(plan.id, 'n1', s2, false);
    expect(left.map((e) => [e.needId, e.supplierId])).toEqual([
      ['n1', s1],
      ['n3', s1],
    ]);
    expect(await services['shortlist:get'](plan.id)).toEqual(left);
  });

  it('keeps each plan’s shortlist apart', async () => {
    const other = await createPlan('Autre plan');
    await setKept(plan.id, 'n1', s1);
    await setKept(other.id, 'n1', s2);
    expect((await services['shortlist:get'](plan.id)).map((e) => e.supplierId)).toEqual([
      s1,
    ]);
    expect((await services['shortlist:get'](other.id)).map((e) => e.supplierId)).toEqual([
      s2,
    ]);
  });

  it('refuses in French an unknown plan, need or supplier, and a change without kept', async () => {
    const gone =
      'Le plan « plan-inconnu » n’existe pas (ou plus) : il a peut-être été supprimé.';
    expect(await messageOf(services['shortlist:get']('plan-inconnu'))).toBe(gone);
    expect(await messageOf(setKept('plan-inconnu', 'n1', s1))).toBe(gone);
    expect(await messageOf(setKept(plan.id, 'n9', s1))).toBe(
      'Le besoin « n9 » n’est pas (ou plus) dans le plan « Plan 2026 » : rechargez le plan.',
    );
    expect(await messageOf(setKept(plan.id, 'n1', 'fournisseur-inconnu'))).toBe(
      'Le fournisseur « fournisseur-inconnu » n’est pas (ou plus) dans le catalogue : ' +
        'relancez le rapprochement avant de le présélectionner.',
    );
    expect(
      await messageOf(
        services['shortlist:set']({
          planId: plan.id,
          needId: 'n1',
          supplierId: s1,
          kept: 'oui' as unknown as boolean,
        }),
      ),
    ).toBe('Présélection : « kept » vaut « oui » ; vrai ou faux est attendu.');
    expect(await messageOf(services['shortlist:get'](''))).toBe(
      'Présélection : aucun plan n’est indiqué.',
    );
    // A supplier a sync removed can still be let go.
    expect(await setKept(plan.id, 'n1', 'fournisseur-inconnu', false)).toEqual([]);
  });

  it('drops a need’s entries with the need, keeps them when the need is only edited', async () => {
    await setKept(plan.id, 'n1', s1);
    await setKept(plan.id, 'n2', s2);
    const edited = await services['plans:save']({
      planId: plan.id,
      baseRevision: plan.revision,
      upserts: [makeNeed({ id: 'n1', title: 'Repas des écoles' })],
      removals: ['n2'],
      order: null,
    });
    expect(edited.revision).toBe(plan.revision + 1);
    expect((await services['shortlist:get'](plan.id)).map((e) => e.needId)).toEqual([
      'n1',
    ]);
    services.close();
    expect(await storedRows()).toEqual([[plan.id, 'n1', s1]]);
    services = await open();
  });

  it('drops the plan’s shortlist with the plan, others’ kept', async () => {
    const other = await createPlan('Autre plan');
    await setKept(plan.id, 'n1', s1);
    await setKept(plan.id, 'n2', s2);
    await setKept(other.id, 'n3', s1);
    await services['plans:delete'](plan.id);
    expect(await messageOf(services['shortlist:get'](plan.id))).toContain(
      'n’existe pas (ou plus)',
    );
    services.close();
    expect(await storedRows()).toEqual([[other.id, 'n3', s1]]);
    services = await open();
  });

  it('keeps the shortlist when the services are closed and opened again', async () => {
    await setKept(plan.id, 'n2', s2);
    const kept = await services['shortlist:get'](plan.id);
    services.close();
    services = await open();
    expect(await services['shortlist:get'](plan.id)).toEqual(kept);
    expect(kept).toEqual([
      { planId: plan.id, needId: 'n2', supplierId: s2, addedAt: T1 },
    ]);
  });

  it('replays a plan’s deletion and its shortlist’s after a crash (journal, no close)', async () => {
    const other = await createPlan('Autre plan');
    await setKept(plan.id, 'n1', s1);
    await setKept(other.id, 'n2', s2);
    await services['plans:delete'](plan.id);
    // What a crash leaves: the file and its journal, never compacted by close().
    const copy = mkdtempSync(join(tmpdir(), 'passerelle-shortlist-crash-'));
    try {
      const plansPath = join(dir, 'plans.sqlite');
      expect(existsSync(`${plansPath}.journal`)).toBe(true);
      copyFileSync(plansPath, join(copy, 'plans.sqlite'));
      copyFileSync(`${plansPath}.journal`, join(copy, 'plans.sqlite.journal'));
      expect(await storedRows(join(copy, 'plans.sqlite'))).toEqual([
        [other.id, 'n2', s2],
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

it('adds the shortlist to a plans.sqlite made before it, its plans kept', async () => {
  const plansPath = join(dir, 'plans.sqlite');
  const old = await openDatabase(plansPath, PLAN_MIGRATIONS.slice(0, 2));
  old.db.run(
    'INSERT INTO plans (id, name, buyer, created_at, updated_at, source_file, revision, ' +
      "rows_read, import_issues) VALUES ('plan-1', 'Plan 2025', '', ?, ?, NULL, 1, 1, '[]')",
    [T1, T1],
  );
  old.db.run(
    "INSERT INTO plan_needs (plan_id, need_id, position, json) VALUES ('plan-1', 'n1', 0, ?)",
    [JSON.stringify(makeNeed({ id: 'n1' }))],
  );
  old.save();
  old.close();

  services = await open();
  const [hit] = (await services['catalogue:search']({ limit: 1 })).hits;
  const entries = await setKept('plan-1', 'n1', hit?.id as string);
  expect(entries).toEqual([
    { planId: 'plan-1', needId: 'n1', supplierId: hit?.id, addedAt: T1 },
  ]);
});
