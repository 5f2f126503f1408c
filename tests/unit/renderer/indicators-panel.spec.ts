/**
 * What the indicators panel writes (shared/format/indicator-view.ts and
 * format-share.ts): a seven-need plan's shares as bars with their value, the
 * transport estimate and the EGalim targets, all worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type {
  KindIndicator,
  PlanIndicators,
} from '../../../shared/indicators/indicator-types';
import { barWidth, formatShare, shareOf } from '../../../shared/format/format-share';
import {
  afterAllocationNote,
  egalimLines,
  egalimScope,
  indicatorRows,
  planLine,
  targetVerdict,
  transportLines,
} from '../../../shared/format/indicator-view';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const euros = (whole: string): string => `${whole},00${NBSP}€`;

const insertion: KindIndicator = {
  kind: 'insertion',
  label: 'Insertion (SIAE, GEIQ)',
  needs: 3,
  needShare: 3 / 7,
  budget: 30000,
  budgetShare: 0.25,
  needsWithoutBudget: 1,
  allocatedShare: 0.2,
  allocatedBudget: 18000,
  allocatedBudgetShare: 0.15,
};
const bio: KindIndicator = {
  kind: 'bio',
  label: 'Agriculture biologique (AB)',
  needs: 0,
  needShare: 0,
  budget: 0,
  budgetShare: 0,
  needsWithoutBudget: 0,
  allocatedShare: null,
  allocatedBudget: null,
  allocatedBudgetShare: null,
};

/** 7 needs, 5 with a budget summing to 120 000 € HT, 6 with a quantity. */
const indicators: PlanIndicators = {
  needCount: 7,
  needsWithBudget: 5,
  budgetTotal: 120000,
  needsWithQuantity: 6,
  needsWithoutQuantity: 1,
  kinds: [insertion, bio],
  anyResponsible: {
    needs: 5,
    needShare: 5 / 7,
    budget: 90000,
    budgetShare: 0.75,
    allocatedShare: 0.8,
    allocatedBudget: 72000,
    allocatedBudgetShare: 0.6,
  },
  // 600 kg at 4 km and 300 kg at 12,4 km: 6 120 kg × km; 52 u at 8 km: 416.
  transport: {
    distanceWeightedVolume: 6536,
    meanKm: 6536 / 952,
    byUnit: [
      {
        unit: 'KGM',
        symbol: 'kg',
        volume: 900,
        distanceWeightedVolume: 6120,
        meanKm: 6.8,
      },
      { unit: 'C62', symbol: 'u', volume: 52, distanceWeightedVolume: 416, meanKm: 8 },
    ],
  },
  egalim: {
    needs: 3,
    needsWithoutBudget: 1,
    cateringBudget: 40000,
    bioShare: 0.125,
    sustainableShare: 0.55,
    targets: { sustainable: 0.5, bio: 0.2 },
  },
  sentences: ['3 besoins sur 7 ont un fournisseur d’insertion à portée.'],
};

describe('shares', () => {
  it('writes a ratio as a French percentage with one decimal', () => {
    expect(formatShare(3 / 7)).toBe(`42,9${NBSP}%`);
    expect(formatShare(1)).toBe(`100,0${NBSP}%`);
    expect(formatShare(0)).toBe(`0,0${NBSP}%`);
    expect(formatShare(null)).toBe('—');
    expect(formatShare(Number.NaN)).toBe('—');
  });

  it('draws a bar of the same width, clamped to 0–100 %', () => {
    expect(barWidth(3 / 7)).toBe('42.86%');
    expect(barWidth(1.2)).toBe('100%');
    expect(barWidth(-0.1)).toBe('0%');
    expect(barWidth(null)).toBe('0%');
  });

  it('divides only by a known, positive whole', () => {
    expect(shareOf(18000, 120000)).toBe(0.15);
    expect(shareOf(5, 0)).toBeNull();
    expect(shareOf(5, null)).toBeNull();
  });
});

