/**
 * Plan indicators (issue 5, point 7) on a four-need plan worked out by hand:
 *
 * | need | CPV      | budget   | demand       | in range (kinds)          | allocated                         |
 * | n1   | 55510000 | 10 000 € | 1 000 repas  | ESAT bio, bio+local, conv | bio+local 600 @10 km, conv 400 @5 |
 * | n2   | 03222000 |  5 000 € | 2 000 kg     | équitable, ESAT bio       | équitable 1 000 @20, ESAT 500 @40 |
 * | n3   | 77310000 | none     | 100 h        | EI                        | EI 100 @8 km                      |
 * | n4   | 50850000 | 15 000 € | no quantity  | réemploi only (candidate) | nothing                           |
 *
 * Known budget 30 000 € over n1, n2, n4; n3 has none, n4 no quantity, so the
 * after-allocation shares are means over n1, n2, n3.
 */
import { describe, expect, it } from 'vitest';
import type {
  Allocation,
  AllocationLine,
  NeedAllocation,
} from '../../../shared/allocation/allocation-types';
import { isCateringNeed } from '../../../shared/indicators/egalim';
import { formatEuros, formatShare } from '../../../shared/indicators/french-format';
import type { IndicatorKind } from '../../../shared/indicators/indicator-types';
import { planIndicators } from '../../../shared/indicators/plan-indicators';
import type {
  Candidate,
  LabelCode,
  MatchResult,
  Need,
  NeedMatch,
  Plan,
  Supplier,
  SupplierKind,
} from '../../../shared/model';
import { DEFAULT_MATCH_OPTIONS } from '../../../shared/matching/match-plan';
import { emptyNeed } from '../../../shared/plan/empty-need';
import { makeBareSupplier, noneInRange } from '../../helpers/make-supplier';

function supplier(id: string, kind: SupplierKind, labels: LabelCode[]): Supplier {
  return makeBareSupplier({
    id,
    name: `Fournisseur ${id}`,
    kind,
    labels,
    location: { lat: 50.45, lon: 2.9 },
  });
}

const SUPPLIERS = [
  supplier('s-ei', 'EI', []),
  supplier('s-esat', 'ESAT', ['bio']),
  supplier('s-bio', 'ENTREPRISE', ['bio', 'local']),
  supplier('s-ce', 'ENTREPRISE', ['commerce-equitable']),
  supplier('s-conv', 'ENTREPRISE', []),
  supplier('s-reemploi', 'ENTREPRISE', ['reemploi']),
];
const BY_ID = new Map(SUPPLIERS.map((s) => [s.id, s]));

function need(
  id: string,
  cpv: string,
  budget: number | null,
  annualQuantity: number | null,
  unitCode: string | null,
): Need {
  return { ...emptyNeed(id, 30), title: id, cpv, budget, annualQuantity, unitCode };
}

const PLAN: Plan = {
  name: 'Plan d’essai',
  sourceFile: null,
  importedAt: '2026-03-02T09:30:00.000Z',
  needs: [
    need('n1', '55510000', 10_000, 1000, 'Q3'),
    need('n2', '03222000', 5_000, 2000, 'KGM'),
    need('n3', '77310000', null, 100, 'HUR'),
    need('n4', '50850000', 15_000, null, null),
  ],
};

function candidate(supplierId: string): Candidate {
  const s = BY_ID.get(supplierId) as Supplier;
  return {
    rank: 1,
    supplierId,
    supplierName: s.name,
    siret: null,
    kind: s.kind,
    labels: s.labels,
    city: 'Harnes',
    inseeCode: null,
    location: s.location,
    distanceKm: 10,
    score: 50,
    parts: [],
    sectorFit: 'code',
    toConfirm: [],
    offerId: null,
    annualCapacity: null,
  };
}

function needMatch(
  needId: string,
  supplierIds: string[],
  byKind: Partial<Record<IndicatorKind, number>>,
): NeedMatch {
  return {
    needId,
    candidates: supplierIds.map(candidate),
    sectorMatches: supplierIds.length,
    note: null,
    // Reserved contracts are not an indicator: none reservable, not read here.
    inRange: {
      ...noneInRange(),
      total: supplierIds.length,
      byKind: { ...noneInRange().byKind, ...byKind },
    },
  };
}

