/**
 * What the allocation panel writes (shared/format/allocation-view.ts):
 * a three-need plan allocated by hand, its rows, what is left, the totals and
 * the sentence against the greedy baseline. The .vue file itself is checked
 * on screen: the unit tests run without a DOM or a Vue compiler.
 */
import { describe, expect, it } from 'vitest';
import type {
  Allocation,
  AllocationTotals,
} from '../../../shared/allocation/allocation-types';
import type { MatchResult, Plan } from '../../../shared/model';
import {
  allocationViews,
  comparisonSentence,
  coverageOf,
  distanceWeightedByUnit,
  formatDistanceWeighted,
  formatShareWeightedKm,
  formatQuantity,
  methodLine,
  unboundedSupplierNames,
  uncoveredQuantity,
  unitName,
} from '../../../shared/format/allocation-view';
import { makeNeed } from '../../helpers/make-need';

/** French separators: narrow no-break space between thousands, no-break before units and %. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';

const plan: Plan = {
  name: 'Plan de test',
  sourceFile: null,
  importedAt: '2026-12-05T00:00:00Z',
  needs: [
    makeNeed({
      id: 'n1',
      title: 'Légumes bio pour la cantine',
      unit: 'kg',
      unitCode: 'KGM',
    }),
    makeNeed({
      id: 'n2',
      title: 'Entretien des espaces verts',
      unit: 'interventions',
      unitCode: 'C62',
    }),
    makeNeed({ id: 'n3', title: 'Impression des bulletins' }),
  ],
};

/*
 * n1: 1 000 kg, 600 to a responsible grower at 4 km, 300 to a wholesaler at
 * 12,4 km, 100 kg left. n2: 52 interventions, all to an ESAT at 8 km. n3: no
 * quantity. Totals by hand over the 2 needs with a quantity: coverage
 * (0,9 + 1) / 2 = 0,95, responsible (0,6 + 1) / 2 = 0,8; Σ quantity × km
 * 600 × 4 + 300 × 12,4 + 52 × 8 = 6 536, of which 6 120 kg × km and 416
 * unités × km; Σ part × km 0,6 × 4 + 0,3 × 12,4 + 1 × 8 = 14,12.
 */
const totals: AllocationTotals = {
  demand: 1052,
  allocated: 952,
  responsibleAllocated: 652,
  distanceWeightedVolume: 6536,
  needCount: 2,
  coverage: 0.95,
  responsibleCoverage: 0.8,
  shareWeightedKm: 14.12,
};
/*
 * The greedy baseline: n1 400 kg to the grower and 400 to the wholesaler,
 * n2 as above. Coverage (0,8 + 1) / 2 = 0,9, responsible (0,4 + 1) / 2 = 0,7.
 */
const greedyTotals: AllocationTotals = {
  demand: 1052,
  allocated: 852,
  responsibleAllocated: 452,
  distanceWeightedVolume: 6976,
  needCount: 2,
  coverage: 0.9,
  responsibleCoverage: 0.7,
  shareWeightedKm: 14.56,
};

const allocation: Allocation = {
  method: 'solver',
  status: 'Optimal',
  needs: [
    {
      needId: 'n1',
      demand: 1000,
      unitCode: 'KGM',
      allocated: 900,
      responsibleAllocated: 600,
      lines: [
        {
          needId: 'n1',
          supplierId: 's-jardins',
          supplierName: 'Jardins de Harnes',
          offerId: 'o1',
          quantity: 600,
          unitCode: 'KGM',
          distanceKm: 4,
          responsible: true,
        },
        {
          needId: 'n1',
          supplierId: 's-dupont',
          supplierName: 'Primeur Dupont',
          offerId: 'o2',
          quantity: 300,
          unitCode: 'KGM',
          distanceKm: 12.4,
          responsible: false,
        },
      ],
      note: 'Capacité des fournisseurs à portée épuisée : 100 kg restent à trouver.',
    },
    {
      needId: 'n2',
      demand: 52,
      unitCode: 'C62',
      allocated: 52,
      responsibleAllocated: 52,
      lines: [
        {
          needId: 'n2',
          supplierId: 's-esat',
          supplierName: 'ESAT Les Ateliers',
          offerId: null,
          quantity: 52,
          unitCode: 'C62',
          distanceKm: 8,
          responsible: true,
        },
      ],
      note: null,
    },
    {
      needId: 'n3',
      demand: null,
      unitCode: null,
      allocated: 0,
      responsibleAllocated: 0,
      lines: [],
      note: 'Quantité inconnue : le besoin n’est pas affecté.',
    },
  ],
  totals,
  unboundedSuppliers: ['s-esat', 'Ferme du Marais'],
  greedyTotals,
  elapsedMs: 12.4,
  methodText: ['Le solveur HiGHS optimise dans l’ordre.'],
};

