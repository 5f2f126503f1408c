/**
 * Where a source's record is: its own coordinates when usable, else the
 * centre of its commune (found by postcode and name), else nowhere.
 */
import type { LatLon } from '../../../../shared/model';
import {
  farFromCommuneText,
  pointFarFromCommune,
} from '../../../../shared/places/point-far-from-commune';
import type { CommuneFinder } from '../../../../shared/catalogue/commune-finder';
import { roundTo } from '../../../../shared/catalogue/text';

/** What a record says of its place; raw texts are '' when absent. */
export interface PlaceInput {
  postcode: string;
  city: string;
  departement: string | null;
  /** As the source writes them: number, text (decimal comma allowed), or null. */
  lat: number | string | null;
  lon: number | string | null;
}

/** The source's own names of the place fields. */
export interface PlaceFields {
  coordinates: string;
  postcode: string;
  commune: string;
}

/** Something to tell about a field. */
export interface PlaceNote {
  field: string;
  reason: string;
}

/** A record's place, as the catalogue keeps it. */
export interface Placed {
  /** Five digits, or '' when absent or unreadable. */
  postcode: string;
  location: LatLon;
  /** True when the location is the commune's centre, not the record's own. */
  fromCommune: boolean;
  inseeCode: string | null;
  departement: string | null;
}

export type PlaceOutcome =
  { ok: true; place: Placed; notes: PlaceNote[] } | { ok: false; problem: PlaceNote };

/** A coordinate as a number, null when absent, NaN when unreadable. */
function coordinateOf(value: number | string | null): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  const text = value.trim().replace(',', '.');
  return text === '' ? null : Number(text);
}

function quoted(value: number | string | null): string {
  return `« ${value === null ? '' : String(value).trim()} »`;
}

/** Usable coordinates: both numbers, in range, and not the 0, 0 of a failed geocoding. */
function usablePoint(lat: number | null, lon: number | null): LatLon | null {
  if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return null;
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null;
  return { lat: roundTo(lat, 6), lon: roundTo(lon, 6) };
}

/** Places a record; the notes are for kept records, the problem for a rejected one. */
export function placeRecord(
  input: PlaceInput,
  communes: CommuneFinder,
  fields: PlaceFields,
): PlaceOutcome {
  const notes: PlaceNote[] = [];
  let postcode = input.postcode.replace(/[\s\u00a0]/g, '');
  if (postcode !== '' && !/^\d{5}$/.test(postcode)) {
    notes.push({
      field: fields.postcode,
      reason: `code postal « ${input.postcode.trim()} » illisible : ignoré`,
    });
    postcode = '';
  }
  const city = input.city.trim();
  const stated = /^(\d{2}|2A|2B|97\d)$/.test(input.departement ?? '')
    ? input.departement
    : null;
  const communeText = [postcode, city].filter((part) => part !== '').join(' ');
  let match = communeText === '' ? null : communes.find(postcode, city, stated);
  // A commune without a postcode: its name is enough when only one commune of
  // France bears it (Lens, Arras); several (Saint-Denis) are left to the buyer.
  let unfound = `la commune « ${communeText} » est introuvable`;
  if (match?.status === 'not-found' && postcode === '' && city !== '') {
    const named = communes.withName(city);
    if (named.length === 1) match = { status: 'found', commune: named[0]! };
    else if (named.length > 1) {
      const places = named
        .slice(0, 6)
        .map((c) => `${c.fullName} (${c.departement})`)
        .join(', ');
      unfound =
        `la commune « ${city} » est ambiguë : ${named.length} communes portent ce nom ` +
        `(${places}${named.length > 6 ? '…' : ''}) ; indiquez son code postal`;
    }
  } else if (match?.status === 'not-found' && city === '') {
    const shared = communes.withPostcode(postcode);
    unfound =
      shared.length > 1
        ? `le code postal ${postcode} est commun à ${shared.length} communes : ` +
          'indiquez la commune'
        : `le code postal ${postcode} n’existe pas`;
  }
  const commune = match && match.status !== 'not-found' ? match.commune : null;
  if (match?.status === 'postcode-only') {
    const written = city === '' ? 'commune' : `commune « ${city} »`;
    notes.push({
      field: fields.commune,
      reason: `${written} retenue par son seul code postal ${postcode} : ${match.commune.fullName} (${match.commune.insee})`,
    });
  }
  const departement = stated ?? commune?.departement ?? null;
  const inseeCode = commune?.insee ?? null;

  const lat = coordinateOf(input.lat);
  const lon = coordinateOf(input.lon);
  const typed = usablePoint(lat, lon);
  const far = typed && commune ? pointFarFromCommune(typed, commune) : null;
  if (far && commune) {
    notes.push({
      field: fields.coordinates,
      reason:
        `coordonnées ${quoted(input.lat)} ; ${quoted(input.lon)} ` +
        `${farFromCommuneText(far, commune.fullName)} : centre de la commune retenu`,
    });
  }
  const point = far ? null : typed;
  if (point) {
    if (match?.status === 'not-found') {
      notes.push({ field: fields.commune, reason: `${unfound} (coordonnées gardées)` });
    }
    return {
      ok: true,
      place: { postcode, location: point, fromCommune: false, inseeCode, departement },
      notes,
    };
  }
  const given = lat !== null || lon !== null;
  const written = `${quoted(input.lat)} ; ${quoted(input.lon)}`;
  if (commune) {
    if (given && !far) {
      notes.push({
        field: fields.coordinates,
        reason: `coordonnées ${written} inutilisables : centre de la commune retenu`,
      });
    }
    const location = { lat: commune.lat, lon: commune.lon };
    return {
      ok: true,
      place: { postcode, location, fromCommune: true, inseeCode, departement },
      notes,
    };
  }
  const noPosition = given
    ? `coordonnées ${written} inutilisables`
    : 'pas de coordonnées';
  return {
    ok: false,
    problem:
      match === null
        ? {
            field: fields.coordinates,
            reason: `${noPosition}, et pas de commune : position inconnue`,
          }
        : {
            field: fields.commune,
            reason: `${noPosition}, et ${unfound}`,
          },
  };
}