const MATCH: MatchResult = {
  generatedAt: '2026-03-02T09:30:00.000Z',
  catalogueVersion: 'essai',
  options: DEFAULT_MATCH_OPTIONS,
  needs: [
    needMatch('n1', ['s-esat', 's-bio', 's-conv'], { handicap: 1, bio: 2, local: 1 }),
    needMatch('n2', ['s-ce', 's-esat'], { 'commerce-equitable': 1, bio: 1, handicap: 1 }),
    needMatch('n3', ['s-ei'], { insertion: 1 }),
    needMatch('n4', ['s-reemploi'], {}),
  ],
};

function line(
  needId: string,
  supplierId: string,
  quantity: number,
  km: number,
): AllocationLine {
  const s = BY_ID.get(supplierId) as Supplier;
  return {
    needId,
    supplierId,
    supplierName: s.name,
    offerId: null,
    quantity,
    unitCode: null,
    distanceKm: km,
    responsible: s.kind !== 'ENTREPRISE' || s.labels.length > 0,
  };
}

function needAllocation(
  needId: string,
  demand: number | null,
  unitCode: string | null,
  lines: AllocationLine[],
): NeedAllocation {
  const allocated = lines.reduce((sum, l) => sum + l.quantity, 0);
  const responsible = lines.filter((l) => l.responsible);
  return {
    needId,
    demand,
    unitCode,
    allocated,
    responsibleAllocated: responsible.reduce((sum, l) => sum + l.quantity, 0),
    lines: lines.map((l) => ({ ...l, unitCode })),
    note: null,
  };
}

const ALLOCATION: Allocation = {
  method: 'solver',
  status: 'Optimal',
  needs: [
    needAllocation('n1', 1000, 'Q3', [
      line('n1', 's-bio', 600, 10),
      line('n1', 's-conv', 400, 5),
    ]),
    needAllocation('n2', 2000, 'KGM', [
      line('n2', 's-ce', 1000, 20),
      line('n2', 's-esat', 500, 40),
    ]),
    needAllocation('n3', 100, 'HUR', [line('n3', 's-ei', 100, 8)]),
    needAllocation('n4', null, null, []),
  ],
  totals: {
    demand: 3100,
    allocated: 2600,
    responsibleAllocated: 2200,
    distanceWeightedVolume: 48_800,
    needCount: 3,
    coverage: 2.75 / 3,
    responsibleCoverage: 2.35 / 3,
    shareWeightedKm: 36,
  },
  methodText: [],
  unboundedSuppliers: [],
  greedyTotals: null,
  elapsedMs: 1,
};

/** Sentences with ordinary spaces for the narrow and no-break ones of French formats. */
function plain(sentences: string[]): string[] {
  return sentences.map((s) => s.replace(/[\u202f\u00a0]/g, ' '));
}

