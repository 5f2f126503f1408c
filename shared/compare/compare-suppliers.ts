/**
 * Two to five suppliers side by side, the works council's job: who they are,
 * how far from a chosen site, what they offer and how to reach them. What the
 * catalogue does not know stays null here and is written « à confirmer »
 * (comparison-rows.ts), never 0.
 */
import { distanceKm, frenchNumber } from '../matching/distance-km';
import {
  LABEL_NAMES,
  SUPPLIER_KIND_NAMES,
  type Frequency,
  type LabelCode,
  type Place,
  type PlaceResolution,
  type Supplier,
  type SupplierKind,
} from '../model';

/** Fewest and most suppliers compared at once. */
export const MIN_COMPARED = 2;
export const MAX_COMPARED = 5;

/** What the buyer asks: the suppliers, and a place typed as in the plan. */
export interface ComparisonRequest {
  supplierIds: string[];
  /** « Harnes », « 62440 », « 50,45 ; 2,90 »…; absent or blank: no distances. */
  site?: string;
}

/** The point distances are measured from. */
export interface ComparisonSite {
  label: string;
  lat: number;
  lon: number;
}

/** One offer as compared; null is unknown (« à confirmer »). */
export interface ComparedOffer {
  label: string;
  unit: string | null;
  /** € HT per unit. */
  unitPrice: number | null;
  minimumOrder: number | null;
  capacity: number | null;
  capacityPeriod: Frequency | null;
  leadTimeDays: number | null;
  /** Months (1–12) it is available; null when unknown or all year. */
  availableMonths: number[] | null;
}

export interface ComparedSupplier {
  id: string;
  name: string;
  brand: string | null;
  kind: SupplierKind;
  /** « Entreprise d'insertion (EI) ». */
  kindName: string;
  labels: LabelCode[];
  /** French names of the labels, in the supplier's order. */
  labelNames: string[];
  siret: string | null;
  street: string;
  postcode: string;
  city: string;
  inseeCode: string | null;
  /** Great-circle distance to the site, km, one decimal; null without a site. */
  distanceKm: number | null;
  /** The service area in French; null when the catalogue does not say. */
  serviceArea: string | null;
  offers: ComparedOffer[];
  website: string | null;
  email: string | null;
  phone: string | null;
}

export interface SupplierComparison {
  /** In the order the buyer picked them. */
  suppliers: ComparedSupplier[];
  /** The resolved site; null when none was typed or it did not resolve. */
  site: ComparisonSite | null;
  /** The site as the buyer typed it; null when none. */
  siteText: string | null;
  /** Why there are no distances though a site was typed, in French; else null. */
  siteNote: string | null;
  /** The communes an ambiguous site may be, for the buyer to pick one. */
  siteCandidates: Place[];
}

export type ComparisonOutcome =
  { ok: true; comparison: SupplierComparison } | { ok: false; message: string };

/** The distance in km with one decimal, as every screen and sheet shows it. */
export function roundedKm(km: number): number {
  return Math.round(km * 10) / 10;
}

/** Names of the régions (COG 2024 codes), for service areas given by région. */
export const REGION_NAMES: Readonly<Record<string, string>> = {
  '01': 'Guadeloupe',
  '02': 'Martinique',
  '03': 'Guyane',
  '04': 'La Réunion',
  '06': 'Mayotte',
  '11': 'Île-de-France',
  '24': 'Centre-Val de Loire',
  '27': 'Bourgogne-Franche-Comté',
  '28': 'Normandie',
  '32': 'Hauts-de-France',
  '44': 'Grand Est',
  '52': 'Pays de la Loire',
  '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine',
  '76': 'Occitanie',
  '84': 'Auvergne-Rhône-Alpes',
  '93': "Provence-Alpes-Côte d'Azur",
  '94': 'Corse',
};

/** The service area in French: « Rayon de 30 km », « Départements 59, 62 »… */
export function serviceAreaText(area: Supplier['serviceArea']): string | null {
  if (area === null) return null;
  const many = (codes: string[], one: string, several: string): string =>
    `${codes.length > 1 ? several : one} ${codes.join(', ')}`;
  switch (area.kind) {
    case 'national':
      return 'Toute la France';
    case 'radius':
      return `Rayon de ${frenchNumber(area.km, 1)} km`;
    case 'departements':
      return many(area.codes, 'Département', 'Départements');
    case 'regions':
      return many(
        area.codes.map((code) => REGION_NAMES[code] ?? code),
        'Région',
        'Régions',
      );
  }
}

