/**
 * The GoGoCarto mapping editor's draft: one row per category the map used,
 * the sector typed in a row's search box resolved to a sector of the
 * taxonomy, and the rows turned back into the source's CategoryMapping.
 */
import type { CategoryMapping } from './sync-types';
import type { MapCategory } from '../ipc';
import type { LabelCode, Sector } from '../model';
import { foldText } from '../text/fold-text';

/** One category as the editor shows and edits it. */
export interface CategoryRow {
  /** Folded name: the mapping matches categories on it. */
  key: string;
  category: string;
  count: number;
  sectorIds: number[];
  labels: LabelCode[];
}

/**
 * Rows for the categories seen; with `edited` (the buyer's unsaved rows),
 * a category already in it keeps the sectors and labels chosen there.
 */
export function rowsFromCategories(
  categories: readonly MapCategory[],
  edited: readonly CategoryRow[] = [],
): CategoryRow[] {
  const kept = new Map(edited.map((row) => [row.key, row]));
  return categories.map((c) => {
    const key = foldText(c.category);
    const row = kept.get(key);
    return {
      key,
      category: c.category,
      count: c.count,
      sectorIds: [...(row?.sectorIds ?? c.sectorIds)],
      labels: [...(row?.labels ?? c.labels)],
    };
  });
}

/** Lines of the stored mapping for categories the last sync did not see. */
export function linesNotSeen(
  stored: readonly CategoryMapping[],
  rows: readonly CategoryRow[],
): CategoryMapping[] {
  const seen = new Set(rows.map((row) => row.key));
  return stored.filter((line) => !seen.has(foldText(line.category)));
}

/**
 * The mapping to save: a line per row given sectors or labels, then the
 * stored lines of categories not seen, kept as they were.
 */
export function mappingFromRows(
  rows: readonly CategoryRow[],
  stored: readonly CategoryMapping[],
): CategoryMapping[] {
  const lines = rows
    .filter((row) => row.sectorIds.length > 0 || row.labels.length > 0)
    .map((row) => ({
      category: row.category,
      sectorIds: [...row.sectorIds],
      labels: [...row.labels],
    }));
  return [...lines, ...linesNotSeen(stored, rows)];
}

/**
 * The sector the buyer means by `text`: its exact name (accents and case
 * aside), its number, or the one sector whose name contains the text; else
 * the French reason none can be chosen.
 */
export function findSector(
  text: string,
  sectors: readonly Sector[],
): { sector: Sector } | { problem: string } {
  const typed = text.trim();
  const folded = foldText(typed);
  if (folded === '') return { problem: 'Tapez le nom d’un secteur, puis choisissez-le.' };
  const exact =
    sectors.find((s) => foldText(s.name) === folded) ??
    (/^\d+$/.test(typed) ? sectors.find((s) => s.id === Number(typed)) : undefined);
  if (exact) return { sector: exact };
  const near = sectors.filter((s) => foldText(s.name).includes(folded));
  if (near.length === 1 && near[0]) return { sector: near[0] };
  if (near.length === 0) return { problem: `Aucun secteur ne s’appelle « ${typed} ».` };
  const names = near
    .slice(0, 3)
    .map((s) => `« ${s.name} »`)
    .join(', ');
  return {
    problem:
      `« ${typed} » correspond à ${near.length} secteurs (${names}` +
      `${near.length > 3 ? '…' : ''}) : choisissez-en un dans la liste.`,
  };
}
