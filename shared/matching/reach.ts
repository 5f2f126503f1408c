/**
 * Where: the distance from every delivery site of a need to a supplier (great
 * circle by Turf, times an optional road factor) and the supplier's service
 * area (radius, départements, régions, national) checked at every site.
 */
import type { CommuneRecord, LatLon, Need, Place, ServiceArea, Supplier } from '../model';
import { distanceKm, frenchNumber } from './distance-km';
import { roundTenth } from './score-parts';

/** Région code of each département code, e.g. "62" → "32". */
export type RegionLookup = ReadonlyMap<string, string>;

/**
 * Départements of each région (COG 2024 codes), as resources/communes.json
 * gives them; a test checks this table against that file.
 */
const DEPARTEMENTS_BY_REGION: Readonly<Record<string, string>> = {
  '01': '971',
  '02': '972',
  '03': '973',
  '04': '974',
  '06': '976',
  '11': '75 77 78 91 92 93 94 95',
  '24': '18 28 36 37 41 45',
  '27': '21 25 39 58 70 71 89 90',
  '28': '14 27 50 61 76',
  '32': '02 59 60 62 80',
  '44': '08 10 51 52 54 55 57 67 68 88',
  '52': '44 49 53 72 85',
  '53': '22 29 35 56',
  '75': '16 17 19 23 24 33 40 47 64 79 86 87',
  '76': '09 11 12 30 31 32 34 46 48 65 66 81 82',
  '84': '01 03 07 15 26 38 42 43 63 69 73 74',
  '93': '04 05 06 13 83 84',
  '94': '2A 2B',
};

/** The built-in département → région lookup (COG 2024). */
export const REGION_OF_DEPARTEMENT: RegionLookup = new Map(
  Object.entries(DEPARTEMENTS_BY_REGION).flatMap(([region, deps]) =>
    deps.split(' ').map((dep) => [dep, region] as const),
  ),
);

/** Builds the département → région lookup from resources/communes.json. */
export function regionsOfDepartements(communes: readonly CommuneRecord[]): RegionLookup {
  const regions = new Map<string, string>();
  for (const commune of communes) regions.set(commune.departement, commune.region);
  return regions;
}

/** The delivery sites of a need: its place, then its additional places. */
export function sitesOf(need: Need): Place[] {
  return need.place ? [need.place, ...(need.additionalPlaces ?? [])] : [];
}

const km = (value: number): string => frenchNumber(value, 1);

/** The road factor of the options: absent means 1 (as the crow flies). */
export function roadFactorOf(factor: number | undefined): number {
  return factor === undefined ? 1 : factor;
}

/** Distance from one site to the supplier, as the crow flies and estimated by road. */
export interface SiteDistance {
  site: Place;
  crowKm: number;
  roadKm: number;
}

/** The distances to every site; `farthest` is the one that counts. */
export interface Reach {
  sites: SiteDistance[];
  farthest: SiteDistance;
  /** The farthest road distance, rounded to 0.1 km as shown and scored. */
  shownKm: number;
}

/** « 9,5 km » or « distance routière estimée : 12,4 km (vol d’oiseau 9,5 km × 1,3) ». */
function distanceText(d: SiteDistance, factor: number): string {
  if (factor === 1) return `${km(roundTenth(d.crowKm))} km`;
  return (
    `distance routière estimée : ${km(roundTenth(d.roadKm))} km ` +
    `(vol d’oiseau ${km(roundTenth(d.crowKm))} km × ${frenchNumber(factor, 2)})`
  );
}

/** Distances from the sites (at least one) to a supplier's location. */
export function reachOf(
  sites: readonly Place[],
  location: LatLon,
  factor: number,
): Reach {
  const distances = sites.map((site) => {
    const crowKm = distanceKm(site, location);
    return { site, crowKm, roadKm: crowKm * factor };
  });
  const farthest = distances.reduce((a, b) => (b.roadKm > a.roadKm ? b : a));
  return { sites: distances, farthest, shownKm: roundTenth(farthest.roadKm) };
}

