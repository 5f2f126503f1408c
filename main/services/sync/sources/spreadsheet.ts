/**
 * Reads a regional network's supplier list (.xlsx or .csv) with the plan
 * readers, through the column mapping the buyer gave: one supplier per row
 * below the header row (the first of the first 20 rows naming the « name »
 * column). Row numbers are those the spreadsheet shows, and are the records'
 * ids: a row moved in the file is another record to the sync.
 */
import type {
  SourceConfig,
  SpreadsheetColumns,
} from '../../../../shared/feed/sync-types';
import { parseLabels } from '../../../../shared/labels';
import type { LabelCode } from '../../../../shared/model';
import { resolveSectorName } from '../../../../shared/plan/resolve-sector-name';
import type { CellValue, SheetRow, SheetRows } from '../../../../shared/plan/sheet';
import { foldText } from '../../../../shared/text/fold-text';
import { legalFormLabels } from '../../../../shared/catalogue/legal-form-labels';
import { readSheetPath } from '../../plan-files/read-sheet-file';
import { UserError } from '../../user-error';
import type { SourceContext } from './source-context';
import {
  SourceRecords,
  type RecordDraft,
  type RecordNote,
  type SourceReadResult,
} from './source-records';
import { kindFromLabels, parseKind } from './supplier-kinds';

export type SpreadsheetConfig = Extract<SourceConfig, { kind: 'spreadsheet' }>;

/** The records, and where in the file they were read. */
export interface SpreadsheetReadResult extends SourceReadResult {
  fileName: string;
  sheetName: string | null;
  /** Row of the header, as the spreadsheet shows it. */
  headerRow: number;
}

type ColumnKey = keyof SpreadsheetColumns;

/** How many non-empty rows from the top may hold the header. */
const HEADER_SEARCH_ROWS = 20;

function readSheet(path: string): Promise<SheetRows> {
  return readSheetPath(path, 'une liste de fournisseurs prise en charge');
}

/** A cell as text; whole numbers written without decimals. */
function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** Finds the header row and the index of every mapped column. */
function locateColumns(
  sheet: SheetRows,
  columns: SpreadsheetColumns,
): { header: SheetRow; index: Map<ColumnKey, number> } {
  const wanted = foldText(columns.name);
  const header = sheet.rows
    .slice(0, HEADER_SEARCH_ROWS)
    .find((row) => row.cells.some((cell) => foldText(cellText(cell)) === wanted));
  if (!header) {
    throw new UserError(
      `Le fichier « ${sheet.fileName} » n’a pas de ligne d’en-tête avec la colonne « ${columns.name} » ` +
        `(nom des fournisseurs) dans ses ${HEADER_SEARCH_ROWS} premières lignes.`,
    );
  }
  const folded = header.cells.map((cell) => foldText(cellText(cell)));
  const index = new Map<ColumnKey, number>();
  const missing: string[] = [];
  for (const [key, title] of Object.entries(columns) as [
    ColumnKey,
    string | undefined,
  ][]) {
    if (title === undefined || title.trim() === '') continue;
    const at = folded.indexOf(foldText(title));
    if (at < 0) missing.push(`« ${title} »`);
    else index.set(key, at);
  }
  if (missing.length > 0) {
    const present = header.cells.map(cellText).filter((text) => text !== '');
    throw new UserError(
      `Fichier « ${sheet.fileName} », ligne d’en-tête ${header.rowNumber} : ` +
        `${missing.length > 1 ? 'colonnes' : 'colonne'} ${missing.join(', ')} introuvable${missing.length > 1 ? 's' : ''}. ` +
        `Colonnes présentes : ${present.join(', ')}.`,
    );
  }
  return { header, index };
}

