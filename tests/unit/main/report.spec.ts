import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_OPTIONS } from '../../../shared/matching/match-plan';
import type { Candidate, MatchResult, Need, Plan } from '../../../shared/model';
import {
  buildSourcingReport,
  reportFileName,
} from '../../../main/services/report/build-sourcing-report';
import type { ReportCatalogue } from '../../../main/services/report/report-catalogue';
import { shortlistKey } from '../../../main/services/report/report-input';
import { makeCatalogue, makeSupplier } from './catalogue-factory';
import { makeNeed } from '../../helpers/make-need';
import { noneInRange } from '../../helpers/make-supplier';

const NOW = new Date(2026, 4, 7, 15, 30); // 7 May 2026, local time

function need(id: string, overrides: Partial<Need> = {}): Need {
  return makeNeed({
    id,
    row: 2,
    title: 'Entretien des espaces verts',
    cpv: '77310000',
    date: '2026-03-01',
    placeText: 'Harnes',
    maxDistanceKm: 30,
    budget: 18000.5,
    ...overrides,
  });
}

function candidate(
  rank: number,
  supplierId: string,
  name: string,
  siret: string | null,
): Candidate {
  return {
    rank,
    supplierId,
    supplierName: name,
    siret,
    kind: 'ACI',
    labels: ['insertion'],
    city: 'Harnes',
    inseeCode: '62413',
    location: { lat: 50.45223, lon: 2.90355 },
    distanceKm: 1.26,
    score: 87.5,
    parts: [
      { criterion: 'sector', points: 40, max: 40, explanation: 'Code CPV identique' },
      { criterion: 'labels', points: 20, max: 20, explanation: 'Aucun label souhaité' },
      { criterion: 'distance', points: 27.5, max: 30, explanation: 'À 1,3 km' },
      {
        criterion: 'capacity',
        points: 0,
        max: 0,
        explanation: 'Capacité et minimum de commande à confirmer auprès du fournisseur',
      },
    ],
    sectorFit: 'code',
    toConfirm: ['capacité', 'minimum de commande'],
    offerId: null,
    annualCapacity: null,
  };
}

const evil = makeSupplier({
  id: 'siret-98765432100017',
  siret: '01234567800019',
  name: '=HYPERLINK("http://x","clic")',
  website: 'javascript:alert(1)',
});
const good = makeSupplier();
const plan: Plan = {
  name: 'Plan Harnes 2026',
  sourceFile: 'plan.xlsx',
  importedAt: NOW.toISOString(),
  needs: [
    need('n1'),
    need('n2', { title: '+Repas', cpv: null, date: null, budget: null }),
  ],
};
const match: MatchResult = {
  generatedAt: NOW.toISOString(),
  catalogueVersion: '2026.01.01-0000000a',
  options: DEFAULT_MATCH_OPTIONS,
  needs: [
    {
      needId: 'n1',
      sectorMatches: 2,
      note: null,
      candidates: [
        candidate(1, good.id, good.name, good.siret),
        candidate(2, evil.id, evil.name, evil.siret),
      ],
      inRange: {
        total: 2,
        byKind: {
          insertion: 2,
          handicap: 0,
          ess: 0,
          bio: 0,
          'commerce-equitable': 0,
          local: 0,
        },
        // Both candidates are ACIs, an SIAE kind.
        reservable: { siae: 2, disability: 0, ess: 0 },
      },
    },
    {
      needId: 'n2',
      sectorMatches: 0,
      note: 'Aucun fournisseur du secteur à moins de 30 km.',
      candidates: [],
      inRange: noneInRange(),
    },
  ],
};
const catalogue: ReportCatalogue = {
  summary: {
    version: '2026.01.01-0000000a',
    generatedAt: '',
    loadedAt: '',
    supplierCount: 2,
    datasets: makeCatalogue().datasets,
    databasePath: null,
    notices: [],
  },
  suppliers: new Map([
    [good.id, good],
    [evil.id, evil],
  ]),
};

async function reopen(): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    (await buildSourcingReport(plan, match, catalogue, NOW)) as unknown as ArrayBuffer,
  );
  return workbook;
}

