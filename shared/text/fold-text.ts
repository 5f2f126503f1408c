/** Text folding used to compare what people type with names in the data. */

const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte' };
/** A word of ABBREVIATIONS in folded text (words separated by one space). */
const ABBREVIATED = /(?:^| )ste?(?: |$)/;
const NOT_ASCII = /[\u0080-\uffff]/;

/**
 * Folds text for comparison: lower case, accents removed, œ→oe, æ→ae,
 * punctuation to spaces, "st"/"ste" expanded; `St-Omer` → "saint omer".
 */
export function foldText(input: string): string {
  let text = input.toLowerCase();
  // Plain ASCII, most names and descriptions, has no accent or ligature to undo.
  if (NOT_ASCII.test(text)) {
    text = text
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/ß/g, 'ss')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
  }
  // Anything that is not a letter or a digit separates words (apostrophes too).
  const plain = text.replace(/[^a-z0-9]+/g, ' ').trim();
  if (plain === '' || !ABBREVIATED.test(plain)) return plain;
  return plain
    .split(' ')
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join(' ');
}
