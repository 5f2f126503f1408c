/** The offline map's projection, checked on frames worked out by hand. */
import { describe, expect, it } from 'vitest';
import type { BoundaryShape } from '../../../shared/map/boundary-types';
import {
  frameOn,
  KM_PER_DEGREE,
  kmToUnits,
  project,
  ringsPath,
  shapesInFrame,
  spreadOverlapping,
} from '../../../shared/map/map-projection';

// At 60° N, cos(latitude) = 0.5: a degree of longitude is half a degree of latitude.
const SOUTH_WEST = { lat: 59.9, lon: 10 };
const NORTH_EAST = { lat: 60.1, lon: 10.2 };
const frame = frameOn([SOUTH_WEST, NORTH_EAST], {
  width: 400,
  height: 400,
  margin: 0,
  minHalfKm: 0,
});

describe('frameOn / project', () => {
  it('centres the frame on the extent of the points', () => {
    expect(frame.centre.lat).toBeCloseTo(60, 9);
    expect(frame.centre.lon).toBeCloseTo(10.1, 9);
    expect(frame.cosLat).toBeCloseTo(0.5, 9);
  });

  it('fits the longer side: 0,2° of latitude fill the 400 units of height', () => {
    // Half-extents: north 0,1° = 11,12 km, east 0,1° × 0,5 = 5,56 km; north wins.
    expect(kmToUnits(frame, 0.1 * KM_PER_DEGREE)).toBeCloseTo(200, 6);
    const ne = project(frame, NORTH_EAST);
    // 5,56 km east is half of 11,12 km: x = 200 + 100; the top edge is y = 0.
    expect(ne.x).toBeCloseTo(300, 6);
    expect(ne.y).toBeCloseTo(0, 6);
    const sw = project(frame, SOUTH_WEST);
    expect(sw.x).toBeCloseTo(100, 6);
    expect(sw.y).toBeCloseTo(400, 6);
  });

  it('draws a kilometre as long east–west as north–south at the centre', () => {
    const km = 10;
    const east = project(frame, {
      lat: 60,
      lon: 10.1 + km / (KM_PER_DEGREE * 0.5),
    });
    const north = project(frame, { lat: 60 + km / KM_PER_DEGREE, lon: 10.1 });
    expect(east.x - 200).toBeCloseTo(200 - north.y, 6);
    expect(east.x - 200).toBeCloseTo(kmToUnits(frame, km), 6);
  });

  it('keeps a lone point at the centre with the smallest half-extent', () => {
    const lone = frameOn([{ lat: 50.45, lon: 2.9 }], {
      width: 600,
      height: 400,
      margin: 0,
      minHalfKm: 5,
    });
    expect(project(lone, { lat: 50.45, lon: 2.9 })).toEqual({ x: 300, y: 200 });
    // 5 km of half-height over 200 units: 40 units per km.
    expect(kmToUnits(lone, 1)).toBeCloseTo(40, 9);
  });

  it('refuses an empty list of points', () => {
    expect(() => frameOn([], { width: 10, height: 10 })).toThrow(/au moins un point/);
  });
});

describe('ringsPath / shapesInFrame', () => {
  it('writes closed SVG paths with one decimal', () => {
    const path = ringsPath(frame, [
      [
        [10, 59.9],
        [10.2, 60.1],
        [10.1, 60],
      ],
    ]);
    expect(path).toBe('M100 400L300 0L200 200Z');
  });

  it('keeps only the shapes crossing the frame', () => {
    const square = (code: string, lon: number, lat: number): BoundaryShape => ({
      code,
      name: code,
      polygons: [
        [
          [
            [lon, lat],
            [lon + 0.05, lat],
            [lon + 0.05, lat + 0.05],
            [lon, lat],
          ],
        ],
      ],
    });
    const inside = square('in', 10.05, 59.95);
    const far = square('far', 2.9, 50.4);
    expect(shapesInFrame(frame, [inside, far]).map((s) => s.code)).toEqual(['in']);
  });
});

describe('spreadOverlapping', () => {
  it('leaves markers further apart than the gap where they are', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 25, y: 0 },
      { x: 0, y: 30 },
    ];
    expect(spreadOverlapping(points, 20)).toEqual(points);
  });

  it('puts two markers at one place 20 apart, top then bottom', () => {
    // n = 2: r = 20 / (2 sin 90°) = 10, angles −90° and 90° around (100, 50).
    const [a, b] = spreadOverlapping(
      [
        { x: 100, y: 50 },
        { x: 100, y: 50 },
      ],
      20,
    );
    expect(a?.x).toBeCloseTo(100, 9);
    expect(a?.y).toBeCloseTo(40, 9);
    expect(b?.x).toBeCloseTo(100, 9);
    expect(b?.y).toBeCloseTo(60, 9);
  });

  it('rings three markers of one town (ranks 6, 7, 8 at Arras) around their centre', () => {
    // Centre (201, 100); n = 3: r = 20 / (2 sin 60°) = 20 / √3 ≈ 11,547; angles
    // −90°, 30°, 150°; a fourth point far away keeps its place.
    const spread = spreadOverlapping(
      [
        { x: 200, y: 100 },
        { x: 202, y: 101 },
        { x: 400, y: 300 },
        { x: 201, y: 99 },
      ],
      20,
    );
    const r = 20 / Math.sqrt(3);
    const expected = [
      { x: 201, y: 100 - r },
      { x: 201 + r * Math.cos(Math.PI / 6), y: 100 + r / 2 },
      { x: 400, y: 300 },
      { x: 201 - r * Math.cos(Math.PI / 6), y: 100 + r / 2 },
    ];
    spread.forEach((point, i) => {
      expect(point.x).toBeCloseTo(expected[i]?.x ?? NaN, 9);
      expect(point.y).toBeCloseTo(expected[i]?.y ?? NaN, 9);
    });
    // Every pair of the ring now lies exactly one gap apart (equilateral).
    const [p, q, , t] = spread as [
      { x: number; y: number },
      { x: number; y: number },
      unknown,
      { x: number; y: number },
    ];
    expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeCloseTo(20, 9);
    expect(Math.hypot(q.x - t.x, q.y - t.y)).toBeCloseTo(20, 9);
  });
});
