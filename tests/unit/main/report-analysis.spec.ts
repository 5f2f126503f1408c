/**
 * The sourcing report of the hand-worked analysis plan
 * (tests/fixtures/analysis-fixture.ts), read back cell by cell: « Synthèse »,
 * « Allocation » and « Procédures », in Paris and in Tahiti.
 *
 * The plan goes through the real services (import, match, allocation,
 * indicators, procedures), as in tests/integration/plan-analysis.spec.ts,
 * whose comments give the working of the ranking and the allocation:
 *   need 1, « Entretien des espaces verts »: 1 200 h a year, 60 000 €;
 *     Jardins de l’Avenir (ACI, 11,1 km) 800 h, ESAT Les Tilleuls (22,2 km) 400 h;
 *   need 2, « Légumes pour la cantine » (CPV 153, catering): 1 000 kg a week,
 *     52 000 kg a year, 90 000 €; Maraîchage d’Insertion (ACI, bio, 11,1 km)
 *     26 000 kg, Ferme du Marais (local, 33,4 km) 26 000 kg;
 *   need 3, « Nettoyage des locaux »: no quantity, 30 000 €; Net’Services (EI)
 *     in range, nothing allocated.
 *
 * The report is made at 09:30 UTC on 8 May 2026: 11:30 on 8 May in Paris
 * (UTC+2), 23:30 on 7 May in Tahiti (UTC−10). Its day, the day of the last
 * sync and the day the thresholds are read at follow the zone; the
 * catalogue's date and the needs' dates are calendar days, the same in both.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/services/create-services';
import {
  collect,
  REPORT_SHEETS,
  writeSourcingReport,
  type ReportInput,
} from '../../../main/services/report/build-sourcing-report';
import type { MatchResult, PlanImportResult } from '../../../shared/model';
import {
  ANALYSIS_PLAN_CSV,
  analyseFixture,
  analysisCatalogue,
} from '../../fixtures/analysis-fixture';

const NOW = new Date('2026-05-08T09:30:00Z');
/** A sync that ended at 01:00 on 8 May in Paris, 13:00 on 7 May in Tahiti. */
const LAST_SYNC = '2026-05-07T23:00:00Z';
const day = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);

const ZONES = [
  // Offsets as getTimezoneOffset gives them at NOW (minutes behind UTC).
  { zone: 'Europe/Paris', offset: -120, reportDay: '2026-05-08', syncDay: '2026-05-08' },
  { zone: 'Pacific/Tahiti', offset: 600, reportDay: '2026-05-07', syncDay: '2026-05-07' },
];

interface Analysed {
  services: Services;
  imported: PlanImportResult;
  match: MatchResult;
}

/** Imports a plan CSV and runs the whole analysis with the clock at NOW. */
function analyse(csv: string): Promise<Analysed> {
  return analyseFixture(NOW, { csv });
}

/** The whole report of an analysis, reopened with exceljs. */
async function report(
  { services, imported, match }: Analysed,
  buyerName: string | null,
): Promise<ExcelJS.Workbook> {
  const input: ReportInput = {
    plan: imported.plan,
    match,
    catalogue: {
      summary: await services['catalogue:summary'](),
      suppliers: new Map(analysisCatalogue().suppliers.map((s) => [s.id, s])),
      lastSyncAt: LAST_SYNC,
    },
    now: NOW,
    imported: { rowsRead: imported.rowsRead, issues: imported.issues },
    buyerName,
  };
  const bytes = await collect((output) =>
    writeSourcingReport(input, REPORT_SHEETS, output),
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Column B of the preamble, by the label in column A. */
function preamble(ws: ExcelJS.Worksheet): Map<string, ExcelJS.CellValue> {
  const lines = new Map<string, ExcelJS.CellValue>();
  for (let r = 1; ws.getRow(r).getCell(1).value !== null; r++) {
    lines.set(String(ws.getRow(r).getCell(1).value), ws.getRow(r).getCell(2).value);
  }
  return lines;
}

/** The number of the header row: the first row whose column A is `header`. */
function headerRow(ws: ExcelJS.Worksheet, header: string): number {
  for (let r = 1; r <= ws.rowCount; r++) {
    if (ws.getRow(r).getCell(1).value === header) return r;
  }
  throw new Error(`no header « ${header} » in ${ws.name}`);
}

/** The rows below the header, each as its cell values (column A first). */
function tableRows(ws: ExcelJS.Worksheet, header: string): ExcelJS.CellValue[][] {
  const first = headerRow(ws, header) + 1;
  const rows: ExcelJS.CellValue[][] = [];
  for (let r = first; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value));
  }
  return rows;
}

