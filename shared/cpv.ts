/** The CPV 2008 nomenclature: lookup, parsing of typed codes, hierarchy fit. */
import type { CpvFile, SectorFitLevel } from './model';

/** Read-only view of the CPV nomenclature, keyed by 8-digit code. */
export interface CpvNomenclature {
  has(code8: string): boolean;
  label(code8: string): string | undefined;
  checkDigit(code8: string): string | undefined;
}

/** Builds the lookup from resources/cpv.json. */
export function buildCpvNomenclature(file: CpvFile): CpvNomenclature {
  const byCode = new Map(file.codes.map((entry) => [entry.code, entry]));
  return {
    has: (code8) => byCode.has(code8),
    label: (code8) => byCode.get(code8)?.label,
    checkDigit: (code8) => byCode.get(code8)?.check,
  };
}

export type CpvParse = { ok: true; code: string } | { ok: false; message: string };

/**
 * Reads a CPV code as people write it: "77310000-6", "77310000", "7731 0000-6",
 * "77310000 6", "77310000–6" (any dash), or 7 digits that lost their leading
 * zero in a spreadsheet ("3311000" → "03311000", only when that code exists).
 *
 * A given check digit must match the nomenclature's. It is looked up, not
 * computed: the method the CPV regulation describes does not give the digits
 * the 2008 list carries (the Publications Office acknowledges the error), and
 * no usual key (Luhn, Verhoeff, Damm, ISO 7064 MOD 11-10, weighted sums
 * modulo 10 or 11) reproduces them.
 */
export function parseCpv(input: string, nomenclature: CpvNomenclature): CpvParse {
  const typed = input.trim();
  // Spaces (also NBSP and narrow NBSP) and dots only group digits; word
  // processors turn the hyphen into another dash.
  const compact = typed
    .replace(/^cpv\s*:?\s*/i, '')
    .replace(/[\s\u00a0\u202f.]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
  const match = /^(\d{7,8})(?:-(\d))?$/.exec(compact) ?? /^(\d{8})(\d)$/.exec(compact);
  if (!match) {
    return {
      ok: false,
      message:
        `Code CPV « ${typed} » invalide : indiquez 8 chiffres, avec ou sans clé ` +
        'de contrôle (ex. 77310000-6).',
    };
  }
  const digits = match[1] ?? '';
  const check = match[2];
  const code = digits.length === 7 ? `0${digits}` : digits;
  const written = check === undefined ? digits : `${digits}-${check}`;
  if (!nomenclature.has(code)) {
    return {
      ok: false,
      message: `Code CPV ${written} inconnu de la nomenclature CPV 2008.`,
    };
  }
  const expected = nomenclature.checkDigit(code);
  if (check !== undefined && expected !== undefined && check !== expected) {
    return {
      ok: false,
      message: `Code CPV ${written} : clé de contrôle incorrecte (attendue : ${expected}).`,
    };
  }
  return { ok: true, code };
}

/** The digits of a code that carry meaning: trailing zeros mean "all below" (min. 2). */
export function cpvSignificant(code8: string): string {
  const trimmed = code8.replace(/0+$/, '');
  return trimmed.length >= 2 ? trimmed : code8.slice(0, 2);
}

/** Length of the common prefix of two codes. */
function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * How precisely a supplier's CPV code covers a need's:
 * - 'code' when the supplier's code equals the need's or is one of its
 *   ancestors (its significant digits, trailing zeros dropped, are a prefix of
 *   the need's code: 77310000 covers 77311000);
 * - otherwise by the length of their common prefix: 5+ digits 'category',
 *   4 'class', 3 'group', 2 'division';
 * - null when they do not even share the division (first 2 digits).
 */
export function cpvFitLevel(
  needCode: string,
  supplierCode: string,
): SectorFitLevel | null {
  if (needCode.startsWith(cpvSignificant(supplierCode))) return 'code';
  const common = commonPrefixLength(needCode, supplierCode);
  if (common >= 5) return 'category';
  if (common === 4) return 'class';
  if (common === 3) return 'group';
  if (common === 2) return 'division';
  return null;
}
