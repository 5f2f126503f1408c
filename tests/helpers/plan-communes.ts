import type { CommuneRecord, CommunesFile } from '../../shared/model';

/** A commune with one postcode, its département read from its INSEE code. */
export function commune(
  insee: string,
  name: string,
  postcode: string,
  lat: number,
  lon: number,
): CommuneRecord {
  return {
    insee,
    name,
    fullName: name,
    postcodes: [postcode],
    departement: insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2),
    region: '00',
    lat,
    lon,
    type: 'COM',
    parent: null,
    population: null,
  };
}

/**
 * Four communes for the plan reader's tests: Harnes, Lille, and two
 * Saint-Denis (Seine-Saint-Denis and La Réunion) that share a name.
 */
export const PLAN_COMMUNES: CommunesFile = {
  source: 'test',
  licence: 'test',
  communes: [
    commune('62413', 'Harnes', '62440', 50.45223, 2.90355),
    commune('59350', 'Lille', '59000', 50.63108, 3.04702),
    commune('93066', 'Saint-Denis', '93200', 48.9268, 2.3538),
    commune('97411', 'Saint-Denis', '97400', -20.94342, 55.44511),
  ],
};
