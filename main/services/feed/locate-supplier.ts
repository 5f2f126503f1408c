/** Where a spreadsheet supplier is: its coordinates, else the centre of its commune. */
import type { LatLon, Place } from '../../../shared/model';
import { resolvePlace, type PlaceIndex } from '../../../shared/places/place-index';
import {
  farFromCommuneText,
  pointFarFromCommune,
} from '../../../shared/places/point-far-from-commune';
import { parseFrenchNumber } from '../../../shared/plan/parse-french-number';
import type { CellRead } from './supplier-cells';

/** The address fields a row gives, as text. */
export interface RowPlace {
  lat: string;
  lon: string;
  inseeCode: string;
  postcode: string;
  city: string;
}

/** The column blamed when a supplier cannot be placed. */
export type LocationColumn = 'lat' | 'lon' | 'inseeCode' | 'city';

/** Coordinates and the commune they were taken from (null when typed in the row). */
export interface SupplierLocation {
  location: LatLon;
  commune: Place | null;
}

/** A number written with an exponent, as some tools write small ones: « 2e-05 », « 1,5E-3 ». */
const EXPONENT_NUMBER = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;

function coordinate(
  text: string,
  limit: number,
  what: string,
  example: string,
): CellRead<number> {
  const trimmed = text.trim();
  const parsed = EXPONENT_NUMBER.test(trimmed)
    ? { ok: true as const, value: Number(trimmed.replace(',', '.')) }
    : parseFrenchNumber(text);
  if (!parsed.ok) return { ok: false, message: `${what} illisible (ex. ${example})` };
  if (Math.abs(parsed.value) > limit) {
    return { ok: false, message: `${what} hors limites (de -${limit} à ${limit})` };
  }
  return { ok: true, value: parsed.value };
}

/** The commune a row names: INSEE code first, else postcode and commune. */
function communeOf(place: RowPlace, places: PlaceIndex): CellRead<Place> {
  const query = place.inseeCode
    ? `INSEE ${place.inseeCode}`
    : `${place.city} ${place.postcode}`.trim();
  if (query === '') {
    return {
      ok: false,
      message:
        'ni coordonnées (Latitude, Longitude) ni commune pour situer le fournisseur',
    };
  }
  const found = resolvePlace(places, query);
  if (found.status === 'found') return { ok: true, value: found.place };
  if (found.status === 'ambiguous') {
    const names = found.candidates.slice(0, 4).map((c) => c.label);
    return {
      ok: false,
      message: `commune ambiguë : ${names.join(', ')} ; précisez le code postal ou le code INSEE`,
    };
  }
  return { ok: false, message: `commune introuvable « ${query} »` };
}

/**
 * Latitude and longitude when the row gives them (both or neither), refused
 * when the commune the row also names is far from them; else the centre of
 * the commune. `loadPlaces` is slow: called only when a commune is named.
 */
export function locateSupplier(
  place: RowPlace,
  loadPlaces: () => PlaceIndex,
):
  | { ok: true; value: SupplierLocation }
  | { ok: false; message: string; column: LocationColumn } {
  if (place.lat !== '' || place.lon !== '') {
    const lat = coordinate(place.lat, 90, 'latitude', '50,4458');
    if (!lat.ok) return { ...lat, column: 'lat' };
    const lon = coordinate(place.lon, 180, 'longitude', '2,9069');
    if (!lon.ok) return { ...lon, column: 'lon' };
    const location = { lat: lat.value, lon: lon.value };
    // Coordinates and a commune: they must agree (swapped ones land far away).
    if (place.inseeCode !== '' || place.city !== '') {
      const commune = communeOf(place, loadPlaces());
      const far = commune.ok ? pointFarFromCommune(location, commune.value) : null;
      if (commune.ok && far) {
        return {
          ok: false,
          column: 'lat',
          message: `coordonnées ${farFromCommuneText(far, commune.value.label)}`,
        };
      }
    }
    return { ok: true, value: { location, commune: null } };
  }
  const commune = communeOf(place, loadPlaces());
  const column: LocationColumn = place.inseeCode ? 'inseeCode' : 'city';
  if (!commune.ok) return { ...commune, column };
  const { lat, lon } = commune.value;
  return { ok: true, value: { location: { lat, lon }, commune: commune.value } };
}
