/** Bugs found in reading plan rows, each kept as a test named after it. */
import { describe, expect, it } from 'vitest';
import { buildCpvNomenclature } from '../../../shared/cpv';
import { buildPlaceIndex } from '../../../shared/places/place-index';
import { needsFromSheet, type PlanContext } from '../../../shared/plan/needs-from-sheet';
import type { CellValue, SheetRows } from '../../../shared/plan/sheet';

const ctx: PlanContext = {
  places: buildPlaceIndex({
    source: 'test',
    licence: 'test',
    communes: [
      {
        insee: '62413',
        name: 'Harnes',
        fullName: 'Harnes',
        postcodes: ['62440'],
        departement: '62',
        region: '32',
        lat: 50.45223,
        lon: 2.90355,
        type: 'COM',
        parent: null,
        population: null,
      },
    ],
  }),
  cpv: buildCpvNomenclature({
    source: 'test',
    licence: 'test',
    codes: [
      { code: '90910000', check: '9', label: 'Services de nettoyage' },
      { code: '77310000', check: '6', label: "Réalisation et entretien d'espaces verts" },
    ],
  }),
  sectors: [],
  defaultMaxDistanceKm: 50,
  now: new Date('2026-01-15T10:00:00Z'),
};

const sheet = (rows: CellValue[][]): SheetRows => ({
  fileName: 'harnes.csv',
  sheetName: null,
  rows: rows.map((cells, i) => ({ rowNumber: i + 1, cells })),
});

describe('extra cells beyond the header', () => {
  // What a `,` CSV gives for « Nettoyage,90910000-9,Harnes,12,5,1000 »: the
  // unquoted decimal comma splits 12,5 and shifts the budget one column right.
  const result = needsFromSheet(
    sheet([
      ['Intitulé', 'Code CPV', 'Lieu de livraison', 'Quantité', 'Budget'],
      ['Nettoyage', '90910000-9', 'Harnes', '12', '5', '1000'],
      ['Tonte', '77310000-6', 'Harnes', '12,5', '1000'],
      ['Taille', '77310000-6', 'Harnes', '3', '', '', ''],
    ]),
    ctx,
  );

  it('is an error on that row, which is not imported', () => {
    expect(result.issues).toEqual([
      {
        file: 'harnes.csv',
        row: 2,
        column: '',
        value: '1000',
        message:
          'Ligne 2 : 6 valeurs pour 5 colonnes ; vérifiez le séparateur ou les virgules ' +
          'décimales (12,5 doit être entre guillemets dans un CSV à virgules).',
        severity: 'error',
      },
    ]);
  });

  it('leaves rows that fit the header (empty trailing cells included) imported', () => {
    expect(result.rowsRead).toBe(3);
    expect(result.plan.needs.map((n) => [n.row, n.quantity, n.budget])).toEqual([
      [3, 12.5, 1000],
      [4, 3, null],
    ]);
  });
});

describe('header row below title rows', () => {
  it('takes the first row naming « Intitulé » and another column; ignores rows above', () => {
    const result = needsFromSheet(
      sheet([
        ['Plan d’achats 2026 – Ville de Harnes'],
        ['Intitulé'],
        ['INTITULE', 'Lieu de livraison', 'Mots-clés'],
        ['Tonte', 'Harnes', 'tonte'],
      ]),
      ctx,
    );
    expect(result.issues).toEqual([]);
    expect(result.rowsRead).toBe(1);
    expect(result.plan.needs.map((n) => [n.row, n.title, n.keywords])).toEqual([
      [4, 'Tonte', ['tonte']],
    ]);
  });

  it('looks no further than the first 20 rows', () => {
    const titles: CellValue[][] = Array.from({ length: 20 }, (_, i) => [`Note ${i + 1}`]);
    const result = needsFromSheet(
      sheet([
        ...titles,
        ['Intitulé', 'Lieu de livraison', 'Mots-clés'],
        ['Tonte', 'Harnes', 'x'],
      ]),
      ctx,
    );
    expect(result.plan.needs).toEqual([]);
    const errors = result.issues.filter((i) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 1 });
    expect(errors[0]?.message).toMatch(/^Colonnes obligatoires manquantes/);
  });
});