/** The row whose column A is `label`, as its values (column A first). */
function rowOf(rows: ExcelJS.CellValue[][], label: string): ExcelJS.CellValue[] {
  const row = rows.find((r) => r[0] === label);
  if (!row) throw new Error(`no row « ${label} »`);
  return row;
}

/** The ranges drawn with data bars. */
function dataBars(ws: ExcelJS.Worksheet): string[] {
  const formats = (
    ws as unknown as {
      conditionalFormattings: { ref: string; rules: { type: string }[] }[];
    }
  ).conditionalFormattings;
  return formats
    .filter((f) => f.rules.some((r) => r.type === 'dataBar'))
    .map((f) => f.ref);
}

describe.each(ZONES)('report of the hand-worked plan, TZ=$zone', (zone) => {
  const savedZone = process.env.TZ;
  let analysed: Analysed;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    // Node reads TZ again when it is assigned: dates made from now on use it.
    process.env.TZ = zone.zone;
    analysed = await analyse(ANALYSIS_PLAN_CSV);
    workbook = await report(analysed, 'Mairie de Harnes');
  });

  afterAll(() => {
    analysed.services.close();
    if (savedZone === undefined) delete process.env.TZ;
    else process.env.TZ = savedZone;
  });

  it('really runs in that zone', () => {
    expect(NOW.getTimezoneOffset()).toBe(zone.offset);
    expect(analysed.imported.issues).toEqual([]);
  });

  it('orders the sheets, « Allocation » after « Besoins », « Procédures » after « Fournisseurs »', () => {
    const names = workbook.worksheets.map((ws) => ws.name);
    expect(names.slice(0, 4)).toEqual([
      'Synthèse',
      'Besoins',
      'Allocation',
      'Fournisseurs',
    ]);
    expect(names.indexOf('Procédures')).toBeGreaterThan(names.indexOf('Fournisseurs'));
  });

  it('Synthèse: buyer, plan, the report’s local day, catalogue and sync days', () => {
    const ws = workbook.getWorksheet('Synthèse')!;
    const lines = preamble(ws);
    expect([...lines.keys()]).toEqual([
      'Acheteur',
      'Type d’acheteur',
      'Plan d’achats',
      'Fichier du plan',
      'Lignes lues',
      'Besoins importés',
      'Lignes écartées',
      'Date du rapport',
      'Version du catalogue',
      'Date du catalogue',
      'Dernière synchronisation',
      'Fournisseurs au catalogue',
      'Fournisseurs proposés',
      'Budget total (€ HT)',
    ]);
    expect(lines.get('Acheteur')).toBe('Mairie de Harnes');
    // No --acheteur: local authorities' thresholds, named as the results screen names them.
    expect(lines.get('Type d’acheteur')).toBe(
      'collectivité territoriale ou établissement public local',
    );
    expect(lines.get('Fichier du plan')).toBe('cantine-et-espaces-verts.csv');
    // Three rows under the header, one need each, none set aside.
    expect(lines.get('Lignes lues')).toBe(3);
    expect(lines.get('Besoins importés')).toBe(3);
    expect(lines.get('Lignes écartées')).toBe(0);
    // 7 May in Tahiti, 8 May in Paris: the day where the report is made.
    expect(lines.get('Date du rapport')).toEqual(day(zone.reportDay));
    expect(lines.get('Version du catalogue')).toBe('2026.01.01-0000000a');
    // The catalogue is dated 1 January 2026 (UTC midnight): that day in Tahiti too.
    expect(lines.get('Date du catalogue')).toEqual(day('2026-01-01'));
    expect(lines.get('Dernière synchronisation')).toEqual(day(zone.syncDay));
    expect(lines.get('Fournisseurs au catalogue')).toBe(6);
    // Every supplier is a candidate of some need: 3 + 2 + 1.
    expect(lines.get('Fournisseurs proposés')).toBe(6);

    // 60 000 + 90 000 + 30 000.
    expect(lines.get('Budget total (€ HT)')).toBe(180000);
    const dateRow = [...lines.keys()].indexOf('Date du rapport') + 1;
    expect(ws.getCell(`B${dateRow}`).numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('B14').numFmt).toBe('#,##0.00 €');
  });

  it('Synthèse: needs and budget by kind, before and after allocation', () => {
    const ws = workbook.getWorksheet('Synthèse')!;
    expect((ws.getRow(headerRow(ws, 'Indicateur')).values as unknown[]).slice(1)).toEqual(
      [
        'Indicateur',
        'Besoins avant',
        'Part des besoins avant',
        'Budget avant (€ HT)',
        'Part du budget avant',
        'Volume affecté après',
        'Budget affecté après (€ HT)',
        'Part du budget après',
        'Précisions',
      ],
    );
    const rows = tableRows(ws, 'Indicateur');
    // Columns: needs, share of the 3 needs, their budget, share of 180 000 €,
    // then the mean share of demand over the 2 needs with a quantity, the
    // budget pro rata of it, and that budget's share of 180 000 €.
    expect(rowOf(rows, 'Nombre de besoins').slice(0, 8)).toEqual([
      'Nombre de besoins',
      3,
      null,
      180000,
      null,
      // Both needs with a quantity are fully covered.
      1,
      null,
      null,
    ]);
    expect(rowOf(rows, 'Besoins avec au moins un fournisseur').slice(1, 3)).toEqual([
      3, 1,
    ]);
    // A true zero (every need has a supplier), not an unknown.
    expect(rowOf(rows, 'Besoins sans fournisseur').slice(1, 3)).toEqual([0, 0]);
    const figures = (label: string): ExcelJS.CellValue[] =>
      rowOf(rows, label).slice(1, 8);
    // Insertion: S1 (need 1), S4 (need 2), S6 (need 3): 3 needs, 180 000 €.
    // After: (800/1 200 + 26 000/52 000) / 2 = (0,6667 + 0,5) / 2 = 0,5833;
    // 60 000 × 2/3 + 90 000 × 1/2 = 85 000 €, 85 000 / 180 000 = 0,4722.
    expect(figures('Insertion (SIAE, GEIQ)')).toEqual([
      3, 1, 180000, 1, 0.5833, 85000, 0.4722,
    ]);
    // The ESAT: need 1 only, 1/3 of the needs, 60 000 / 180 000 of the budget;
    // after: (400/1 200 + 0) / 2 = 0,1667; 60 000 / 3 = 20 000 €, 0,1111.
    expect(figures('Secteur du handicap (ESAT, EA)')).toEqual([
      1, 0.3333, 60000, 0.3333, 0.1667, 20000, 0.1111,
    ]);
    // No ESS supplier anywhere: true zeros.
    expect(figures('Économie sociale et solidaire')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // The organic market garden: need 2, 90 000 € (half the budget); after:
    // (0 + 26 000/52 000) / 2 = 0,25; 90 000 / 2 = 45 000 €, 0,25.
    expect(figures('Agriculture biologique (AB)')).toEqual([
      1, 0.3333, 90000, 0.5, 0.25, 45000, 0.25,
    ]);
    expect(figures('Commerce équitable')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    // The local farm: the same figures as the organic garden.
    expect(figures('Producteur local')).toEqual([
      1, 0.3333, 90000, 0.5, 0.25, 45000, 0.25,
    ]);
    // Every need; after: (1 + 1) / 2; 60 000 + 90 000 (need 3 has no quantity),
    // 150 000 / 180 000 = 0,8333.
    expect(figures('Au moins un fournisseur responsable')).toEqual([
      3, 1, 180000, 1, 1, 150000, 0.8333,
    ]);
    const insertion =
      headerRow(ws, 'Indicateur') +
      1 +
      rows.indexOf(rowOf(rows, 'Insertion (SIAE, GEIQ)'));
    const formats = [2, 3, 4, 5, 6, 7, 8].map(
      (c) => ws.getRow(insertion).getCell(c).numFmt,
    );
    expect(formats).toEqual([
      '0',
      '0.0 %',
      '#,##0.00 €',
      '0.0 %',
      '0.0 %',
      '#,##0.00 €',
      '0.0 %',
    ]);
  });

  it('Synthèse: data bars on the four share columns', () => {
    // Header on row 16 (14 preamble lines and a blank row); 15 rows below it:
    // 3 counts, 6 kinds, any responsible, the reading note, 2 transport
    // units, 2 EGalim shares.
    expect(dataBars(workbook.getWorksheet('Synthèse')!)).toEqual([
      'C17:C31',
      'E17:E31',
      'F17:F31',
      'H17:H31',
    ]);
  });

  it('Synthèse: transport by unit and the EGalim shares of the catering budget', () => {
    const rows = tableRows(workbook.getWorksheet('Synthèse')!, 'Indicateur');
    // 800 × 11,1 + 400 × 22,2 = 17 760 h × km for 1 200 h: 14,8 km each.
    expect(rowOf(rows, 'Transport estimé (heures)')[8]).toBe(
      '17\u202f760 heures × km pour 1\u202f200 heures livrées, soit 14,8 km en moyenne.',
    );
    // 26 000 × 11,1 + 26 000 × 33,4 = 1 157 000 kg × km for 52 000 kg: 22,25
    // km, a hair under in binary floating point, so 22,2.
    expect(rowOf(rows, 'Transport estimé (kg)')[8]).toBe(
      '1\u202f157\u202f000 kg × km pour 52\u202f000 kg livrés, soit 22,2 km en moyenne.',
    );
    // Need 2 is the only catering need (CPV 153), 90 000 €; half its volume
    // from the organic garden: 45 000 €, 50 % (targets 50 % and 20 %).
    const sustainable = rowOf(
      rows,
      'EGalim : Produits durables et de qualité (bio compris)',
    );
    expect(sustainable.slice(1, 8)).toEqual([1, null, null, null, null, 45000, 0.5]);
    expect(sustainable[8]).toBe(
      'Part du budget de restauration collective ; objectif 50,0\u00a0% : atteint. ' +
        '1 besoin de restauration collective, budget 90\u202f000,00\u00a0€ HT.',
    );
    const bio = rowOf(rows, 'EGalim : dont produits biologiques');
    expect(bio.slice(1, 8)).toEqual([1, null, null, null, null, 45000, 0.5]);
    expect(String(bio[8])).toContain('objectif 20,0\u00a0% : atteint');
  });

  it('Allocation: the solver’s status, then one row per need × supplier', () => {
    const ws = workbook.getWorksheet('Allocation')!;
    const lines = preamble(ws);
    expect(String(lines.get('Méthode de répartition'))).toMatch(
      /^solution optimale \(solveur HiGHS\), calculée en \d+\u00a0ms\.$/,
    );
    // Greedy gives need 1 to Paysages Durand (no label): (0 + 1) / 2.
    expect(lines.get('Comparaison')).toBe(
      'L’optimisation couvre 100,0\u00a0% avec des fournisseurs responsables, ' +
        'contre 50,0\u00a0% pour l’affectation au fil de l’eau.',
    );
    expect(lines.get('Couverture moyenne des besoins')).toBe(1);
    expect(lines.get('Dont fournisseurs responsables')).toBe(1);
    // Paysages Durand has no offer: its capacity is unknown.
    expect(lines.get('Capacité à confirmer')).toBe('Paysages Durand SARL');
    const rows = tableRows(ws, 'N°');
    expect(rows).toEqual([
      // 800 of 1 200 h = 0,6667 at 11,1 km: 8 880 h × km; 400 h at 22,2 km: 8 880.
      [
        1,
        'Entretien des espaces verts',
        'Jardins de l’Avenir',
        '10000000000001',
        "Atelier et chantier d'insertion (ACI)",
        800,
        'heures',
        0.6667,
        11.1,
        8880,
        'Oui',
        null,
        null,
      ],
      [
        1,
        'Entretien des espaces verts',
        'ESAT Les Tilleuls',
        '10000000000002',
        "Établissement et service d'aide par le travail (ESAT)",
        400,
        'heures',
        0.3333,
        22.2,
        8880,
        'Oui',
        null,
        null,
      ],
      // 26 000 of 52 000 kg each: 26 000 × 11,1 = 288 600, × 33,4 = 868 400.
      [
        2,
        'Légumes pour la cantine',
        'Maraîchage d’Insertion',
        '10000000000004',
        "Atelier et chantier d'insertion (ACI)",
        26000,
        'kg',
        0.5,
        11.1,
        288600,
        'Oui',
        null,
        null,
      ],
      // A conventional company, responsible by its « producteur local » label.
      [
        2,
        'Légumes pour la cantine',
        'Ferme du Marais',
        '10000000000005',
        'Entreprise conventionnelle',
        26000,
        'kg',
        0.5,
        33.4,
        868400,
        'Oui',
        null,
        null,
      ],
      // No quantity: nothing allocated, and why.
      [
        3,
        'Nettoyage des locaux',
        'Aucune affectation',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        'Quantité annuelle non précisée : aucun volume n’est attribué.',
      ],
    ]);
    // Header on row 7, under 5 preamble lines and a blank row; 5 rows.
    expect(dataBars(ws)).toEqual(['H8:H12']);
    const first = ws.getRow(headerRow(ws, 'N°') + 1);
    expect(first.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect([8, 9, 10].map((c) => first.getCell(c).numFmt)).toEqual([
      '0.0 %',
      '0.0',
      '0.0',
    ]);
  });

  it('Procédures: thresholds read on the local day, families, lots, clauses', () => {
    const ws = workbook.getWorksheet('Procédures')!;
    const lines = preamble(ws);
    expect(lines.get('Seuils en vigueur au')).toEqual(day(zone.reportDay));
    expect(lines.get('Type d’acheteur')).toBe(
      'collectivité territoriale ou établissement public local',
    );
    expect(lines.get('Familles homogènes')).toBe(3);
    // No family calls for a formalised procedure: no small lot.
    expect(lines.get('Petits lots (20 %, R2123-1 2°)')).toBe(
      'aucun lot ne relève de la règle des petits lots',
    );
    const rows = tableRows(ws, 'Famille');
    // Family, CPV group, section, subject, amount, from, to, needs, eligible,
    // small lot, articles: the explanation (column 12) is checked apart.
    const green = 'Services horticoles (groupe CPV 773)';
    const head = rows.map((r) => r.slice(0, 11));
    expect(head.filter((r) => r[0] === green)).toEqual([
      // 60 000 € is not below the 60 000 € dispensation threshold in force
      // since 1 April 2026 (décret 2025-1386), and under 216 000 €: MAPA.
      [
        green,
        '773',
        'Procédure',
        'Procédure adaptée (MAPA)',
        60000,
        null,
        null,
        '1',
        null,
        null,
        'L2123-1, R2123-1',
      ],
      [
        green,
        '773',
        'Seuil appliqué',
        'Seuil de dispense de publicité et de mise en concurrence (fournitures et services)',
        60000,
        day('2026-04-01'),
        null,
        null,
        null,
        null,
        'R2122-8',
      ],
      [
        green,
        '773',
        'Seuil appliqué',
        'Seuil de procédure formalisée, fournitures et services (collectivités ' +
          'territoriales et autres pouvoirs adjudicateurs)',
        216000,
        day('2026-01-01'),
        day('2027-12-31'),
        null,
        null,
        null,
        'L2124-1, R2124-1, R2123-1',
      ],
      [green, '773', 'Lot suggéré', green, 60000, null, null, '1', null, 'Non', null],
      // One ESAT and one SIAE in range (fewer than 3): social clauses.
      [
        green,
        '773',
        'Clause sociale',
        'Secteur du handicap (ESAT, EA)',
        null,
        null,
        null,
        null,
        1,
        null,
        'L2112-2',
      ],
      [
        green,
        '773',
        'Clause sociale',
        'Insertion (SIAE, GEIQ)',
        null,
        null,
        null,
        null,
        1,
        null,
        'L2112-2',
      ],
      // Gardening is not among the services L2113-15 lets reserve to the ESS.
      [
        green,
        '773',
        'Ni réservation ni clause suggérée',
        'Économie sociale et solidaire',
        null,
        null,
        null,
        null,
        0,
        null,
        'L2113-15',
      ],
    ]);
    const cleaning = "Services de nettoyage et d'hygiène (groupe CPV 909)";
    const procedure = head.find((r) => r[0] === cleaning && r[2] === 'Procédure');
    // 30 000 € under the 60 000 € threshold: no procedure needed (R2122-8).
    expect(procedure?.slice(3, 5)).toEqual([
      'Dispense de procédure (marché sans publicité ni mise en concurrence)',
      30000,
    ]);
    const insertion = head.find(
      (r) => r[0] === cleaning && r[3] === 'Insertion (SIAE, GEIQ)',
    );
    // Below the dispensation threshold a clause is seldom proportionate.
    expect(insertion?.slice(2, 11)).toEqual([
      'Ni réservation ni clause suggérée',
      'Insertion (SIAE, GEIQ)',
      null,
      null,
      null,
      null,
      1,
      null,
      'R2122-8, L2112-2',
    ]);
    const vegetables = rows.find(
      (r) => r[0] === 'Fruits, légumes et produits connexes (groupe CPV 153)',
    );
    expect(vegetables?.slice(1, 5)).toEqual([
      '153',
      'Procédure',
      'Procédure adaptée (MAPA)',
      90000,
    ]);
    expect(String(vegetables?.[11])).toContain('totalise 90\u202f000 € HT par an');
    // The plan's notes close the sheet, the first naming the local day.
    const notes = rows.filter((r) => r[2] === 'Note').map((r) => String(r[11]));
    const [y, m, d] = zone.reportDay.split('-');
    expect(notes[0]).toContain(`Seuils en vigueur au ${d}/${m}/${y}`);
    const amountRow = headerRow(ws, 'Famille') + 1;
    expect(ws.getRow(amountRow).getCell(5).numFmt).toBe('#,##0.00 €');
    expect(ws.getRow(amountRow + 1).getCell(6).numFmt).toBe('dd/mm/yyyy');
    expect(ws.getRow(amountRow).getCell(2).type).toBe(ExcelJS.ValueType.String);
  });

  it('Besoins: the needs’ dates stay their calendar day', () => {
    const ws = workbook.getWorksheet('Besoins')!;
    const column = (ws.getRow(1).values as unknown[]).indexOf('Date de besoin');
    const dates = new Set<number>();
    ws.eachRow((row, n) => {
      const value = row.getCell(column).value;
      if (n > 1 && value instanceof Date) dates.add(value.getTime());
    });
    expect([...dates]).toEqual(
      ['2027-03-01', '2027-01-04', '2027-02-01'].map((iso) => day(iso).getTime()),
    );
  });
});

describe('a plan without budgets nor quantities', () => {
  // The fixture's three needs without « Quantité », « Unité », « Fréquence »
  // and « Budget »: nothing to allocate, no budget to share.
  const csv = ANALYSIS_PLAN_CSV.split('\r\n')
    .map((line) => {
      const cells = line.split(';');
      return [0, 1, 5, 6, 7, 8].map((i) => cells[i]).join(';');
    })
    .join('\r\n');
  let analysed: Analysed;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    analysed = await analyse(csv);
    workbook = await report(analysed, null);
  });

  afterAll(() => analysed.services.close());

  it('Synthèse: « non calculable », never 0, for what cannot be computed', () => {
    const ws = workbook.getWorksheet('Synthèse')!;
    const lines = preamble(ws);
    expect(lines.get('Acheteur')).toBe('non renseigné');
    expect(lines.get('Budget total (€ HT)')).toBe('aucun budget renseigné');
    const rows = tableRows(ws, 'Indicateur');
    // Insertion: 3 needs of 3 in range; budgets unknown; nothing allocated.
    expect(rowOf(rows, 'Insertion (SIAE, GEIQ)').slice(1)).toEqual([
      3,
      1,
      'non calculable',
      'non calculable',
      'non calculable',
      'non calculable',
      'non calculable',
      'aucun besoin du plan n’a de budget ; aucun besoin n’a de quantité à répartir',
    ]);
    // No ESS supplier: 0 needs is a count, their budget share still unknown.
    expect(rowOf(rows, 'Économie sociale et solidaire').slice(1, 4)).toEqual([
      0,
      0,
      'non calculable',
    ]);
    const egalim = rowOf(rows, 'EGalim : dont produits biologiques');
    expect(egalim.slice(6, 8)).toEqual(['non calculable', 'non calculable']);
    expect(String(egalim[8])).toContain(
      'non calculable : aucun besoin de restauration n’a de quantité',
    );
  });

  it('Allocation: every need said uncovered, coverage not computable', () => {
    const ws = workbook.getWorksheet('Allocation')!;
    expect(preamble(ws).get('Couverture moyenne des besoins')).toBe('non calculable');
    const rows = tableRows(ws, 'N°');
    expect(rows.map((r) => [r[0], r[2], r[11]])).toEqual([
      [1, 'Aucune affectation', null],
      [2, 'Aucune affectation', null],
      [3, 'Aucune affectation', null],
    ]);
  });

  it('Procédures: families without an amount', () => {
    const rows = tableRows(workbook.getWorksheet('Procédures')!, 'Famille');
    const procedures = rows.filter((r) => r[2] === 'Procédure');
    expect(procedures.map((r) => [r[3], r[4]])).toEqual([
      ['À déterminer (aucun budget connu)', null],
      ['À déterminer (aucun budget connu)', null],
      ['À déterminer (aucun budget connu)', null],
    ]);
  });
});

