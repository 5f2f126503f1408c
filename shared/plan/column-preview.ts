/**
 * The header row of a plan file as the mapping screen shows it, and the
 * saved mappings that apply to it: a mapping chosen once is reused for any
 * file with the same headers, whatever their case, accents or order.
 */
import { foldText } from '../text/fold-text';
import {
  headerSignature,
  proposeColumnMapping,
  type ColumnMappingProposal,
  type SavedColumnMapping,
} from './column-mapping';
import { findHeaderRow, HEADER_SEARCH_ROWS } from './find-header-row';
import { cellText } from './plan-row';
import type { CellValue, SheetRow, SheetRows } from './sheet';

/** What `plan:preview-columns` answers about a plan file. */
export interface ColumnPreview {
  fileName: string;
  /** Row number of the header as the spreadsheet shows it (1-based), 0 if none. */
  headerRow: number;
  proposal: ColumnMappingProposal;
  /** True when the buyer should map the columns before the import. */
  askMapping: boolean;
  /** French note when the saved mappings could not all be read, else null. */
  notice: string | null;
}

/** The header texts as column-mapping.ts reads them (trailing empty cells dropped). */
function headerTexts(cells: readonly CellValue[]): string[] {
  const texts = cells.map((c) =>
    c === null || c === undefined || c instanceof Date ? '' : String(c).trim(),
  );
  while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  return texts;
}

function sortedFolded(headers: readonly string[]): string {
  return headers
    .map((h) => foldText(h))
    .sort()
    .join('|');
}

/**
 * A saved mapping carried over to the same headers in another order: each
 * header keeps the column the buyer gave it (repeated headers in turn).
 * Null when the headers are not the same.
 */
export function reorderedMapping(
  saved: SavedColumnMapping,
  cells: readonly CellValue[],
): SavedColumnMapping | null {
  const headers = headerTexts(cells);
  if (headers.length === 0 || sortedFolded(headers) !== sortedFolded(saved.headers)) {
    return null;
  }
  const unused = saved.headers.map((h, index) => ({ folded: foldText(h), index }));
  const columns = headers.map((header) => {
    const folded = foldText(header);
    const at = unused.findIndex((u) => u.folded === folded);
    const [taken] = unused.splice(at, 1);
    return taken ? (saved.columns[taken.index] ?? null) : null;
  });
  return { ...saved, signature: headerSignature(cells), headers, columns };
}

function isEmptyRow(row: SheetRow): boolean {
  return (
    row.cells.every((cell) => cellText(cell) === '') && (row.problems ?? []).length === 0
  );
}

/** The rows that may hold the header, as needsFromSheet searches them. */
function topRows(sheet: SheetRows): SheetRow[] {
  return sheet.rows.filter((row) => !isEmptyRow(row)).slice(0, HEADER_SEARCH_ROWS);
}

/**
 * The saved mappings with, for each row that may be the header, the one
 * saved for the same headers in another order: what the import is given.
 */
export function mappingsForSheet(
  sheet: SheetRows,
  saved: readonly SavedColumnMapping[],
): SavedColumnMapping[] {
  const signatures = new Set(saved.map((m) => m.signature));
  const reordered: SavedColumnMapping[] = [];
  for (const row of topRows(sheet)) {
    if (signatures.has(headerSignature(row.cells))) continue;
    for (const mapping of saved) {
      const moved = reorderedMapping(mapping, row.cells);
      if (moved) {
        reordered.push(moved);
        signatures.add(moved.signature);
        break;
      }
    }
  }
  return [...saved, ...reordered];
}

/**
 * The header row of a sheet and its columns as recognised or as mapped
 * before. The buyer is asked only when the row names at least one plan
 * column (a file with none is not a plan, and the import says so) and a
 * required column is missing or only guessed.
 */
export function previewColumns(
  sheet: SheetRows,
  saved: readonly SavedColumnMapping[],
  notice: string | null = null,
): ColumnPreview {
  const rows = topRows(sheet);
  const mappings = mappingsForSheet(sheet, saved);
  const signatures = new Set(mappings.map((m) => m.signature));
  let index = rows.findIndex((row) => signatures.has(headerSignature(row.cells)));
  if (index < 0) index = Math.max(0, findHeaderRow(rows));
  const header = rows[index];
  const proposal = proposeColumnMapping(header?.cells ?? [], mappings);
  const recognised = proposal.columns.some((c) => c.key !== null);
  return {
    fileName: sheet.fileName,
    headerRow: header?.rowNumber ?? 0,
    proposal,
    askMapping: recognised && proposal.needsConfirmation,
    notice,
  };
}

/** The cells of the header row `previewColumns` found. */
export function headerCellsOf(sheet: SheetRows, preview: ColumnPreview): CellValue[] {
  return sheet.rows.find((row) => row.rowNumber === preview.headerRow)?.cells ?? [];
}