const match: MatchResult = {
  generatedAt: '2026-12-05T00:00:00Z',
  catalogueVersion: 'test',
  options: {
    weights: { sector: 40, labels: 25, distance: 20, capacity: 15 },
    topN: 10,
    defaultMaxDistanceKm: 50,
  },
  needs: [],
  allocation,
};

describe('allocation rows per need', () => {
  const views = allocationViews(allocation, plan);

  it('writes each supplier’s share with the French unit, distance and responsibility', () => {
    expect(views[0]?.title).toBe('Légumes bio pour la cantine');
    expect(views[0]?.lines).toEqual([
      {
        supplierId: 's-jardins',
        supplierName: 'Jardins de Harnes',
        quantity: `600${NBSP}kg`,
        distance: '4,0 km',
        responsible: 'Oui',
      },
      {
        supplierId: 's-dupont',
        supplierName: 'Primeur Dupont',
        quantity: `300${NBSP}kg`,
        distance: '12,4 km',
        responsible: 'Non',
      },
    ]);
    expect(views[1]?.lines[0]?.quantity).toBe(`52${NBSP}unités`);
  });

  it('shows demand, coverage and what is left uncovered with the note', () => {
    expect(views[0]).toMatchObject({
      demand: `1${NNBSP}000${NBSP}kg`,
      allocated: `900${NBSP}kg`,
      coverage: `90,0${NBSP}%`,
      summary: `besoin 1${NNBSP}000${NBSP}kg, affecté 900${NBSP}kg (90,0${NBSP}%)`,
      uncovered: `100${NBSP}kg`,
      note: 'Capacité des fournisseurs à portée épuisée : 100 kg restent à trouver.',
    });
    expect(views[1]).toMatchObject({ coverage: `100,0${NBSP}%`, uncovered: null });
  });

  it('says « quantité inconnue » for a need without quantity, coverage « — »', () => {
    expect(views[2]).toMatchObject({
      title: 'Impression des bulletins',
      demand: 'quantité inconnue',
      coverage: '—',
      summary: 'quantité inconnue',
      uncovered: null,
      lines: [],
      note: 'Quantité inconnue : le besoin n’est pas affecté.',
    });
  });

  it('names a need missing from the plan by its id', () => {
    const other = { ...plan, needs: [] };
    expect(allocationViews(allocation, other)[0]?.title).toBe(
      'Besoin n1 (absent du plan)',
    );
  });
});

describe('units and quantities in French', () => {
  it('uses the canonical symbol, « unité(s) » for C62, the written unit without code', () => {
    expect(unitName('KGM', null, 5)).toBe('kg');
    expect(unitName('LTR', null, 5)).toBe('L');
    expect(unitName('Q3', null, 5)).toBe('repas');
    expect(unitName('MTK', null, 5)).toBe('m²');
    expect(unitName('C62', null, 1)).toBe('unité');
    expect(unitName('C62', null, 2)).toBe('unités');
    const need = makeNeed({ id: 'x', unit: 'palettes' });
    expect(unitName(null, need, 3)).toBe('palettes');
    expect(unitName(null, null, 3)).toBe('');
  });

  it('groups thousands and keeps two decimals at most', () => {
    expect(formatQuantity(1250.5, 'KGM', null)).toBe(`1${NNBSP}250,5${NBSP}kg`);
    expect(formatQuantity(0.125, 'LTR', null)).toBe(`0,13${NBSP}L`);
    expect(formatQuantity(7, null, null)).toBe('7');
  });

  it('does not count float noise or the solver’s tolerance as an uncovered part', () => {
    const need = allocation.needs[1];
    if (!need) throw new Error('fixture');
    expect(uncoveredQuantity({ ...need, demand: 0.1 + 0.2, allocated: 0.3 })).toBe(0);
    expect(uncoveredQuantity({ ...need, demand: 10, allocated: 9.5 })).toBe(0.5);
    // HiGHS on a real plan: 12 499,99995 of 12 500 meals is a full need.
    expect(uncoveredQuantity({ ...need, demand: 12500, allocated: 12499.99995 })).toBe(0);
    expect(uncoveredQuantity({ ...need, demand: 12500, allocated: 12499 })).toBe(1);
  });
});

