/**
 * The offline map's projection: equirectangular around the frame's centre,
 * longitudes shrunk by cos(latitude) so that a kilometre is as long east–west
 * as north–south there, in SVG units (y grows southwards).
 */
import type { BoundaryShape, Ring } from './boundary-types';
import type { LatLon } from '../model';

/** Kilometres per degree of latitude on the mean sphere (IUGG radius 6 371,0088 km). */
export const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

export interface MapFrame {
  /** Centre of the frame, the origin of the projection. */
  centre: LatLon;
  /** cos(centre latitude): how much a degree of longitude shrinks. */
  cosLat: number;
  /** SVG units per kilometre. */
  unitsPerKm: number;
  width: number;
  height: number;
  /** The frame's extent in degrees, to pick the outlines that cross it. */
  south: number;
  north: number;
  west: number;
  east: number;
}

export interface FrameOptions {
  /** Width of the drawing, SVG units. */
  width: number;
  /** Height of the drawing, SVG units. */
  height: number;
  /** Share of the extent added on each side, so that no point sits on the edge. */
  margin?: number;
  /** Smallest half-extent, km: a lone close candidate does not zoom to a street. */
  minHalfKm?: number;
}

/** A frame holding every point, centred on their extent, at one scale on both axes. */
export function frameOn(points: readonly LatLon[], options: FrameOptions): MapFrame {
  const first = points[0];
  if (!first) throw new Error('frameOn : au moins un point est attendu.');
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const centre = {
    lat: (Math.min(...lats) + Math.max(...lats)) / 2,
    lon: (Math.min(...lons) + Math.max(...lons)) / 2,
  };
  const cosLat = Math.cos((centre.lat * Math.PI) / 180);
  const margin = options.margin ?? 0.1;
  const minHalfKm = options.minHalfKm ?? 5;
  // Half-extents in km, the largest ratio to the drawing's half-size sets the scale.
  const halfEastKm = Math.max(
    minHalfKm,
    ...points.map((p) => Math.abs(p.lon - centre.lon) * cosLat * KM_PER_DEGREE),
  );
  const halfNorthKm = Math.max(
    minHalfKm,
    ...points.map((p) => Math.abs(p.lat - centre.lat) * KM_PER_DEGREE),
  );
  const unitsPerKm = Math.min(
    options.width / 2 / (halfEastKm * (1 + 2 * margin)),
    options.height / 2 / (halfNorthKm * (1 + 2 * margin)),
  );
  const halfLatDeg = options.height / 2 / unitsPerKm / KM_PER_DEGREE;
  const halfLonDeg = options.width / 2 / unitsPerKm / (KM_PER_DEGREE * cosLat);
  return {
    centre,
    cosLat,
    unitsPerKm,
    width: options.width,
    height: options.height,
    south: centre.lat - halfLatDeg,
    north: centre.lat + halfLatDeg,
    west: centre.lon - halfLonDeg,
    east: centre.lon + halfLonDeg,
  };
}

/** A point's SVG position: the frame's centre is the drawing's centre. */
export function project(frame: MapFrame, point: LatLon): { x: number; y: number } {
  const eastKm = (point.lon - frame.centre.lon) * frame.cosLat * KM_PER_DEGREE;
  const northKm = (point.lat - frame.centre.lat) * KM_PER_DEGREE;
  return {
    x: frame.width / 2 + eastKm * frame.unitsPerKm,
    y: frame.height / 2 - northKm * frame.unitsPerKm,
  };
}

/** A distance on the ground as SVG units (for the max-distance circle). */
export function kmToUnits(frame: MapFrame, km: number): number {
  return km * frame.unitsPerKm;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** An SVG path for closed rings of [lon, lat], one decimal per coordinate. */
export function ringsPath(frame: MapFrame, rings: readonly Ring[]): string {
  return rings
    .filter((ring) => ring.length > 0)
    .map((ring) => {
      const steps = ring.map(([lon, lat], i) => {
        const { x, y } = project(frame, { lat, lon });
        return `${i === 0 ? 'M' : 'L'}${round1(x)} ${round1(y)}`;
      });
      return `${steps.join('')}Z`;
    })
    .join('');
}

/** Whether any point of the shape's rings lies in the frame's box, widened by `slackDeg`. */
function crossesFrame(frame: MapFrame, shape: BoundaryShape, slackDeg: number): boolean {
  let south = Infinity;
  let north = -Infinity;
  let west = Infinity;
  let east = -Infinity;
  for (const polygon of shape.polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lat < south) south = lat;
      if (lat > north) north = lat;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
    }
  }
  return (
    south <= frame.north + slackDeg &&
    north >= frame.south - slackDeg &&
    west <= frame.east + slackDeg &&
    east >= frame.west - slackDeg
  );
}

/** The shapes whose bounding box meets the frame: the only ones worth drawing. */
export function shapesInFrame(
  frame: MapFrame,
  shapes: readonly BoundaryShape[],
): BoundaryShape[] {
  return shapes.filter((shape) => crossesFrame(frame, shape, 0.01));
}

/** A point of the map in SVG units. */
export interface MapPoint {
  x: number;
  y: number;
}

/**
 * Moves markers that fall within `minGap` units of each other onto a ring
 * around their group's centre, in input order clockwise from the top, so that
 * neighbours on the ring are `minGap` apart and every marker stays readable
 * (three suppliers in Arras). Lone markers keep their place. Answers one
 * point per input, in input order.
 */
export function spreadOverlapping(
  points: readonly MapPoint[],
  minGap: number,
): MapPoint[] {
  // Group greedily: a point joins the first group with a member within minGap.
  const groups: number[][] = [];
  points.forEach((point, index) => {
    const near = groups.find((group) =>
      group.some((i) => {
        const other = points[i] as MapPoint;
        return Math.hypot(other.x - point.x, other.y - point.y) < minGap;
      }),
    );
    if (near) near.push(index);
    else groups.push([index]);
  });

  const spread = points.map((p) => ({ x: p.x, y: p.y }));
  for (const group of groups) {
    const n = group.length;
    if (n < 2) continue;
    const members = group.map((i) => points[i] as MapPoint);
    const cx = members.reduce((sum, p) => sum + p.x, 0) / n;
    const cy = members.reduce((sum, p) => sum + p.y, 0) / n;
    // Chord between ring neighbours 2r·sin(π/n) equals minGap.
    const r = minGap / (2 * Math.sin(Math.PI / n));
    group.forEach((pointIndex, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / n;
      spread[pointIndex] = { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
    });
  }
  return spread;
}