describe('a need larger than its suppliers’ capacities', () => {
  // Need 2 asks 2 000 kg a week, 104 000 kg a year: the organic garden gives
  // its 500 kg a week (26 000 kg), the farm its 40 000 kg a year; 38 000 kg
  // are left, 38 000 / 104 000 = 36,5 % of the need.
  const csv = ANALYSIS_PLAN_CSV.replace(
    ';1000;kg;hebdomadaire;',
    ';2000;kg;hebdomadaire;',
  );
  let analysed: Analysed;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    analysed = await analyse(csv);
    workbook = await report(analysed, 'Mairie de Harnes');
  });

  afterAll(() => analysed.services.close());

  it('Allocation: says when HiGHS stopped at its time limit, or when greedy was used', async () => {
    // The statuses as allocate-plan.ts records them; the figures stay the same.
    const allocation = analysed.match.allocation!;
    const statusLine = async (
      method: 'solver' | 'greedy',
      status: string,
    ): Promise<ExcelJS.CellValue> => {
      const match = { ...analysed.match, allocation: { ...allocation, method, status } };
      const wb = await report({ ...analysed, match }, null);
      return preamble(wb.getWorksheet('Allocation')!).get('Méthode de répartition');
    };
    expect(String(await statusLine('solver', 'Time limit reached'))).toMatch(
      /^limite de temps atteinte \(solveur HiGHS\), calculée en \d+\u00a0ms\.$/,
    );
    expect(String(await statusLine('greedy', 'greedy'))).toMatch(
      /^affectation au fil de l’eau, calculée en \d+\u00a0ms\.$/,
    );
  });

  it('Allocation: the suppliers’ shares, then the remainder and why', () => {
    const rows = tableRows(workbook.getWorksheet('Allocation')!, 'N°');
    const need2 = rows.filter((r) => r[0] === 2);
    // Supplier, quantity, unit, share, km, quantity × km, responsible, left, remark.
    expect(need2.map((r) => [r[2], ...r.slice(5)])).toEqual([
      // 26 000 / 104 000 = 0,25; 26 000 × 11,1 = 288 600.
      ['Maraîchage d’Insertion', 26000, 'kg', 0.25, 11.1, 288600, 'Oui', null, null],
      // 40 000 / 104 000 = 0,3846; 40 000 × 33,4 = 1 336 000.
      ['Ferme du Marais', 40000, 'kg', 0.3846, 33.4, 1336000, 'Oui', null, null],
      [
        'Reste non couvert',
        null,
        'kg',
        null,
        null,
        null,
        null,
        38000,
        // 66 000 / 104 000 = 63,5 %, all of it from responsible suppliers.
        'Couvert à 63,5\u00a0% (dont 63,5\u00a0% par des fournisseurs responsables) : ' +
          'les capacités connues des candidats ne suffisent pas pour le reste.',
      ],
    ]);
  });
});

