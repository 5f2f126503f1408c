/** What the offline map draws, asked of the services: outlines once, supplier positions per need. */
import type { BoundaryLayers } from '../../../shared/map/boundary-types';
import type { Candidate, LatLon, Place } from '../../../shared/model';
import { call } from '../api/client';

let boundaries: Promise<BoundaryLayers> | null = null;

/** The département and région outlines, read once per window. */
export function loadBoundaries(): Promise<BoundaryLayers> {
  if (!boundaries) {
    boundaries = call('map:boundaries');
    boundaries.catch(() => (boundaries = null));
  }
  return boundaries;
}

/** « 50.45223, 2.90355 »: a place the places service reads back as these coordinates. */
function coordinatesText(point: LatLon): string {
  return `${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}`;
}

/**
 * Positions of a need's candidates, by supplier id, from one catalogue search
 * around each delivery site as far as the farthest candidate (a candidate's
 * distance is to its nearest site).
 * TODO(issue 5): Candidate carries no position; a `location` on it would save these calls.
 */
export async function candidateLocations(
  sites: readonly Place[],
  candidates: readonly Candidate[],
): Promise<Map<string, LatLon>> {
  if (candidates.length === 0) return new Map();
  // Shown distances may be road distances (× road factor ≥ 1): never shorter.
  const radiusKm = Math.max(...candidates.map((c) => c.distanceKm)) + 1;
  const wanted = new Set(candidates.map((c) => c.supplierId));
  const found = new Map<string, LatLon>();
  for (const site of sites) {
    const { hits } = await call('catalogue:search', {
      near: coordinatesText(site),
      radiusKm,
      limit: 5000,
    });
    for (const hit of hits) if (wanted.has(hit.id)) found.set(hit.id, hit.location);
    if (found.size === wanted.size) break;
  }
  return found;
}
