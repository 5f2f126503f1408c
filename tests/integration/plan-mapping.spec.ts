/**
 * Column mapping (issue 4, point 3) through the services: a plan whose
 * headers leave a required column unknown or guessed asks the buyer; the
 * columns chosen are kept in plans.sqlite and read again, without asking,
 * for a file with the same headers in another case and order, after the
 * services are closed and opened again. A damaged saved value is reported
 * in French and ignored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FilePayload } from '../../shared/ipc';
import { createServices, type Services } from '../../main/services/create-services';
import { userErrorMessage } from '../helpers/user-error-message';
import { openDatabase } from '../../main/services/database/open-database';
import { COLUMN_MAPPINGS_KEY } from '../../main/services/plans/column-mappings-store';
import { PLAN_MIGRATIONS } from '../../main/services/plans/plan-store';

/** « Objet du besoin » is only guessed as the title; nothing gives the CPV code. */
const MAIRIE_CSV =
  'Objet du besoin;Nomenclature;Qté;Ville\n' +
  'Nettoyage des locaux;90910000;12;Harnes\n' +
  'Repas préparés;15894200;1200;Lens\n';

/** The same four headers, in other case and order, with other needs. */
const MAIRIE_2027_CSV =
  'NOMENCLATURE;ville;objet du besoin;QTE\n' +
  '79800000;Harnes;Impression des bulletins;4000\n' +
  '90910000;Lens;Nettoyage du gymnase;3\n';

const CHOICE = ['title', 'cpv', 'quantity', 'commune'] as const;

let dir: string;
let databasePath: string;
let services: Services;
const clock = new Date('2026-03-02T09:30:00.000Z');

function payload(name: string, text: string): FilePayload {
  return { name, base64: Buffer.from(text, 'utf8').toString('base64') };
}

async function open(): Promise<Services> {
  return createServices({ databasePath, now: () => clock });
}

const messageOf = userErrorMessage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-mapping-'));
  databasePath = join(dir, 'passerelle.sqlite');
  services = await open();
});

