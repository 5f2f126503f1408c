/** Reads the embedded catalogue, communes and CPV files, once per folder. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BoundaryLayers } from '../../shared/map/boundary-types';
import type { Catalogue, CommunesFile, CpvFile } from '../../shared/model';
import { UserError } from './user-error';

/** The parsed resources/ files. */
export interface Resources {
  dir: string;
  catalogue: Catalogue;
  communes: CommunesFile;
  cpv: CpvFile;
}

const cache = new Map<string, Promise<Resources>>();

async function readJsonResource<T>(dir: string, name: string): Promise<T> {
  const path = join(dir, name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(
      `La ressource « ${name} » est introuvable dans ${dir}. ` +
        'Réinstallez Passerelle ou régénérez les ressources (npm run build:resources).',
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UserError(`La ressource « ${path} » n’est pas un JSON valide.`);
  }
}

/** Reads and parses the three resource files of `dir`; later calls share the result. */
export function loadResources(dir: string): Promise<Resources> {
  let loading = cache.get(dir);
  if (!loading) {
    loading = (async (): Promise<Resources> => {
      const [catalogue, communes, cpv] = await Promise.all([
        readJsonResource<Catalogue>(dir, 'catalogue.json'),
        readJsonResource<CommunesFile>(dir, 'communes.json'),
        readJsonResource<CpvFile>(dir, 'cpv.json'),
      ]);
      return { dir, catalogue, communes, cpv };
    })();
    loading.catch(() => cache.delete(dir));
    cache.set(dir, loading);
  }
  return loading;
}

const boundaryCache = new Map<string, Promise<BoundaryLayers>>();

/** Reads resources/boundaries.json of `dir` on first use (only the map needs it). */
export function loadBoundaries(dir: string): Promise<BoundaryLayers> {
  let loading = boundaryCache.get(dir);
  if (!loading) {
    loading = readJsonResource<BoundaryLayers>(dir, 'boundaries.json');
    loading.catch(() => boundaryCache.delete(dir));
    boundaryCache.set(dir, loading);
  }
  return loading;
}
