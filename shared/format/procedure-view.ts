/** What the law allows for each family of needs, written out for the buyer. */
import type {
  BuyerKind,
  DatedThreshold,
  FamilyProcedure,
  ReservationAdvice,
  SuggestedLot,
} from '../law/procedure-types';
import { LABEL_NAMES, type Plan } from '../model';
import { formatDay, formatEuros, formatNumber } from './french-format';

/** Whose thresholds apply, in words. */
export const BUYER_KIND_NAMES: Record<BuyerKind, string> = {
  etat: 'État ou établissement public national',
  collectivite: 'collectivité territoriale ou établissement public local',
};

/** What is suggested for a kind of reservation, in words. */
export const SUGGESTION_NAMES: Record<ReservationAdvice['suggestion'], string> = {
  reserve: 'Marché réservé',
  clause: 'Clause sociale',
  none: 'Ni réservation ni clause suggérée',
};

/** « 45 000,00 € HT », « au moins 45 000,00 € HT (2 besoins sans budget) », « montant inconnu ». */
export function familyAmount(family: FamilyProcedure): string {
  if (family.estimatedAmount === null) return 'montant inconnu';
  const amount = `${formatEuros(family.estimatedAmount)} HT`;
  const missing = family.needsWithoutBudget;
  if (missing === 0) return amount;
  const needs = missing > 1 ? 'besoins sans budget' : 'besoin sans budget';
  return `au moins ${amount} (${formatNumber(missing)} ${needs})`;
}

/** « en vigueur depuis le 01/01/2026 » or « du 01/01/2024 au 31/12/2025 ». */
export function thresholdPeriod(threshold: DatedThreshold): string {
  return threshold.until === null
    ? `en vigueur depuis le ${formatDay(threshold.from)}`
    : `du ${formatDay(threshold.from)} au ${formatDay(threshold.until)}`;
}

/** « 3 fournisseurs éligibles à portée », « 1 fournisseur éligible à portée », « aucun… ». */
export function eligibleText(count: number): string {
  if (count === 0) return 'aucun fournisseur éligible à portée';
  return count > 1
    ? `${formatNumber(count)} fournisseurs éligibles à portée`
    : '1 fournisseur éligible à portée';
}

/** The French name of a reservation kind, as the labels name it. */
export function reservationKindName(kind: ReservationAdvice['kind']): string {
  return LABEL_NAMES[kind];
}

/** Articles as a list to read: « L2113-12, L2113-13 »; none → « — ». */
export function articlesText(articles: readonly string[]): string {
  return articles.length ? articles.join(', ') : '—';
}

/** Titles of a family's or a lot's needs, from the plan; unknown ids shown as they are. */
export function needTitles(needIds: readonly string[], plan: Plan): string[] {
  const titles = new Map(plan.needs.map((n) => [n.id, n.title]));
  return needIds.map((id) => titles.get(id) ?? `besoin ${id}`);
}

/** « 2 besoins · 12 000,00 € HT », or « montant inconnu » when no need has a budget. */
export function lotSummary(lot: SuggestedLot): string {
  const count = lot.needIds.length;
  const needs = `${formatNumber(count)} ${count > 1 ? 'besoins' : 'besoin'}`;
  const amount =
    lot.estimatedAmount === null
      ? 'montant inconnu'
      : `${formatEuros(lot.estimatedAmount)} HT`;
  return `${needs} · ${amount}`;
}

/** « Seuils en vigueur au 05/12/2026 · acheteur : collectivité territoriale… ». */
export function procedureHeading(date: string, buyerKind: BuyerKind): string {
  return `Seuils en vigueur au ${formatDay(date)} · acheteur : ${BUYER_KIND_NAMES[buyerKind]}`;
}
