/**
 * French words for the short unit symbols of quantities, agreed with the
 * quantity: « 1 heure », « 1 200 heures », « 3 unités », « 12 kg ».
 */

/** Symbols read better as words, with their singular, plural and gender. */
const WORDS: Record<string, { one: string; many: string; feminine: boolean }> = {
  h: { one: 'heure', many: 'heures', feminine: true },
  j: { one: 'jour', many: 'jours', feminine: false },
  u: { one: 'unité', many: 'unités', feminine: true },
  repas: { one: 'repas', many: 'repas', feminine: false },
};

/** French plural from 2 on: « 1,5 heure », « 2 heures ». */
const isPlural = (quantity: number): boolean => Math.abs(quantity) >= 2;

/** The unit as a word for `quantity` (« heures »); other symbols as they are. */
export function unitWord(symbol: string, quantity: number): string {
  const word = WORDS[symbol];
  if (!word) return symbol;
  return isPlural(quantity) ? word.many : word.one;
}

/** « livré », « livrée », « livrés », « livrées » agreed with the unit and quantity. */
export function deliveredWord(symbol: string, quantity: number): string {
  const feminine = WORDS[symbol]?.feminine ?? false;
  return `livré${feminine ? 'e' : ''}${isPlural(quantity) ? 's' : ''}`;
}
