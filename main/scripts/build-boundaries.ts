/**
 * Builds resources/boundaries.json, the département and région outlines the
 * offline map draws, from the simplified france-geojson files of ../shared/data:
 * coordinates rounded to keep the file small, repeated points dropped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  BoundaryLayers,
  BoundaryShape,
  Ring,
} from '../../shared/map/boundary-types';
import { dataFile, resourcesDir } from './catalogue/paths';
import { writeFileAtomic } from './catalogue/write-atomic';

/** Where the outlines come from, as the data README states it. */
export const BOUNDARIES_SOURCE =
  'IGN Admin Express COG 2018, version simplifiée de gregoiredavid/france-geojson ' +
  '(commit 5d34ee6d0140c29f785fdb047d9329f1aab58833)';
export const BOUNDARIES_LICENCE = 'Licence Ouverte (Etalab), conditions d’Admin Express';

/** 3 decimals of a degree: about 110 m in latitude, well under a pixel of the map. */
export const DEFAULT_DECIMALS = 3;

const DEPARTEMENTS_FILE = 'geo/france-geojson/departements-version-simplifiee.geojson';
const REGIONS_FILE = 'geo/france-geojson/regions-version-simplifiee.geojson';

interface GeoJsonFeature {
  properties?: { code?: unknown; nom?: unknown } | null;
  geometry?: { type?: unknown; coordinates?: unknown } | null;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A ring with rounded coordinates, without points repeating the one before. */
export function roundRing(ring: readonly number[][], decimals: number): Ring {
  const out: Ring = [];
  for (const point of ring) {
    const lon = roundTo(point[0] as number, decimals);
    const lat = roundTo(point[1] as number, decimals);
    const last = out[out.length - 1];
    if (last && last[0] === lon && last[1] === lat) continue;
    out.push([lon, lat]);
  }
  return out;
}

function isPosition(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1])
  );
}

function isRing(value: unknown): value is number[][] {
  return Array.isArray(value) && value.length >= 4 && value.every(isPosition);
}

/** One feature as a shape; throws a French message naming the file and the feature. */
export function shapeOf(
  feature: GeoJsonFeature,
  decimals: number,
  where: string,
): BoundaryShape {
  const code = feature.properties?.code;
  const name = feature.properties?.nom;
  if (typeof code !== 'string' || typeof name !== 'string') {
    throw new Error(`${where} : propriétés « code » et « nom » attendues.`);
  }
  const { type, coordinates } = feature.geometry ?? {};
  let polygons: unknown[];
  if (type === 'Polygon') polygons = [coordinates];
  else if (type === 'MultiPolygon' && Array.isArray(coordinates)) polygons = coordinates;
  else {
    throw new Error(
      `${where} (${code} ${name}) : géométrie « ${String(type)} » inattendue, ` +
        'Polygon ou MultiPolygon attendu.',
    );
  }
  return {
    code,
    name,
    polygons: polygons.map((polygon) => {
      if (!Array.isArray(polygon) || !polygon.every(isRing)) {
        throw new Error(`${where} (${code} ${name}) : anneau de coordonnées invalide.`);
      }
      return polygon.map((ring) => roundRing(ring, decimals));
    }),
  };
}

/** The shapes of a FeatureCollection, sorted by code; `file` names it in errors. */
export function shapesOf(
  collection: unknown,
  decimals: number,
  file: string,
): BoundaryShape[] {
  const features = (collection as { features?: unknown } | null)?.features;
  if (!Array.isArray(features) || features.length === 0) {
    throw new Error(`Fichier « ${file} » : une FeatureCollection non vide est attendue.`);
  }
  return features
    .map((f, i) =>
      shapeOf(f as GeoJsonFeature, decimals, `Fichier « ${file} », objet ${i + 1}`),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Both layers, with their source and licence. */
export function buildBoundaryLayers(
  departements: unknown,
  regions: unknown,
  decimals: number = DEFAULT_DECIMALS,
): BoundaryLayers {
  return {
    source: BOUNDARIES_SOURCE,
    licence: BOUNDARIES_LICENCE,
    departements: shapesOf(departements, decimals, DEPARTEMENTS_FILE),
    regions: shapesOf(regions, decimals, REGIONS_FILE),
  };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `Fichier « ${path} » illisible : ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Reads the shared data and writes resources/boundaries.json; answers its size in bytes. */
export function writeBoundaries(out: string = resourcesDir()): number {
  const layers = buildBoundaryLayers(
    readJson(dataFile(DEPARTEMENTS_FILE)),
    readJson(dataFile(REGIONS_FILE)),
  );
  const text = JSON.stringify(layers);
  writeFileAtomic(resolve(out, 'boundaries.json'), text);
  console.log(
    `[resources] limites : ${layers.departements.length} départements, ` +
      `${layers.regions.length} régions, ${Buffer.byteLength(text)} octets`,
  );
  return Buffer.byteLength(text);
}

// `tsx main/scripts/build-boundaries.ts` rebuilds only this file.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    writeBoundaries();
  } catch (error) {
    console.error(
      `[resources] échec : ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  }
}
