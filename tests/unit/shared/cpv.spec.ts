import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCpvNomenclature, cpvFitLevel, parseCpv } from '../../../shared/cpv';
import type { CpvFile } from '../../../shared/model';

// Check digits copied from the CPV 2008 list (shared/data/procurement/cpv-2008-fr.csv).
const FIXTURE: CpvFile = {
  source: 'test',
  licence: 'test',
  codes: [
    { code: '77310000', check: '6', label: "Réalisation et entretien d'espaces verts" },
    {
      code: '77311000',
      check: '3',
      label: "Entretien de pelouses décoratives ou d'agrément",
    },
    { code: '03311000', check: '2', label: 'Poissons' },
  ],
};
const cpv = buildCpvNomenclature(FIXTURE);
/** The CPV 2008 list in French, with its check digits (../shared/data). */
const CPV_2008_CSV = '../shared/data/procurement/cpv-2008-fr.csv';

describe('parseCpv', () => {
  it.each([
    '77310000-6',
    '77310000',
    '7731 0000-6',
    '77310000 6',
    '773100006',
    ' 77310000 - 6 ',
    '77310000\u20136', // en dash, as word processors write it
    '77310000\u20116', // non-breaking hyphen
    'CPV : 77310000-6',
  ])('reads %s', (input) =>
    expect(parseCpv(input, cpv)).toEqual({ ok: true, code: '77310000' }),
  );

  it('restores a leading zero lost by a spreadsheet, only for an existing code', () => {
    expect(parseCpv('3311000', cpv)).toEqual({ ok: true, code: '03311000' });
    expect(parseCpv('3311000-2', cpv)).toEqual({ ok: true, code: '03311000' });
    expect(parseCpv('7731100', cpv)).toEqual({
      ok: false,
      message: 'Code CPV 7731100 inconnu de la nomenclature CPV 2008.',
    });
  });

  it('rejects a wrong check digit with the expected one', () => {
    expect(parseCpv('77310000-5', cpv)).toEqual({
      ok: false,
      message: 'Code CPV 77310000-5 : clé de contrôle incorrecte (attendue : 6).',
    });
  });

  it('rejects unknown codes and malformed text', () => {
    expect(parseCpv('12345678', cpv)).toEqual({
      ok: false,
      message: 'Code CPV 12345678 inconnu de la nomenclature CPV 2008.',
    });
    const bad = parseCpv('espaces verts', cpv);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('« espaces verts » invalide');
  });

  it.skipIf(!existsSync(CPV_2008_CSV))(
    'takes the check digits of the CPV 2008 list, which no usual key computes',
    () => {
      const real = buildCpvNomenclature(
        JSON.parse(readFileSync('resources/cpv.json', 'utf8')) as CpvFile,
      );
      const listed = readFileSync(CPV_2008_CSV, 'utf8')
        .split('\n')
        .map((line) => /^(\d{8})-(\d),/.exec(line))
        .filter((match) => match !== null);
      expect(listed).toHaveLength(9454);
      for (const [, code = '', check = ''] of listed) {
        expect(parseCpv(`${code}-${check}`, real)).toEqual({ ok: true, code });
        const wrong = (Number(check) + 1) % 10;
        expect(parseCpv(`${code}-${wrong}`, real)).toEqual({
          ok: false,
          message:
            `Code CPV ${code}-${wrong} : clé de contrôle incorrecte ` +
            `(attendue : ${check}).`,
        });
      }
      // Luhn would give 03300000-1 (with the key appended, the doubled digits
      // from the right are 0, 0, 0, 3 → 6, the others 0, 0, 3, 0: 9, key 1);
      // the list says 2, the example raised with the Publications Office.
      expect(parseCpv('03300000-1', real)).toEqual({
        ok: false,
        message: 'Code CPV 03300000-1 : clé de contrôle incorrecte (attendue : 2).',
      });
    },
  );

  it.skipIf(!existsSync('resources/cpv.json'))(
    'agrees with the real resources/cpv.json',
    () => {
      const real = buildCpvNomenclature(
        JSON.parse(readFileSync('resources/cpv.json', 'utf8')) as CpvFile,
      );
      expect(parseCpv('90919200-4', real)).toEqual({ ok: true, code: '90919200' });
      expect(real.label('77310000')).toBe("Réalisation et entretien d'espaces verts");
    },
  );
});

describe('cpvFitLevel', () => {
  it.each([
    ['77311000', '77311000', 'code'], // equal
    ['77311000', '77310000', 'code'], // 7731 is a prefix of 77311000: the supplier covers it
    ['77311000', '77300000', 'code'], // 773…
    ['77311000', '77000000', 'code'], // division code covers everything below
    ['77311200', '77311300', 'category'], // common prefix 77311 = 5 digits
    ['77311000', '77312000', 'class'], // 7731 = 4
    ['77311000', '77320000', 'group'], // 773 = 3
    ['77311000', '77400000', 'division'], // 77 = 2
    ['77311000', '78000000', null], // 7 = 1
    ['77310000', '77311000', 'class'], // a narrower supplier code shares 7731 only
  ] as const)('need %s, supplier %s → %s', (need, supplier, level) => {
    expect(cpvFitLevel(need, supplier)).toBe(level);
  });
});