describe('buildSourcingReport', () => {
  it('names the file after the plan and the local day', () => {
    expect(reportFileName(plan, NOW)).toBe(
      'rapport-sourcing-plan-harnes-2026-2026-05-07.xlsx',
    );
  });

  it('writes the four sheets with frozen bold headers and filters', async () => {
    const wb = await reopen();
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Synthèse',
      'Besoins',
      'Fournisseurs',
      'Méthode',
    ]);
    expect(wb.creator).toBe('Passerelle');
    expect(wb.title).toBe('Rapport de sourcing – Plan Harnes 2026');
    // Synthèse has five lines about the plan and a blank row above its table.
    const headerRows = [7, 1, 1, 1];
    wb.worksheets.forEach((ws, i) => {
      const header = headerRows[i]!;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header });
      expect(ws.getRow(header).getCell(1).font?.bold).toBe(true);
      expect(ws.autoFilter).toBeTruthy();
    });
  });

  it('Synthèse: real date, counts of needs with and without suppliers', async () => {
    const ws = (await reopen()).getWorksheet('Synthèse')!;
    const byName = new Map<string, ExcelJS.CellValue>();
    ws.eachRow((row) => byName.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(byName.get('Date du rapport')).toEqual(new Date('2026-05-07T00:00:00.000Z'));
    expect(ws.getCell('B3').numFmt).toBe('dd/mm/yyyy');
    expect(byName.get('Nombre de besoins')).toBe(2);
    expect(byName.get('Besoins avec au moins un fournisseur')).toBe(1);
    expect(byName.get('Besoins sans fournisseur')).toBe(1);
    expect(byName.get('Fournisseurs proposés – label : Insertion (SIAE, GEIQ)')).toBe(2);
  });

  it('Besoins: typed cells, rows per candidate, a row saying why none', async () => {
    const ws = (await reopen()).getWorksheet('Besoins')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 18)).toEqual([
      'N°',
      'Besoin',
      'Rang',
      'Fournisseur',
      'SIRET',
      'Commune',
      'Distance (km)',
      'Score',
      'Secteur (pts)',
      'Labels (pts)',
      'Distance (pts)',
      'Capacité (pts)',
      'À confirmer',
      'Présélection',
      'Explications',
      'Code CPV',
      'Lieu de livraison',
      'Date de besoin',
    ]);
    const first = ws.getRow(2);
    expect(first.getCell(5).value).toBe('12345678900011');
    expect(first.getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(7).value).toBe(1.3);
    expect(first.getCell(7).numFmt).toBe('0.0');
    expect(first.getCell(8).value).toBe(87.5);
    expect(first.getCell(11).value).toBe(27.5);
    // Capacity unknown: an empty cell, never a 0 that reads as « no capacity ».
    expect(first.getCell(12).value).toBeNull();
    expect(first.getCell(13).value).toBe('capacité ; minimum de commande');
    expect(first.getCell(14).value).toBeNull();
    expect(first.getCell(16).value).toBe('77310000');
    expect(first.getCell(18).value).toEqual(new Date('2026-03-01T00:00:00.000Z'));
    expect(first.getCell(18).numFmt).toBe('dd/mm/yyyy');
    expect(first.getCell(20).value).toBe(18000.5);
    expect(first.getCell(20).numFmt).toBe('#,##0.00 €');
    // Formula injection: the supplier's name stays text, with a leading apostrophe.
    const second = ws.getRow(3);
    expect(second.getCell(4).value).toBe('\'=HYPERLINK("http://x","clic")');
    expect(second.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(second.getCell(5).value).toBe('01234567800019');
    const none = ws.getRow(4);
    expect(none.getCell(2).value).toBe("'+Repas");
    expect(none.getCell(3).value).toBeNull();
    expect(none.getCell(4).value).toBe('Aucun fournisseur proposé');
    expect(none.getCell(15).value).toBe('Aucun fournisseur du secteur à moins de 30 km.');
    expect(ws.rowCount).toBe(4);
  });

  it('Besoins: the suppliers the buyer kept are marked « Gardé »', async () => {
    const workbook = new ExcelJS.Workbook();
    const kept = new Set([shortlistKey('n1', evil.id)]);
    await workbook.xlsx.load(
      (await buildSourcingReport(plan, match, catalogue, NOW, {
        kept,
      })) as unknown as ArrayBuffer,
    );
    const ws = workbook.getWorksheet('Besoins')!;
    // Row 2 is n1's first candidate (good), row 3 its second (evil), row 4 n2.
    expect([2, 3, 4].map((r) => ws.getRow(r).getCell(14).value)).toEqual([
      null,
      'Gardé',
      null,
    ]);
  });

  it('Besoins: « Lieu de livraison » names every site of a need, joined with « ; »', async () => {
    const harnes = {
      label: 'Harnes (62440)',
      inseeCode: '62413',
      postcode: '62440',
      departement: '62',
      lat: 50.45223,
      lon: 2.90355,
    };
    const lens = {
      ...harnes,
      label: 'Lens (62300)',
      inseeCode: '62498',
      postcode: '62300',
    };
    const sites: Plan = {
      ...plan,
      needs: [
        need('n1', {
          placeText: 'Harnes ; Lens',
          place: harnes,
          additionalPlaces: [lens],
        }),
        need('n2', { placeText: 'Hrnes', place: null }),
      ],
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await buildSourcingReport(sites, match, catalogue, NOW)) as unknown as ArrayBuffer,
    );
    const ws = workbook.getWorksheet('Besoins')!;
    // Column 17 is « Lieu de livraison »; rows 2 and 3 are n1's candidates, row 4 n2.
    expect([2, 3, 4].map((r) => ws.getRow(r).getCell(17).value)).toEqual([
      'Harnes (62440) ; Lens (62300)',
      'Harnes (62440) ; Lens (62300)',
      'Hrnes',
    ]);
  });

  it('Fournisseurs: each supplier once, links only for http(s)', async () => {
    const ws = (await reopen()).getWorksheet('Fournisseurs')!;
    expect(ws.rowCount).toBe(3);
    expect(ws.getCell('C2').value).toBe("Atelier et chantier d'insertion (ACI)");
    expect(ws.getCell('D2').value).toBe('Insertion (SIAE, GEIQ)');
    expect(ws.getCell('F2').value).toBe('62440');
    expect(ws.getCell('H2').value).toBe('62413');
    expect(ws.getCell('I2').value).toEqual({
      text: 'https://jardins.example',
      hyperlink: 'https://jardins.example',
    });
    expect(ws.getCell('I3').value).toBe('javascript:alert(1)');
    expect(ws.getCell('J2').value).toBe('1');
  });

  it('Méthode: the method, the weights and the data sets with their licence', async () => {
    const ws = (await reopen()).getWorksheet('Méthode')!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.filter((r) => r[0] === 'Pondération (points)').map((r) => r[2])).toEqual([
      DEFAULT_MATCH_OPTIONS.weights.sector,
      DEFAULT_MATCH_OPTIONS.weights.labels,
      DEFAULT_MATCH_OPTIONS.weights.distance,
      DEFAULT_MATCH_OPTIONS.weights.capacity,
    ]);
    expect(rows).toContainEqual([
      'Source de données',
      // A count the French way: a narrow no-break space between thousands.
      'Jeu de test (3\u202f797 enregistrements)',
      'Licence : Licence Ouverte',
    ]);
  });
});
