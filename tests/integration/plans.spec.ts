/**
 * Plans kept in the local database (issue 4, point 7) through the services,
 * as the editor uses them: a plan made from the Harnes fixture, edited need
 * by need, reordered, duplicated and deleted; stale or inconsistent saves
 * refused whole; and a process killed while saving loses nothing it had
 * answered for.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanImportResult } from '../../shared/model';
import type { StoredPlan } from '../../shared/plan/stored-plans';
import { createServices, type Services } from '../../main/services/create-services';
import { userErrorMessage } from '../helpers/user-error-message';

const ROOT = resolve(__dirname, '../..');
const CHILD = join(ROOT, 'tests/helpers/plan-edit-child.ts');
const HARNES = readFileSync(resolve(ROOT, 'tests/fixtures/plans/harnes-2019.csv'));
const expectedTitles = (
  JSON.parse(
    readFileSync(resolve(ROOT, 'tests/fixtures/plans/harnes-2019.expected.json'), 'utf8'),
  ) as { title: string }[]
).map((need) => need.title);

let dir: string;
let databasePath: string;
let services: Services;
let clock: Date;

async function open(): Promise<Services> {
  return createServices({ databasePath, now: () => clock });
}

async function importHarnes(): Promise<PlanImportResult> {
  return services['plan:import']({
    name: 'harnes-2019.csv',
    base64: HARNES.toString('base64'),
  });
}

async function newPlan(): Promise<StoredPlan> {
  return services['plans:create']({
    name: 'Plan 2019',
    buyer: 'Mairie de Harnes',
    imported: await importHarnes(),
  });
}

const messageOf = userErrorMessage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-plans-'));
  databasePath = join(dir, 'passerelle.sqlite');
  clock = new Date('2026-12-05T09:00:00Z');
  services = await open();
});

afterEach(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('plans kept in the local database', () => {
  it('keeps an imported plan, its 29 needs in the file’s order, and its report', async () => {
    const plan = await newPlan();
    expect(plan).toMatchObject({
      name: 'Plan 2019',
      buyer: 'Mairie de Harnes',
      needCount: 29,
      sourceFile: 'harnes-2019.csv',
      revision: 1,
      rowsRead: 29,
      createdAt: '2026-12-05T09:00:00.000Z',
    });
    expect(plan.needs.map((n) => n.title)).toEqual(expectedTitles);
    expect(await services['plans:list']()).toEqual([
      {
        id: plan.id,
        name: 'Plan 2019',
        buyer: 'Mairie de Harnes',
        needCount: 29,
        createdAt: '2026-12-05T09:00:00.000Z',
        updatedAt: '2026-12-05T09:00:00.000Z',
        sourceFile: 'harnes-2019.csv',
        revision: 1,
      },
    ]);
  });

  it('applies an edit, a deletion, an addition and a new order, and keeps them', async () => {
    const plan = await newPlan();
    const [first, second, third] = plan.needs;
    clock = new Date('2026-12-05T09:05:00Z');
    const added = { ...first!, id: 'ajout-1', title: 'Fournitures de bureau recyclées' };
    const saved = await services['plans:save']({
      planId: plan.id,
      baseRevision: 1,
      upserts: [{ ...second!, title: 'Centre de vacances été 2026' }, added],
      removals: [first!.id],
      order: null,
      name: 'Plan 2026',
    });
    expect(saved).toEqual({
      planId: plan.id,
      revision: 2,
      updatedAt: '2026-12-05T09:05:00.000Z',
    });
    // The added need goes last; the first is gone: 29 - 1 + 1.
    let now = await services['plans:get'](plan.id);
    expect(now.needCount).toBe(29);
    expect(now.name).toBe('Plan 2026');
    expect(now.needs.map((n) => n.title).slice(0, 2)).toEqual([
      'Centre de vacances été 2026',
      third!.title,
    ]);
    expect(now.needs.at(-1)?.title).toBe('Fournitures de bureau recyclées');

    // The added need moved to the top.
    const order = [
      added.id,
      ...now.needs.filter((n) => n.id !== added.id).map((n) => n.id),
    ];
    await services['plans:save']({
      planId: plan.id,
      baseRevision: 2,
      upserts: [],
      removals: [],
      order,
    });
    services.close();
    services = await open();
    now = await services['plans:get'](plan.id);
    expect(now.revision).toBe(3);
    expect(now.needs.map((n) => n.id)).toEqual(order);
    expect(now.needs[1]?.title).toBe('Centre de vacances été 2026');
  });

  it('refuses whole a save made on an older revision, or with an order that does not fit', async () => {
    const plan = await newPlan();
    const [first] = plan.needs;
    await services['plans:save']({
      planId: plan.id,
      baseRevision: 1,
      upserts: [{ ...first!, title: 'Première fenêtre' }],
      removals: [],
      order: null,
    });
    // A second window still on revision 1.
    expect(
      await messageOf(
        services['plans:save']({
          planId: plan.id,
          baseRevision: 1,
          upserts: [{ ...first!, title: 'Seconde fenêtre' }],
          removals: [],
          order: null,
        }),
      ),
    ).toBe(
      'Ce plan a été enregistré depuis une autre fenêtre : rechargez-le avant de le ' +
        'modifier, pour ne rien écraser.',
    );
    // An order that forgets a need: nothing of this save is applied, not even the removal.
    expect(
      await messageOf(
        services['plans:save']({
          planId: plan.id,
          baseRevision: 2,
          upserts: [],
          removals: [plan.needs[5]!.id],
          order: plan.needs.slice(0, 20).map((n) => n.id),
        }),
      ),
    ).toContain('Le nouvel ordre des besoins ne correspond pas aux besoins du plan');
    const now = await services['plans:get'](plan.id);
    expect(now.revision).toBe(2);
    expect(now.needCount).toBe(29);
    expect(now.needs[0]?.title).toBe('Première fenêtre');
    expect(
      await messageOf(
        services['plans:save']({
          planId: plan.id,
          baseRevision: 2,
          upserts: [{ id: 'x' } as never],
          removals: [],
          order: null,
        }),
      ),
    ).toBe('Le besoin « x » reçu est incomplet : la modification n’est pas enregistrée.');
  });

  it('makes an empty plan, duplicates one, deletes one', async () => {
    const plan = await newPlan();
    clock = new Date('2026-12-05T10:00:00Z');
    const empty = await services['plans:create']({ name: '  Plan vide ', buyer: '' });
    expect(empty).toMatchObject({ name: 'Plan vide', needCount: 0, needs: [] });
    clock = new Date('2026-12-05T11:00:00Z');
    const copy = await services['plans:duplicate']({ planId: plan.id, name: 'Copie' });
    expect(copy.needs.map((n) => n.title)).toEqual(expectedTitles);
    expect(copy.id).not.toBe(plan.id);
    expect((await services['plans:list']()).map((p) => p.name)).toEqual([
      'Copie',
      'Plan vide',
      'Plan 2019',
    ]);
    const left = await services['plans:delete'](plan.id);
    expect(left.map((p) => p.name)).toEqual(['Copie', 'Plan vide']);
    expect(await messageOf(services['plans:get'](plan.id))).toBe(
      `Le plan « ${plan.id} » n’existe pas (ou plus) : il a peut-être été supprimé.`,
    );
    expect(await messageOf(services['plans:create']({ name: ' ', buyer: '' }))).toBe(
      'Donnez un nom au plan d’achats.',
    );
  });
});

describe('a process killed while saving', () => {
  it('loses no save it had answered for, and leaves the plan whole', async () => {
    services.close();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, databasePath], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const answered = await new Promise<number>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const saves = [...out.matchAll(/saved (\d+)\n/g)];
        // Killed in the middle of the stream of saves, at once.
        if (saves.length >= 25) {
          child.kill('SIGKILL');
          done(Number(saves.at(-1)?.[1]));
        }
      });
      child.on('exit', (code) => {
        if (code !== null) fail(new Error(`child ended (${code}): ${stderr}`));
      });
    });
    await new Promise((done) => child.on('close', done));
    services = await open();
    const [summary] = await services['plans:list']();
    const plan = await services['plans:get'](summary!.id);
    expect(plan.needCount).toBe(29);
    // The last answered save, or the one after it if it was written before the kill.
    const title = plan.needs[0]?.title ?? '';
    const n = Number(/^Édition n° (\d+)$/.exec(title)?.[1]);
    expect([answered, answered + 1]).toContain(n);
    expect(plan.revision).toBe(n + 1);
    expect(plan.needs.slice(1).map((need) => need.title)).toEqual(
      expectedTitles.slice(1),
    );
  });
});

describe('CPV help for the plan editor', () => {
  it('suggests codes from a need’s words and checks a typed code', async () => {
    const suggestions = await services['plan:suggest-cpv']({
      text: 'Entretien des espaces verts',
      limit: 2,
    });
    expect(suggestions.map((s) => [s.code, s.check, s.label])).toEqual([
      ['77310000', '6', "Réalisation et entretien d'espaces verts"],
      ['45112710', '5', "Travaux d'aménagement paysager d'espaces verts"],
    ]);
    expect(await services['plan:check-cpv']('77310000-6')).toEqual({
      ok: true,
      code: '77310000',
      label: "Réalisation et entretien d'espaces verts",
    });
    expect(await services['plan:check-cpv']('77310000-5')).toEqual({
      ok: false,
      message: 'Code CPV 77310000-5 : clé de contrôle incorrecte (attendue : 6).',
    });
  });
});