describe('indicator rows', () => {
  const rows = indicatorRows(indicators);

  it('gives each kind its shares before and after allocation, value written', () => {
    expect(rows[0]).toEqual({
      key: 'insertion',
      label: 'Insertion (SIAE, GEIQ)',
      needsBefore: { width: '42.86%', value: `42,9${NBSP}%`, detail: '3 sur 7' },
      budgetBefore: {
        width: '25%',
        value: `25,0${NBSP}%`,
        detail: `${euros(`30${NNBSP}000`)} + 1 besoin sans budget`,
      },
      volumeAfter: { width: '20%', value: `20,0${NBSP}%`, detail: '' },
      // 18 000 € allocated of a 120 000 € budget: 15 %.
      budgetAfter: {
        width: '15%',
        value: `15,0${NBSP}%`,
        detail: euros(`18${NNBSP}000`),
      },
    });
  });

  it('says « non affecté » with « — » when the allocation gave nothing to measure', () => {
    expect(rows[1]?.volumeAfter).toEqual({
      width: '0%',
      value: '—',
      detail: 'non affecté',
    });
    expect(rows[1]?.budgetAfter).toEqual({
      width: '0%',
      value: '—',
      detail: 'non affecté',
    });
    expect(rows[1]?.needsBefore.value).toBe(`0,0${NBSP}%`);
  });

  it('ends with « au moins un fournisseur responsable », 5 of 7 needs, 75 % of budget', () => {
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual({
      key: 'any',
      label: 'Au moins un fournisseur responsable',
      needsBefore: { width: '71.43%', value: `71,4${NBSP}%`, detail: '5 sur 7' },
      budgetBefore: {
        width: '75%',
        value: `75,0${NBSP}%`,
        detail: euros(`90${NNBSP}000`),
      },
      volumeAfter: { width: '80%', value: `80,0${NBSP}%`, detail: '' },
      budgetAfter: {
        width: '60%',
        value: `60,0${NBSP}%`,
        detail: euros(`72${NNBSP}000`),
      },
    });
  });

  it('reads an older result without the new fields: budget share 18 000 / 120 000', () => {
    const older: PlanIndicators = {
      ...indicators,
      kinds: [
        { ...insertion, needsWithoutBudget: undefined, allocatedBudgetShare: undefined },
      ],
      anyResponsible: { needs: 5, needShare: 5 / 7, budget: 90000, budgetShare: 0.75 },
    };
    const [kind, any] = indicatorRows(older);
    expect(kind?.budgetBefore.detail).toBe(euros(`30${NNBSP}000`));
    expect(kind?.budgetAfter).toEqual({
      width: '15%',
      value: `15,0${NBSP}%`,
      detail: euros(`18${NNBSP}000`),
    });
    expect(any?.volumeAfter).toEqual({ width: '0%', value: '—', detail: 'non affecté' });
  });

  it('says how the after-allocation shares are taken', () => {
    expect(afterAllocationNote(indicators)).toBe(
      'Après affectation : part de la demande de chaque besoin donnée à ce type de ' +
        'fournisseur, en moyenne sur 6 besoins avec une quantité, chacun comptant une ' +
        'fois. 1 besoin sans quantité n’est pas affecté.',
    );
  });

  it('says the shares cannot be computed when no need has a quantity', () => {
    // The Harnes plan: 29 needs, none with a quantity; not « moyenne sur 0 besoin ».
    const none = { ...indicators, needsWithQuantity: 0, needsWithoutQuantity: 7 };
    expect(afterAllocationNote(none)).toBe(
      'Après affectation : aucun besoin n’a de quantité, rien n’est affecté ; ' +
        'les parts après affectation ne peuvent pas être calculées.',
    );
  });

  it('sums up the plan in one line', () => {
    expect(planLine(indicators)).toBe(
      `7 besoins, dont 5 avec un budget (total ${euros(`120${NNBSP}000`)} HT).`,
    );
    expect(planLine({ ...indicators, needCount: 1, needsWithBudget: 0 })).toBe(
      '1 besoin, aucun avec un budget.',
    );
  });
});