/**
 * The distance in words, each site named when there are several: « Harnes :
 * 11,1 km ; Lens : 33,4 km ; la plus longue compte (Lens) ». Built only for
 * what is shown: formatting numbers costs more than measuring them.
 */
export function reachText(reach: Reach, factor: number): string {
  if (reach.sites.length === 1) return distanceText(reach.farthest, factor);
  const each = reach.sites.map((d) => `${d.site.label} : ${distanceText(d, factor)}`);
  return `${each.join(' ; ')} ; la plus longue compte (${reach.farthest.site.label})`;
}

export type AreaStatus = 'in' | 'out' | 'unknown';

export interface AreaCheck {
  status: AreaStatus;
  explanation: string;
}

const list = (codes: readonly string[]): string => codes.join(', ');

function plural(count: number, one: string, many: string): string {
  return count > 1 ? many : one;
}

/** Whether one site lies in the area: true, false, or null when it cannot be told. */
function siteInArea(
  area: ServiceArea,
  d: SiteDistance,
  regions: RegionLookup,
): boolean | null {
  switch (area.kind) {
    case 'national':
      return true;
    case 'radius':
      // A radius is a circle around the supplier: compared as the crow flies.
      return d.crowKm <= area.km;
    case 'departements':
      return d.site.departement === null ? null : area.codes.includes(d.site.departement);
    case 'regions': {
      const region =
        d.site.departement === null ? undefined : regions.get(d.site.departement);
      return region === undefined ? null : area.codes.includes(region);
    }
  }
}

/** The service area in French: « rayon de 30 km », « départements 59, 62 »… */
function areaText(area: ServiceArea): string {
  switch (area.kind) {
    case 'national':
      return 'intervient dans toute la France';
    case 'radius':
      return `intervient dans un rayon de ${km(area.km)} km`;
    case 'departements':
      return `intervient ${plural(area.codes.length, 'dans le département', 'dans les départements')} ${list(area.codes)}`;
    case 'regions':
      return `intervient ${plural(area.codes.length, 'dans la région', 'dans les régions')} ${list(area.codes)}`;
  }
}

/** Where a site is, as the area compares it: its distance, département or région. */
function siteText(area: ServiceArea, d: SiteDistance, regions: RegionLookup): string {
  const dep = d.site.departement;
  switch (area.kind) {
    case 'radius':
      return `${d.site.label} à ${km(roundTenth(d.crowKm))} km à vol d’oiseau`;
    case 'departements':
      return `${d.site.label} (département ${dep ?? 'inconnu'})`;
    case 'regions': {
      const region = dep === null ? undefined : regions.get(dep);
      return `${d.site.label} (région ${region ?? 'inconnue'})`;
    }
    case 'national':
      return d.site.label;
  }
}

/**
 * The supplier's service area at every site: all inside → 'in', one outside
 * → 'out' (excluded), unknown area or site that cannot be placed → 'unknown',
 * « zone d’intervention à confirmer », never excluding.
 */
export function serviceAreaCheck(
  supplier: Supplier,
  reach: Reach,
  regions: RegionLookup = REGION_OF_DEPARTEMENT,
): AreaCheck {
  const area = supplier.serviceArea;
  if (area === null) {
    return {
      status: 'unknown',
      explanation: 'Zone d’intervention à confirmer (inconnue du catalogue)',
    };
  }
  const results = reach.sites.map((d) => ({ d, inside: siteInArea(area, d, regions) }));
  const outside = results.filter((r) => r.inside === false);
  const unknown = results.filter((r) => r.inside === null);
  const sites = (rows: typeof results): string =>
    rows.map((r) => siteText(area, r.d, regions)).join(', ');
  if (outside.length > 0) {
    return {
      status: 'out',
      explanation: `Le fournisseur ${areaText(area)} : ${sites(outside)} hors de sa zone`,
    };
  }
  if (unknown.length > 0) {
    return {
      status: 'unknown',
      explanation:
        `Le fournisseur ${areaText(area)} : zone d’intervention à confirmer ` +
        `pour ${sites(unknown)}`,
    };
  }
  return {
    status: 'in',
    explanation: `Le fournisseur ${areaText(area)} : ${sites(results)} dans sa zone`,
  };
}
