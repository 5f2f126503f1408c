/** Finds the header row of a plan sheet, below any title rows. */
import { matchPlanHeaders } from './plan-columns';
import type { SheetRow } from './sheet';

/** How many non-empty rows from the top may hold the header. */
export const HEADER_SEARCH_ROWS = 20;

/**
 * True when the row names the « Intitulé » column and at least one other plan
 * column, one of them at least by a known name rather than a guess (a data row
 * whose words only look like headers is not taken for one).
 */
export function isPlanHeaderRow(row: SheetRow): boolean {
  const { columns, confidence } = matchPlanHeaders(row.cells);
  const sure = [...confidence.values()].some((c) => c !== 'fuzzy');
  return columns.has('title') && columns.size >= 2 && sure;
}

/**
 * Index in `rows` (non-empty rows, in order) of the header: of the first
 * HEADER_SEARCH_ROWS, the plan header row naming the most columns by a known
 * name (a row of group headers above it, « Besoin | Volume | Livraison »,
 * names fewer), the first of them on a tie; -1 when none is.
 */
export function findHeaderRow(rows: readonly SheetRow[]): number {
  let best = -1;
  let bestSure = 0;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((row, index) => {
    if (!isPlanHeaderRow(row)) return;
    const { confidence } = matchPlanHeaders(row.cells);
    const sure = [...confidence.values()].filter((c) => c !== 'fuzzy').length;
    if (sure > bestSure) {
      best = index;
      bestSure = sure;
    }
  });
  return best;
}