describe('planIndicators, before allocation', () => {
  const indicators = planIndicators(PLAN, MATCH, null, BY_ID);
  const kind = (k: IndicatorKind) => indicators.kinds.find((i) => i.kind === k);

  it('counts the plan, its known budget, the needs without budget or quantity', () => {
    expect(indicators.needCount).toBe(4);
    expect(indicators.needsWithBudget).toBe(3);
    expect(indicators.budgetTotal).toBe(30_000);
    expect(indicators.needsWithoutQuantity).toBe(1);
    expect(indicators.needsWithQuantity).toBe(3);
  });

  it('gives, for each kind, the needs with one in range and the share of their budget', () => {
    expect(kind('insertion')).toMatchObject({
      label: 'Insertion (SIAE, GEIQ)',
      needs: 1,
      needShare: 0.25,
      budget: 0,
      budgetShare: 0,
      needsWithoutBudget: 1,
    });
    expect(kind('handicap')).toMatchObject({ needs: 2, needShare: 0.5, budget: 15_000 });
    expect(kind('handicap')?.budgetShare).toBeCloseTo(0.5, 10);
    expect(kind('ess')).toMatchObject({
      needs: 0,
      needShare: 0,
      budget: 0,
      budgetShare: 0,
    });
    expect(kind('bio')).toMatchObject({ needs: 2, needShare: 0.5, budget: 15_000 });
    expect(kind('commerce-equitable')).toMatchObject({ needs: 1, budget: 5_000 });
    expect(kind('commerce-equitable')?.budgetShare).toBeCloseTo(1 / 6, 10);
    expect(kind('local')).toMatchObject({ needs: 1, budget: 10_000 });
    expect(kind('local')?.budgetShare).toBeCloseTo(1 / 3, 10);
  });

  it('counts a réemploi supplier among the candidates as responsible', () => {
    expect(indicators.anyResponsible).toEqual({
      needs: 4,
      needShare: 1,
      budget: 30_000,
      budgetShare: 1,
      allocatedShare: null,
      allocatedBudget: null,
      allocatedBudgetShare: null,
    });
  });

  it('leaves every after-allocation figure empty', () => {
    for (const k of indicators.kinds) {
      expect([k.allocatedShare, k.allocatedBudget, k.allocatedBudgetShare]).toEqual([
        null,
        null,
        null,
      ]);
    }
    expect(indicators.transport).toBeNull();
    expect(indicators.egalim).toMatchObject({
      needs: 2,
      needsWithoutBudget: 0,
      cateringBudget: 15_000,
      bioShare: null,
      sustainableShare: null,
    });
  });

  it('says each figure in French', () => {
    expect(plain(indicators.sentences)).toEqual([
      'Le plan compte 4 besoins ; 3 ont un budget, 30 000,00 € en tout (budget connu) ; ' +
        '1 besoin sans budget n’entre pas dans les parts de budget.',
      'Insertion (SIAE, GEIQ) : 1 besoin sur 4 (25,0 %) a au moins un fournisseur de ce ' +
        'type dans son rayon, pour 0,00 € de budget, soit 0,0 % du budget connu (dont ' +
        '1 besoin sans budget).',
      'Secteur du handicap (ESAT, EA) : 2 besoins sur 4 (50,0 %) ont au moins un ' +
        'fournisseur de ce type dans leur rayon, pour 15 000,00 € de budget, soit 50,0 % ' +
        'du budget connu.',
      'Économie sociale et solidaire : aucun besoin du plan n’a de fournisseur de ce type ' +
        'dans son rayon.',
      'Agriculture biologique (AB) : 2 besoins sur 4 (50,0 %) ont au moins un fournisseur ' +
        'de ce type dans leur rayon, pour 15 000,00 € de budget, soit 50,0 % du budget connu.',
      'Commerce équitable : 1 besoin sur 4 (25,0 %) a au moins un fournisseur de ce type ' +
        'dans son rayon, pour 5 000,00 € de budget, soit 16,7 % du budget connu.',
      'Producteur local : 1 besoin sur 4 (25,0 %) a au moins un fournisseur de ce type ' +
        'dans son rayon, pour 10 000,00 € de budget, soit 33,3 % du budget connu.',
      'Fournisseurs responsables : 4 besoins sur 4 (100,0 %) ont au moins un fournisseur ' +
        'responsable dans leur rayon, pour 30 000,00 € de budget, soit 100,0 % du budget ' +
        'connu.',
      'EGalim (restauration collective, 2 besoins, 15 000,00 € de budget connu) : les ' +
        'parts bio et durables se calculent après répartition.',
      'Comptent comme durables et de qualité : l’agriculture biologique et le commerce ' +
        'équitable ; Label Rouge, AOP, IGP ou HVE ne sont pas connus du catalogue, et ' +
        '« producteur local » n’est pas un critère EGalim.',
    ]);
  });
});

