/**
 * Merged communes found under the old name of a commune they took in. The
 * expected values are read off ../shared/data/geo/communes/communes_france_2024.csv,
 * where a commune déléguée shares its code with its commune nouvelle:
 *   01015,84,01,Arboys en Bugey,Arboys en Bugey,01300,COM,
 *   01015,,,Arbignieu,Arbignieu,01300,COMD,01015
 *   01033,84,01,Valserhône,Valserhône,01200,COM,
 *   01033,,,Bellegarde-sur-Valserine,Bellegarde-sur-Valserine,01200,COMD,01033
 *   01426,84,01,Val-Revermont,Val-Revermont,01370,COM,
 *   01426,,,Treffort,Treffort,01370,COMD,01426
 *   38513,84,38,Treffort,Treffort,38650,COM,
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommunesFile, PlaceResolution } from '../../../shared/model';
import { buildPlaceIndex, resolvePlace } from '../../../shared/places/place-index';

const index = buildPlaceIndex(
  JSON.parse(readFileSync('resources/communes.json', 'utf8')) as CommunesFile,
);

function found(text: string): string | null {
  const resolution: PlaceResolution = resolvePlace(index, text);
  return resolution.status === 'found' ? resolution.place.inseeCode : null;
}

describe('merged communes under their old name', () => {
  it('finds the commune nouvelle from the name of a commune it took in', () => {
    expect(found('Arbignieu')).toBe('01015');
    expect(found('Bellegarde-sur-Valserine')).toBe('01033');
    expect(found('bellegarde sur valserine 01200')).toBe('01033');
    const place = resolvePlace(index, 'Arbignieu');
    expect(place.status === 'found' && place.place.label).toBe('Arboys en Bugey (01300)');
  });

  it('asks when the old name is also the name of another commune', () => {
    // Treffort (01) merged into Val-Revermont; Treffort (38) still exists.
    const resolution = resolvePlace(index, 'Treffort');
    expect(resolution.status).toBe('ambiguous');
    if (resolution.status !== 'ambiguous') return;
    expect(resolution.candidates.map((c) => c.inseeCode).sort()).toEqual([
      '01426',
      '38513',
    ]);
    // The département or the postcode settles it.
    expect(found('Treffort 01370')).toBe('01426');
    expect(found('Treffort 38650')).toBe('38513');
  });
});
