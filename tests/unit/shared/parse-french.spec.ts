import { describe, expect, it } from 'vitest';
import { parseFrenchDate } from '../../../shared/plan/parse-french-date';
import { parseFrenchNumber } from '../../../shared/plan/parse-french-number';
import { parseFrequency } from '../../../shared/plan/parse-frequency';

describe('parseFrenchNumber', () => {
  it.each([
    ['12,5', 12.5],
    ['1 234,50', 1234.5],
    ['1\u00a0234', 1234],
    ['1\u202f234 567,8', 1234567.8],
    ['1234.5', 1234.5],
    ['1.234.567', 1234567],
    ['1.234,50', 1234.5],
    ['1 234,50 €', 1234.5],
    ['€ 12', 12],
    ['-3', -3],
    [42, 42],
  ] as const)('%s → %s', (input, value) => {
    expect(parseFrenchNumber(input)).toEqual({ ok: true, value });
  });

  it('refuses to guess "1.234" and rejects words', () => {
    expect(parseFrenchNumber('1.234')).toEqual({ ok: false, reason: 'ambiguous' });
    expect(parseFrenchNumber('douze')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseFrenchNumber('1 23')).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseFrenchNumber(true)).toEqual({ ok: false, reason: 'not-a-number' });
  });
});

describe('parseFrenchDate', () => {
  it.each([
    ['01/03/2026', '2026-03-01'],
    ['1/3/2026', '2026-03-01'],
    ['29/02/2024', '2024-02-29'],
    ['2026-03-01', '2026-03-01'],
    ['01.03.2026', '2026-03-01'],
  ])('%s → %s', (input, iso) =>
    expect(parseFrenchDate(input)).toEqual({ ok: true, iso }),
  );

  it('reads Date cells with UTC getters', () => {
    expect(parseFrenchDate(new Date(Date.UTC(2026, 2, 1)))).toEqual({
      ok: true,
      iso: '2026-03-01',
    });
  });

  it('reads serial numbers of the 1900 system', () => {
    // 1970-01-01 is serial 25569. 2026-03-01 is 56 years later: 56 × 365 + 14 leap days
    // (1972…2024) = 20454 days, + 31 (January) + 28 (February) = 20513 → 25569 + 20513 = 46082.
    expect(parseFrenchDate(46082)).toEqual({ ok: true, iso: '2026-03-01' });
    expect(parseFrenchDate(46082.75)).toEqual({ ok: true, iso: '2026-03-01' });
    expect(parseFrenchDate(61)).toEqual({ ok: true, iso: '1900-03-01' });
  });

  it('tells impossible dates from non-dates', () => {
    expect(parseFrenchDate('31/02/2025')).toEqual({ ok: false, reason: 'impossible' });
    expect(parseFrenchDate('2025-13-01')).toEqual({ ok: false, reason: 'impossible' });
    expect(parseFrenchDate('demain')).toEqual({ ok: false, reason: 'not-a-date' });
    expect(parseFrenchDate('01/03/26')).toEqual({ ok: false, reason: 'not-a-date' });
  });
});

describe('parseFrequency', () => {
  it.each([
    ['ponctuel', 'once'],
    ['Hebdomadaire', 'weekly'],
    ['par mois', 'monthly'],
    ['Mensuelle', 'monthly'],
    ['annuel', 'yearly'],
    ['par an', 'yearly'],
    ['tous les deux mois', null],
  ] as const)('%s → %s', (text, frequency) =>
    expect(parseFrequency(text)).toBe(frequency),
  );
});