describe('planIndicators, after allocation', () => {
  const indicators = planIndicators(PLAN, MATCH, ALLOCATION, BY_ID);
  const kind = (k: IndicatorKind) => indicators.kinds.find((i) => i.kind === k);

  it('averages each need’s share of its demand over the needs with a quantity', () => {
    // insertion: n3 all of it, n1 and n2 nothing: (0 + 0 + 1) / 3; n3 has no budget.
    expect(kind('insertion')?.allocatedShare).toBeCloseTo(1 / 3, 10);
    expect(kind('insertion')?.allocatedBudget).toBe(0);
    // disability sector: the ESAT's 500 kg of n2's 2 000: (0 + 0,25 + 0) / 3; 5 000 € × 0,25.
    expect(kind('handicap')?.allocatedShare).toBeCloseTo(0.25 / 3, 10);
    expect(kind('handicap')?.allocatedBudget).toBeCloseTo(1250, 10);
    expect(kind('handicap')?.allocatedBudgetShare).toBeCloseTo(1250 / 30_000, 10);
    // organic: n1 600/1 000, n2 500/2 000: (0,6 + 0,25 + 0) / 3; 6 000 € + 1 250 €.
    expect(kind('bio')?.allocatedShare).toBeCloseTo(0.85 / 3, 10);
    expect(kind('bio')?.allocatedBudget).toBeCloseTo(7250, 10);
    expect(kind('bio')?.allocatedBudgetShare).toBeCloseTo(7250 / 30_000, 10);
    expect(kind('commerce-equitable')?.allocatedShare).toBeCloseTo(0.5 / 3, 10);
    expect(kind('commerce-equitable')?.allocatedBudget).toBeCloseTo(2500, 10);
    expect(kind('local')?.allocatedShare).toBeCloseTo(0.6 / 3, 10);
    expect(kind('local')?.allocatedBudget).toBeCloseTo(6000, 10);
    expect(kind('ess')).toMatchObject({
      allocatedShare: 0,
      allocatedBudget: 0,
      allocatedBudgetShare: 0,
    });
  });

  it('gives the responsible suppliers’ share: (0,6 + 0,75 + 1) / 3, 9 750 €', () => {
    expect(indicators.anyResponsible.allocatedShare).toBeCloseTo(2.35 / 3, 10);
    expect(indicators.anyResponsible.allocatedBudget).toBeCloseTo(9750, 10);
    expect(indicators.anyResponsible.allocatedBudgetShare).toBeCloseTo(0.325, 10);
  });

  it('estimates transport as Σ quantity × km, in all and by unit', () => {
    expect(indicators.transport?.distanceWeightedVolume).toBe(48_800);
    expect(indicators.transport?.meanKm).toBeCloseTo(48_800 / 2600, 10);
    expect(indicators.transport?.byUnit).toEqual([
      {
        unit: 'Q3',
        symbol: 'repas',
        volume: 1000,
        distanceWeightedVolume: 8000,
        meanKm: 8,
      },
      {
        unit: 'KGM',
        symbol: 'kg',
        volume: 1500,
        distanceWeightedVolume: 40_000,
        meanKm: 40_000 / 1500,
      },
      { unit: 'HUR', symbol: 'h', volume: 100, distanceWeightedVolume: 800, meanKm: 8 },
    ]);
  });

  it('gives the EGalim shares of the catering budget: durable 9 750 €, bio 7 250 € of 15 000 €', () => {
    expect(indicators.egalim?.needs).toBe(2);
    expect(indicators.egalim?.sustainableShare).toBeCloseTo(0.65, 10);
    expect(indicators.egalim?.bioShare).toBeCloseTo(7250 / 15_000, 10);
    expect(indicators.egalim?.targets).toEqual({ sustainable: 0.5, bio: 0.2 });
  });

  it('says the after-allocation figures in French', () => {
    const sentences = plain(indicators.sentences);
    expect(sentences).toContain(
      '1 besoin sans quantité n’est pas réparti : les parts après répartition sont des ' +
        'moyennes sur 3 besoins avec quantité.',
    );
    expect(sentences).toContain(
      'Agriculture biologique (AB), après répartition : 28,3 % de la demande en moyenne ' +
        'par besoin va à ces fournisseurs, soit 7 250,00 € au prorata du budget (24,2 % du ' +
        'budget connu).',
    );
    expect(sentences).toContain(
      'Fournisseurs responsables, après répartition : 78,3 % de la demande en moyenne par ' +
        'besoin va à des fournisseurs responsables, soit 9 750,00 € au prorata du budget ' +
        '(32,5 % du budget connu).',
    );
    expect(sentences).toContain(
      'Transport estimé après répartition : 40 000 kg × km pour 1 500 kg livrés, soit ' +
        '26,7 km en moyenne.',
    );
    expect(sentences).toContain(
      'EGalim (restauration collective, 2 besoins, 15 000,00 € de budget connu) : après ' +
        'répartition, 65,0 % de produits durables et de qualité (objectif : 50 %), dont ' +
        '48,3 % bio (objectif : 20 %), article L230-5-1 du code rural et de la pêche maritime.',
    );
  });

  it('counts a catering need without budget apart, and none of the shares then', () => {
    const plan: Plan = {
      ...PLAN,
      needs: [need('r1', '15811000', null, 300, 'KGM')],
    };
    const match = { ...MATCH, needs: [needMatch('r1', ['s-bio'], { bio: 1, local: 1 })] };
    const allocation: Allocation = {
      ...ALLOCATION,
      needs: [needAllocation('r1', 300, 'KGM', [line('r1', 's-bio', 300, 12)])],
    };
    const result = planIndicators(plan, match, allocation, BY_ID);
    expect(result.egalim).toMatchObject({
      needs: 1,
      needsWithoutBudget: 1,
      cateringBudget: 0,
      bioShare: null,
      sustainableShare: null,
    });
    expect(result.kinds.find((k) => k.kind === 'bio')?.allocatedShare).toBe(1);
    expect(plain(result.sentences)).toContain(
      '1 besoin de restauration sans budget n’est pas compté dans les parts EGalim.',
    );
  });
});

