import { describe, expect, it } from 'vitest';
import { buildCpvNomenclature } from '../../../shared/cpv';
import type { ImportIssue, Sector } from '../../../shared/model';
import { buildPlaceIndex } from '../../../shared/places/place-index';
import { chooseColumnMapping } from '../../../shared/plan/column-mapping';
import { needsFromSheet, type PlanContext } from '../../../shared/plan/needs-from-sheet';
import {
  PLAN_TEMPLATE_EXAMPLE,
  PLAN_TEMPLATE_HEADERS,
} from '../../../shared/plan/plan-template';
import type { CellValue, SheetRows } from '../../../shared/plan/sheet';
import { PLAN_COMMUNES } from '../../helpers/plan-communes';

const COMMUNES = PLAN_COMMUNES;
const sector = (id: number, name: string): Sector => ({
  id,
  name,
  slug: '',
  group: '',
  cpv: [],
});
const ctx: PlanContext = {
  places: buildPlaceIndex(COMMUNES),
  cpv: buildCpvNomenclature({
    source: 'test',
    licence: 'test',
    codes: [
      { code: '77310000', check: '6', label: "Réalisation et entretien d'espaces verts" },
      { code: '90919200', check: '4', label: 'Services de nettoyage de bureaux' },
    ],
  }),
  sectors: [
    sector(23, 'Création et entretien des espaces verts'),
    sector(79, 'Autre (Espaces verts)'),
    sector(8, 'Nettoyage de locaux'),
  ],
  defaultMaxDistanceKm: 50,
  now: new Date('2026-01-15T10:00:00Z'),
};
const FILE = 'Plan 2026.xlsx';
const sheet = (rows: CellValue[][]): SheetRows => ({
  fileName: FILE,
  sheetName: 'Plan',
  rows: rows.map((cells, i) => ({ rowNumber: i + 1, cells })),
});
const issue = (
  row: number,
  column: string,
  value: string,
  message: string,
  severity: 'error' | 'warning',
): ImportIssue => ({
  file: FILE,
  row,
  column,
  value,
  message,
  severity,
});

const HEADERS = [
  ...PLAN_TEMPLATE_HEADERS.map((h) => (h === 'Intitulé' ? 'intitule' : h)),
  'Remarques',
];

