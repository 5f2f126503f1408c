/** Which plan columns hold codes that must stay text (CPV, postcode, SIRET, INSEE). */
import { foldText } from '../../../shared/text/fold-text';

/** How a numeric cell in that column is turned back into its code. */
export type CodeColumnKind = 'cpv' | 'postcode' | 'code';

/** The kind of code a header announces, or null for an ordinary column. */
export function codeColumnKind(header: unknown): CodeColumnKind | null {
  if (typeof header !== 'string') return null;
  const folded = foldText(header);
  if (folded.includes('cpv')) return 'cpv';
  if (folded.includes('postal') || folded.includes('lieu') || folded.includes('site')) {
    return 'postcode';
  }
  if (/\b(siret|siren|insee|code)\b/.test(folded)) return 'code';
  return null;
}

/**
 * The text of a code a spreadsheet stored as a number. Excel drops leading
 * zeros, so a 7-digit CPV and a 4-digit postcode get theirs back.
 */
export function codeText(value: number, kind: CodeColumnKind): string {
  const text = Number.isInteger(value) ? String(value) : String(value).replace('.', ',');
  if (!/^\d+$/.test(text)) return text;
  if (kind === 'cpv' && text.length === 7) return `0${text}`;
  if (kind === 'postcode' && text.length === 4) return `0${text}`;
  return text;
}
