/**
 * Reads the suppliers a publisher gives to `feed build`: a Passerelle
 * catalogue (.json), a JSON list of suppliers, or a spreadsheet (.xlsx, .csv)
 * with the French columns of docs/feed.md. A bad record or row is left out
 * and reported; the others are kept.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type {
  Catalogue,
  CommunesFile,
  ImportIssue,
  Sector,
  Supplier,
} from '../../../shared/model';
import { buildPlaceIndex, type PlaceIndex } from '../../../shared/places/place-index';
import { jsonErrorPosition } from '../database/json-error-position';
import { readCsvSheet } from '../plan-files/read-csv-sheet';
import { readUserFile } from '../plan-files/read-sheet-file';
import { readXlsxSheet } from '../plan-files/read-xlsx-sheet';
import { resourcesDir } from '../resource-paths';
import { UserError } from '../user-error';
import { checkSupplierRecords } from './check-supplier-record';
import { datasetsOf, sortedSuppliers, type FeedContent } from './feed-content';
import {
  findSupplierHeader,
  matchSupplierHeaders,
  SUPPLIER_COLUMNS,
} from './supplier-columns';
import { supplierFromRow } from './supplier-from-row';

export interface ReadSupplierOptions {
  /** Folder of catalogue.json (sectors), communes.json and the schemas. */
  resources?: string;
  /** Data set and licence written in each spreadsheet supplier's provenance. */
  dataset?: string;
  licence?: string;
}

/** The suppliers kept (normalised, sorted by id) and the ones left out. */
export interface SupplierInput extends FeedContent {
  recordsRead: number;
  issues: ImportIssue[];
}

function embeddedSectors(resources: string): Sector[] {
  const text = readFileSync(join(resources, 'catalogue.json'), 'utf8');
  return (JSON.parse(text) as Catalogue).sectors;
}

function parseJson(bytes: Buffer, name: string): unknown {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const at = jsonErrorPosition(text);
    const where = at ? ` (ligne ${at.line}, colonne ${at.column})` : '';
    throw new UserError(`Le fichier « ${name} » n’est pas un JSON valide${where}.`);
  }
}

function readJsonSuppliers(
  bytes: Buffer,
  name: string,
  resources: string,
): SupplierInput {
  const data = parseJson(bytes, name);
  const catalogue = data as Partial<Catalogue> | null;
  const isCatalogue =
    catalogue !== null &&
    typeof catalogue === 'object' &&
    catalogue.format === 'passerelle-catalogue';
  const records = Array.isArray(data)
    ? data
    : isCatalogue
      ? catalogue.suppliers
      : undefined;
  if (!Array.isArray(records)) {
    throw new UserError(
      `Le fichier « ${name} » n’est ni un catalogue Passerelle (format ` +
        '« passerelle-catalogue ») ni une liste JSON de fournisseurs.',
    );
  }
  const { suppliers, problems } = checkSupplierRecords(records, resources);
  const issues = problems.map((p): ImportIssue => ({
    file: name,
    row: 0,
    column: p.field,
    value: p.value,
    message: `Fournisseur « ${p.recordId} », champ « ${p.field} » : ${p.reason}`,
    severity: 'error',
  }));
  const stated =
    isCatalogue && Array.isArray(catalogue.datasets) ? catalogue.datasets : [];
  const sectors =
    isCatalogue && Array.isArray(catalogue.sectors)
      ? catalogue.sectors
      : embeddedSectors(resources);
  return {
    recordsRead: records.length,
    issues,
    suppliers: sortedSuppliers(suppliers),
    sectors,
    datasets: datasetsOf(suppliers, stated),
  };
}

async function readSheetSuppliers(
  bytes: Buffer,
  name: string,
  options: Required<ReadSupplierOptions>,
): Promise<SupplierInput> {
  const sheet = name.toLowerCase().endsWith('.csv')
    ? readCsvSheet(bytes, name)
    : await readXlsxSheet(bytes, name);
  const headerIndex = findSupplierHeader(sheet.rows);
  const header = sheet.rows[headerIndex];
  if (!header) {
    throw new UserError(
      `Le fichier « ${name} » n’a pas de ligne d’en-tête avec les colonnes ` +
        `« ${SUPPLIER_COLUMNS.name[0]} » et « ${SUPPLIER_COLUMNS.kind[0]} » ` +
        '(colonnes décrites dans docs/feed.md).',
    );
  }
  let places: PlaceIndex | undefined;
  const loadPlaces = (): PlaceIndex => {
    const path = join(options.resources, 'communes.json');
    places ??= buildPlaceIndex(JSON.parse(readFileSync(path, 'utf8')) as CommunesFile);
    return places;
  };
  const context = {
    fileName: name,
    header,
    positions: matchSupplierHeaders(header.cells),
    sectors: embeddedSectors(options.resources),
    loadPlaces,
    dataset: options.dataset,
    licence: options.licence,
  };
  const rows = sheet.rows.slice(headerIndex + 1);
  const suppliers: Supplier[] = [];
  const issues: ImportIssue[] = [];
  const rowOfId = new Map<string, number>();
  for (const row of rows) {
    const result = supplierFromRow(row, context);
    if (!result.ok) {
      issues.push(result.issue);
      continue;
    }
    const { id } = result.supplier;
    const first = rowOfId.get(id);
    if (first !== undefined) {
      issues.push({
        file: name,
        row: row.rowNumber,
        column: '',
        value: id,
        message: `Ligne ${row.rowNumber} : même fournisseur (« ${id} ») que la ligne ${first}`,
        severity: 'error',
      });
      continue;
    }
    rowOfId.set(id, row.rowNumber);
    suppliers.push(result.supplier);
    issues.push(...result.warnings);
  }
  return {
    recordsRead: rows.length,
    issues,
    suppliers: sortedSuppliers(suppliers),
    sectors: context.sectors,
    datasets: datasetsOf(suppliers),
  };
}

/** Reads `path` by its extension; throws UserError when the whole file is unusable. */
export async function readSupplierFile(
  path: string,
  options: ReadSupplierOptions = {},
): Promise<SupplierInput> {
  const name = basename(path);
  const extension = extname(name).toLowerCase();
  if (!['.json', '.xlsx', '.csv'].includes(extension)) {
    throw new UserError(
      `Le fichier « ${name} » n’est pas pris en charge : donnez un catalogue ou une ` +
        'liste de fournisseurs (.json), ou un tableau de fournisseurs (.xlsx ou .csv).',
    );
  }
  const bytes = await readUserFile(path);
  if (bytes.length === 0) throw new UserError(`Le fichier « ${name} » est vide.`);
  const resources = options.resources ?? resourcesDir();
  if (extension === '.json') return readJsonSuppliers(bytes, name, resources);
  return readSheetSuppliers(bytes, name, {
    resources,
    dataset: options.dataset ?? basename(name, extname(name)),
    licence: options.licence ?? 'Licence non précisée',
  });
}
