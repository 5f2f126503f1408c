/** Reading "latitude, longitude" as buyers type it, with French or English decimals. */
import type { LatLon } from '../model';

const NUM = String.raw`[-+]?\d{1,3}(?:[.,]\d+)?`;
const DOT_NUM = String.raw`[-+]?\d{1,3}(?:\.\d+)?`;

// Order matters: "50,63, 3,06" must split on ", " before a lone comma is taken
// as the separator of two dotted numbers ("50.63,3.06").
const PATTERNS = [
  new RegExp(String.raw`^(${NUM})\s*;\s*(${NUM})$`),
  new RegExp(String.raw`^(${DOT_NUM})\s*,\s*(${DOT_NUM})$`),
  new RegExp(String.raw`^(${NUM}),\s+(${NUM})$`),
  new RegExp(String.raw`^(${NUM})\s+(${NUM})$`),
];

export type CoordinatesParse =
  | { kind: 'coordinates'; point: LatLon }
  | { kind: 'out-of-range'; message: string }
  | { kind: 'single-number'; message: string }
  | { kind: 'not-coordinates' };

/** "50,45" is one French decimal, not latitude 50 and longitude 45. */
const SINGLE_DECIMAL = /^[-+]?\d{1,3}[.,]\d+$/;

/** Parses "50.63, 3.06", "50,63 ; 3,06", "50.63 3.06"; checks the ranges. */
export function parseCoordinates(input: string): CoordinatesParse {
  const text = input
    .trim()
    .replace(/^\(|\)$/g, '')
    .trim();
  if (SINGLE_DECIMAL.test(text)) {
    return {
      kind: 'single-number',
      message:
        `« ${input.trim()} » est un seul nombre, pas un lieu : pour des coordonnées, ` +
        'écrivez la latitude puis la longitude séparées par « ; », par exemple « 50,45 ; 2,90 ».',
    };
  }
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const lat = Number((match[1] ?? '').replace(',', '.'));
    const lon = Number((match[2] ?? '').replace(',', '.'));
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return {
        kind: 'out-of-range',
        message:
          `Coordonnées « ${input.trim()} » hors limites : la latitude va de -90 à 90 ` +
          'et la longitude de -180 à 180 (dans cet ordre : « latitude, longitude »).',
      };
    }
    return { kind: 'coordinates', point: { lat, lon } };
  }
  return { kind: 'not-coordinates' };
}

/** French label of a point, e.g. "50,63000, 3,06000". */
export function coordinatesLabel(point: LatLon): string {
  const fr = (value: number): string => value.toFixed(5).replace('.', ',');
  return `${fr(point.lat)}, ${fr(point.lon)}`;
}
