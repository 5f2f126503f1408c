/**
 * The capacity part of a score: an offer's capacity per period, annualised
 * and converted to the need's unit, against the need's yearly quantity, and
 * its minimum order against the quantity per delivery (grouped with the
 * needs of the same family at the same site when that reaches it).
 */
import type { Frequency, Need, Offer, ScorePart, Supplier } from '../model';
import {
  CANONICAL_UNITS,
  annualise,
  parseUnit,
  toCanonical,
  type QuantityKind,
} from '../plan/units';
import { foldText } from '../text/fold-text';
import { frenchNumber } from './distance-km';

/** Times a quantity counted per period happens in a year ("once" counts once). */
export const PER_YEAR: Record<Frequency, number> = {
  once: 1,
  weekly: 52,
  monthly: 12,
  yearly: 1,
};

export interface CapacityPart {
  part: ScorePart;
  toConfirm: string[];
  /** The offer whose capacity or minimum was checked; null when none could be. */
  offerId: string | null;
  /** That offer's capacity over a year in the need's unit; null when unknown. */
  annualCapacity: number | null;
}

/** What the part may look at beyond the need and the supplier. */
export interface CapacityContext {
  /** The offers still possible after lead time and season; default: all. */
  offers?: readonly Offer[];
  /** Needs of the same family at the same site (group-needs.ts). */
  groupedWith?: readonly Need[];
}

interface Check {
  ok: boolean;
  text: string;
}

/** A need's quantities in one unit: canonical when recognised, else as written. */
interface NeedAmounts {
  kind: QuantityKind | null;
  unitText: string | null;
  symbol: string;
  perDelivery: number;
  annual: number;
}

const n = (value: number): string => frenchNumber(value);

/** The need's quantity per delivery and per year, or null when it has none. */
export function needAmounts(need: Need): NeedAmounts | null {
  if (need.quantity === null) return null;
  const times = need.timesPerYear ?? PER_YEAR[need.frequency ?? 'once'];
  if (need.quantityKind !== null && need.normalizedQuantity !== null) {
    const perDelivery = need.normalizedQuantity;
    return {
      kind: need.quantityKind,
      unitText: need.unit,
      symbol: CANONICAL_UNITS[need.quantityKind].symbol,
      perDelivery,
      annual: need.annualQuantity ?? annualise(perDelivery, times),
    };
  }
  const parsed = need.unit === null ? null : parseUnit(need.unit);
  if (parsed?.status === 'found') {
    const perDelivery = toCanonical(need.quantity, parsed.unit);
    return {
      kind: parsed.unit.kind,
      unitText: need.unit,
      symbol: CANONICAL_UNITS[parsed.unit.kind].symbol,
      perDelivery,
      annual: annualise(perDelivery, times),
    };
  }
  return {
    kind: null,
    unitText: need.unit,
    symbol: need.unit ?? '',
    perDelivery: need.quantity,
    annual: need.annualQuantity ?? annualise(need.quantity, times),
  };
}

/**
 * How many of the need's units one of the offer's unit is (« kg » for a need
 * in « t » gives 1: both are counted in kg), or null when they do not compare
 * (« repas » against « kg », or a unit missing on either side).
 */
function offerFactor(offer: Offer, amounts: NeedAmounts): number | null {
  if (offer.unit === null) return null;
  if (amounts.kind !== null) {
    const parsed = parseUnit(offer.unit);
    return parsed.status === 'found' && parsed.unit.kind === amounts.kind
      ? parsed.unit.factor
      : null;
  }
  return amounts.unitText !== null && foldText(offer.unit) === foldText(amounts.unitText)
    ? 1
    : null;
}

/** An offer's amount in the need's unit, free of binary noise (0,1 × 3 = 0,3). */
const inNeedUnit = (value: number, factor: number): number =>
  Number((value * factor).toPrecision(12));

const withUnit = (value: number, symbol: string): string =>
  symbol === '' ? n(value) : `${n(value)} ${symbol}`;

function annualCapacityOf(offer: Offer, factor: number | null): number | null {
  if (offer.capacity === null || offer.capacityPeriod === null || factor === null) {
    return null;
  }
  return annualise(inNeedUnit(offer.capacity, factor), PER_YEAR[offer.capacityPeriod]);
}

function capacityCheck(available: number | null, amounts: NeedAmounts): Check | null {
  if (available === null) return null;
  const ok = available >= amounts.annual;
  const s = amounts.symbol;
  return {
    ok,
    text:
      `capacité ${withUnit(available, s)} par an ${ok ? '≥' : '<'} ` +
      `besoin ${withUnit(amounts.annual, s)} par an`,
  };
}

