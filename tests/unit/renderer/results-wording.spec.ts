/**
 * Wording of the results screen: unit words agreed with their quantity, the
 * « à confirmer » state of « Pourquoi pas ? » and the facts of a need's header.
 */
import { describe, expect, it } from 'vitest';
import { unitName } from '../../../shared/format/allocation-view';
import { needFacts } from '../../../shared/format/need-header';
import { deliveredWord, unitWord } from '../../../shared/format/unit-words';
import { checkState } from '../../../shared/format/why-not-view';
import { makeNeed } from '../../helpers/make-need';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('unit words', () => {
  it('writes hours, days and pieces as words, agreed from 2 on', () => {
    expect(unitWord('h', 1200)).toBe('heures');
    expect(unitWord('h', 1.5)).toBe('heure');
    expect(unitWord('j', 3)).toBe('jours');
    expect(unitWord('u', 52)).toBe('unités');
    expect(unitWord('kg', 900)).toBe('kg');
    expect(unitName('HUR', null, 1200)).toBe('heures');
    expect(unitName('DAY', null, 1)).toBe('jour');
  });

  it('agrees « livré » with the unit’s gender and number', () => {
    expect(deliveredWord('h', 1200)).toBe('livrées');
    expect(deliveredWord('u', 1)).toBe('livrée');
    expect(deliveredWord('kg', 900)).toBe('livrés');
    expect(deliveredWord('repas', 1)).toBe('livré');
  });
});

describe('« Pourquoi pas ? » check states', () => {
  it('shows an unknown lead time as à confirmer, not satisfied', () => {
    expect(
      checkState({
        criterion: 'lead-time',
        passed: true,
        explanation: 'Délai de livraison inconnu du catalogue : à confirmer',
      }),
    ).toBe('unknown');
    expect(
      checkState({ criterion: 'distance', passed: true, explanation: '12,4 km du lieu' }),
    ).toBe('passed');
    expect(
      checkState({ criterion: 'distance', passed: false, explanation: 'à confirmer' }),
    ).toBe('failed');
  });
});

describe('need header facts', () => {
  it('gives the yearly quantity, budget HT, date and maximum distance', () => {
    // 250 meals a week, 48 times a year → 12 000 repas par an.
    const need = makeNeed({
      id: 'cantine',
      quantity: 250,
      unit: 'repas',
      unitCode: 'Q3',
      timesPerYear: 48,
      annualQuantity: 12000,
      budget: 60000,
      date: '2026-09-01',
      maxDistanceKm: 50,
    });
    expect(needFacts(need).map((f) => `${f.label} : ${f.value}`)).toEqual([
      `Quantité : 12${NNBSP}000${NBSP}repas par an`,
      `Budget : 60${NNBSP}000,00${NBSP}€ HT`,
      'Date : 01/09/2026',
      'Distance maximale : 50,0 km',
    ]);
  });

  it('says what is not given', () => {
    const need = makeNeed({ id: 'x', annualQuantity: null, budget: null, date: null });
    expect(
      needFacts(need)
        .map((f) => f.value)
        .slice(0, 3),
    ).toEqual(['non précisée', 'non précisé', 'non précisée']);
  });
});
