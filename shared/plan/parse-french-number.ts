/** Reading numbers as French spreadsheets and people write them. */
import type { CellValue } from './sheet';

export type NumberParse =
  { ok: true; value: number } | { ok: false; reason: 'not-a-number' | 'ambiguous' };

/** Space, no-break space and narrow no-break space all group thousands. */
const SPACES = /[ \u00a0\u202f]/g;
const FRENCH = /^-?\d+(?:,\d+)?$/;
const FRENCH_GROUPED = /^-?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$/;
const DOTTED_THOUSANDS = /^-?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?$|^-?\d{1,3}\.\d{3},\d+$/;
const DOT_DECIMAL = /^-?\d+\.\d+$/;
// "1.234" may be 1234 (dotted thousands) or 1,234: we refuse to guess. "0.234"
// cannot be a thousand, so it stays a decimal.
const LONE_DOTTED_THOUSAND = /^-?[1-9]\d{0,2}\.\d{3}$/;
const CURRENCY_BEFORE = /^(?:€|eur)\s*/i;
const CURRENCY_AFTER = /\s*(?:€|eur|euros?)$/i;

/** The text without currency, plus sign, and with a typographic minus made plain. */
function bareNumberText(value: string): string {
  return value
    .trim()
    .replace(CURRENCY_BEFORE, '')
    .replace(CURRENCY_AFTER, '')
    .replace(/^\u2212/, '-')
    .replace(/^\+/, '')
    .trim();
}

/**
 * Parses `12,5`, `-12,5`, `1 234,50` (space, NBSP or narrow NBSP), `1234.5`,
 * `1.234.567`, with an optional `€`, `EUR` or `euros` before or after; numeric
 * cells pass through. A lone `1.234` is reported as ambiguous.
 */
export function parseFrenchNumber(value: CellValue): NumberParse {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, reason: 'not-a-number' };
  }
  if (typeof value !== 'string') return { ok: false, reason: 'not-a-number' };
  const text = bareNumberText(value);
  if (LONE_DOTTED_THOUSAND.test(text)) return { ok: false, reason: 'ambiguous' };
  let normalized: string | null = null;
  if (FRENCH.test(text) || FRENCH_GROUPED.test(text)) {
    normalized = text.replace(SPACES, '').replace(',', '.');
  } else if (DOTTED_THOUSANDS.test(text)) {
    normalized = text.replace(/\./g, '').replace(',', '.');
  } else if (DOT_DECIMAL.test(text)) {
    normalized = text;
  }
  if (normalized === null) return { ok: false, reason: 'not-a-number' };
  return { ok: true, value: Number(normalized) };
}

/** One formatter per number of decimals: building one costs far more than using it. */
const FORMATTERS = new Map<number, Intl.NumberFormat>();

/** French writing of a number, e.g. 1234.5 → "1 234,5" (narrow NBSP grouping). */
export function formatFrenchNumber(value: number, maximumFractionDigits = 2): string {
  let formatter = FORMATTERS.get(maximumFractionDigits);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('fr-FR', { maximumFractionDigits });
    FORMATTERS.set(maximumFractionDigits, formatter);
  }
  return formatter.format(value);
}
