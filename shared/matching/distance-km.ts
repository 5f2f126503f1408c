/** Great-circle distances, computed with Turf, and the cheap box that prefilters them. */
import { distance } from '@turf/distance';
import type { LatLon } from '../model';

/** Mean Earth radius used by Turf, in km. */
const EARTH_RADIUS_KM = 6371.0088;
const DEG = Math.PI / 180;

/** Great-circle (haversine) distance between two points, in kilometres, with Turf. */
export function distanceKm(a: LatLon, b: LatLon): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'kilometers' });
}

/** Latitude/longitude box that holds every point within `km` of a centre. */
export interface LatLonBox {
  minLat: number;
  maxLat: number;
  /** Half-width in degrees of longitude; Infinity when the circle reaches a pole. */
  lonHalfWidth: number;
  centreLon: number;
}

/**
 * The smallest lat/lon box around the circle (Matuschek's bounding
 * coordinates), widened by a hair so rounding never drops a point that Turf
 * would keep.
 */
export function boxAround(centre: LatLon, km: number): LatLonBox {
  const angle = (km / EARTH_RADIUS_KM) * 1.000001 + 1e-9;
  const lat = centre.lat * DEG;
  const reachesPole = Math.abs(lat) + angle >= Math.PI / 2;
  const lonHalfWidth = reachesPole
    ? Infinity
    : Math.asin(Math.min(1, Math.sin(angle) / Math.cos(lat))) / DEG;
  return {
    minLat: centre.lat - angle / DEG,
    maxLat: centre.lat + angle / DEG,
    lonHalfWidth,
    centreLon: centre.lon,
  };
}

/** True when the point lies inside the box (longitudes compared across ±180°). */
export function isInBox(box: LatLonBox, point: LatLon): boolean {
  if (point.lat < box.minLat || point.lat > box.maxLat) return false;
  if (box.lonHalfWidth === Infinity) return true;
  const gap = Math.abs(point.lon - box.centreLon) % 360;
  return Math.min(gap, 360 - gap) <= box.lonHalfWidth;
}

const FRENCH_FORMATS = new Map<number, Intl.NumberFormat>();

/**
 * A number in French (« 12,4 », « 104 000 »), at most `digits` decimals: as
 * formatFrenchNumber, with the formatter built once, since matching writes
 * a few numbers for each of thousands of suppliers.
 */
export function frenchNumber(value: number, digits = 2): string {
  let format = FRENCH_FORMATS.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits });
    FRENCH_FORMATS.set(digits, format);
  }
  return format.format(value);
}
