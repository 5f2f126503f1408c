/**
 * When: an offer's lead time against the days left before the need's date,
 * and its months of availability against the need's month. What the
 * catalogue or the need does not tell is « à confirmer » and never excludes.
 */
import type { Need, Offer } from '../model';

export type TimingStatus = 'ok' | 'fail' | 'unknown';

export interface TimingCheck {
  status: TimingStatus;
  explanation: string;
}

export interface Timing {
  leadTime: TimingCheck;
  season: TimingCheck;
  /** The offers not ruled out by lead time and season (unknown counts as possible). */
  offers: Offer[];
}

/** French month names, January first. */
export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const DAY_MS = 86_400_000;

/** Whole days from the run's day (UTC) to an ISO date; negative when past. */
export function daysUntil(isoDate: string, now: Date): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.UTC(y, m - 1, d) - today) / DAY_MS);
}

/** « 15/01/2027 » */
function frenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

const days = (n: number): string => `${n} jour${Math.abs(n) > 1 ? 's' : ''}`;

function isDate(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** Lead time: one offer delivering in time is enough; all known and too slow excludes. */
function leadTimeCheck(
  need: Need,
  offers: readonly Offer[],
  now: Date,
): { check: TimingCheck; offers: Offer[] } {
  if (!isDate(need.date)) {
    const explanation = 'Date du besoin non précisée : délai de livraison à confirmer';
    return { check: { status: 'unknown', explanation }, offers: [...offers] };
  }
  if (offers.length === 0) {
    const explanation = 'Délai de livraison inconnu du catalogue : à confirmer';
    return { check: { status: 'unknown', explanation }, offers: [] };
  }
  const left = daysUntil(need.date, now);
  const when =
    left < 0
      ? `date du ${frenchDate(need.date)} passée de ${days(-left)}`
      : `${days(left)} avant le ${frenchDate(need.date)}`;
  const inTime = offers.filter((o) => o.leadTimeDays !== null && o.leadTimeDays <= left);
  const unknown = offers.filter((o) => o.leadTimeDays === null);
  const kept = offers.filter((o) => o.leadTimeDays === null || o.leadTimeDays <= left);
  const shortest = Math.min(...inTime.map((o) => o.leadTimeDays as number));
  if (inTime.length > 0) {
    const explanation = `Délai de livraison de ${days(shortest)}, tenu : ${when}`;
    return { check: { status: 'ok', explanation }, offers: kept };
  }
  if (unknown.length > 0) {
    const explanation = `Délai de livraison à confirmer (${when})`;
    return { check: { status: 'unknown', explanation }, offers: kept };
  }
  const fastest = Math.min(...offers.map((o) => o.leadTimeDays as number));
  const explanation =
    left < 0
      ? `Délai de livraison de ${days(fastest)} : la date du ` +
        `${frenchDate(need.date)} est passée de ${days(-left)}`
      : `Délai de livraison de ${days(fastest)}, plus long que les ${when}`;
  return { check: { status: 'fail', explanation }, offers: [] };
}

function monthList(months: readonly number[]): string {
  return [...months]
    .sort((a, b) => a - b)
    .map((m) => FRENCH_MONTHS[m - 1] ?? String(m))
    .join(', ');
}

/** Season: one offer available in the need's month is enough. */
function seasonCheck(
  need: Need,
  offers: readonly Offer[],
): { check: TimingCheck; offers: Offer[] } {
  if (!isDate(need.date)) {
    const explanation = 'Date du besoin non précisée : saisonnalité à confirmer';
    return { check: { status: 'unknown', explanation }, offers: [...offers] };
  }
  const month = Number(need.date.slice(5, 7));
  const name = FRENCH_MONTHS[month - 1] ?? '';
  const known = (o: Offer): o is Offer & { availableMonths: number[] } =>
    Array.isArray(o.availableMonths) && o.availableMonths.length > 0;
  const inSeason = offers.filter((o) => known(o) && o.availableMonths.includes(month));
  const unknown = offers.filter((o) => !known(o));
  const kept = offers.filter((o) => !known(o) || o.availableMonths.includes(month));
  if (inSeason.length > 0) {
    return {
      check: { status: 'ok', explanation: `Offre disponible en ${name}` },
      offers: kept,
    };
  }
  if (offers.length === 0 || unknown.length > 0) {
    const explanation = `Disponibilité en ${name} à confirmer (saison inconnue du catalogue)`;
    return { check: { status: 'unknown', explanation }, offers: kept };
  }
  const months = [...new Set(offers.flatMap((o) => (known(o) ? o.availableMonths : [])))];
  const explanation = `Offre disponible en ${monthList(months)} : hors saison en ${name}`;
  return { check: { status: 'fail', explanation }, offers: [] };
}

/**
 * Lead time, then season on the offers delivering in time. When the lead
 * time fails, the season is still told, over all the offers.
 */
export function timingOf(need: Need, offers: readonly Offer[], now: Date): Timing {
  const lead = leadTimeCheck(need, offers, now);
  const seasonOffers = lead.check.status === 'fail' ? offers : lead.offers;
  const season = seasonCheck(need, seasonOffers);
  return {
    leadTime: lead.check,
    season: season.check,
    offers: lead.check.status === 'fail' ? [] : season.offers,
  };
}