describe('transport', () => {
  it('writes Σ quantity × km unit by unit with the mean distance', () => {
    expect(transportLines(indicators)).toEqual([
      `Transport estimé (kg) : 6${NNBSP}120 kg × km pour 900 kg livrés, soit 6,8 km en moyenne.`,
      'Transport estimé (unités) : 416 unités × km pour 52 unités livrées, soit 8,0 km en moyenne.',
    ]);
  });

  it('falls back to the mixed total (6 536 / 952 = 6,87 km) without the split', () => {
    const transport = { distanceWeightedVolume: 6536, meanKm: 6536 / 952 };
    expect(transportLines({ ...indicators, transport })).toEqual([
      `Transport estimé après affectation : 6${NNBSP}536 (quantité × km, unités ` +
        'mêlées), soit 6,9 km en moyenne par unité livrée.',
    ]);
  });

  it('says why when there is no estimate', () => {
    expect(transportLines({ ...indicators, transport: null })).toEqual([
      'Transport non estimé : l’affectation des volumes n’a pas été calculée.',
    ]);
  });
});

describe('EGalim', () => {
  it('compares durable (50 %) and bio (20 %) with their targets, in words', () => {
    const egalim = indicators.egalim;
    if (!egalim) throw new Error('fixture');
    expect(egalimLines(egalim)).toEqual([
      {
        key: 'sustainable',
        label: 'Produits durables et de qualité (bio compris)',
        bar: { width: '55%', value: `55,0${NBSP}%`, detail: '' },
        target: `50,0${NBSP}%`,
        targetWidth: '50%',
        verdict: 'atteint',
      },
      {
        key: 'bio',
        label: 'dont produits biologiques',
        bar: { width: '12.5%', value: `12,5${NBSP}%`, detail: '' },
        target: `20,0${NBSP}%`,
        targetWidth: '20%',
        verdict: 'non atteint : 7,5 points de moins',
      },
    ]);
  });

  it('says « non calculable » rather than 0 % when no catering need has a quantity', () => {
    const egalim = indicators.egalim;
    if (!egalim) throw new Error('fixture');
    const none = {
      ...egalim,
      needsWithQuantity: 0,
      bioShare: null,
      sustainableShare: null,
    };
    expect(egalimLines(none).map((l) => [l.bar.value, l.verdict])).toEqual([
      ['—', 'non calculable : aucun besoin de restauration n’a de quantité'],
      ['—', 'non calculable : aucun besoin de restauration n’a de quantité'],
    ]);
  });

  it('names the catering needs and budget; legal targets when the result has none', () => {
    const egalim = indicators.egalim;
    if (!egalim) throw new Error('fixture');
    expect(egalimScope(egalim)).toBe(
      `3 besoins de restauration collective (1 sans budget), budget ${euros(`40${NNBSP}000`)} HT.`,
    );
    const older = { cateringBudget: 40000, bioShare: 0.25, sustainableShare: 0.45 };
    expect(egalimScope(older)).toBe(
      `Budget de restauration collective : ${euros(`40${NNBSP}000`)} HT.`,
    );
    expect(egalimLines(older).map((l) => [l.target, l.verdict])).toEqual([
      [`50,0${NBSP}%`, 'non atteint : 5 points de moins'],
      [`20,0${NBSP}%`, 'atteint'],
    ]);
  });

  it('agrees « point » below 2 and says « inconnu » without a share', () => {
    expect(targetVerdict(0.19, 0.2)).toBe('non atteint : 1 point de moins');
    expect(targetVerdict(0.2, 0.2)).toBe('atteint');
    expect(targetVerdict(null, 0.5)).toBe('inconnu');
  });
});
