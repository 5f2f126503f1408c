/** Bug: rejected plan rows vanished from the report. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildSourcingReport } from '../../../main/services/report/build-sourcing-report';
import type { ReportCatalogue } from '../../../main/services/report/report-catalogue';
import { DEFAULT_MATCH_OPTIONS } from '../../../shared/matching/match-plan';
import type { ImportIssue, MatchResult, Plan } from '../../../shared/model';
import { makeCatalogue } from './catalogue-factory';
import { makeNeed } from '../../helpers/make-need';
import { noneInRange } from '../../helpers/make-supplier';

const NOW = new Date(2026, 4, 7, 15, 30);

const need = makeNeed({
  id: 'need-2',
  row: 2,
  title: 'Tonte',
  cpv: '77310000',
  placeText: 'Harnes',
});
const plan: Plan = {
  name: 'harnes',
  sourceFile: 'harnes.csv',
  importedAt: NOW.toISOString(),
  needs: [need],
};
const match: MatchResult = {
  generatedAt: NOW.toISOString(),
  catalogueVersion: 'v',
  options: DEFAULT_MATCH_OPTIONS,
  needs: [
    {
      needId: 'need-2',
      sectorMatches: 0,
      note: 'Lieu de livraison à préciser.',
      candidates: [],
      inRange: noneInRange(),
    },
  ],
};
const catalogue: ReportCatalogue = {
  summary: {
    version: 'v',
    generatedAt: '',
    loadedAt: '',
    supplierCount: 2,
    datasets: makeCatalogue().datasets,
    databasePath: null,
    notices: [],
  },
  suppliers: new Map(),
};

// 5 data rows read: row 2 imported with a warning; rows 3 and 4 not imported
// (row 4 has two errors, counted once); row 5 imported; row 6 not imported.
const issues: ImportIssue[] = [
  {
    file: 'harnes.csv',
    row: 1,
    column: 'Remarque',
    value: 'Remarque',
    message: 'Colonne « Remarque » inconnue du modèle : colonne ignorée.',
    severity: 'warning',
  },
  {
    file: 'harnes.csv',
    row: 3,
    column: 'Quantité',
    value: 'douze',
    message: 'Ligne 3, colonne « Quantité » : « douze » n’est pas un nombre.',
    severity: 'error',
  },
  {
    file: 'harnes.csv',
    row: 4,
    column: 'Lieu de livraison',
    value: 'Zzyzx',
    message: 'Ligne 4, colonne « Lieu de livraison » : lieu introuvable.',
    severity: 'error',
  },
  {
    file: 'harnes.csv',
    row: 4,
    column: 'Date de besoin',
    value: '31/02/2026',
    message:
      'Ligne 4, colonne « Date de besoin » : « 31/02/2026 » n’est pas une date qui existe.',
    severity: 'error',
  },
  {
    file: 'harnes.csv',
    row: 6,
    column: '',
    value: '1000',
    message: 'Ligne 6 : 6 valeurs pour 5 colonnes ; vérifiez le séparateur.',
    severity: 'error',
  },
];

async function reopen(imported?: { issues?: ImportIssue[]; rowsRead?: number }) {
  const workbook = new ExcelJS.Workbook();
  const bytes = await buildSourcingReport(plan, match, catalogue, NOW, imported);
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

function values(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('report with the plan’s import issues', () => {
  it('lists every issue in « Lignes écartées », before « Méthode »', async () => {
    const wb = await reopen({ issues, rowsRead: 5 });
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Synthèse',
      'Besoins',
      'Fournisseurs',
      'Lignes écartées',
      'Méthode',
    ]);
    const rows = values(wb.getWorksheet('Lignes écartées')!);
    expect(rows[0]).toEqual([
      'Fichier',
      'Ligne',
      'Colonne',
      'Valeur',
      'Motif',
      'Gravité',
    ]);
    expect(rows.slice(1)).toEqual([
      [
        'harnes.csv',
        1,
        'Remarque',
        'Remarque',
        'Colonne « Remarque » inconnue du modèle : colonne ignorée.',
        'Avertissement : ligne importée',
      ],
      [
        'harnes.csv',
        3,
        'Quantité',
        'douze',
        'Ligne 3, colonne « Quantité » : « douze » n’est pas un nombre.',
        'Erreur : ligne non importée',
      ],
      [
        'harnes.csv',
        4,
        'Lieu de livraison',
        'Zzyzx',
        'Ligne 4, colonne « Lieu de livraison » : lieu introuvable.',
        'Erreur : ligne non importée',
      ],
      [
        'harnes.csv',
        4,
        'Date de besoin',
        '31/02/2026',
        'Ligne 4, colonne « Date de besoin » : « 31/02/2026 » n’est pas une date qui existe.',
        'Erreur : ligne non importée',
      ],
      // An empty column leaves its cell empty (exceljs skips it in row.values).
      [
        'harnes.csv',
        6,
        undefined,
        '1000',
        'Ligne 6 : 6 valeurs pour 5 colonnes ; vérifiez le séparateur.',
        'Erreur : ligne non importée',
      ],
    ]);
  });

  it('counts rows read, needs imported and rows rejected in « Synthèse »', async () => {
    const ws = (await reopen({ issues, rowsRead: 5 })).getWorksheet('Synthèse')!;
    const byName = new Map<string, unknown>();
    ws.eachRow((row) => byName.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(byName.get('Lignes lues')).toBe(5);
    expect(byName.get('Besoins importés')).toBe(1);
    // Rows 3, 4 and 6 have an error; row 1's warning does not count.
    expect(byName.get('Lignes écartées')).toBe(3);
  });

  it('keeps the four sheets when the caller gives no import issues', async () => {
    const wb = await reopen();
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Synthèse',
      'Besoins',
      'Fournisseurs',
      'Méthode',
    ]);
  });
});
