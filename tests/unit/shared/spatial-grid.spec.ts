/** The half-degree grid never loses a point within the distance asked, across ±180° too. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxAround, distanceKm } from '../../../shared/matching/distance-km';
import { buildSpatialGrid, cellsInBox } from '../../../shared/matching/spatial-grid';

const point = fc.record({
  lat: fc.double({ min: -89, max: 89, noNaN: true }),
  lon: fc.double({ min: -180, max: 179.999, noNaN: true }),
});

describe('spatial grid', () => {
  it('holds every point within km of a centre in the cells its box overlaps', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 200 }),
        point,
        fc.double({ min: 0, max: 400, noNaN: true }),
        (points, centre, km) => {
          const grid = buildSpatialGrid(points);
          const listed = new Set(cellsInBox(grid, boxAround(centre, km)).flat());
          points.forEach((p, i) => {
            if (distanceKm(centre, p) <= km) expect(listed.has(i)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads only the cells near the place: Lille, not Marseille', () => {
    const lille = { lat: 50.6292, lon: 3.0573 };
    const marseille = { lat: 43.2965, lon: 5.3698 };
    const grid = buildSpatialGrid([lille, marseille, { lat: 50.63, lon: -179.9 }]);
    expect(cellsInBox(grid, boxAround(lille, 30)).flat()).toEqual([0]);
    // 20 km east of 179,9° W lies across the antimeridian.
    expect(cellsInBox(grid, boxAround({ lat: 50.63, lon: 179.95 }, 20)).flat()).toEqual([
      2,
    ]);
  });
});
