/** Who a reserved contract may go to, per article, against the indicator kinds. */
import { describe, expect, it } from 'vitest';
import { indicatorKindsOf } from '../../../shared/indicators/supplier-kinds';
import { isPreciseFit, reservableCounts } from '../../../shared/law/reservable';
import type { LabelCode, SupplierKind } from '../../../shared/model';

const s = (kind: SupplierKind, labels: LabelCode[] = []) => ({ kind, labels });

describe('reservableCounts', () => {
  it('counts the five SIAE kinds for L2113-13, not a GEIQ nor a bare label', () => {
    const insertion = [
      s('EI'),
      s('ACI'),
      s('AI'),
      s('ETTI'),
      s('EITI'),
      s('GEIQ'),
      s('ENTREPRISE', ['insertion']),
    ];
    // All 7 count for the insertion indicator…
    expect(insertion.every((x) => indicatorKindsOf(x).includes('insertion'))).toBe(true);
    // …but only the 5 SIAE for a reserved contract.
    expect(reservableCounts(insertion)).toEqual({ siae: 5, disability: 0, ess: 0 });
  });

  it('counts EA, ESAT and the disability label for L2113-12', () => {
    expect(
      reservableCounts([
        s('EA'),
        s('ESAT'),
        s('ENTREPRISE', ['handicap']),
        s('ENTREPRISE'),
      ]),
    ).toEqual({ siae: 0, disability: 3, ess: 0 });
  });

  it('counts the ESS kind and the ESS, ESUS, SCOP, SCIC labels for L2113-15', () => {
    expect(
      reservableCounts([
        s('ESS'),
        s('ENTREPRISE', ['ess']),
        s('ENTREPRISE', ['esus']),
        s('ENTREPRISE', ['scop']),
        s('ENTREPRISE', ['scic']),
        s('ENTREPRISE', ['bio', 'local']),
        // An ACI with the ESUS label counts for both reservations.
        s('ACI', ['esus']),
      ]),
    ).toEqual({ siae: 1, disability: 0, ess: 6 });
  });
});

describe('isPreciseFit', () => {
  it('leaves out a fit by CPV division only, keeps finer codes, sectors and keywords', () => {
    // « Impression de flyers » (79810000) meets a temp-work ETTI (79620000)
    // only through division 79: not a supplier a reservation can count on.
    expect(isPreciseFit('division')).toBe(false);
    for (const level of [
      'code',
      'category',
      'class',
      'group',
      'sector',
      'keyword',
    ] as const)
      expect(isPreciseFit(level)).toBe(true);
  });
});
