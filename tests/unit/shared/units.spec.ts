import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../../shared/plan/parse-frequency';
import {
  annualise,
  CANONICAL_UNITS,
  parseQuantityCell,
  parseUnit,
  toCanonical,
  UNITS,
} from '../../../shared/plan/units';

/** The unit found for a text, as kind, own code and factor. */
function found(text: string): [string, string | null, number] | null {
  const parsed = parseUnit(text);
  return parsed.status === 'found'
    ? [parsed.unit.kind, parsed.unit.code, parsed.unit.factor]
    : null;
}

describe('parseUnit', () => {
  it.each([
    ['kg', ['mass', 'KGM', 1]],
    ['Kilos', ['mass', 'KGM', 1]],
    ['g', ['mass', 'GRM', 0.001]],
    ['tonnes', ['mass', 'TNE', 1000]],
    ['L', ['volume', 'LTR', 1]],
    ['litres', ['volume', 'LTR', 1]],
    ['cL', ['volume', 'CLT', 0.01]],
    ['hl', ['volume', 'HLT', 100]],
    ['m³', ['volume', 'MTQ', 1000]],
    ['mL', ['volume', 'MLT', 0.001]],
    ['pièces', ['count', 'H87', 1]],
    ['unités', ['count', 'C62', 1]],
    ['douzaine', ['count', 'DZN', 12]],
    ['ramettes', ['count', 'RM', 1]],
    ['repas', ['meals', 'Q3', 1]],
    ['Couverts', ['meals', 'Q3', 1]],
    ['plateaux-repas', ['meals', 'Q3', 1]],
    ['heures', ['hours', 'HUR', 1]],
    ["heures d'insertion", ['hours', 'HUR', 1]],
    ['jours', ['days', 'DAY', 1]],
    ['demi-journées', ['days', null, 0.5]],
    ['m²', ['area', 'MTK', 1]],
    ['m2', ['area', 'MTK', 1]],
    ['ha', ['area', 'HAR', 10000]],
    ['m', ['distance', 'MTR', 1]],
    ['km', ['distance', 'KMT', 1000]],
    ['mètres linéaires', ['distance', 'LM', 1]],
  ] as const)('%s → %j', (text, expected) => expect(found(text)).toEqual(expected));

  it('keeps m² and m³ apart from the metre, though folding drops superscripts', () => {
    expect(found('m²')?.[0]).toBe('area');
    expect(found('m³')?.[0]).toBe('volume');
    expect(found('m')?.[0]).toBe('distance');
  });

  it('finds « ml » ambiguous (millilitre or linear metre) unless written mL', () => {
    const parsed = parseUnit('ml');
    expect(parsed.status).toBe('ambiguous');
    expect(parsed.status === 'ambiguous' && parsed.units.map((u) => u.code)).toEqual([
      'MLT',
      'LM',
    ]);
    expect(parseUnit('carton')).toEqual({ status: 'unknown' });
  });

  it('gives every spelling of the table back its own unit (no spelling shared)', () => {
    for (const unit of UNITS) {
      for (const name of unit.names) {
        const parsed = parseUnit(name);
        if (name === 'ml') continue;
        expect(parsed.status === 'found' && parsed.unit, name).toBe(unit);
      }
    }
  });

  it('has one canonical Rec 20 code per kind', () => {
    expect(Object.values(CANONICAL_UNITS).map((u) => u.code)).toEqual([
      'KGM',
      'LTR',
      'C62',
      'Q3',
      'HUR',
      'DAY',
      'MTK',
      'MTR',
    ]);
  });
});

describe('toCanonical and annualise', () => {
  const unit = (text: string) => {
    const parsed = parseUnit(text);
    if (parsed.status !== 'found') throw new Error(text);
    return parsed.unit;
  };
  it('converts to the canonical unit without binary noise', () => {
    expect(toCanonical(500, unit('g'))).toBe(0.5);
    expect(toCanonical(2, unit('t'))).toBe(2000);
    expect(toCanonical(25, unit('cL'))).toBe(0.25);
    expect(toCanonical(3, unit('dL'))).toBe(0.3); // 3 × 0,1, not 0.30000000000000004
    expect(toCanonical(1.5, unit('ha'))).toBe(15000);
    expect(toCanonical(90, unit('min'))).toBe(1.5);
    expect(toCanonical(2, unit('douzaines'))).toBe(24);
  });
  it('annualises by the times per year', () => {
    expect(annualise(12, 52)).toBe(624);
    expect(annualise(0.5, 12)).toBe(6);
    expect(annualise(0.1, 3)).toBe(0.3);
  });
});

describe('parsePeriod', () => {
  it.each([
    ['hebdomadaire', 'weekly', 52],
    ['par mois', 'monthly', 12],
    ['annuel', 'yearly', 1],
    ['ponctuel', 'once', 1],
    ['Trimestriel', null, 4],
    ['par semestre', null, 2],
    ['tous les deux mois', null, 6],
  ] as const)('%s → %s ×%d', (text, frequency, times) =>
    expect(parsePeriod(text)).toEqual({ ok: true, frequency, timesPerYear: times }),
  );
  it('refuses a daily period with its reason, and unknown words', () => {
    expect(parsePeriod('par jour')).toEqual({ ok: false, reason: 'daily' });
    expect(parsePeriod('Quotidien')).toEqual({ ok: false, reason: 'daily' });
    expect(parsePeriod('de temps en temps')).toEqual({ ok: false, reason: 'unknown' });
  });
});

describe('parseQuantityCell', () => {
  const read = (text: string) => {
    const parsed = parseQuantityCell(text);
    if (!parsed.ok) return parsed;
    const unit =
      parsed.unit?.status === 'found' ? parsed.unit.unit.code : parsed.unit?.status;
    const period = parsed.period?.ok ? parsed.period.timesPerYear : parsed.period?.reason;
    return [parsed.value, parsed.unitText, unit ?? null, period ?? null];
  };
  it('reads the number, the unit and the period of a cell', () => {
    expect(read('12')).toEqual([12, null, null, null]);
    expect(read('12 kg par semaine')).toEqual([12, 'kg', 'KGM', 52]);
    expect(read('500 g/mois')).toEqual([500, 'g', 'GRM', 12]);
    expect(read('1 234,5 kg')).toEqual([1234.5, 'kg', 'KGM', null]);
    expect(read('2t')).toEqual([2, 't', 'TNE', null]);
    expect(read('300 repas par jour')).toEqual([300, 'repas', 'Q3', 'daily']);
    expect(read('40 cartons par mois')).toEqual([40, 'cartons', 'unknown', 12]);
  });
  it('refuses what is not a number, and an ambiguous one', () => {
    expect(parseQuantityCell('douze kg')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseQuantityCell('1.234 kg')).toEqual({ ok: false, reason: 'ambiguous' });
  });
});