describe('needsFromSheet', () => {
  const result = needsFromSheet(
    sheet([
      [],
      HEADERS,
      [
        'Tonte des stades',
        '77310000-6',
        '',
        'tonte, taille de haies',
        '12,5',
        'passage',
        'par mois',
        new Date(Date.UTC(2026, 2, 1)),
        '62440',
        '',
        'SIAE',
        'ESUS, insertion',
        '1 234,50 €',
        'à voir',
      ],
      [null, '', '  '],
      [
        '',
        '77310000-5',
        '',
        '',
        'douze',
        '',
        'de temps en temps',
        '31/02/2025',
        'Xyz',
        '-3',
        'Fairtrade',
        '',
        '1.234',
      ],
      [
        'Nettoyage des bureaux',
        90919200,
        'nettoyage de locaux',
        '',
        3,
        'passage',
        'hebdomadaire',
        46082,
        'Saint-Denis',
        20,
        '',
        'bio, Fairtrade',
        800,
      ],
      ['Fournitures', '', '', '', '', '', '', '', 'Lille 59000', '', '', '', ''],
      ['Espaces verts', '', 'espaces verts', '', '', '', '', '', 'Lille', '', '', '', ''],
    ]),
    ctx,
  );

  it('imports the good rows with every field converted', () => {
    expect(result.plan.name).toBe('Plan 2026');
    expect(result.plan.sourceFile).toBe(FILE);
    expect(result.plan.importedAt).toBe('2026-01-15T10:00:00.000Z');
    expect(result.rowsRead).toBe(5); // rows 3, 5, 6, 7, 8 (row 4 is empty)
    expect(result.plan.needs.map((n) => n.id)).toEqual(['need-3', 'need-6']);
    expect(result.plan.needs[0]).toEqual({
      id: 'need-3',
      row: 3,
      title: 'Tonte des stades',
      cpv: '77310000',
      sector: null,
      sectorIds: [],
      keywords: ['tonte', 'taille de haies'],
      quantity: 12.5,
      unit: 'passage',
      frequency: 'monthly',
      quantityKind: 'count', // a passage is one occurrence of the service
      unitCode: 'C62',
      normalizedQuantity: 12.5,
      timesPerYear: 12,
      annualQuantity: 150, // 12,5 × 12
      date: '2026-03-01',
      placeText: '62440',
      place: {
        label: 'Harnes (62440)',
        inseeCode: '62413',
        postcode: '62440',
        departement: '62',
        lat: 50.45223,
        lon: 2.90355,
      },
      placeCandidates: [],
      maxDistanceKm: 50,
      requiredLabels: ['insertion'],
      preferredLabels: ['esus'], // "insertion" is already required
      budget: 1234.5,
    });
  });

  it('keeps a need with an ambiguous place, for the buyer to pick', () => {
    const need = result.plan.needs[1];
    expect(need).toMatchObject({
      cpv: '90919200',
      sector: 'nettoyage de locaux',
      sectorIds: [8],
      quantity: 3,
      frequency: 'weekly',
      date: '2026-03-01', // serial 46082, see parse-french.spec.ts
      place: null,
      maxDistanceKm: 20,
      preferredLabels: ['bio'],
      budget: 800,
    });
    expect(need?.placeCandidates.map((p) => p.label)).toEqual([
      'Saint-Denis (93)',
      'Saint-Denis (974)',
    ]);
  });

  it('lists every issue of every row, in French, with file, row, column and value', () => {
    const labelsList =
      'Insertion (SIAE, GEIQ), Secteur du handicap (ESAT, EA), Économie sociale et solidaire, ESUS, SCOP, SCIC, ' +
      'Agriculture biologique (AB), Commerce équitable, Producteur local, Réemploi et réparation';
    expect(result.issues).toEqual([
      issue(
        2,
        'Remarques',
        'Remarques',
        'Colonne « Remarques » inconnue du modèle : colonne ignorée.',
        'warning',
      ),
      // The column as the file names it (« intitule »), not the template's name.
      issue(
        5,
        'intitule',
        '',
        'Ligne 5, colonne « intitule » : valeur obligatoire manquante.',
        'error',
      ),
      issue(
        5,
        'Code CPV',
        '77310000-5',
        'Ligne 5, colonne « Code CPV » : Code CPV 77310000-5 : clé de contrôle incorrecte (attendue : 6).',
        'error',
      ),
      issue(
        5,
        'Quantité',
        'douze',
        'Ligne 5, colonne « Quantité » : « douze » n’est pas un nombre.',
        'error',
      ),
      issue(
        5,
        'Fréquence',
        'de temps en temps',
        'Ligne 5, colonne « Fréquence » : « de temps en temps » n’est pas une fréquence reconnue : écrivez ponctuel, hebdomadaire, mensuel ou annuel.',
        'error',
      ),
      issue(
        5,
        'Date de besoin',
        '31/02/2025',
        'Ligne 5, colonne « Date de besoin » : « 31/02/2025 » n’est pas une date qui existe.',
        'error',
      ),
      issue(
        5,
        'Lieu de livraison',
        'Xyz',
        'Ligne 5, colonne « Lieu de livraison » : Lieu « Xyz » introuvable : indiquez une commune, un code postal, un code INSEE ou « latitude, longitude ».',
        'error',
      ),
      issue(
        5,
        'Distance max (km)',
        '-3',
        'Ligne 5, colonne « Distance max (km) » : « -3 » ne peut pas être négatif.',
        'error',
      ),
      issue(
        5,
        'Labels exigés',
        'Fairtrade',
        `Ligne 5, colonne « Labels exigés » : « Fairtrade » n’est pas un label reconnu ; labels possibles : ${labelsList}.`,
        'error',
      ),
      issue(
        5,
        'Budget (€ HT)',
        '1.234',
        'Ligne 5, colonne « Budget (€ HT) » : « 1.234 » est ambigu : écrivez 1234 ou 1,234.',
        'error',
      ),
      issue(
        6,
        'Lieu de livraison',
        'Saint-Denis',
        'Ligne 6, colonne « Lieu de livraison » : Lieu ambigu « Saint-Denis » : choisissez parmi Saint-Denis (93), Saint-Denis (974).',
        'warning',
      ),
      issue(
        6,
        'Labels souhaités',
        'bio, Fairtrade',
        `Ligne 6, colonne « Labels souhaités » : « Fairtrade » n’est pas un label reconnu (ignoré) ; labels possibles : ${labelsList}.`,
        'warning',
      ),
      issue(
        7,
        '',
        '',
        'Ligne 7 : indiquez au moins un code CPV, un secteur ou des mots-clés.',
        'error',
      ),
      issue(
        8,
        'Secteur',
        'espaces verts',
        'Ligne 8, colonne « Secteur » : « espaces verts » correspond à plusieurs secteurs (Création et entretien des espaces verts ; Autre (Espaces verts)) : écrivez le nom exact.',
        'error',
      ),
    ]);
  });

  it('refuses a file without the required columns, naming them', () => {
    const r = needsFromSheet(
      sheet([
        ['Remarques', 'Quantité'],
        ['Tonte', 3],
      ]),
      ctx,
    );
    expect(r.plan.needs).toEqual([]);
    expect(r.issues).toEqual([
      issue(
        1,
        'Remarques',
        'Remarques',
        'Colonne « Remarques » inconnue du modèle : colonne ignorée.',
        'warning',
      ),
      issue(
        1,
        '',
        '',
        'Colonnes obligatoires manquantes : « Intitulé », « Lieu de livraison », au moins une des colonnes « Code CPV », « Secteur », « Mots-clés ». Utilisez le modèle de plan d’achats.',
        'error',
      ),
    ]);
  });

  it('imports the template example row', () => {
    const r = needsFromSheet(
      sheet([[...PLAN_TEMPLATE_HEADERS], [...PLAN_TEMPLATE_EXAMPLE]]),
      ctx,
    );
    expect(r.issues).toEqual([]);
    expect(r.plan.needs[0]).toMatchObject({
      cpv: '77310000',
      sectorIds: [23],
      frequency: 'yearly',
      date: '2026-03-01',
      requiredLabels: ['insertion'],
      preferredLabels: ['esus', 'local'],
    });
    expect(r.plan.needs[0]?.place?.label).toBe('Harnes (62440)');
  });
});