describe('indicator helpers', () => {
  it('writes French shares and amounts with no-break spaces', () => {
    expect(formatShare(3 / 7)).toBe('42,9\u00a0%');
    expect(formatEuros(12_345)).toBe('12\u202f345,00\u00a0€');
  });

  it('takes foodstuffs, raw food and catering services as collective catering', () => {
    const catering = (cpv: string) => isCateringNeed({ cpv });
    expect(
      ['15811000', '03221000', '03311000', '03333000', '55321000', '55524000'].map(
        catering,
      ),
    ).toEqual([true, true, true, true, true, true]);
    expect(['15991000', '55110000', '03321000', '77310000'].map(catering)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(isCateringNeed({ cpv: null })).toBe(false);
  });
});

describe('planIndicators, allocated but no need has a quantity', () => {
  // The Harnes case: nothing can be allocated, so every after-allocation
  // figure is unknown (null), never 0 %. Two catering needs: c1 has the
  // organic ESAT in range, c2 the fair-trade supplier; n4 only réemploi.
  const plan: Plan = {
    ...PLAN,
    needs: [
      need('c1', '55510000', 10_000, null, null),
      need('c2', '03222000', 5_000, null, null),
      need('n4', '50850000', 15_000, null, null),
    ],
  };
  const match: MatchResult = {
    ...MATCH,
    needs: [
      needMatch('c1', ['s-esat', 's-conv'], { handicap: 1, bio: 1 }),
      needMatch('c2', ['s-ce'], { 'commerce-equitable': 1 }),
      needMatch('n4', ['s-reemploi'], {}),
    ],
  };
  const indicators = planIndicators(plan, match, { ...ALLOCATION, needs: [] }, BY_ID);

  it('leaves every after-allocation share and budget unknown', () => {
    for (const k of [...indicators.kinds, indicators.anyResponsible]) {
      expect([k.allocatedShare, k.allocatedBudget, k.allocatedBudgetShare]).toEqual([
        null,
        null,
        null,
      ]);
    }
    expect(indicators.egalim).toMatchObject({
      needs: 2,
      needsWithQuantity: 0,
      needsWithBioInRange: 1, // c1
      needsWithSustainableInRange: 2, // c1 bio, c2 fair trade
      bioShare: null,
      sustainableShare: null,
    });
  });

  it('says the figures cannot be computed instead of writing 0 %', () => {
    const sentences = plain(indicators.sentences);
    expect(sentences).toContain(
      'Aucun des 3 besoins n’a de quantité : rien n’est réparti, les parts après ' +
        'répartition ne peuvent pas être calculées.',
    );
    expect(sentences).toContain(
      'Agriculture biologique (AB), après répartition : aucun besoin n’a de quantité à répartir.',
    );
    expect(sentences).toContain(
      'EGalim (restauration collective, 2 besoins, 15 000,00 € de budget connu) : non ' +
        'calculable après répartition, aucun besoin de restauration n’a de quantité ; ' +
        'avant répartition, 1 besoin de restauration sur 2 a un fournisseur bio dans ' +
        'son rayon, 2 un fournisseur durable et de qualité (bio ou commerce équitable).',
    );
    expect(
      sentences.filter((s) => s.includes('après répartition') && s.includes('0,0 %')),
    ).toEqual([]);
  });

  it('says so when no catering need has an organic or fair-trade supplier in range', () => {
    const nothing: MatchResult = {
      ...match,
      needs: [needMatch('c1', ['s-conv'], {}), needMatch('c2', [], {})],
    };
    const sentences = plain(
      planIndicators(plan, nothing, { ...ALLOCATION, needs: [] }, BY_ID).sentences,
    );
    expect(sentences).toContain(
      'EGalim (restauration collective, 2 besoins, 15 000,00 € de budget connu) : non ' +
        'calculable après répartition, aucun besoin de restauration n’a de quantité ; ' +
        'avant répartition, aucun besoin de restauration sur 2 n’a de fournisseur bio ni ' +
        'de commerce équitable dans son rayon.',
    );
  });
});
