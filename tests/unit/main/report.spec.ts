import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Allocation } from '../../../shared/allocation/allocation-types';
import { DEFAULT_MATCH_OPTIONS, methodText } from '../../../shared/matching/match-plan';
import type { Candidate, MatchResult, Need, Plan, Supplier } from '../../../shared/model';
import { BUNDLED_DATA } from '../../../main/services/report/method-sheet';
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
    // Synthèse has twelve lines about the buyer, plan and catalogue (no
    // import info here) and a blank row above its table.
    const headerRows = [14, 1, 1, 1];
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
    // No buyer name, no dated catalogue, never synced: said so, not left blank.
    expect(byName.get('Acheteur')).toBe('non renseigné');
    expect(byName.get('Date du rapport')).toEqual(new Date('2026-05-07T00:00:00.000Z'));
    expect(ws.getCell('B5').numFmt).toBe('dd/mm/yyyy');
    expect(byName.get('Date du catalogue')).toBe('inconnue');
    expect(byName.get('Dernière synchronisation')).toBe('jamais');
    expect(byName.get('Fournisseurs proposés')).toBe(2);
    // n2 has no budget: 18 000,50 € is n1's alone.
    expect(byName.get('Budget total (€ HT)')).toBe(18000.5);
    expect(byName.get('Nombre de besoins')).toBe(2);
    expect(byName.get('Besoins avec au moins un fournisseur')).toBe(1);
    expect(byName.get('Besoins sans fournisseur')).toBe(1);
    // A match without its analysis: the indicators are said not computed,
    // on the row after the three counts (header on row 14).
    expect(ws.getCell('A18').value).toBe('Indicateurs d’achat responsable');
    expect(ws.getCell('I18').value).toBe(
      'Non calculés pour ce rapprochement : relancez le rapprochement du plan.',
    );
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
});

