import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readInseeCode, readPostcode, readSiret } from '../../../shared/plan/parse-codes';
import { parseFrenchDate } from '../../../shared/plan/parse-french-date';
import {
  formatFrenchNumber,
  parseFrenchNumber,
} from '../../../shared/plan/parse-french-number';

/**
 * A decimal with at most 15 significant digits (n / 10^d, |n| < 10^15): both
 * the division and reading its text give the double nearest to it, so they
 * are equal, and formatting it with d fraction digits writes it exactly.
 */
const decimal = fc
  .record({
    units: fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }),
    digits: fc.integer({ min: 0, max: 6 }),
  })
  .map(({ units, digits }) => ({ value: Number(units) / 10 ** digits, digits }));

describe('numbers written the French way parse back to themselves', () => {
  it('every finite number written by Intl fr-FR with 17 significant digits', () => {
    const french = new Intl.NumberFormat('fr-FR', { maximumSignificantDigits: 17 });
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        // 17 significant digits identify every double, −0 included.
        expect(parseFrenchNumber(french.format(value))).toEqual({ ok: true, value });
      }),
    );
  });

  it('every decimal written by formatFrenchNumber with its fraction digits', () => {
    fc.assert(
      fc.property(decimal, ({ value, digits }) => {
        expect(parseFrenchNumber(formatFrenchNumber(value, digits))).toEqual({
          ok: true,
          value,
        });
      }),
    );
  });

  it('every decimal written by Intl fr-FR with a fixed number of fraction digits', () => {
    fc.assert(
      fc.property(decimal, ({ value, digits }) => {
        const text = new Intl.NumberFormat('fr-FR', {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(value);
        expect(parseFrenchNumber(text)).toEqual({ ok: true, value });
      }),
    );
  });

  it('every amount in euros written by Intl fr-FR, « 1 234,50 € »', () => {
    const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    const cents = fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n });
    fc.assert(
      fc.property(cents, (count) => {
        const value = Number(count) / 100;
        expect(parseFrenchNumber(euros.format(value))).toEqual({ ok: true, value });
      }),
    );
  });

  it('every integer grouped by any of the three spaces', () => {
    const space = fc.constantFrom(' ', '\u00a0', '\u202f');
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 2 ** 31 - 1 }), space, (value, sep) => {
        const grouped = String(value).replace(/\B(?=(\d{3})+$)/g, sep);
        expect(parseFrenchNumber(`${grouped} €`)).toEqual({ ok: true, value });
      }),
    );
  });
});

/** Days from 1900-01-01 to 9999-12-31, the days spreadsheets know. */
const FIRST_DAY = Date.UTC(1900, 0, 1);
const LAST_DAY = Date.UTC(9999, 11, 31);
const MS_PER_DAY = 86_400_000;
const calendarDay = fc
  .integer({ min: 0, max: (LAST_DAY - FIRST_DAY) / MS_PER_DAY })
  .map((offset) => new Date(FIRST_DAY + offset * MS_PER_DAY));

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