/** « « Fruits » (200 kg) et « Légumes » (150 kg) » */
function groupText(
  others: readonly { need: Need; amount: number }[],
  symbol: string,
): string {
  const names = others.map((o) => `« ${o.need.title} » (${withUnit(o.amount, symbol)})`);
  return names.length > 1
    ? `${names.slice(0, -1).join(', ')} et ${names[names.length - 1] ?? ''}`
    : (names[0] ?? '');
}

/** Minimum order against the quantity per delivery, grouped if that reaches it. */
function minimumCheck(
  offer: Offer,
  factor: number | null,
  amounts: NeedAmounts,
  grouped: readonly Need[],
): Check | null {
  if (offer.minimumOrder === null || factor === null) return null;
  const minimum = inNeedUnit(offer.minimumOrder, factor);
  const s = amounts.symbol;
  const alone = amounts.perDelivery;
  if (alone >= minimum) {
    return {
      ok: true,
      text: `commande de ${withUnit(alone, s)} ≥ minimum ${withUnit(minimum, s)}`,
    };
  }
  const others = grouped.flatMap((need) => {
    const a = needAmounts(need);
    return a !== null && a.kind === amounts.kind && a.kind !== null
      ? [{ need, amount: a.perDelivery }]
      : [];
  });
  const below = `commande de ${withUnit(alone, s)} < minimum ${withUnit(minimum, s)}`;
  if (others.length === 0) return { ok: false, text: below };
  const total = others.reduce((sum, o) => sum + o.amount, alone);
  const withWhom = groupText(others, s);
  return total >= minimum
    ? {
        ok: true,
        text:
          `minimum de ${withUnit(minimum, s)} atteint en regroupant avec ${withWhom} : ` +
          `${withUnit(total, s)} par livraison`,
      }
    : {
        ok: false,
        text: `${below}, même en regroupant avec ${withWhom} : ${withUnit(total, s)}`,
      };
}

interface Evaluation {
  offer: Offer;
  points: number;
  max: number;
  texts: string[];
  toConfirm: string[];
  annualCapacity: number | null;
}

function evaluate(
  offer: Offer,
  amounts: NeedAmounts,
  grouped: readonly Need[],
  weight: number,
): Evaluation {
  const factor = offerFactor(offer, amounts);
  const annualCapacity = annualCapacityOf(offer, factor);
  const checks = {
    capacité: capacityCheck(annualCapacity, amounts),
    'minimum de commande': minimumCheck(offer, factor, amounts, grouped),
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
  return { offer, points, max, texts, toConfirm, annualCapacity };
}

const UNKNOWN_TEXT = 'Capacité et minimum de commande à confirmer auprès du fournisseur';

/**
 * Half the weight for a yearly capacity that covers the need, half for a
 * quantity per delivery that reaches the minimum order; the best of the
 * possible offers counts. What the catalogue (or the need) does not tell, or
 * gives in a unit that does not compare, is « à confirmer »: it adds nothing
 * to points or maximum, so it never lowers a score nor excludes a supplier.
 */
export function capacityPart(
  need: Need,
  supplier: Supplier,
  weight: number,
  context: CapacityContext = {},
): CapacityPart {
  const unknown: CapacityPart = {
    part: { criterion: 'capacity', points: 0, max: 0, explanation: UNKNOWN_TEXT },
    toConfirm: ['capacité', 'minimum de commande'],
    offerId: null,
    annualCapacity: null,
  };
  const offers = context.offers ?? supplier.offers;
  const amounts = needAmounts(need);
  if (amounts === null) {
    const knows = offers.some((o) => o.capacity !== null || o.minimumOrder !== null);
    const explanation =
      'Quantité du besoin non précisée : capacité et minimum de commande à confirmer';
    return knows ? { ...unknown, part: { ...unknown.part, explanation } } : unknown;
  }
  // TODO(issue 5): offers are not matched to the need's object (the catalogue
  // describes none yet): among the offers still possible, the best one counts.
  const best = offers
    .map((offer) => evaluate(offer, amounts, context.groupedWith ?? [], weight))
    .filter((e) => e.max > 0)
    .sort((a, b) => b.points - a.points || b.max - a.max)[0];
  if (!best) {
    const units = offers.some((o) => o.capacity !== null || o.minimumOrder !== null)
      ? ' (unité de l’offre non comparable à celle du besoin)'
      : '';
    return { ...unknown, part: { ...unknown.part, explanation: UNKNOWN_TEXT + units } };
  }
  const confirm =
    best.toConfirm.length > 0 ? ` ; ${best.toConfirm.join(' et ')} à confirmer` : '';
  const text = best.texts.join(' ; ');
  return {
    part: {
      criterion: 'capacity',
      points: best.points,
      max: best.max,
      explanation: `${text.charAt(0).toUpperCase()}${text.slice(1)} (offre « ${best.offer.label} »)${confirm}`,
    },
    toConfirm: best.toConfirm,
    offerId: best.offer.id,
    annualCapacity: best.annualCapacity,
  };
}
