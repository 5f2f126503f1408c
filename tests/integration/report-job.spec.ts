/**
 * The report channels the save dialog uses (report:start, report:state,
 * report:cancel, report:result), through the real services on the
 * hand-worked plan (tests/fixtures/analysis-fixture.ts): six candidate rows
 * in « Besoins » (3 + 2 + 1, see plan-analysis.spec.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import type { MatchResult, Plan } from '../../shared/model';
import type { ReportJobState } from '../../shared/report/report-sheets';
import { analyseFixture, analysisCatalogue } from '../fixtures/analysis-fixture';

const NOW = new Date('2026-12-05T09:00:00Z');
let services: Services;
let plan: Plan;
let match: MatchResult;

beforeAll(async () => {
  ({
    services,
    imported: { plan },
    match,
  } = await analyseFixture(NOW, { fileName: 'cantine.csv' }));
});
afterAll(() => services.close());

/** Polls report:state as the dialog does, keeping every state seen, until the end. */
async function follow(): Promise<ReportJobState[]> {
  const seen: ReportJobState[] = [];
  for (;;) {
    const state = await services['report:state']();
    seen.push(state);
    if (state.status !== 'running') return seen;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('reports written in the background', () => {
  it('writes the chosen sheets, then gives the file once', async () => {
    const started = await services['report:start']({
      plan,
      match,
      sheets: ['methode', 'besoins'],
      buyerName: '  Mairie   de Harnes ',
    });
    expect(started.status).toBe('running');
    expect(started.fileName).toBe('rapport-sourcing-cantine-2026-12-05.xlsx');
    const end = (await follow()).at(-1);
    expect(end?.status).toBe('done');
    expect(end?.percent).toBe(100);
    // Workbook order whatever the order asked: Besoins (6 rows), then Méthode.
    expect(end?.message).toMatch(
      /^Rapport prêt : rapport-sourcing-cantine-2026-12-05\.xlsx, 2 feuilles \(Besoins, Méthode\), \d+ lignes\.$/,
    );

    const file = await services['report:result']();
    expect(file.name).toBe('rapport-sourcing-cantine-2026-12-05.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer,
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Besoins', 'Méthode']);
    expect(workbook.getWorksheet('Besoins')?.rowCount).toBe(1 + 6);
    // The buyer's name, spaces tidied, heads every printed page.
    expect(workbook.title).toBe('Rapport de sourcing – cantine – Mairie de Harnes');

    expect((await services['report:state']()).status).toBe('idle');
    await expect(services['report:result']()).rejects.toThrow(
      'Aucun rapport terminé à récupérer : enregistrez le rapport à nouveau.',
    );
  });

  it('says which chosen sheets had no data', async () => {
    await services['report:start']({
      plan,
      match,
      sheets: ['besoins', 'lignes-ecartees'],
    });
    const end = (await follow()).at(-1);
    expect(end?.message).toContain(
      '1 feuille (Besoins), 6 lignes. Sans données pour ce plan, non écrite : Lignes écartées.',
    );
    await services['report:result']();
  });

  it('writes one sheet as CSV named after it', async () => {
    const started = await services['report:start']({ plan, match, format: 'csv' });
    expect(started.fileName).toBe('rapport-sourcing-cantine-2026-12-05-besoins.csv');
    expect((await follow()).at(-1)?.status).toBe('done');
    const text = Buffer.from((await services['report:result']()).base64, 'base64');
    // UTF-8 BOM, then the header of « Besoins ».
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.toString('utf8', 3, 19)).toBe('N°;Besoin;Rang;');
  });

  it('drops a cancelled report', async () => {
    await services['report:start']({ plan, match });
    const cancelled = await services['report:cancel']();
    expect(cancelled.status).toBe('running');
    const end = (await follow()).at(-1);
    expect(end?.status).toBe('cancelled');
    expect(end?.message).toBe('Rapport annulé : aucun fichier n’a été écrit.');
    await expect(services['report:result']()).rejects.toThrow('Aucun rapport terminé');
  });

  it('writes one report at a time', async () => {
    await services['report:start']({ plan, match });
    await expect(services['report:start']({ plan, match })).rejects.toThrow(
      'Un rapport est déjà en cours d’écriture : attendez sa fin ou annulez-le.',
    );
    await follow();
  });

  it.each([
    [{ sheets: ['synthese', 'budget'] }, 'Feuille inconnue : « budget ».'],
    [{ sheets: [] }, 'Choisissez au moins une feuille pour le rapport.'],
    [
      { format: 'pdf' },
      'Format de rapport inconnu : « pdf » : choisissez « xlsx » ou « csv ».',
    ],
    [
      { format: 'csv', sheets: ['synthese', 'besoins'] },
      'Un fichier CSV ne contient qu’une feuille',
    ],
    [{ buyerName: 42 }, 'Le nom de l’organisme acheteur doit être un texte.'],
    [{ sheets: 'besoins' }, 'La liste des feuilles du rapport est illisible.'],
  ])('refuses %j in French', async (fields, message) => {
    await expect(
      services['report:start']({ plan, match, ...(fields as object) }),
    ).rejects.toThrow(message);
  });
});

describe('the sync date in « Synthèse »', () => {
  /** The value of the « Dernière synchronisation » line of a report. */
  async function lastSyncLine(local: Services, localPlan: Plan): Promise<unknown> {
    const localMatch = await local['match:run']({ plan: localPlan });
    const file = await local['report:build']({
      plan: localPlan,
      match: localMatch,
      sheets: ['synthese'],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('Synthèse');
    let value: unknown;
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === 'Dernière synchronisation')
        value = row.getCell(2).value;
    });
    return value;
  }

  it('is taken from the sync log: « jamais », then the day of the last import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-report-sync-'));
    const local = await createServices({
      databasePath: join(dir, 'passerelle.sqlite'),
      catalogue: analysisCatalogue(),
      now: () => NOW,
    });
    try {
      expect(await lastSyncLine(local, plan)).toBe('jamais');
      // A catalogue file imported is a sync that gave records: logged « ok »
      // at NOW, 5 December 2026 09:00 UTC, that day in the report.
      const entry = await local['catalogue:import-file'](
        await local['catalogue:export']({ publisher: 'Test' }),
      );
      expect(entry.status).toBe('ok');
      expect(await lastSyncLine(local, plan)).toEqual(new Date(Date.UTC(2026, 11, 5)));
    } finally {
      local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
