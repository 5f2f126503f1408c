import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
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

  it.each([
    ['1 234,50 €', 'space'],
    ['1\u00a0234,50\u00a0€', 'no-break space'],
    ['1\u202f234,50\u202f€', 'narrow no-break space'],
  ])('reads the amount %j (thousands grouped by a %s)', (input) =>
    expect(parseFrenchNumber(input)).toEqual({ ok: true, value: 1234.5 }),
  );

  it.each([
    ['-12,5', -12.5],
    ['\u221212,5', -12.5], // the typographic minus sign of word processors
    ['12,5 €', 12.5],
    ['12,5€', 12.5],
    ['EUR 12', 12],
    ['12 euros', 12],
    ['+7', 7],
    ['0.234', 0.234], // no thousand starts with 0: a decimal point
    ['-1\u202f234,5\u00a0€', -1234.5], // Intl fr-FR currency output
  ] as const)('%j → %s', (input, value) => {
    expect(parseFrenchNumber(input)).toEqual({ ok: true, value });
  });

  it('reports "1.234" as ambiguous whatever surrounds it', () => {
    for (const text of ['1.234', '-1.234', '1.234 €', 'EUR 12.500']) {
      expect(parseFrenchNumber(text)).toEqual({ ok: false, reason: 'ambiguous' });
    }
  });

  it('rejects what is not one number', () => {
    for (const text of ['1,234.56', '12,', ',5', '1 2345', '1,23457E+13', '12 %']) {
      expect(parseFrenchNumber(text)).toEqual({ ok: false, reason: 'not-a-number' });
    }
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
    expect(parseFrenchDate('01/03')).toEqual({ ok: false, reason: 'not-a-date' });
    expect(parseFrenchDate('01/03-2026')).toEqual({ ok: false, reason: 'not-a-date' });
  });

  it.each([
    ['31/02/2025', 'February 2025 has 28 days'],
    ['29/02/2023', '2023 is not a leap year'],
    ['29/02/23', 'the same, year written 23'],
    ['29/02/1900', '1900 is not a leap year (divisible by 100, not 400)'],
    ['00/03/2025', 'there is no day 0'],
    ['05/03/2025 24:00', 'hours go to 23'],
    ['05/03/2025 18:60', 'minutes go to 59'],
    ['2025-03-05T10:00:00+15:00', 'no zone is 15 hours ahead'],
  ])('rejects %s as impossible: %s', (input) =>
    expect(parseFrenchDate(input)).toEqual({ ok: false, reason: 'impossible' }),
  );

  it.each([
    // Two-digit years are 20yy, never 19yy (see fullYear in parse-french-date.ts).
    ['05/03/25', '2025-03-05'],
    ['01/03/26', '2026-03-01'],
    ['31/12/30', '2030-12-31'], // Excel's own pivot would say 1930
    ['1/1/99', '2099-01-01'],
    ['29/02/24', '2024-02-29'],
    ['05.03.25', '2025-03-05'],
  ])('reads the two-digit year of %s as %s', (input, iso) =>
    expect(parseFrenchDate(input)).toEqual({ ok: true, iso }),
  );

  it.each([
    '05/03/2025 18:30',
    '05/03/2025 18:30:15',
    '05/03/2025 à 18h30',
    '5/3/25 23:59',
    '2025-03-05 18:30',
    // 23:30 at UTC+2 is 21:30 UTC, still the 5th.
    '2025-03-05T23:30:00+02:00',
    // 01:30 at UTC+2 is 23:30 UTC on the 4th: the written day, the 5th, is kept.
    '2025-03-05T01:30:00+02:00',
    // 23:30 at UTC−10 (Tahiti) is 09:30 UTC on the 6th: still the 5th.
    '2025-03-05T23:30:00-10:00',
    '2025-03-05T23:30:00.000Z',
  ])('keeps the written calendar day of the date-time %s: 5 March 2025', (input) =>
    expect(parseFrenchDate(input)).toEqual({ ok: true, iso: '2025-03-05' }),
  );

  it('keeps the day of a date-time cell, given as UTC wall-clock time', () => {
    // 23:30 on 5 March: local getters would say the 6th in Paris (UTC+1).
    expect(parseFrenchDate(new Date(Date.UTC(2025, 2, 5, 23, 30)))).toEqual({
      ok: true,
      iso: '2025-03-05',
    });
  });

  it('reads serial numbers of the 1904 date system', () => {
    const date1904 = { date1904: true };
    expect(parseFrenchDate(0, date1904)).toEqual({ ok: true, iso: '1904-01-01' });
    expect(parseFrenchDate(1.5, date1904)).toEqual({ ok: true, iso: '1904-01-02' });
    // 5 March 2025 is serial 45721 in the 1900 system (see plan-files-fixes.spec.ts);
    // the 1904 system starts 1462 days later (4 years of which one leap, + 1 day
    // for the 29 February 1900 Excel counts): 45721 − 1462 = 44259.
    expect(parseFrenchDate(44259, date1904)).toEqual({ ok: true, iso: '2025-03-05' });
    expect(parseFrenchDate(-1, date1904)).toEqual({ ok: false, reason: 'not-a-date' });
    // Without the option, small serials are not dates (the 1900 system starts on 61).
    expect(parseFrenchDate(0)).toEqual({ ok: false, reason: 'not-a-date' });
  });
});

describe('parseFrenchDate in other time zones', () => {
  // Vitest keeps one time zone per run: a child process runs under each zone.
  const module = resolve('shared/plan/parse-french-date.ts');
  const script = `
    import { parseFrenchDate } from ${JSON.stringify(module)};
    const lateEvening = new Date(Date.UTC(2025, 2, 5, 23, 30));
    const midnight = new Date(Date.UTC(2025, 2, 5));
    console.log(JSON.stringify({
      localDays: [midnight.getDate(), lateEvening.getDate()],
      days: [
        midnight, lateEvening, '05/03/2025 18:30', '2025-03-05T23:30:00+02:00',
        '2025-03-05T01:30:00+02:00', 45721.99,
      ].map((value) => parseFrenchDate(value)),
    }));`;

  it.each([
    // Tahiti is UTC−10: UTC midnight of the 5th is 14:00 on the 4th there.
    ['Pacific/Tahiti', [4, 5]],
    // Paris is UTC+1 in March: 23:30 UTC on the 5th is 00:30 on the 6th there.
    ['Europe/Paris', [5, 6]],
    // Kiritimati is UTC+14, the zone furthest ahead: 14:00 on the 5th, 13:30 on the 6th.
    ['Pacific/Kiritimati', [5, 6]],
  ])('keeps 5 March 2025 under TZ=%s', (zone, localDays) => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env: { ...process.env, TZ: zone }, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    const output = JSON.parse(run.stdout) as { localDays: number[]; days: unknown[] };
    // The local days prove the zone was in effect; the parsed days do not move.
    expect(output.localDays).toEqual(localDays);
    expect(output.days).toEqual(Array(6).fill({ ok: true, iso: '2025-03-05' }));
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
