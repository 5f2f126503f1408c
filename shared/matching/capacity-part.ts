/** The capacity part of a score: capacity per period and minimum order, when known. */
import type { Frequency, Need, Offer, ScorePart, Supplier } from '../model';
import { formatFrenchNumber } from '../plan/parse-french-number';
import { foldText } from '../text/fold-text';

/** Times a quantity counted per period happens in a year ("once" counts once). */
const PER_YEAR: Record<Frequency, number> = {
  once: 1,
  weekly: 52,
  monthly: 12,
  yearly: 1,
};

export interface CapacityPart {
  part: ScorePart;
  toConfirm: string[];
}

interface Check {
  ok: boolean;
  text: string;
}

const n = (value: number): string => formatFrenchNumber(value);

/** Units compare when either is unknown or both fold to the same word. */
function sameUnit(offer: Offer, need: Need): boolean {
  return (
    offer.unit === null ||
    need.unit === null ||
    foldText(offer.unit) === foldText(need.unit)
  );
}

/** Capacity check: the offer's yearly capacity against the need's yearly quantity. */
function capacityCheck(offer: Offer, need: Need, quantity: number): Check | null {
  if (
    offer.capacity === null ||
    offer.capacityPeriod === null ||
    !sameUnit(offer, need)
  ) {
    return null;
  }
  const needed = quantity * PER_YEAR[need.frequency ?? 'once'];
  const available = offer.capacity * PER_YEAR[offer.capacityPeriod];
  const unit = need.unit ?? offer.unit ?? '';
  const ok = available >= needed;
  return {
    ok,
    text: `capacité ${n(available)} ${unit} par an ${ok ? '≥' : '<'} besoin ${n(needed)}`.replace(
      /\s+/g,
      ' ',
    ),
  };
}

/** Minimum-order check: the need's quantity per order against the offer's minimum. */
function minimumCheck(offer: Offer, need: Need, quantity: number): Check | null {
  if (offer.minimumOrder === null || !sameUnit(offer, need)) return null;
  const ok = quantity >= offer.minimumOrder;
  return {
    ok,
    text: `commande de ${n(quantity)} ${ok ? '≥' : '<'} minimum ${n(offer.minimumOrder)}`,
  };
}

function evaluate(offer: Offer, need: Need, quantity: number, weight: number) {
  const checks = {
    capacité: capacityCheck(offer, need, quantity),
    'minimum de commande': minimumCheck(offer, need, quantity),
  };
  let points = 0;
  let max = 0;
  const texts: string[] = [];
  const toConfirm: string[] = [];
  for (const [name, check] of Object.entries(checks)) {
    if (check === null) {
      toConfirm.push(name);
      continue;
    }
    max += weight / 2;
    if (check.ok) points += weight / 2;
    texts.push(check.text);
  }
  return { points, max, texts, toConfirm };
}

const UNKNOWN_TEXT = 'Capacité et minimum de commande à confirmer auprès du fournisseur';

/**
 * Half the weight for a yearly capacity that covers the need, half for a
 * quantity that reaches the minimum order. What the catalogue (or the need)
 * does not tell is "à confirmer": it adds nothing to points or maximum, so it
 * never lowers a score nor excludes a supplier.
 */
export function capacityPart(
  need: Need,
  supplier: Supplier,
  weight: number,
): CapacityPart {
  const unknown = {
    part: {
      criterion: 'capacity' as const,
      points: 0,
      max: 0,
      explanation: UNKNOWN_TEXT,
    },
    toConfirm: ['capacité', 'minimum de commande'],
  };
  if (need.quantity === null) {
    const knows = supplier.offers.some(
      (o) => o.capacity !== null || o.minimumOrder !== null,
    );
    return knows
      ? {
          ...unknown,
          part: {
            ...unknown.part,
            explanation:
              'Quantité du besoin non précisée : capacité et minimum de commande à confirmer',
          },
        }
      : unknown;
  }
  const quantity = need.quantity;
  // TODO: offers are not matched to the need's object (the catalogue has none yet): the best offer counts.
  const best = supplier.offers
    .map((offer) => evaluate(offer, need, quantity, weight))
    .filter((e) => e.max > 0)
    .sort((a, b) => b.points - a.points || b.max - a.max)[0];
  if (!best) return unknown;
  const confirm =
    best.toConfirm.length > 0 ? ` ; ${best.toConfirm.join(' et ')} à confirmer` : '';
  const text = best.texts.join(' ; ');
  return {
    part: {
      criterion: 'capacity',
      points: best.points,
      max: best.max,
      explanation: `${text.charAt(0).toUpperCase()}${text.slice(1)}${confirm}`,
    },
    toConfirm: best.toConfirm,
  };
}
