/** The « Lignes écartées » sheet: every remark on the imported plan, rows not imported first of all. */
import type ExcelJS from 'exceljs';
import type { ImportIssue } from '../../../shared/model';
import { addTableSheet, textCell, type TableColumn } from './table-sheet';

const COLUMNS: readonly TableColumn[] = [
  { header: 'Fichier' },
  { header: 'Ligne' },
  { header: 'Colonne' },
  { header: 'Valeur' },
  { header: 'Motif' },
  { header: 'Gravité' },
];

/** An issue without severity is an error: the row was not imported. */
export function isError(issue: ImportIssue): boolean {
  return issue.severity !== 'warning';
}

/** Rows of the plan with at least one error (not imported), whole-file errors aside. */
export function rejectedRowCount(issues: readonly ImportIssue[]): number {
  const rows = new Set(
    issues.filter((i) => isError(i) && i.row > 0).map((i) => `${i.file}\u0000${i.row}`),
  );
  return rows.size;
}

/** Adds « Lignes écartées »: one row per issue, errors and warnings, in file order. */
export function addRejectedRowsSheet(
  workbook: ExcelJS.Workbook,
  issues: readonly ImportIssue[],
): void {
  const rows = issues.map((issue): ExcelJS.CellValue[] => [
    textCell(issue.file),
    issue.row > 0 ? issue.row : null,
    textCell(issue.column),
    textCell(issue.value),
    textCell(issue.message),
    isError(issue) ? 'Erreur : ligne non importée' : 'Avertissement : ligne importée',
  ]);
  addTableSheet(workbook, 'Lignes écartées', COLUMNS, rows);
}
