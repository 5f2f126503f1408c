/** resources/boundaries.json: rounding, validation, and the real file against the data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildBoundaryLayers,
  roundRing,
  shapeOf,
} from '../../../main/scripts/build-boundaries';
import { dataFile } from '../../../main/scripts/catalogue/paths';
import type { BoundaryLayers, Ring } from '../../../shared/map/boundary-types';

describe('roundRing', () => {
  it('rounds to 3 decimals and drops a point that became the one before', () => {
    const ring = roundRing(
      [
        [2.12345, 50.98765],
        [2.12349, 50.98761],
        [2.2, 51],
        [2.12345, 50.98765],
      ],
      3,
    );
    expect(ring).toEqual([
      [2.123, 50.988],
      [2.2, 51],
      [2.123, 50.988],
    ]);
  });
});

describe('shapeOf', () => {
  const square = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  it('reads a MultiPolygon as several polygons', () => {
    const shape = shapeOf(
      {
        properties: { code: '2A', nom: 'Corse-du-Sud' },
        geometry: { type: 'MultiPolygon', coordinates: [[square], [square]] },
      },
      3,
      'test',
    );
    expect(shape.code).toBe('2A');
    expect(shape.polygons).toHaveLength(2);
  });

  it('names the file and the object of an unexpected geometry, in French', () => {
    expect(() =>
      shapeOf(
        { properties: { code: '62', nom: 'Pas-de-Calais' }, geometry: { type: 'Point' } },
        3,
        'Fichier « d.geojson », objet 4',
      ),
    ).toThrow('Fichier « d.geojson », objet 4 (62 Pas-de-Calais) : géométrie « Point »');
  });

  it('refuses a feature without code and nom', () => {
    expect(() => shapeOf({ properties: {}, geometry: null }, 3, 'objet 1')).toThrow(
      /« code » et « nom » attendues/,
    );
  });
});

/** Ray casting on a ring of [lon, lat], written here apart from the app. */
function insideRing(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

describe('resources/boundaries.json', () => {
  const file = JSON.parse(
    readFileSync(join(process.cwd(), 'resources', 'boundaries.json'), 'utf8'),
  ) as BoundaryLayers;

  it('is what the script builds from the shared data (regenerated)', () => {
    const read = (name: string): unknown =>
      JSON.parse(readFileSync(dataFile(`geo/france-geojson/${name}`), 'utf8'));
    const built = buildBoundaryLayers(
      read('departements-version-simplifiee.geojson'),
      read('regions-version-simplifiee.geojson'),
    );
    expect(file).toEqual(built);
  });

  it('keeps the 96 metropolitan départements, 13 régions, source and licence', () => {
    expect(file.departements).toHaveLength(96);
    expect(file.regions).toHaveLength(13);
    expect(file.source).toContain('IGN Admin Express COG 2018');
    expect(file.source).toContain('gregoiredavid/france-geojson');
    expect(file.licence).toContain('Licence Ouverte');
    const names = new Map(file.departements.map((d) => [d.code, d.name]));
    expect(names.get('62')).toBe('Pas-de-Calais');
    expect(names.get('2B')).toBe('Haute-Corse');
  });

  it('writes no coordinate with more than 3 decimals', () => {
    const text = readFileSync(
      join(process.cwd(), 'resources', 'boundaries.json'),
      'utf8',
    );
    expect(text).not.toMatch(/\d\.\d{4,}/);
  });

  it('puts Harnes (50,452 N, 2,904 E) in the Pas-de-Calais and no other département', () => {
    // Harnes' centre, as resources/communes.json gives it (INSEE 62413).
    const harnes = { lon: 2.90355, lat: 50.45223 };
    const holding = file.departements.filter((d) =>
      d.polygons.some((p) => p[0] && insideRing(p[0], harnes.lon, harnes.lat)),
    );
    expect(holding.map((d) => d.code)).toEqual(['62']);
  });
});
