/** A supplier's e-mail address and telephone number as the catalogue keeps them. */

/**
 * A bare e-mail address: no space, quote, angle bracket, colon, semicolon or
 * comma, one @, a dot in the domain. The same rule as the report's mailto:
 * links (main/services/report/report-table.ts) and the catalogue schema, so
 * an address the catalogue keeps is always a working link.
 */
export const EMAIL_PATTERN = /^[^\s@"<>:;,]+@[^\s@"<>:;,]+\.[^\s@"<>:;,]+$/;

/** An e-mail address kept when it is one (« mailto: » dropped); null otherwise. */
export function emailOrNull(value: string | undefined): string | null {
  const address = (value ?? '').trim().replace(/^mailto:/i, '');
  return EMAIL_PATTERN.test(address) ? address : null;
}

/**
 * A telephone number as written, spaces tidied. A French number is written
 * the French way, ten digits grouped by two (03 21 00 00 00): from
 * +33 3 21… or 0033 3 21… (a leading « + » would also read as a formula
 * start in a spreadsheet), and from 9 digits whose leading zero a
 * spreadsheet dropped (321000000). Other numbers stay as written; null
 * when empty.
 */
export function phoneOrNull(value: string | number | undefined): string | null {
  const text = String(value ?? '')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
  if (text === '') return null;
  const digits = text.replace(/[ .\-/]|\(0\)/g, '');
  const national = /^(\+33|0033)\d{9}$/.test(digits)
    ? `0${digits.slice(-9)}`
    : /^[1-9]\d{8}$/.test(digits)
      ? `0${digits}`
      : digits;
  if (/^0\d{9}$/.test(national)) return national.replace(/(\d{2})(?=\d)/g, '$1 ');
  return text;
}
