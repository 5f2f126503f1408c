/** The French columns of a publisher's supplier spreadsheet (docs/feed.md). */
import type { CellValue, SheetRow } from '../../../shared/plan/sheet';
import { foldText } from '../../../shared/text/fold-text';

export type SupplierColumnKey =
  | 'id'
  | 'siret'
  | 'name'
  | 'brand'
  | 'kind'
  | 'labels'
  | 'naf'
  | 'sectors'
  | 'description'
  | 'website'
  | 'email'
  | 'phone'
  | 'street'
  | 'postcode'
  | 'city'
  | 'inseeCode'
  | 'lat'
  | 'lon'
  | 'serviceArea';

/** Header as the documentation writes it, then other accepted spellings (folded). */
export const SUPPLIER_COLUMNS: Record<SupplierColumnKey, [string, ...string[]]> = {
  id: ['Identifiant', 'id'],
  siret: ['SIRET', 'numero siret', 'n siret'],
  name: ['Raison sociale', 'nom', 'nom de la structure', 'denomination'],
  brand: ['Enseigne', 'nom commercial'],
  kind: ['Type de structure', 'type', 'forme'],
  labels: ['Labels', 'chartes', 'labels et chartes'],
  naf: ['Code NAF', 'naf', 'code ape', 'ape'],
  sectors: ['Secteurs', 'secteur', 'secteurs d activite'],
  description: ['Description', 'activite', 'presentation'],
  website: ['Site web', 'site internet', 'site'],
  email: ['Courriel', 'e-mail', 'email', 'mail', 'adresse electronique', 'adresse mail'],
  phone: ['Téléphone', 'tel', 'numero de telephone'],
  street: ['Adresse', 'rue'],
  postcode: ['Code postal', 'cp'],
  city: ['Commune', 'ville'],
  inseeCode: ['Code INSEE', 'insee'],
  lat: ['Latitude', 'lat'],
  lon: ['Longitude', 'lon', 'lng'],
  serviceArea: ['Zone d’intervention', 'zone'],
};

/** Columns without which no row can be read. */
export const REQUIRED_COLUMNS: SupplierColumnKey[] = ['name', 'kind'];

/** Where each known column is in the header row (0-based), by key. */
export type ColumnPositions = Partial<Record<SupplierColumnKey, number>>;

const BY_FOLDED = new Map<string, SupplierColumnKey>(
  (Object.entries(SUPPLIER_COLUMNS) as [SupplierColumnKey, string[]][]).flatMap(
    ([key, names]) => names.map((name) => [foldText(name), key] as const),
  ),
);

/** The known columns of a header row; the first of two same columns wins. */
export function matchSupplierHeaders(cells: readonly CellValue[]): ColumnPositions {
  const positions: ColumnPositions = {};
  cells.forEach((cell, index) => {
    if (typeof cell !== 'string') return;
    const key = BY_FOLDED.get(foldText(cell));
    if (key && positions[key] === undefined) positions[key] = index;
  });
  return positions;
}

/** The header row: the first of the first 20 rows naming the required columns. */
export function findSupplierHeader(rows: readonly SheetRow[]): number {
  return rows.slice(0, 20).findIndex((row) => {
    const positions = matchSupplierHeaders(row.cells);
    return REQUIRED_COLUMNS.every((key) => positions[key] !== undefined);
  });
}

/** A cell as trimmed text ('' when empty); numbers keep their digits. */
export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}
