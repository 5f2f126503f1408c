/**
 * A comparison as rows of French text, one criterion a row and one supplier a
 * column: what the screen shows and the « Comparaison » sheet writes, worded
 * once. Unknown values read « à confirmer », never 0.
 */
import { formatEuros } from '../indicators/french-format';
import { frenchNumber } from '../matching/distance-km';
import { FRENCH_MONTHS } from '../matching/timing';
import { unitWord } from '../format/unit-words';
import { parseUnit } from '../plan/units';
import type { Frequency } from '../model';
import type {
  ComparedOffer,
  ComparedSupplier,
  SupplierComparison,
} from './compare-suppliers';

export const TO_CONFIRM = 'à confirmer';
export const NOT_GIVEN = 'Non renseigné';

export type ComparisonSection = 'structure' | 'offers' | 'contacts';

/** French titles of the sections, as the screen heads them. */
export const COMPARISON_SECTION_NAMES: Record<ComparisonSection, string> = {
  structure: 'La structure',
  offers: 'Les offres',
  contacts: 'Les contacts',
};

export type ComparisonRowKey =
  | 'brand'
  | 'kind'
  | 'labels'
  | 'siret'
  | 'address'
  | 'distance'
  | 'service-area'
  | 'offer'
  | 'offer-unit'
  | 'offer-price'
  | 'offer-minimum'
  | 'offer-capacity'
  | 'offer-lead-time'
  | 'offer-months'
  | 'website'
  | 'email'
  | 'phone';

export interface ComparisonRow {
  key: ComparisonRowKey;
  section: ComparisonSection;
  /** « Type de structure », « Offre 2 : capacité »… */
  criterion: string;
  /** One text per supplier, in the comparison's order; null where there is nothing to show. */
  values: (string | null)[];
}

/** A capacity's period as it reads after the quantity. */
export const PERIOD_WORDS: Record<Frequency, string> = {
  once: 'par commande',
  weekly: 'par semaine',
  monthly: 'par mois',
  yearly: 'par an',
};

/** « 12 kg », « 1 500 paniers »: a quantity and its unit, when known. */
/**
 * The catalogue's unit agreed with a quantity: « heures », « h » or « heure »
 * all read « 1 heure », « 10,5 heures »; a unit Passerelle does not know stays
 * as the catalogue writes it.
 */
function unitFor(unit: string, value: number): string {
  const parsed = parseUnit(unit);
  return parsed.status === 'found' ? unitWord(parsed.unit.symbol, value) : unit;
}

function quantity(value: number, unit: string | null): string {
  const text = frenchNumber(value, 3);
  return unit ? `${text} ${unitFor(unit, value)}` : text;
}

/**
 * Months of availability in French: 1–12 all → « toute l’année »; runs of
 * following months joined « de mai à septembre »; null → « à confirmer ».
 */
export function monthsText(months: readonly number[] | null): string {
  if (months === null) return TO_CONFIRM;
  const sorted = [...new Set(months)]
    .filter((m) => m >= 1 && m <= 12)
    .sort((a, b) => a - b);
  if (sorted.length === 0) return TO_CONFIRM;
  if (sorted.length === 12) return 'toute l’année';
  const runs: number[][] = [];
  for (const month of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === month - 1) run.push(month);
    else runs.push([month]);
  }
  const name = (m: number): string => FRENCH_MONTHS[m - 1] ?? String(m);
  return runs
    .map((run) => {
      const first = run[0] as number;
      const last = run[run.length - 1] as number;
      if (run.length === 1) return name(first);
      if (run.length === 2) return `${name(first)}, ${name(last)}`;
      return `de ${name(first)} à ${name(last)}`;
    })
    .join(', ');
}

/** Each field of an offer in French, « à confirmer » where unknown. */
export function offerTexts(
  offer: ComparedOffer,
): Record<'unit' | 'price' | 'minimum' | 'capacity' | 'leadTime' | 'months', string> {
  const { unit } = offer;
  let capacity = TO_CONFIRM;
  if (offer.capacity !== null) {
    const period = offer.capacityPeriod
      ? PERIOD_WORDS[offer.capacityPeriod]
      : '(période à confirmer)';
    capacity = `${quantity(offer.capacity, unit)} ${period}`;
  }
  const days = offer.leadTimeDays;
  return {
    unit: unit ?? TO_CONFIRM,
    price:
      offer.unitPrice === null
        ? TO_CONFIRM
        : `${formatEuros(offer.unitPrice)} HT${unit ? ` / ${unitFor(unit, 1)}` : ''}`,
    minimum:
      offer.minimumOrder === null ? TO_CONFIRM : quantity(offer.minimumOrder, unit),
    capacity,
    leadTime:
      days === null ? TO_CONFIRM : `${frenchNumber(days, 1)} jour${days > 1 ? 's' : ''}`,
    months: monthsText(offer.availableMonths),
  };
}