afterEach(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('plan:preview-columns', () => {
  it('asks when the title is only guessed and no column gives the CPV code', async () => {
    const preview = await services['plan:preview-columns'](
      payload('mairie.csv', MAIRIE_CSV),
    );
    expect(preview.askMapping).toBe(true);
    expect(preview.headerRow).toBe(1);
    expect(preview.notice).toBeNull();
    expect(preview.proposal.columns).toEqual([
      { index: 0, header: 'Objet du besoin', key: 'title', confidence: 'fuzzy' },
      { index: 1, header: 'Nomenclature', key: null, confidence: null },
      { index: 2, header: 'Qté', key: 'quantity', confidence: 'alias' },
      { index: 3, header: 'Ville', key: 'commune', confidence: 'alias' },
    ]);
    expect(preview.proposal.missing).toEqual(['Code CPV, Secteur ou Mots-clés']);
    expect(preview.proposal.unsure).toEqual(['title']);
  });

  it('does not ask for the template’s own headers', async () => {
    const csv = 'Intitulé;Code CPV;Lieu de livraison\nNettoyage;90910000;Harnes\n';
    const preview = await services['plan:preview-columns'](payload('modele.csv', csv));
    expect(preview.askMapping).toBe(false);
    expect(preview.proposal.columns.map((c) => c.confidence)).toEqual([
      'exact',
      'exact',
      'exact',
    ]);
  });

  it('does not ask for a file that names no plan column: the import says what is missing', async () => {
    const file = payload('tarifs.csv', 'Nom;Prix\nChaises;120\n');
    expect((await services['plan:preview-columns'](file)).askMapping).toBe(false);
    const result = await services['plan:import'](file);
    expect(result.plan.needs).toEqual([]);
    expect(result.issues.at(-1)?.message).toContain('Colonnes obligatoires manquantes');
  });
});

describe('plan:import-mapped', () => {
  it('imports with the columns chosen, then reads the same headers without asking', async () => {
    // Without a choice the CPV column is missing: no need is imported.
    const plain = await services['plan:import'](payload('mairie.csv', MAIRIE_CSV));
    expect(plain.plan.needs).toEqual([]);

    const result = await services['plan:import-mapped']({
      file: payload('mairie.csv', MAIRIE_CSV),
      columns: [...CHOICE],
    });
    expect(result.issues).toEqual([]);
    expect(result.rowsRead).toBe(2);
    expect(
      result.plan.needs.map((n) => [n.title, n.cpv, n.quantity, n.place?.label]),
    ).toEqual([
      ['Nettoyage des locaux', '90910000', 12, 'Harnes (62440)'],
      ['Repas préparés', '15894200', 1200, 'Lens (62300)'],
    ]);

    const other = payload('mairie-2027.csv', MAIRIE_2027_CSV);
    const preview = await services['plan:preview-columns'](other);
    expect(preview.askMapping).toBe(false);
    expect(preview.proposal.columns.map((c) => [c.key, c.confidence])).toEqual([
      ['cpv', 'user'],
      ['commune', 'user'],
      ['title', 'user'],
      ['quantity', 'user'],
    ]);
    const again = await services['plan:import'](other);
    expect(again.issues).toEqual([]);
    expect(
      again.plan.needs.map((n) => [n.title, n.cpv, n.quantity, n.place?.label]),
    ).toEqual([
      ['Impression des bulletins', '79800000', 4000, 'Harnes (62440)'],
      ['Nettoyage du gymnase', '90910000', 3, 'Lens (62300)'],
    ]);
  });

  it('keeps the mapping when the services are closed and opened again', async () => {
    await services['plan:import-mapped']({
      file: payload('mairie.csv', MAIRIE_CSV),
      columns: [...CHOICE],
    });
    services.close();
    services = await open();
    const other = payload('mairie-2027.csv', MAIRIE_2027_CSV);
    expect((await services['plan:preview-columns'](other)).askMapping).toBe(false);
    expect((await services['plan:import'](other)).plan.needs).toHaveLength(2);
  });

  it('refuses a choice that leaves a required column out, or takes one twice', async () => {
    const file = payload('mairie.csv', MAIRIE_CSV);
    expect(
      await messageOf(
        services['plan:import-mapped']({
          file,
          columns: ['title', null, 'quantity', 'commune'],
        }),
      ),
    ).toBe(
      'Fichier « mairie.csv » : Indiquez quelle colonne donne : ' +
        '« Code CPV, Secteur ou Mots-clés ».',
    );
    expect(
      await messageOf(
        services['plan:import-mapped']({
          file,
          columns: ['title', 'cpv', 'cpv', 'commune'],
        }),
      ),
    ).toBe(
      'Fichier « mairie.csv » : Les colonnes « Nomenclature » et « Qté » sont toutes ' +
        'deux prises pour « Code CPV » : choisissez-en une.',
    );
    expect(
      await messageOf(
        services['plan:import-mapped']({
          file,
          columns: ['title', 'prix' as never, null, 'commune'],
        }),
      ),
    ).toBe(
      'Le choix des colonnes reçu est illisible : choisissez à nouveau les colonnes.',
    );
    // Nothing refused was kept: the file still asks.
    expect((await services['plan:preview-columns'](file)).askMapping).toBe(true);
  });

  it('reports a damaged saved value in French and asks again, without failing', async () => {
    await services['plan:import-mapped']({
      file: payload('mairie.csv', MAIRIE_CSV),
      columns: [...CHOICE],
    });
    services.close();
    const plans = await openDatabase(join(dir, 'plans.sqlite'), PLAN_MIGRATIONS);
    plans.db.run('UPDATE settings SET value = ? WHERE key = ?', [
      '{"format": "passerelle-colu',
      COLUMN_MAPPINGS_KEY,
    ]);
    plans.save();
    plans.close();
    services = await open();

    const file = payload('mairie.csv', MAIRIE_CSV);
    const preview = await services['plan:preview-columns'](file);
    expect(preview.askMapping).toBe(true);
    const notice =
      'Les correspondances de colonnes enregistrées sont illisibles : choisissez à ' +
      'nouveau les colonnes des fichiers concernés lors de leur prochain import.';
    expect(preview.notice).toBe(notice);
    const result = await services['plan:import'](file);
    expect(result.issues[0]).toEqual({
      file: 'mairie.csv',
      row: 0,
      column: '',
      value: '',
      message: notice,
      severity: 'warning',
    });
    // Choosing again replaces the damaged value.
    await services['plan:import-mapped']({ file, columns: [...CHOICE] });
    expect((await services['plan:preview-columns'](file)).notice).toBeNull();
  });

  it('ignores one malformed entry and keeps the others', async () => {
    await services['plan:import-mapped']({
      file: payload('mairie.csv', MAIRIE_CSV),
      columns: [...CHOICE],
    });
    services.close();
    const plans = await openDatabase(join(dir, 'plans.sqlite'), PLAN_MIGRATIONS);
    const stored = String(
      plans.db.exec('SELECT value FROM settings WHERE key = ?', [COLUMN_MAPPINGS_KEY])[0]
        ?.values[0]?.[0],
    );
    const list = [...(JSON.parse(stored) as unknown[]), { format: 'autre chose' }];
    plans.db.run('UPDATE settings SET value = ? WHERE key = ?', [
      JSON.stringify(list),
      COLUMN_MAPPINGS_KEY,
    ]);
    plans.save();
    plans.close();
    services = await open();

    const preview = await services['plan:preview-columns'](
      payload('mairie-2027.csv', MAIRIE_2027_CSV),
    );
    expect(preview.askMapping).toBe(false);
    expect(preview.notice).toBe(
      'Une correspondance de colonnes enregistrée est illisible et ignorée : choisissez ' +
        'à nouveau les colonnes des fichiers concernés lors de leur prochain import.',
    );
  });
});