describe('a family above the EU threshold, in two lots', () => {
  // Need 2 now costs 250 000 € and a potato need (CPV class 1531) 50 000 €:
  // family 153 sums 300 000 € ≥ 216 000 €, a formalised procedure, with one
  // lot per CPV class. The 50 000 € lot is under 80 000 € and within 20 % of
  // 300 000 € (60 000 €): it may follow the small-lots rule (R2123-1 2°).
  const csv = [
    ANALYSIS_PLAN_CSV.replace(';bio;90 000', ';bio;250 000'),
    'Pommes de terre;15310000;;;;04/01/2027;Harnes;50;;50 000',
  ].join('\r\n');
  let analysed: Analysed;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    analysed = await analyse(csv);
    workbook = await report(analysed, 'Mairie de Harnes');
  });

  afterAll(() => analysed.services.close());

  it('Procédures: the lots, the small one flagged, and the count above the table', () => {
    const ws = workbook.getWorksheet('Procédures')!;
    expect(analysed.imported.issues).toEqual([]);
    expect(preamble(ws).get('Petits lots (20 %, R2123-1 2°)')).toBe(
      '1 lot en procédure adaptée',
    );
    const rows = tableRows(ws, 'Famille').filter((r) => r[1] === '153');
    const procedure = rows.find((r) => r[2] === 'Procédure');
    expect(procedure?.slice(3, 5)).toEqual([
      'Procédure formalisée (appel d’offres ou autre procédure formalisée)',
      300000,
    ]);
    // Lot name (CPV class and its label), amount, needs (N°), small lot, article.
    const lots = rows
      .filter((r) => r[2] === 'Lot suggéré')
      .map((r) => [r[3], r[4], r[7], r[9], r[10]]);
    expect(lots).toEqual([
      [
        'Classe CPV 1530 : Fruits, légumes et produits connexes',
        250000,
        '2',
        'Non',
        null,
      ],
      [
        'Classe CPV 1531 : Pommes de terre et produits à base de pomme de terre',
        50000,
        '4',
        'Oui',
        'R2123-1 2°',
      ],
    ]);
  });
});