const KM = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** « 12,3 km », « 4,0 km »: always one decimal; « — » without a site. */
export function distanceText(km: number | null): string {
  return km === null ? '—' : `${KM.format(km)} km`;
}

const OFFER_FIELDS = [
  ['offer-unit', 'unité', 'unit'],
  ['offer-price', 'prix unitaire', 'price'],
  ['offer-minimum', 'minimum de commande', 'minimum'],
  ['offer-capacity', 'capacité', 'capacity'],
  ['offer-lead-time', 'délai de livraison', 'leadTime'],
  ['offer-months', 'disponibilité', 'months'],
] as const;

/** The offers' rows: offer n of each supplier on the same rows, n = 1, 2… */
function offerRows(suppliers: readonly ComparedSupplier[]): ComparisonRow[] {
  const most = Math.max(...suppliers.map((s) => s.offers.length));
  if (most === 0) {
    const none = `Aucune offre connue du catalogue : ${TO_CONFIRM}`;
    return [
      {
        key: 'offer',
        section: 'offers',
        criterion: 'Offres',
        values: suppliers.map(() => none),
      },
    ];
  }
  const rows: ComparisonRow[] = [];
  for (let n = 0; n < most; n += 1) {
    const offers = suppliers.map((s) => s.offers[n]);
    const texts = offers.map((o) => (o ? offerTexts(o) : null));
    rows.push({
      key: 'offer',
      section: 'offers',
      criterion: `Offre ${n + 1}`,
      values: suppliers.map((s, i) =>
        offers[i]
          ? (offers[i] as ComparedOffer).label
          : n === 0 && s.offers.length === 0
            ? `Aucune offre connue du catalogue : ${TO_CONFIRM}`
            : null,
      ),
    });
    for (const [key, name, field] of OFFER_FIELDS) {
      rows.push({
        key,
        section: 'offers',
        criterion: `Offre ${n + 1} : ${name}`,
        values: texts.map((t) => (t ? t[field] : null)),
      });
    }
  }
  return rows;
}

/** The comparison's rows, in the order the screen and the sheet show them. */
export function comparisonRows(comparison: SupplierComparison): ComparisonRow[] {
  const { suppliers } = comparison;
  const row = (
    key: ComparisonRowKey,
    section: ComparisonSection,
    criterion: string,
    value: (s: ComparedSupplier) => string | null,
  ): ComparisonRow => ({ key, section, criterion, values: suppliers.map(value) });
  const site = comparison.site
    ? `Distance à ${comparison.site.label}`
    : 'Distance au site';
  // The trade name only when one of them has one: a row of blanks says nothing.
  const brands = suppliers.some((s) => s.brand)
    ? [row('brand', 'structure', 'Nom commercial', (s) => s.brand ?? NOT_GIVEN)]
    : [];
  return [
    ...brands,
    row('kind', 'structure', 'Type de structure', (s) => s.kindName),
    row('labels', 'structure', 'Labels', (s) =>
      s.labelNames.length ? s.labelNames.join(', ') : 'Aucun label',
    ),
    row('siret', 'structure', 'SIRET', (s) => s.siret ?? NOT_GIVEN),
    row('address', 'structure', 'Adresse', (s) =>
      [s.street, `${s.postcode} ${s.city}`.trim()].filter(Boolean).join(', '),
    ),
    row('distance', 'structure', site, (s) => distanceText(s.distanceKm)),
    row(
      'service-area',
      'structure',
      'Zone d’intervention',
      (s) => s.serviceArea ?? TO_CONFIRM,
    ),
    ...offerRows(suppliers),
    row('website', 'contacts', 'Site internet', (s) => s.website ?? NOT_GIVEN),
    row('email', 'contacts', 'Courriel', (s) => s.email ?? NOT_GIVEN),
    row('phone', 'contacts', 'Téléphone', (s) => s.phone ?? NOT_GIVEN),
  ];
}
