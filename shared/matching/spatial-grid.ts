/**
 * A grid of half-degree cells over latitude and longitude, each holding the
 * positions of the points inside: the points near a place are read from the
 * few cells its box overlaps instead of scanning them all.
 */
import type { LatLon } from '../model';
import type { LatLonBox } from './distance-km';

/** Cell side in degrees: about 55 km of latitude, 35 km of longitude in France. */
export const GRID_CELL_DEGREES = 0.5;

export interface SpatialGrid {
  cells: Map<number, number[]>;
}

const cellOf = (degrees: number): number => Math.floor(degrees / GRID_CELL_DEGREES);

/** Columns around the globe: longitudes wrap at ±180°. */
const COLUMNS = Math.round(360 / GRID_CELL_DEGREES);

/** The column of any cell number, wrapped into 0 … COLUMNS − 1. */
const wrap = (column: number): number =>
  (((column + COLUMNS / 2) % COLUMNS) + COLUMNS) % COLUMNS;

const keyOf = (row: number, column: number): number => row * COLUMNS + wrap(column);

/** Puts every point's position (0, 1, …) in its cell. */
export function buildSpatialGrid(points: readonly LatLon[]): SpatialGrid {
  const cells = new Map<number, number[]>();
  points.forEach((point, position) => {
    const key = keyOf(cellOf(point.lat), cellOf(point.lon));
    const cell = cells.get(key);
    if (cell) cell.push(position);
    else cells.set(key, [position]);
  });
  return { cells };
}

/** The cells overlapping the box, each a list of positions (ascending). */
export function cellsInBox(grid: SpatialGrid, box: LatLonBox): number[][] {
  const found: number[][] = [];
  let first = 0;
  let last = COLUMNS - 1;
  if (box.lonHalfWidth * 2 < 360 - GRID_CELL_DEGREES) {
    first = cellOf(box.centreLon - box.lonHalfWidth);
    last = cellOf(box.centreLon + box.lonHalfWidth);
  }
  for (let row = cellOf(box.minLat); row <= cellOf(box.maxLat); row++) {
    for (let column = first; column <= last; column++) {
      const cell = grid.cells.get(keyOf(row, column));
      if (cell) found.push(cell);
    }
  }
  return found;
}

/** How many points the cells overlapping the box hold (a bound on those in it). */
export function countInBox(grid: SpatialGrid, box: LatLonBox): number {
  let count = 0;
  for (const cell of cellsInBox(grid, box)) count += cell.length;
  return count;
}
