/** Coordinates that contradict the commune given with them. */
import { distanceKm } from '../matching/distance-km';
import type { LatLon } from '../model';

/**
 * Farther than this from the centre of the commune named with them, typed
 * coordinates are taken as wrong. The largest communes (in French Guiana)
 * reach about 100 km from their centre; latitude and longitude swapped
 * land thousands of kilometres away.
 */
export const FAR_FROM_COMMUNE_KM = 150;

/**
 * How far `point` lies from `communeCentre` when that is beyond
 * FAR_FROM_COMMUNE_KM, and whether latitude and longitude swapped would
 * put it within; null when the point is near enough.
 */
export function pointFarFromCommune(
  point: LatLon,
  communeCentre: LatLon,
): { km: number; swapped: boolean } | null {
  const km = distanceKm(point, communeCentre);
  if (km <= FAR_FROM_COMMUNE_KM) return null;
  const swappedPoint = { lat: point.lon, lon: point.lat };
  const swapped =
    Math.abs(swappedPoint.lat) <= 90 &&
    distanceKm(swappedPoint, communeCentre) <= FAR_FROM_COMMUNE_KM;
  return { km, swapped };
}

/** « à 6 200 km de la commune « Harnes (62440) » : latitude et longitude inversées ? », for a message. */
export function farFromCommuneText(
  far: { km: number; swapped: boolean },
  commune: string,
): string {
  const km = Math.round(far.km).toLocaleString('fr-FR');
  return (
    `à ${km} km de la commune « ${commune} »` +
    (far.swapped ? ' : latitude et longitude inversées ?' : '')
  );
}