describe('buildSourcingReport: Fournisseurs and Méthode', () => {
  // Jardins de Harnes with contacts and a 30 km radius.
  const contact = makeSupplier({
    email: 'contact@jardins.example',
    phone: '03 21 00 00 00',
    serviceArea: { kind: 'radius', km: 30 },
  });
  // A javascript: website and an e-mail that is none: both stay plain text.
  const trap = {
    ...evil,
    email: 'contact(at)evil.example',
    serviceArea: { kind: 'departements', codes: ['59', '62'] },
  } satisfies Supplier;
  const national = makeSupplier({
    id: 'siret-44440043600044',
    siret: '44440043600044',
    name: 'Recyclerie nationale',
    kind: 'ESS',
    labels: [],
    website: null,
    address: {
      street: '',
      postcode: '59170',
      city: 'Croix',
      inseeCode: null,
      departement: '59',
    },
    serviceArea: { kind: 'national' },
    sources: [
      { dataset: 'Jeu de test', recordId: '2', licence: 'Licence Ouverte', url: null },
      { dataset: 'Réseau HDF', recordId: '9', licence: 'ODbL', url: null },
      { dataset: 'Jeu de test', recordId: '3', licence: 'Licence Ouverte', url: null },
    ],
  });
  const solved: Allocation = {
    method: 'solver',
    status: 'Optimal',
    needs: [],
    totals: {
      demand: 0,
      allocated: 0,
      responsibleAllocated: 0,
      distanceWeightedVolume: 0,
      needCount: 0,
      coverage: 0,
      responsibleCoverage: 0,
      shareWeightedKm: 0,
    },
    unboundedSuppliers: [],
    greedyTotals: null,
    elapsedMs: 3,
    methodText: ['Chaque besoin compte pour un.'],
  };
  const analysed: MatchResult = {
    ...match,
    needs: [
      {
        ...match.needs[0]!,
        candidates: [
          candidate(1, contact.id, contact.name, contact.siret),
          candidate(2, trap.id, trap.name, trap.siret),
        ],
      },
      {
        ...match.needs[1]!,
        candidates: [
          candidate(1, national.id, national.name, national.siret),
          candidate(2, 'ghost-7', 'Fournisseur disparu', null),
          candidate(3, contact.id, contact.name, contact.siret),
        ],
      },
    ],
    allocation: solved,
    procedures: {
      date: '2026-05-07',
      buyerKind: 'collectivite',
      families: [],
      notes: ['Seuils en vigueur au 07/05/2026, date du calcul.'],
    },
  };
  const loaded: ReportCatalogue = {
    ...catalogue,
    suppliers: new Map([contact, trap, national].map((s) => [s.id, s])),
  };

  async function sheet(name: string): Promise<ExcelJS.Worksheet> {
    const workbook = new ExcelJS.Workbook();
    const bytes = await buildSourcingReport(plan, analysed, loaded, NOW, {}, [
      'fournisseurs',
      'methode',
    ]);
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return workbook.getWorksheet(name)!;
  }

  const values = (ws: ExcelJS.Worksheet, row: number): unknown[] =>
    Array.from({ length: 15 }, (_, i) => ws.getRow(row).getCell(i + 1).value);

  it('Fournisseurs: each supplier once, in order of first appearance, with the needs it serves', async () => {
    const ws = await sheet('Fournisseurs');
    expect(values(ws, 1)).toEqual([
      'Fournisseur',
      'SIRET',
      'Type de structure',
      'Labels',
      'Adresse',
      'Code postal',
      'Commune',
      'Code INSEE',
      'Zone d’intervention',
      'Site internet',
      'Courriel',
      'Téléphone',
      'Besoins concernés (N°)',
      'Sources',
      'Licences',
    ]);
    // n1 proposes contact then trap; n2 national, a supplier absent from the
    // catalogue, then contact again: contact serves needs 1 and 2.
    expect(values(ws, 2)).toEqual([
      'Jardins de Harnes',
      '12345678900011',
      "Atelier et chantier d'insertion (ACI)",
      'Insertion (SIAE, GEIQ)',
      '1 rue des Fleurs',
      '62440',
      'Harnes',
      '62413',
      'Rayon de 30 km',
      { text: 'https://jardins.example', hyperlink: 'https://jardins.example' },
      { text: 'contact@jardins.example', hyperlink: 'mailto:contact@jardins.example' },
      '03 21 00 00 00',
      '1, 2',
      'Jeu de test',
      'Licence Ouverte',
    ]);
    expect(ws.getCell('L2').numFmt).toBe('@');
    expect(ws.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    // The formula-like name keeps its apostrophe; a javascript: site and an
    // e-mail without @ are plain text, never links.
    expect(values(ws, 3)).toEqual([
      '\'=HYPERLINK("http://x","clic")',
      '01234567800019',
      "Atelier et chantier d'insertion (ACI)",
      'Insertion (SIAE, GEIQ)',
      '1 rue des Fleurs',
      '62440',
      'Harnes',
      '62413',
      'Départements 59, 62',
      'javascript:alert(1)',
      'contact(at)evil.example',
      null,
      '1',
      'Jeu de test',
      'Licence Ouverte',
    ]);
    expect(ws.getCell('J3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('K3').type).toBe(ExcelJS.ValueType.String);
    // No label, no street, no INSEE code: empty cells; two data sets, each once.
    expect(values(ws, 4)).toEqual([
      'Recyclerie nationale',
      '44440043600044',
      "Structure de l'économie sociale et solidaire",
      null,
      null,
      '59170',
      'Croix',
      null,
      'Toute la France',
      null,
      null,
      null,
      '2',
      'Jeu de test ; Réseau HDF',
      'Licence Ouverte ; ODbL',
    ]);
    expect(values(ws, 5)).toEqual([
      'ghost-7',
      ...Array.from({ length: 11 }, () => null),
      '2',
      'Absent du catalogue chargé',
      null,
    ]);
    expect(ws.rowCount).toBe(5);
  });

  it('Fournisseurs: a service area the catalogue does not know is « à confirmer »', async () => {
    const unknown: ReportCatalogue = {
      ...loaded,
      suppliers: new Map([[contact.id, { ...contact, serviceArea: null }]]),
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await buildSourcingReport(plan, analysed, unknown, NOW, {}, [
        'fournisseurs',
      ])) as unknown as ArrayBuffer,
    );
    const ws = workbook.getWorksheet('Fournisseurs')!;
    expect(ws.getCell('I2').value).toBe('À confirmer (inconnue du catalogue)');
  });

  it('Méthode: matching sentences, weights and parameters', async () => {
    const ws = await sheet('Méthode');
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([
      'Rubrique',
      'Description',
      'Valeur',
      'Montant (€ HT)',
      'En vigueur du',
      'au',
      'Articles du code',
      'Adresse',
    ]);
    const matching = rows.filter((r) => r[0] === 'Rapprochement').map((r) => r[1]);
    expect(matching).toEqual(methodText(DEFAULT_MATCH_OPTIONS));
    expect(rows.filter((r) => r[0] === 'Pondération (points)')).toEqual([
      ['Pondération (points)', 'Adéquation du secteur d’activité', 40],
      ['Pondération (points)', 'Labels requis et souhaités', 20],
      ['Pondération (points)', 'Proximité du lieu de livraison', 30],
      ['Pondération (points)', 'Capacité connue face au volume', 10],
    ]);
    expect(rows.filter((r) => r[0] === 'Paramètre')).toEqual([
      [
        'Paramètre',
        'Fournisseurs retenus au plus par besoin',
        DEFAULT_MATCH_OPTIONS.topN,
      ],
      [
        'Paramètre',
        'Distance maximale par défaut (km)',
        DEFAULT_MATCH_OPTIONS.defaultMaxDistanceKm,
      ],
      [
        'Paramètre',
        'Coefficient routier (distance routière ÷ vol d’oiseau)',
        '1 (à vol d’oiseau)',
      ],
      [
        'Paramètre',
        'Seuils de la commande publique appliqués',
        'Collectivité territoriale ou établissement public local',
      ],
      ['Paramètre', 'Version du catalogue', '2026.01.01-0000000a'],
    ]);
  });

  it('Méthode: the allocation by HiGHS, in lexicographic order, with its own sentences', async () => {
    const ws = await sheet('Méthode');
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.filter((r) => r[0] === 'Répartition')).toEqual([
      [
        'Répartition',
        'Méthode de répartition des volumes',
        'Solveur HiGHS, objectifs optimisés l’un après l’autre (ordre lexicographique)',
      ],
      ['Répartition', 'Issue du calcul', 'Optimum atteint à chaque étape'],
      ['Répartition', 'Chaque besoin compte pour un.'],
    ]);
  });

  it('Méthode: the thresholds in force on the calculation date, with amounts, dates and articles', async () => {
    const ws = await sheet('Méthode');
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row) => rows.push(row));
    const law = rows.filter((r) => r.getCell(1).value === 'Commande publique');
    expect(law.map((r) => r.getCell(2).value)).toEqual([
      'Seuils en vigueur au 07/05/2026, date du calcul.',
      expect.stringMatching(/^Marché réservé suggéré quand au moins 3 structures/),
    ]);
    expect(law[1]!.getCell(7).value).toBe('L2113-12, L2113-13, L2113-15, L2112-2');
    // On 7 May 2026, for a collectivité (shared/law/thresholds.ts): the 2026–2027
    // EU thresholds (216 000 supplies and services, 5 404 000 works), social
    // services 750 000 (since 1 April 2019), the dispensations of décret
    // 2025-1386 (60 000 from 1 April 2026; works 100 000 from 1 January 2026),
    // small lots 80 000 and 1 000 000. The 40 000 dispensation ended on 31 March 2026.
    const thresholds = rows.filter((r) => r.getCell(1).value === 'Seuil');
    expect(thresholds.map((r) => r.getCell(4).value)).toEqual([
      216_000, 5_404_000, 750_000, 60_000, 100_000, 80_000, 1_000_000,
    ]);
    const first = thresholds[0]!;
    expect(first.getCell(2).value).toMatch(
      /^Seuil de procédure formalisée, fournitures et services \(collectivités .*Fixé par : Règlement délégué \(UE\) 2025\/2152/,
    );
    expect(first.getCell(4).numFmt).toBe('#,##0.00 €');
    expect(first.getCell(5).value).toEqual(new Date('2026-01-01T00:00:00.000Z'));
    expect(first.getCell(6).value).toEqual(new Date('2027-12-31T00:00:00.000Z'));
    expect(first.getCell(5).numFmt).toBe('dd/mm/yyyy');
    expect(first.getCell(7).value).toBe('L2124-1, R2124-1, R2123-1');
    // Social services: still in force (no end date), and said to be checked on third-party pages only.
    const social = thresholds[2]!;
    expect(social.getCell(5).value).toEqual(new Date('2019-04-01T00:00:00.000Z'));
    expect(social.getCell(6).value).toBeNull();
    expect(social.getCell(2).value).toMatch(
      /À vérifier : Montant lu sur des pages tierces/,
    );
    const dispense = thresholds[3]!;
    expect(dispense.getCell(2).value).toMatch(/Décret n° 2025-1386 du 29 décembre 2025/);
    expect(dispense.getCell(7).value).toBe('R2122-8');
  });

  it('Méthode: the catalogue’s data sets and Passerelle’s own data, with licences and links', async () => {
    const ws = await sheet('Méthode');
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.filter((r) => r[0] === 'Source de données')).toEqual([
      [
        'Source de données',
        // A count the French way: a narrow no-break space between thousands.
        'Jeu de test (3\u202f797 enregistrements)',
        'Licence : Licence Ouverte',
      ],
    ]);
    const own = rows.filter((r) => r[0] === 'Données de Passerelle');
    expect(own.map((r) => r[7])).toEqual([
      {
        text: 'https://github.com/rcarlier/datas.fun',
        hyperlink: 'https://github.com/rcarlier/datas.fun',
      },
      {
        text: 'https://github.com/RonanB400/decp_ml',
        hyperlink: 'https://github.com/RonanB400/decp_ml',
      },
      {
        text: 'https://github.com/gregoiredavid/france-geojson',
        hyperlink: 'https://github.com/gregoiredavid/france-geojson',
      },
      {
        text: 'https://github.com/gip-inclusion/le-marche',
        hyperlink: 'https://github.com/gip-inclusion/le-marche',
      },
    ]);
    expect(own[0]![2]).toBe(
      'Licence : Aucune licence indiquée dans le dépôt ; données amont INSEE et ' +
        'La Poste/data.gouv.fr sous Licence Ouverte (Etalab)',
    );
  });

  it('Méthode: Passerelle’s data is cited as its files in resources/ state it', () => {
    const stated = (file: string): { source: string; licence: string } =>
      JSON.parse(readFileSync(resolve('resources', file), 'utf8')) as {
        source: string;
        licence: string;
      };
    const [communes, cpv, boundaries] = [
      'communes.json',
      'cpv.json',
      'boundaries.json',
    ].map(stated);
    expect(BUNDLED_DATA.slice(0, 3).map((d) => [d.source, d.licence])).toEqual(
      [communes, cpv, boundaries].map((d) => [d!.source, d!.licence]),
    );
    // The sectors come with the catalogue; resources/README.md names their commit and licence.
    const readme = readFileSync(resolve('resources', 'README.md'), 'utf8');
    expect(readme).toContain(
      "**Secteurs du Marché de l'inclusion**: `suppliers/inclusion/lemarche_secteurs.csv`, " +
        'commit `05043031b14cea668136d228438a4fcd5ff19937`. Licence: Aucune licence indiquée dans le dépôt.',
    );
  });
});
