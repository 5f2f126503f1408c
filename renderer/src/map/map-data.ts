/** What the offline map draws: outlines asked of the services once, candidates' positions. */
import type { BoundaryLayers } from '../../../shared/map/boundary-types';
import type { Candidate, LatLon } from '../../../shared/model';
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

/**
 * Positions of a need's candidates, by supplier id, from Candidate.location;
 * a result saved before candidates carried it has none: drawn as unplaced.
 */
export function candidateLocations(
  candidates: readonly Candidate[],
): Map<string, LatLon> {
  const found = new Map<string, LatLon>();
  for (const candidate of candidates) {
    const at = candidate.location as LatLon | undefined;
    if (at) found.set(candidate.supplierId, at);
  }
  return found;
}
