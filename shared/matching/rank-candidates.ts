/** The fixed order of candidates: score, distance, precision of fit, name, id. */
import type { Candidate } from '../model';
import { SECTOR_FIT_ORDER } from './sector-fit';

const collator = new Intl.Collator('fr');

/** Score desc, distance asc, fit precision (code … keyword), name (French order), id. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.score - a.score ||
    a.distanceKm - b.distanceKm ||
    SECTOR_FIT_ORDER.indexOf(a.sectorFit) - SECTOR_FIT_ORDER.indexOf(b.sectorFit) ||
    collator.compare(a.supplierName, b.supplierName) ||
    (a.supplierId < b.supplierId ? -1 : a.supplierId > b.supplierId ? 1 : 0)
  );
}

/** Sorts, keeps the first `topN` and numbers them from 1. */
export function rankCandidates(candidates: Candidate[], topN: number): Candidate[] {
  return [...candidates]
    .sort(compareCandidates)
    .slice(0, Math.max(0, topN))
    .map((c, i) => ({ ...c, rank: i + 1 }));
}