/** A known number, or null for anything else (a missing or invalid field). */
function known(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The supplier as compared, its distance measured from `site` when given. */
export function compareOne(
  supplier: Supplier,
  site: ComparisonSite | null,
): ComparedSupplier {
  return {
    id: supplier.id,
    name: supplier.name,
    brand: supplier.brand,
    kind: supplier.kind,
    kindName: SUPPLIER_KIND_NAMES[supplier.kind] ?? supplier.kind,
    labels: [...supplier.labels],
    labelNames: supplier.labels.map((label) => LABEL_NAMES[label] ?? label),
    siret: supplier.siret,
    street: supplier.address.street,
    postcode: supplier.address.postcode,
    city: supplier.address.city,
    inseeCode: supplier.address.inseeCode,
    distanceKm: site === null ? null : roundedKm(distanceKm(site, supplier.location)),
    serviceArea: serviceAreaText(supplier.serviceArea),
    offers: supplier.offers.map((offer) => ({
      label: offer.label,
      unit: offer.unit || null,
      unitPrice: known(offer.unitPrice),
      minimumOrder: known(offer.minimumOrder),
      capacity: known(offer.capacity),
      capacityPeriod: offer.capacityPeriod,
      leadTimeDays: known(offer.leadTimeDays),
      availableMonths: offer.availableMonths?.length ? [...offer.availableMonths] : null,
    })),
    website: supplier.website || null,
    email: supplier.email || null,
    phone: supplier.phone || null,
  };
}

/** « 1 fournisseur », « 6 fournisseurs ». */
const suppliersCount = (n: number): string => `${n} fournisseur${n > 1 ? 's' : ''}`;

/**
 * The comparison of the suppliers `ids` (duplicates counted once, order
 * kept), or the French reason it cannot be made: fewer than two, more than
 * five, or ids the catalogue does not hold.
 */
export function compareSuppliers(
  ids: readonly string[],
  findSupplier: (id: string) => Supplier | undefined,
  site: ComparisonSite | null = null,
): ComparisonOutcome {
  const unique = [...new Set(ids)];
  if (unique.length < MIN_COMPARED) {
    return {
      ok: false,
      message:
        `Choisissez au moins ${MIN_COMPARED} fournisseurs à comparer ` +
        `(${suppliersCount(unique.length)} choisi${unique.length > 1 ? 's' : ''}).`,
    };
  }
  if (unique.length > MAX_COMPARED) {
    const extra = unique.length - MAX_COMPARED;
    return {
      ok: false,
      message:
        `On compare au plus ${MAX_COMPARED} fournisseurs à la fois ` +
        `(${suppliersCount(unique.length)} choisis) : retirez-en ${extra}.`,
    };
  }
  const missing = unique.filter((id) => findSupplier(id) === undefined);
  if (missing.length > 0) {
    const list = missing.map((id) => `« ${id} »`).join(', ');
    const many = missing.length > 1;
    return {
      ok: false,
      message: many
        ? `Fournisseurs ${list} absents du catalogue : retirez-les de la ` +
          'comparaison et choisissez-en d’autres.'
        : `Fournisseur ${list} absent du catalogue : retirez-le de la ` +
          'comparaison et choisissez-en un autre.',
    };
  }
  const suppliers = unique.map((id) => compareOne(findSupplier(id) as Supplier, site));
  return {
    ok: true,
    comparison: { suppliers, site, siteText: null, siteNote: null, siteCandidates: [] },
  };
}

/** The site of a comparison from the place service's answer to what was typed. */
export function comparisonSite(
  typed: string,
  resolution: PlaceResolution,
): Pick<SupplierComparison, 'site' | 'siteText' | 'siteNote' | 'siteCandidates'> {
  const siteText = typed.trim();
  switch (resolution.status) {
    case 'found': {
      const { label, lat, lon } = resolution.place;
      return { site: { label, lat, lon }, siteText, siteNote: null, siteCandidates: [] };
    }
    case 'ambiguous':
      return {
        site: null,
        siteText,
        siteNote:
          `Plusieurs communes correspondent à « ${siteText} » : choisissez-en une ` +
          'pour voir les distances.',
        siteCandidates: resolution.candidates,
      };
    case 'not-found':
      return {
        site: null,
        siteText,
        siteNote: `${resolution.message} Distances non calculées.`,
        siteCandidates: [],
      };
  }
}

/**
 * A comparison request from outside, checked, its site resolved with
 * `resolvePlace`: a site that does not resolve to one place leaves the
 * comparison without distances, with a note saying why.
 */
export function compareRequest(
  request: unknown,
  findSupplier: (id: string) => Supplier | undefined,
  resolvePlace: (text: string) => PlaceResolution,
): ComparisonOutcome {
  const r = (request ?? {}) as Record<string, unknown>;
  const ids = r['supplierIds'];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    return {
      ok: false,
      message:
        'Demande de comparaison illisible : une liste de fournisseurs est attendue.',
    };
  }
  const site = r['site'];
  if (site !== undefined && site !== null && typeof site !== 'string') {
    return { ok: false, message: 'Le site de comparaison doit être un texte.' };
  }
  const typed = typeof site === 'string' ? site.trim() : '';
  const where = typed === '' ? null : comparisonSite(typed, resolvePlace(typed));
  const outcome = compareSuppliers(ids as string[], findSupplier, where?.site ?? null);
  if (!outcome.ok || where === null) return outcome;
  return { ok: true, comparison: { ...outcome.comparison, ...where } };
}
