/** The « new » catalogue of the kill test: real records moved away and given new SIRETs. */
import type { Supplier } from '../../shared/model';

/** Cursor the source « flux » has once the new catalogue is applied. */
export const KILL_TEST_CURSOR = '2-killtest000';

/** SIRET of the i-th copy: 14 digits starting with 99, never a real one of the catalogue. */
export function copySiret(i: number): string {
  return String(99_000_000_000_000 + i);
}

/**
 * `count` records: the real suppliers in turn, the k-th round moved
 * (k + 1) × 0.013° north (1,4 km or more: never within 200 m of a record of
 * the same name), each with a new SIRET: no copy merges with anything.
 */
export function movedCopies(real: readonly Supplier[], count: number): Supplier[] {
  const copies: Supplier[] = [];
  for (let i = 0; i < count; i += 1) {
    const r = real[i % real.length];
    if (!r) break;
    const round = Math.floor(i / real.length);
    const siret = copySiret(i);
    copies.push({
      ...r,
      id: `siret-${siret}`,
      siret,
      location: { lat: r.location.lat + (round + 1) * 0.013, lon: r.location.lon },
    });
  }
  return copies;
}
