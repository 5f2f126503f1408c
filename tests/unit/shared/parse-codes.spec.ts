import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommunesFile } from '../../../shared/model';
import { readInseeCode, readPostcode, readSiret } from '../../../shared/plan/parse-codes';

const { communes } = JSON.parse(
  readFileSync('resources/communes.json', 'utf8'),
) as CommunesFile;

describe('readPostcode', () => {
  it.each([
    ['01400', '01400'],
    [' 75016 ', '75016'],
    ['75 016', '75016'],
    ['59046', '59046'], // a CEDEX code of Lille
    ['97400', '97400'],
    ['20000', '20000'], // Ajaccio: Corsican postcodes are digits
    [1400, '01400'], // a number cell lost the zero of département 01
    ['1400', '01400'], // the same, exported as text
    [75016, '75016'],
  ] as const)('%j → %s', (cell, code) =>
    expect(readPostcode(cell)).toEqual({ ok: true, code }),
  );

  it.each([
    ['750', 'le code postal a 5 chiffres, pas 3'],
    ['750166', 'le code postal a 5 chiffres, pas 6'],
    ['00100', 'aucun code postal ne commence par 00'],
    ['75O16', 'le code postal ne contient que des chiffres'],
    [
      '2A004',
      '2A004 est un code INSEE de Corse ; le code postal s’écrit en chiffres ' +
        '(20000 à 20999)',
    ],
    [59000.5, 'le code postal doit être écrit en chiffres, sans virgule'],
    [true, 'le code postal doit être écrit en chiffres'],
  ] as const)('rejects %j: %s', (cell, reason) =>
    expect(readPostcode(cell)).toEqual({ ok: false, reason }),
  );

  it('accepts every postcode of the communes file', () => {
    const postcodes = new Set(communes.flatMap((c) => c.postcodes));
    expect(postcodes.size).toBeGreaterThan(6000);
    const refused = [...postcodes].filter((code) => !readPostcode(code).ok);
    expect(refused).toEqual([]);
  });
});

describe('readInseeCode', () => {
  it.each([
    ['01004', '01004'],
    ['2A004', '2A004'], // Ajaccio
    ['2b033', '2B033'], // Bastia, typed in lower case
    ['97411', '97411'], // Saint-Denis (La Réunion)
    ['93066', '93066'], // Saint-Denis (Seine-Saint-Denis)
    [1004, '01004'],
  ] as const)('%j → %s', (cell, code) =>
    expect(readInseeCode(cell)).toEqual({ ok: true, code }),
  );

  it.each([
    [
      '20004',
      'en Corse, le code INSEE commence par 2A ou 2B (20 est le début du code postal)',
    ],
    [
      '2C004',
      'le code INSEE a 5 caractères : 2 pour le département (2A ou 2B en Corse), ' +
        '3 pour la commune',
    ],
    [
      '930660',
      'le code INSEE a 5 caractères : 2 pour le département (2A ou 2B en Corse), ' +
        '3 pour la commune',
    ],
    ['00123', 'aucun code INSEE ne commence par 00'],
  ])('rejects %j: %s', (cell, reason) =>
    expect(readInseeCode(cell)).toEqual({ ok: false, reason }),
  );

  it('accepts every INSEE code of the communes file, Corsica included', () => {
    const codes = communes.map((c) => c.insee);
    expect(codes).toContain('2A004');
    expect(codes.filter((code) => !readInseeCode(code).ok)).toEqual([]);
  });
});

describe('readSiret', () => {
  // 42399908500057 (a contract holder in the 2019 DECP data). Luhn from the
  // right, doubling every second digit: 7 + (5×2=10→1) + 0 + 0 + 0 + (5×2→1)
  // + 8 + 0 + 9 + (9×2=18→9) + 9 + (3×2=6) + 2 + (4×2=8) = 60, a multiple of 10.
  it.each([
    ['42399908500057', '42399908500057'],
    ['423 999 085 00057', '42399908500057'],
    ['423\u00a0999\u00a0085\u00a000057', '42399908500057'],
    [42399908500057, '42399908500057'], // a number cell holds 14 digits exactly
    // La Poste's establishments (2019 DECP data): Luhn gives 27, but the digits
    // sum to 3+5+6+1+2+3+5 = 25, a multiple of 5, La Poste's own key.
    ['35600000012305', '35600000012305'],
    ['35600000000048', '35600000000048'], // La Poste's head office follows Luhn
  ] as const)('%j → %s', (cell, code) =>
    expect(readSiret(cell)).toEqual({ ok: true, code }),
  );

  it('rejects a SIRET a spreadsheet wrote in scientific notation', () => {
    expect(readSiret('1,23457E+13')).toEqual({
      ok: false,
      reason:
        'le tableur a écrit le SIRET en notation scientifique (1,23457E+13) et en a ' +
        'perdu les derniers chiffres : mettez la colonne au format Texte et ' +
        'saisissez le code en entier',
    });
    expect(readSiret('4.23999E13').ok).toBe(false);
  });

  it('rejects a SIRET rounded to trailing zeros, saying why', () => {
    // 1,23457E+13 read back as 12345700000000: Luhn gives 7 + (5×2→1) + 4 +
    // (3×2=6) + 2 + (1×2=2) = 22, not a multiple of 10.
    const rounded = {
      ok: false,
      reason:
        'le SIRET ne respecte pas la clé de Luhn ; il se termine par 00000 : le ' +
        'tableur en a sans doute arrondi les derniers chiffres (notation ' +
        'scientifique) ; mettez la colonne au format Texte et saisissez les 14 chiffres',
    };
    expect(readSiret(12345700000000)).toEqual(rounded);
    expect(readSiret('12345700000000')).toEqual(rounded);
  });

  it('rejects a number beyond 2^53, which the spreadsheet could not hold exactly', () => {
    expect(readSiret(2 ** 53 + 2)).toEqual({
      ok: false,
      reason:
        'le SIRET est un nombre trop grand pour le tableur, qui en a arrondi les ' +
        'derniers chiffres',
    });
  });

  it.each([
    ['4239990850005', 'le SIRET a 13 chiffres au lieu de 14'],
    ['42399908500058', 'le SIRET ne respecte pas la clé de Luhn'],
    ['4239990850005A', 'le SIRET contient autre chose que des chiffres'],
    // La Poste's SIREN with a wrong key: sum 3+5+6+1+2+3+6 = 26, Luhn fails too.
    ['35600000012306', 'le SIRET ne respecte pas la clé de Luhn'],
  ])('rejects %j: %s', (cell, reason) =>
    expect(readSiret(cell)).toEqual({ ok: false, reason }),
  );
});
