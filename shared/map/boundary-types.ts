/** Boundaries drawn by the offline map (resources/boundaries.json). */

/** Rings of [lon, lat] pairs, as GeoJSON writes them; a polygon's first ring is its outline. */
export type Ring = [number, number][];

export interface BoundaryShape {
  /** INSEE code of the département or région. */
  code: string;
  name: string;
  /** Polygons, each a list of rings. */
  polygons: Ring[][];
}

export interface BoundaryLayers {
  source: string;
  licence: string;
  departements: BoundaryShape[];
  regions: BoundaryShape[];
}
