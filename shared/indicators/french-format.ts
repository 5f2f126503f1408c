/** French writing of the indicators' figures: « 42,9 % », « 12 345,00 € ». */

const percent = (digits: number): Intl.NumberFormat =>
  new Intl.NumberFormat('fr-FR', {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
const PERCENT = [percent(0), percent(1)] as const;

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** A share (0.429) as a French percentage, one decimal by default (« 42,9 % »). */
export function formatShare(share: number, digits: 0 | 1 = 1): string {
  return PERCENT[digits].format(share);
}

/** An amount in euros with cents (« 12 345,00 € »). */
export function formatEuros(amount: number): string {
  return EUROS.format(amount);
}

/** « 1 besoin », « 3 besoins »: the count and the word, agreed. */
export function countOf(count: number, singular: string, plural: string): string {
  return `${count.toLocaleString('fr-FR')} ${count >= 2 ? plural : singular}`;
}
