/** The « Lignes écartées » table: every remark on the imported plan, in file order. */
import type { ImportIssue } from '../../../shared/model';
import type { ReportInput } from './report-input';
import type { ReportCell, ReportColumn, ReportTable } from './report-table';

const COLUMNS: readonly ReportColumn[] = [
  { header: 'Fichier', kind: 'text' },
  { header: 'Ligne', kind: 'integer' },
  { header: 'Colonne', kind: 'text' },
  { header: 'Valeur', kind: 'text' },
  { header: 'Motif', kind: 'text', wrapWidth: 80 },
  { header: 'Gravité', kind: 'text' },
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

/** « Lignes écartées »: one row per issue, errors and warnings; empty when none is known. */
export function rejectedRowsTable(input: ReportInput): ReportTable {
  const issues = input.imported.issues ?? [];
  return {
    id: 'lignes-ecartees',
    columns: COLUMNS,
    rowCount: issues.length,
    rows: () =>
      issues.map((issue): ReportCell[] => [
        issue.file,
        issue.row > 0 ? issue.row : null,
        issue.column,
        issue.value,
        issue.message,
        isError(issue) ? 'Erreur : ligne non importée' : 'Avertissement : ligne importée',
      ]),
  };
}
