/**
 * A place cell naming several delivery sites (« Harnes ; Lens »): each part
 * resolved like a single site, the first becoming the need's place and the
 * others its additional places.
 */
import type { Need, Place, PlaceResolution } from '../model';
import { parseCoordinates } from '../places/parse-coordinates';
import { splitSites } from './plan-row';

/**
 * The sites written in a place cell. Coordinates « 50,63 ; 3,06 » are one
 * site, not two: their « ; » separates latitude from longitude.
 */
export function siteParts(text: string): string[] {
  const trimmed = text.trim();
  if (parseCoordinates(trimmed).kind !== 'not-coordinates') return [trimmed];
  const parts = splitSites(trimmed);
  return parts.length > 0 ? parts : [trimmed];
}

/** The sites of a need as its summaries show them. */
type NeedSites = Pick<Need, 'placeText' | 'place' | 'additionalPlaces'>;

/**
 * Every delivery site of a need, joined with « ; »: « Harnes (62440) ; Lens
 * (62300) ». A need whose first site is not found yet shows its text as typed.
 */
export function siteLabels(need: NeedSites): string {
  if (!need.place) return need.placeText;
  return [need.place, ...(need.additionalPlaces ?? [])].map((p) => p.label).join(' ; ');
}

/**
 * How the site waiting for a pick is named: « « Saint-Denis » » when the
 * cell holds one site, « 1er site « Saint-Denis » » when it holds several
 * (only the first site of a cell has a pick list).
 */
export function pickedSiteName(placeText: string): string {
  const parts = siteParts(placeText);
  const first = `« ${parts[0] ?? placeText.trim()} »`;
  return parts.length > 1 ? `1er site ${first}` : first;
}

/** « autres sites : Lille (59000) », or null for a need of one site. */
export function otherSitesText(need: NeedSites): string | null {
  const others = need.additionalPlaces ?? [];
  if (others.length === 0) return null;
  const word = others.length > 1 ? 'autres sites' : 'autre site';
  return `${word} : ${others.map((p) => p.label).join(' ; ')}`;
}

/** What the resolutions of a cell's sites give, with a French message per problem. */
export interface SitesResolution {
  /** The first site's commune; null when it is not found or ambiguous. */
  place: Place | null;
  /** The other sites found, in the order written. */
  additionalPlaces: Place[];
  /** The first site's homonyms when it is ambiguous, for the buyer to pick. */
  placeCandidates: Place[];
  /** A site that cannot be found: the need cannot be matched as written. */
  errors: string[];
  /** The first site ambiguous: it waits for the buyer's pick. */
  warnings: string[];
  /**
   * Another site ambiguous: only the first has a pick list, so it is left out
   * until written with its postcode (a warning on import, refused in the editor).
   */
  leftOut: string[];
}

/** Most candidates quoted in an "ambiguous place" message. */
const QUOTED_CANDIDATES = 8;

function ambiguousMessage(part: string, candidates: readonly Place[]): string {
  const labels = candidates.map((c) => c.label);
  const quoted = labels.slice(0, QUOTED_CANDIDATES).join(', ');
  const more =
    labels.length > QUOTED_CANDIDATES
      ? ` et ${labels.length - QUOTED_CANDIDATES} autre${labels.length - QUOTED_CANDIDATES > 1 ? 's' : ''}`
      : '';
  return `Lieu ambigu « ${part} » : choisissez parmi ${quoted}${more}.`;
}

/** « 2e site », the way a message names which part of the cell is meant. */
function siteOrdinal(position: number): string {
  return position === 0 ? '1er site' : `${position + 1}e site`;
}

/**
 * Combines the resolution of each part of `siteParts(text)` (same order).
 * One part keeps the single-site messages word for word; with several, each
 * message says which site of the cell it is about.
 */
export function combineSites(
  parts: readonly string[],
  resolutions: readonly PlaceResolution[],
): SitesResolution {
  const result: SitesResolution = {
    place: null,
    additionalPlaces: [],
    placeCandidates: [],
    errors: [],
    warnings: [],
    leftOut: [],
  };
  const several = parts.length > 1;
  resolutions.forEach((resolution, position) => {
    const part = parts[position] ?? '';
    const which = several ? `${siteOrdinal(position)} « ${part} » : ` : '';
    if (resolution.status === 'found') {
      if (position === 0) result.place = resolution.place;
      else result.additionalPlaces.push(resolution.place);
    } else if (resolution.status === 'not-found') {
      result.errors.push(which + resolution.message);
    } else if (position === 0) {
      result.placeCandidates = resolution.candidates;
      result.warnings.push(which + ambiguousMessage(part, resolution.candidates));
    } else {
      result.leftOut.push(
        which +
          ambiguousMessage(part, resolution.candidates).replace(/\.$/, '') +
          ' ; ce site n’est pas retenu tant qu’il n’est pas précisé (code postal ou « (dép.) »).',
      );
    }
  });
  return result;
}
