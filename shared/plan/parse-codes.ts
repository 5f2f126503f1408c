/**
 * Reading postcodes, INSEE commune codes and SIRET from spreadsheet cells:
 * they are text, and what a spreadsheet did to them (lost leading zero,
 * scientific notation, rounded digits) is undone or reported, never guessed.
 */
import { siretProblem } from '../catalogue/siret';
import type { CellValue } from './sheet';

/** A code as text, or why the cell holds no usable code (a French phrase). */
export type CodeParse = { ok: true; code: string } | { ok: false; reason: string };

/** `1,23457E+13` or `1.23457e13`: how a spreadsheet shows a long number it rounded. */
const SCIENTIFIC = /^\d+(?:[.,]\d+)?\s*e\s*[+-]?\d+$/i;
/** La Poste's SIREN: its establishments' SIRET use another key (sum of digits ÷ 5). */
const LA_POSTE_SIREN = '356000000';

const failed = (reason: string): CodeParse => ({ ok: false, reason });

/**
 * The characters of a code cell, spaces removed, or why it has none. A number
 * cell is taken only when it is a whole number a spreadsheet holds exactly.
 */
function cellCode(value: CellValue, what: string): CodeParse {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value) || value < 0) {
      return failed(`${what} doit être écrit en chiffres, sans virgule`);
    }
    if (!Number.isSafeInteger(value)) {
      return failed(
        `${what} est un nombre trop grand pour le tableur, qui en a arrondi les ` +
          'derniers chiffres',
      );
    }
    return { ok: true, code: String(value) };
  }
  if (typeof value !== 'string') return failed(`${what} doit être écrit en chiffres`);
  const text = value.trim().replace(/[ \u00a0\u202f]/g, '');
  if (text === '') return failed(`${what} est vide`);
  if (SCIENTIFIC.test(text)) {
    return failed(
      `le tableur a écrit ${what} en notation scientifique (${value.trim()}) et en a ` +
        'perdu les derniers chiffres : mettez la colonne au format Texte et ' +
        'saisissez le code en entier',
    );
  }
  return { ok: true, code: text.toUpperCase() };
}

/** Four digits: a spreadsheet dropped the leading zero of départements 01 to 09. */
function withLeadingZero(code: string): string {
  return /^\d{4}$/.test(code) ? `0${code}` : code;
}

/**
 * A French postcode (5 digits, CEDEX codes included) as text; `1400` (a
 * number, or text a spreadsheet exported) gets its zero back: `01400`.
 */
export function readPostcode(value: CellValue): CodeParse {
  const cell = cellCode(value, 'le code postal');
  if (!cell.ok) return cell;
  const code = withLeadingZero(cell.code);
  if (/^2[AB]\d{3}$/.test(code)) {
    return failed(
      `${code} est un code INSEE de Corse ; le code postal s’écrit en chiffres ` +
        '(20000 à 20999)',
    );
  }
  if (!/^\d+$/.test(code)) return failed('le code postal ne contient que des chiffres');
  if (code.length !== 5) {
    return failed(`le code postal a 5 chiffres, pas ${code.length}`);
  }
  if (code.startsWith('00')) return failed('aucun code postal ne commence par 00');
  return { ok: true, code };
}

/**
 * An INSEE commune code as text: 5 characters, département first (`01004`,
 * `2A004` and `2B033` in Corsica, `97411` overseas); `1004` gets its zero back.
 */
export function readInseeCode(value: CellValue): CodeParse {
  const cell = cellCode(value, 'le code INSEE');
  if (!cell.ok) return cell;
  const code = withLeadingZero(cell.code);
  if (!/^(?:\d{2}|2[AB])\d{3}$/.test(code)) {
    return failed(
      'le code INSEE a 5 caractères : 2 pour le département (2A ou 2B en Corse), ' +
        '3 pour la commune',
    );
  }
  if (code.startsWith('20')) {
    return failed(
      'en Corse, le code INSEE commence par 2A ou 2B (20 est le début du code postal)',
    );
  }
  if (code.startsWith('00')) return failed('aucun code INSEE ne commence par 00');
  return { ok: true, code };
}

/** La Poste's establishments: digits summing to a multiple of 5 instead of Luhn. */
function isLaPosteSiret(siret: string): boolean {
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  const sum = [...siret].reduce((total, digit) => total + Number(digit), 0);
  return sum % 5 === 0;
}

/**
 * A SIRET as its 14 digits (spaces between groups allowed). Rejected with the
 * reason: scientific notation (`1,23457E+13`), a number too large to be exact,
 * a wrong length or Luhn key (La Poste's own key accepted); when such a SIRET
 * ends with 00000, the reason adds that a spreadsheet probably rounded it.
 */
export function readSiret(value: CellValue): CodeParse {
  const cell = cellCode(value, 'le SIRET');
  if (!cell.ok) return cell;
  const siret = cell.code;
  if (/^\d{14}$/.test(siret) && isLaPosteSiret(siret)) return { ok: true, code: siret };
  const problem = siretProblem(siret);
  if (problem === null) return { ok: true, code: siret };
  // A real SIRET may end with 00000 (establishment 0000, key 0); a rounded one
  // is caught by its key or its length.
  if (/^\d{9,}0{5}$/.test(siret)) {
    return failed(
      `${problem} ; il se termine par 00000 : le tableur en a sans doute arrondi ` +
        'les derniers chiffres (notation scientifique) ; mettez la colonne au ' +
        'format Texte et saisissez les 14 chiffres',
    );
  }
  return failed(problem);
}