/** Reads the supplier list at `config.path` through `config.columns`. */
export async function readSpreadsheet(
  config: SpreadsheetConfig,
  context: SourceContext,
): Promise<SpreadsheetReadResult> {
  const { columns } = config;
  const sheet = await readSheet(config.path);
  const { header, index } = locateColumns(sheet, columns);
  const postcodeTitle = columns.postcode ?? 'code postal';
  const cityTitle = columns.city ?? 'commune';
  const records = new SourceRecords(
    config,
    context,
    {
      name: columns.name,
      siret: columns.siret ?? 'SIRET',
      naf: columns.naf ?? 'NAF',
      website: columns.website ?? 'site web',
      email: columns.email ?? 'courriel',
      coordinates: `${columns.lat ?? 'latitude'}/${columns.lon ?? 'longitude'}`,
      postcode: postcodeTitle,
      commune: `${postcodeTitle}/${cityTitle}`,
    },
    (row) => `la ligne ${row}`,
  );

  for (const row of sheet.rows.filter((r) => r.rowNumber > header.rowNumber)) {
    records.add(draftOfRow(row, index, columns, context));
  }
  return {
    ...records.result(),
    fileName: sheet.fileName,
    sheetName: sheet.sheetName,
    headerRow: header.rowNumber,
  };
}

/** The supplier a row describes, with what was noticed on the way. */
function draftOfRow(
  row: SheetRow,
  index: ReadonlyMap<ColumnKey, number>,
  columns: SpreadsheetColumns,
  context: SourceContext,
): RecordDraft {
  const cell = (key: ColumnKey): CellValue => {
    const at = index.get(key);
    return at === undefined ? null : (row.cells[at] ?? null);
  };
  const text = (key: ColumnKey): string => cellText(cell(key));
  const notes: RecordNote[] = [];

  const labels: LabelCode[] = [...legalFormLabels(text('legalForm'))];
  const written = parseLabels(text('labels'));
  labels.push(...written.labels);
  for (const unknown of written.unknown) {
    notes.push({
      field: columns.labels ?? 'labels',
      reason: `label « ${unknown} » inconnu : ignoré`,
    });
  }
  const kindText = text('kind');
  let kind = parseKind(kindText);
  if (kind === null) {
    kind = kindFromLabels(labels);
    if (kindText !== '') {
      const kept = kind === 'ESS' ? 'structure de l’ESS retenue' : 'entreprise retenue';
      notes.push({
        field: columns.kind ?? 'type',
        reason: `type de structure « ${kindText} » inconnu : ${kept}`,
      });
    }
  }
  const sectorIds = sectorIdsOf(text('sectors'), context, (reason) =>
    notes.push({ field: columns.sectors ?? 'secteurs', reason }),
  );
  return {
    recordId: String(row.rowNumber),
    url: null,
    name: text('name'),
    siret: siretText(cell('siret')),
    brand: null,
    kind,
    labels,
    naf: text('naf'),
    sectorIds,
    description: text('description') || null,
    website: text('website'),
    email: text('email'),
    phone: text('phone'),
    street: text('street'),
    postcode: postcodeText(cell('postcode')),
    city: text('city'),
    departement: null,
    lat: coordinateCell(cell('lat')),
    lon: coordinateCell(cell('lon')),
    notes,
  };
}

/** A postcode stored as a number lost its leading zero: 2330 → 02330. */
function postcodeText(value: CellValue): string {
  const text = cellText(value);
  return /^\d{4}$/.test(text) ? `0${text}` : text;
}

/** A SIRET Excel stored as a number lost its leading zero when it had one. */
function siretText(value: CellValue): string {
  if (typeof value === 'number' && Number.isInteger(value)) {
    const digits = String(value);
    return digits.length === 13 ? `0${digits}` : digits;
  }
  return cellText(value);
}

function coordinateCell(value: CellValue): number | string | null {
  if (typeof value === 'number') return value;
  const text = cellText(value);
  return text === '' ? null : text;
}

/** Sector ids of a cell: ids or names of the taxonomy, separated by « ; ». */
function sectorIdsOf(
  text: string,
  context: SourceContext,
  warn: (reason: string) => void,
): number[] {
  const ids: number[] = [];
  for (const part of text.split(/[;\n|]/).map((p) => p.trim())) {
    if (part === '') continue;
    if (/^\d+$/.test(part)) {
      const id = Number(part);
      if (context.sectors.some((sector) => sector.id === id)) ids.push(id);
      else warn(`secteur n° ${part} inconnu : ignoré`);
      continue;
    }
    const found = resolveSectorName(part, context.sectors);
    if (found.ok) ids.push(found.sector.id);
    else if (found.reason === 'ambiguous') {
      const names = found.sectors.map((s) => `« ${s.name} »`).join(', ');
      warn(`secteur « ${part} » ambigu (${names}) : ignoré`);
    } else warn(`secteur « ${part} » inconnu : ignoré`);
  }
  return ids;
}