describe('totals and the greedy baseline', () => {
  it('takes coverage as the mean over the needs with a quantity, none without', () => {
    expect(coverageOf(totals)).toEqual({ coverage: 0.95, responsibleCoverage: 0.8 });
    expect(coverageOf({ ...totals, needCount: 0, coverage: 0 })).toEqual({
      coverage: null,
      responsibleCoverage: null,
    });
  });

  it('writes the comparison in one sentence: 80 % against 70 %', () => {
    expect(comparisonSentence(allocation)).toBe(
      `L’optimisation couvre 80,0${NBSP}% avec des fournisseurs responsables, ` +
        `contre 70,0${NBSP}% pour l’affectation au fil de l’eau.`,
    );
  });

  it('gives the brief’s example: 92 % against 81,5 %', () => {
    const example: Allocation = {
      ...allocation,
      totals: { ...totals, responsibleCoverage: 0.92 },
      greedyTotals: { ...greedyTotals, responsibleCoverage: 0.815 },
    };
    expect(comparisonSentence(example)).toBe(
      `L’optimisation couvre 92,0${NBSP}% avec des fournisseurs responsables, ` +
        `contre 81,5${NBSP}% pour l’affectation au fil de l’eau.`,
    );
  });

  it('says so when there is no baseline, when the greedy method ran alone, when nothing has a quantity', () => {
    expect(comparisonSentence({ ...allocation, greedyTotals: null })).toBe(
      `L’optimisation couvre 80,0${NBSP}% avec des fournisseurs responsables ; ` +
        'l’affectation au fil de l’eau n’a pas été calculée pour comparer.',
    );
    expect(
      comparisonSentence({ ...allocation, method: 'greedy', status: 'greedy' }),
    ).toBe(
      `L’affectation au fil de l’eau (sans solveur) couvre 80,0${NBSP}% ` +
        'avec des fournisseurs responsables.',
    );
    expect(
      comparisonSentence({ ...allocation, status: 'Time limit reached (repli glouton)' }),
    ).toBe(
      `Sans solution du solveur, l’affectation au fil de l’eau couvre 80,0${NBSP}% ` +
        'avec des fournisseurs responsables.',
    );
    expect(
      comparisonSentence({ ...allocation, totals: { ...totals, needCount: 0 } }),
    ).toBe('Aucun besoin n’a de quantité : il n’y a rien à affecter.');
  });

  it('splits Σ quantity × km by unit: 6 120 kg × km and 416 unités × km', () => {
    expect(distanceWeightedByUnit(allocation, plan)).toEqual([
      `6${NNBSP}120${NBSP}kg × km`,
      `416${NBSP}unités × km`,
    ]);
    expect(formatShareWeightedKm(totals)).toBe('14,1 km');
  });

  it('writes the distance-weighted volume as a whole number', () => {
    expect(formatDistanceWeighted(6536)).toBe(`6${NNBSP}536`);
    expect(formatDistanceWeighted(1234.6)).toBe(`1${NNBSP}235`);
  });

  it('names the method and the solver status in French', () => {
    expect(methodLine(allocation)).toBe(
      `Méthode : solution optimale (solveur HiGHS), calculée en 12${NBSP}ms.`,
    );
    expect(methodLine({ ...allocation, status: 'Objective bound' })).toBe(
      `Méthode : statut « Objective bound » (solveur HiGHS), calculée en 12${NBSP}ms.`,
    );
    expect(
      methodLine({ ...allocation, status: 'Time limit reached (repli glouton)' }),
    ).toBe(
      'Méthode : limite de temps atteinte (solveur HiGHS) ; sans solution du solveur, ' +
        `l’affectation au fil de l’eau est retenue, calculée en 12${NBSP}ms.`,
    );
  });
});

describe('suppliers with capacity « à confirmer »', () => {
  it('names them from the allocation lines and keeps an unknown entry as it is', () => {
    expect(unboundedSupplierNames(allocation, match)).toEqual([
      'ESAT Les Ateliers',
      'Ferme du Marais',
    ]);
  });
});