describe('every calendar day written the usual ways parses back to itself', () => {
  it('dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, a Date cell and a date-time', () => {
    fc.assert(
      fc.property(calendarDay, fc.integer({ min: 0, max: 86_399 }), (day, second) => {
        const iso = day.toISOString().slice(0, 10);
        const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
        const dateTime = new Date(day.getTime() + second * 1000);
        const written = [
          `${pad(d, 2)}/${pad(m, 2)}/${y}`,
          `${d}/${m}/${y}`,
          `${y}-${pad(m, 2)}-${pad(d, 2)}`,
          `${pad(d, 2)}.${pad(m, 2)}.${y} ${pad(dateTime.getUTCHours(), 2)}:59`,
          `${dateTime.toISOString().slice(0, 19)}+14:00`,
          day,
          dateTime,
        ];
        for (const value of written) {
          expect(parseFrenchDate(value)).toEqual({ ok: true, iso });
        }
      }),
    );
  });

  it('dd/mm/yy for every day of 2000 to 2099', () => {
    const days = calendarDay.filter(
      (day) => day.getUTCFullYear() >= 2000 && day.getUTCFullYear() <= 2099,
    );
    fc.assert(
      fc.property(days, (day) => {
        const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
        expect(parseFrenchDate(`${pad(d, 2)}/${pad(m, 2)}/${pad(y % 100, 2)}`)).toEqual({
          ok: true,
          iso: day.toISOString().slice(0, 10),
        });
      }),
    );
  });

  it('its serial number in the 1900 and 1904 date systems, time of day included', () => {
    // Serial 25569 is 1970-01-01 in the 1900 system; the 1904 system counts 1462 fewer.
    const fromMarch1900 = calendarDay.filter(
      (day) => day >= new Date(Date.UTC(1900, 2, 1)),
    );
    fc.assert(
      fc.property(
        fromMarch1900,
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (day, time) => {
          const serial = day.getTime() / MS_PER_DAY + 25569;
          const iso = day.toISOString().slice(0, 10);
          expect(parseFrenchDate(serial + time)).toEqual({ ok: true, iso });
          if (serial >= 1462) {
            expect(parseFrenchDate(serial - 1462 + time, { date1904: true })).toEqual({
              ok: true,
              iso,
            });
          }
        },
      ),
    );
  });

  it('the day after the last of any month is impossible', () => {
    const month = fc.record({
      year: fc.integer({ min: 1900, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
    });
    fc.assert(
      fc.property(month, ({ year, month }) => {
        // Day 0 of the next month is the last day of this one.
        const after = new Date(Date.UTC(year, month, 0)).getUTCDate() + 1;
        expect(parseFrenchDate(`${after}/${pad(month, 2)}/${year}`)).toEqual({
          ok: false,
          reason: 'impossible',
        });
      }),
    );
  });
});

/** The Luhn key that completes 13 digits into a valid SIRET. */
function luhnKey(digits: number[]): number {
  // The key is the rightmost digit: from the right, the 13 given digits sit at
  // odd places (1, 3, …) and every odd place is doubled.
  const sum = digits
    .slice()
    .reverse()
    .reduce((total, digit, index) => {
      if (index % 2 === 1) return total + digit;
      const doubled = digit * 2;
      return total + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
  return (10 - (sum % 10)) % 10;
}

const thirteenDigits = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 13, maxLength: 13 })
  // La Poste's SIREN has its own key (see parse-codes.spec.ts).
  .filter((digits) => !digits.join('').startsWith('356000000'));

describe('SIRET keys', () => {
  it('every 14 digits with a valid Luhn key pass: text, grouped, number', () => {
    fc.assert(
      fc.property(thirteenDigits, (digits) => {
        const siret = `${digits.join('')}${luhnKey(digits)}`;
        expect(readSiret(siret)).toEqual({ ok: true, code: siret });
        // Grouped as on a Kbis: 3, 3, 3 and 5 digits.
        const grouped = siret.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ');
        expect(readSiret(grouped)).toEqual({ ok: true, code: siret });
        if (siret[0] !== '0') {
          expect(readSiret(Number(siret))).toEqual({ ok: true, code: siret });
        }
      }),
    );
  });

  it('changing any one digit of a valid SIRET makes it fail', () => {
    const change = fc.record({
      digits: thirteenDigits,
      place: fc.integer({ min: 0, max: 13 }),
      shift: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(change, ({ digits, place, shift }) => {
        const valid = [...digits, luhnKey(digits)];
        const changed = valid.map((d, i) => (i === place ? (d + shift) % 10 : d));
        fc.pre(!changed.join('').startsWith('356000000'));
        const result = readSiret(changed.join(''));
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason).toMatch(
          /^le SIRET ne respecte pas la clé de Luhn/,
        );
      }),
    );
  });
});

describe('postcodes and INSEE codes stay text', () => {
  const fourDigits = fc.integer({ min: 1000, max: 9999 });

  it('every postcode with a leading zero keeps it, also from a number cell', () => {
    fc.assert(
      fc.property(fourDigits, (rest) => {
        const code = `0${rest}`;
        expect(readPostcode(code)).toEqual({ ok: true, code });
        // A spreadsheet stores 01400 as the number 1400.
        expect(readPostcode(Number(code))).toEqual({ ok: true, code });
      }),
    );
  });

  it('every Corsican INSEE code keeps its 2A or 2B, whatever the case', () => {
    const corsican = fc.record({
      departement: fc.constantFrom('2A', '2B', '2a', '2b'),
      commune: fc.integer({ min: 0, max: 999 }),
    });
    fc.assert(
      fc.property(corsican, ({ departement, commune }) => {
        const code = `${departement.toUpperCase()}${pad(commune, 3)}`;
        expect(readInseeCode(`${departement}${pad(commune, 3)}`)).toEqual({
          ok: true,
          code,
        });
      }),
    );
  });
});