describe('needsFromSheet: columns as people name them, units and periods', () => {
  const result = needsFromSheet(
    sheet([
      [
        'Désignation',
        'Mots-clés',
        'Qté',
        'Unité',
        'Périodicité',
        'CP',
        'Commune de livraison',
        'Montant estimé HT',
      ],
      ['Pommes bio', 'fruits', '12 kg par semaine', '', '', '62440', 'Harnes', '1 200'],
      ['Pommes bio', 'fruits', '500', 'g', 'mensuel', 62440, '', ''],
      ['Pommes bio', 'fruits', '10', 'L', 'annuel', '62440', 'Harnes', ''],
      ['Gravier', 'granulats', '2 t', '', '', '62440', '', ''],
      ['Repas du CCAS', 'restauration', 300, 'couverts', 'hebdomadaire', '62440', '', ''],
      ['Cantine', 'restauration', '300 repas par jour', '', '', '62440', '', ''],
      ['Jus de pomme', 'boissons', 25, 'ml', 'mensuel', '62440', '', ''],
      ['Cartons', 'emballage', 40, 'cartons', 'trimestriel', '62440', '', ''],
    ]),
    ctx,
  );
  const quantities = result.plan.needs.map((n) => [
    n.row,
    n.unit,
    n.quantityKind,
    n.unitCode,
    n.normalizedQuantity,
    n.frequency,
    n.timesPerYear,
    n.annualQuantity,
  ]);

  it('recognises the headers and joins commune and postcode into the place', () => {
    expect(result.plan.needs[0]).toMatchObject({
      title: 'Pommes bio',
      keywords: ['fruits'],
      placeText: 'Harnes 62440',
      budget: 1200,
    });
    expect(result.plan.needs[0]?.place?.label).toBe('Harnes (62440)');
    expect(result.plan.needs[1]?.placeText).toBe('62440');
  });

  it('normalises to the canonical unit with its code, and annualises', () => {
    expect(quantities).toEqual([
      // 12 kg a week: 12 × 52 = 624 kg a year.
      [2, 'kg', 'mass', 'KGM', 12, 'weekly', 52, 624],
      // 500 g a month: 0,5 kg × 12 = 6 kg a year.
      [3, 'g', 'mass', 'KGM', 0.5, 'monthly', 12, 6],
      [4, 'L', 'volume', 'LTR', 10, 'yearly', 1, 10],
      // 2 t with no frequency: 2 000 kg, counted once.
      [5, 't', 'mass', 'KGM', 2000, null, null, 2000],
      // 300 covers a week: 300 × 52 = 15 600 meals (Q3) a year.
      [6, 'couverts', 'meals', 'Q3', 300, 'weekly', 52, 15600],
      // « ml » alone: millilitres or linear metres, left unconverted.
      [8, 'ml', null, null, null, 'monthly', 12, 300],
      // An unknown unit: kept as written, 40 × 4 a year.
      [9, 'cartons', null, null, null, null, 4, 160],
    ]);
  });

  it('reports a daily period, a unit of another kind than the need, and units it cannot convert', () => {
    expect(result.issues).toEqual([
      issue(
        4,
        'Unité',
        'L',
        'Ligne 4, colonne « Unité » : « L » donne un volume, alors que les autres lignes du besoin « Pommes bio » donnent une masse (kg) : vérifiez l’unité.',
        'warning',
      ),
      issue(
        7,
        'Qté',
        'par jour',
        'Ligne 7, colonne « Qté » : « par jour » : une quantité par jour ne dit pas combien de jours par an (jours ouvrés, jours de classe…) : indiquez la quantité par semaine, par mois ou par an.',
        'error',
      ),
      issue(
        8,
        'Unité',
        'ml',
        'Ligne 8, colonne « Unité » : « ml » peut être des millilitres ou des mètres linéaires : écrivez mL ou m.',
        'warning',
      ),
      issue(
        9,
        'Unité',
        'cartons',
        'Ligne 9, colonne « Unité » : « cartons » n’est pas une unité reconnue : la quantité est gardée telle quelle, sans conversion ni code UN/CEFACT.',
        'warning',
      ),
    ]);
  });

  it('reads the unit and the period a quantity header gives', () => {
    const r = needsFromSheet(
      sheet([
        [
          'Intitulé',
          'Mots-clés',
          'Quantité (kg)',
          'Unité',
          'Fréquence',
          'Lieu de livraison',
        ],
        ['Farine', 'farine', 250, '', 'trimestriel', '62440'],
        ['Huile', 'huile', 20, 'L', 'mensuel', '62440'],
      ]),
      ctx,
    );
    expect(r.plan.needs.map((n) => [n.unit, n.unitCode, n.annualQuantity])).toEqual([
      ['kg', 'KGM', 1000], // 250 kg a quarter: 250 × 4
      ['L', 'LTR', 240], // 20 L a month: 20 × 12
    ]);
    expect(r.issues).toEqual([
      issue(
        3,
        'Unité',
        'L',
        'Ligne 3, colonne « Unité » : « L » donne un volume, alors que la colonne « Quantité (kg) » donne une masse : vérifiez l’unité.',
        'warning',
      ),
    ]);
  });

  it('warns of a guessed column, and uses the mapping the buyer saved for those headers', () => {
    const headers = ['Libellé article', 'Nb', 'Ville', 'Famille', 'Notes'];
    const rows = sheet([
      headers,
      ['Ménage mairie', 12, 'Harnes', 'Nettoyage de locaux', 'x'],
    ]);
    const guessed = needsFromSheet(rows, ctx);
    expect(guessed.issues.map((i) => i.message)).toEqual([
      'Colonne « Notes » inconnue du modèle : colonne ignorée.',
      'Colonne « Libellé article » lue comme « Intitulé » : vérifiez-le, ou choisissez vous-même la correspondance des colonnes.',
    ]);

    const chosen = chooseColumnMapping(
      headers,
      ['title', null, 'commune', 'sector', null],
      ctx.now,
    );
    if (!chosen.ok) throw new Error(chosen.message);
    const mapped = needsFromSheet(rows, { ...ctx, columnMappings: [chosen.mapping] });
    expect(mapped.issues.map((i) => i.message)).toEqual([
      'Colonne « Nb » ignorée, comme vous l’avez choisi.',
      'Colonne « Notes » ignorée, comme vous l’avez choisi.',
    ]);
    expect(mapped.plan.needs[0]).toMatchObject({
      title: 'Ménage mairie',
      quantity: null,
      sectorIds: [8],
      placeText: 'Harnes',
    });
  });
});
