/**
 * The facts of a need shown in its result card's header: yearly quantity,
 * budget, date and maximum distance, each a short French phrase.
 */
import type { Need } from '../model';
import { formatFrenchNumber } from '../plan/parse-french-number';
import { unitName } from './allocation-view';
import { formatDay, formatEuros, formatKm } from './french-format';

/** A labelled fact of the header: « Quantité : 12 000 repas par an ». */
export interface NeedFact {
  key: 'quantity' | 'budget' | 'date' | 'distance';
  label: string;
  value: string;
}

/** « 12 000 repas par an »; a need without quantity says « quantité non précisée ». */
export function yearlyQuantityText(need: Need): string {
  const quantity = need.annualQuantity;
  if (quantity === null) return 'non précisée';
  const unit = unitName(need.unitCode, need, quantity);
  const number = formatFrenchNumber(quantity, 2);
  // A need without frequency counts once: no « par an » then.
  const per = need.timesPerYear === null ? '' : ' par an';
  return `${unit === '' ? number : `${number}\u00a0${unit}`}${per}`;
}

/** The header's facts, in the order the buyer reads a need: how much, money, when, how far. */
export function needFacts(need: Need): NeedFact[] {
  return [
    { key: 'quantity', label: 'Quantité', value: yearlyQuantityText(need) },
    {
      key: 'budget',
      label: 'Budget',
      value: need.budget === null ? 'non précisé' : `${formatEuros(need.budget)} HT`,
    },
    {
      key: 'date',
      label: 'Date',
      value: need.date === null ? 'non précisée' : formatDay(need.date),
    },
    {
      key: 'distance',
      label: 'Distance maximale',
      value: formatKm(need.maxDistanceKm),
    },
  ];
}
