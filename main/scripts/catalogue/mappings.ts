/** Loads the reviewable mapping tables of resources/mappings/ and checks them. */
import { resolve } from 'node:path';
import type { CpvFile, Sector } from '../../../shared/model';
import { field, readCsv, type CsvRecord } from './read-csv';
import { compareText } from '../../../shared/catalogue/text';

/** NAF code (or prefix) → sector ids; generic codes say nothing about what is sold. */
export interface NafMapping {
  sectorIds: number[];
  generic: boolean;
}

/** The four mapping tables, keyed as the source files write the values. */
export interface Mappings {
  naf: Map<string, NafMapping>;
  rome: Map<string, number[]>;
  /** Key "Categorie_produits|Textiles" or "Domaine|Mobilier". */
  reemploi: Map<string, number[]>;
  sectorCpv: Map<number, string[]>;
}

/** Reads the mapping files and fails on unknown sectors or CPV codes. */
export function loadMappings(
  dir: string,
  sectorIds: Set<number>,
  cpv: CpvFile,
): Mappings {
  const cpvLabels = new Map(cpv.codes.map((entry) => [entry.code, entry.label]));
  const file = (name: string): string => resolve(dir, name);
  const ids = (record: CsvRecord, path: string): number[] =>
    parseSectorIds(field(record, 'secteurs'), sectorIds, path, record);

  const naf = new Map<string, NafMapping>();
  for (const record of readCsv(file('naf-sectors.csv'), ';')) {
    const path = file('naf-sectors.csv');
    const code = field(record, 'naf').toUpperCase();
    const generic = field(record, 'generique') === 'oui';
    const sectors = ids(record, path);
    if (generic && sectors.length > 0)
      fail(path, record, 'generique', 'un code générique ne doit pas avoir de secteur');
    naf.set(code, { sectorIds: sectors, generic });
  }
  const rome = new Map<string, number[]>();
  for (const record of readCsv(file('rome-sectors.csv'), ';')) {
    rome.set(field(record, 'rome').toUpperCase(), ids(record, file('rome-sectors.csv')));
  }
  const reemploi = new Map<string, number[]>();
  for (const record of readCsv(file('reemploi-sectors.csv'), ';')) {
    const key = `${field(record, 'champ')}|${field(record, 'valeur')}`;
    reemploi.set(key, ids(record, file('reemploi-sectors.csv')));
  }
  const sectorCpv = new Map<number, string[]>();
  const cpvPath = file('sector-cpv.csv');
  for (const record of readCsv(cpvPath, ';')) {
    const [sector] = parseSectorIds(
      field(record, 'secteur_id'),
      sectorIds,
      cpvPath,
      record,
    );
    const code = field(record, 'cpv');
    const label = cpvLabels.get(code);
    if (label === undefined)
      fail(cpvPath, record, 'cpv', `code CPV « ${code} » absent de la nomenclature`);
    if (label !== field(record, 'libelle_cpv')) {
      fail(cpvPath, record, 'libelle_cpv', `le libellé du code ${code} est « ${label} »`);
    }
    const list = sectorCpv.get(sector!) ?? [];
    list.push(code);
    sectorCpv.set(sector!, list);
  }
  return { naf, rome, reemploi, sectorCpv };
}

/** Sector ids of a NAF code: exact code first, then the longest listed prefix. */
export function nafSectors(mappings: Mappings, naf: string): NafMapping | null {
  const code = naf.toUpperCase();
  for (let length = code.length; length >= 2; length -= 1) {
    const found = mappings.naf.get(code.slice(0, length));
    if (found) return found;
  }
  return null;
}

/** Sector ids of a ROME code: exact code first, then the longest listed prefix. */
export function romeSectors(mappings: Mappings, rome: string): number[] | null {
  const code = rome.toUpperCase();
  for (let length = code.length; length >= 1; length -= 1) {
    const found = mappings.rome.get(code.slice(0, length));
    if (found) return found;
  }
  return null;
}

/** The 154 sectors with the CPV codes the mapping gives them. */
export function buildSectors(path: string, mappings: Mappings): Sector[] {
  return readCsv(path)
    .map((record) => {
      const id = Number(field(record, 'sector_id'));
      return {
        id,
        name: field(record, 'sector_name'),
        slug: field(record, 'sector_slug'),
        group: field(record, 'group_name'),
        cpv: [...new Set(mappings.sectorCpv.get(id) ?? [])].sort(compareText),
      };
    })
    .sort((a, b) => a.id - b.id);
}

/** Sector ids of the taxonomy file, to check the mappings against. */
export function readSectorIds(path: string): Set<number> {
  return new Set(readCsv(path).map((record) => Number(field(record, 'sector_id'))));
}

function parseSectorIds(
  value: string,
  known: Set<number>,
  path: string,
  record: CsvRecord,
): number[] {
  if (value === '') return [];
  return value.split(/\s+/).map((token) => {
    const id = Number(token);
    if (!Number.isInteger(id) || !known.has(id)) {
      fail(path, record, 'secteurs', `secteur « ${token} » inconnu de la taxonomie`);
    }
    return id;
  });
}

function fail(path: string, record: CsvRecord, column: string, message: string): never {
  // +1: the header is line 1 of the file.
  throw new Error(
    `Fichier ${path}, ligne ${record.recordNumber + 1}, colonne ${column} : ${message}`,
  );
}
