/** Records left out of the catalogue, or kept with something missing, for catalogue-rejects.csv. */
import { compareText } from '../../../shared/catalogue/text';

/** "rejet": not in the catalogue; "avertissement": kept with a gap. */
export type IssueSeverity = 'rejet' | 'avertissement';

/** One line of resources/catalogue-rejects.csv. */
export interface CatalogueIssue {
  severity: IssueSeverity;
  dataset: string;
  recordId: string;
  siret: string;
  name: string;
  field: string;
  value: string;
  reason: string;
}

const HEADER = [
  'gravité',
  'jeu de données',
  'identifiant',
  'SIRET',
  'nom',
  'champ',
  'valeur',
  'motif',
];

/** The issues as a `;` CSV with a UTF-8 BOM, rejects first, in a stable order. */
export function formatIssuesCsv(issues: CatalogueIssue[]): string {
  const sorted = [...issues].sort(
    (a, b) =>
      compareText(
        a.severity === 'rejet' ? '0' : '1',
        b.severity === 'rejet' ? '0' : '1',
      ) ||
      compareText(a.dataset, b.dataset) ||
      compareText(a.recordId.padStart(8, '0'), b.recordId.padStart(8, '0')) ||
      compareText(a.field, b.field) ||
      compareText(a.reason, b.reason),
  );
  const lines = [HEADER, ...sorted.map(toRow)].map((cells) => cells.map(quote).join(';'));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Counts per (severity, reason), for stdout and the README. */
export function countIssues(issues: CatalogueIssue[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of issues) {
    const key = `${issue.severity} : ${issue.reason.replace(/ « .*$/, '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => compareText(a[0], b[0])));
}

function toRow(issue: CatalogueIssue): string[] {
  return [
    issue.severity,
    issue.dataset,
    issue.recordId,
    issue.siret,
    issue.name,
    issue.field,
    issue.value,
    issue.reason,
  ];
}

function quote(cell: string): string {
  const flat = cell.replace(/\r?\n/g, ' ');
  return /[";]/.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}
