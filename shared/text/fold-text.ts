/** Text folding used to compare what people type with names in the data. */

const ABBREVIATIONS: Record<string, string> = { st: 'saint', ste: 'sainte' };

/**
 * Folds text for comparison: lower case, accents removed, œ→oe, æ→ae,
 * punctuation to spaces, "st"/"ste" expanded; `St-Omer` → "saint omer".
 */
export function foldText(input: string): string {
  const plain = input
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    // Anything that is not a letter or a digit separates words (apostrophes too).
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (plain === '') return '';
  return plain
    .split(' ')
    .map((word) => ABBREVIATIONS[word] ?? word)
    .join(' ');
}
