/**
 * Reference values worked out independently of the app: the great-circle
 * distance, and the commune and supplier coordinates read from resources/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Mean Earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;

/** Haversine distance between two points, km. */
export function haversineKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = (deg: number): number => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function readResource<T>(name: string): T {
  return JSON.parse(readFileSync(join(process.cwd(), 'resources', name), 'utf8')) as T;
}

/** Centre of a commune of resources/communes.json, by INSEE code. */
export function communeCentre(insee: string): { lat: number; lon: number } {
  const file = readResource<{ communes: { insee: string; lat: number; lon: number }[] }>(
    'communes.json',
  );
  const commune = file.communes.find((c) => c.insee === insee);
  if (!commune) throw new Error(`Commune ${insee} absente de resources/communes.json`);
  return { lat: commune.lat, lon: commune.lon };
}

interface CatalogueSupplier {
  siret: string | null;
  name: string;
  location: { lat: number; lon: number };
}

/** Finds a supplier's coordinates in resources/catalogue.json: by SIRET, else by name. */
export function supplierLocator(): (
  siret: string | null,
  name: string,
) => { lat: number; lon: number } | null {
  const { suppliers } = readResource<{ suppliers: CatalogueSupplier[] }>(
    'catalogue.json',
  );
  const bySiret = new Map<string, CatalogueSupplier>();
  const byName = new Map<string, CatalogueSupplier[]>();
  for (const s of suppliers) {
    if (s.siret) bySiret.set(s.siret, s);
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  return (siret, name) => {
    const found = siret ? bySiret.get(siret) : byName.get(name)?.[0];
    return found ? found.location : null;
  };
}

/** Every supplier of resources/catalogue.json: name and coordinates. */
export function catalogueSupplierPoints(): { name: string; lat: number; lon: number }[] {
  const { suppliers } = readResource<{ suppliers: CatalogueSupplier[] }>(
    'catalogue.json',
  );
  return suppliers.map((s) => ({ name: s.name, ...s.location }));
}
