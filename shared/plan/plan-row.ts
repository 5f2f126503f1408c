/**
 * One data row of a plan sheet being read: its cells through the header
 * match, as the buyer sees them, and the issues found in it.
 */
import { parseFrenchNumber } from './parse-french-number';
import { planHeader, type PlanColumnKey } from './plan-columns';
import type { CellValue } from './sheet';
import type { ImportIssue } from '../model';

/** A cell as text, the way the buyer sees it. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') return String(value).replace('.', ',');
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  return value.trim();
}

/** Collects one row's issues; any error blocks the row. */
export class RowIssues {
  readonly list: ImportIssue[] = [];
  blocked = false;

  /**
   * `headers`: the file's own header of each plan column, by the template's
   * name, so that a message names the column as the buyer wrote it.
   */
  constructor(
    private readonly file: string,
    readonly row: number,
    private readonly headers: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** `column`: the template's name of the column (planHeader), or '' for the row. */
  add(
    templateColumn: string,
    value: string,
    detail: string,
    severity: 'error' | 'warning',
  ): void {
    const column = this.headers.get(templateColumn) ?? templateColumn;
    const where =
      column === '' ? `Ligne ${this.row}` : `Ligne ${this.row}, colonne « ${column} »`;
    this.list.push({
      file: this.file,
      row: this.row,
      column,
      value,
      message: `${where} : ${detail}`,
      severity,
    });
    if (severity === 'error') this.blocked = true;
  }
}

/** Reads the cells of one row through the header match. */
export interface RowCells {
  /** The sheet counts serial days from 1904 (SheetRows.date1904). */
  date1904: boolean;
  raw(key: PlanColumnKey): CellValue | undefined;
  text(key: PlanColumnKey): string;
}

export function readNumber(
  cells: RowCells,
  issues: RowIssues,
  key: PlanColumnKey,
): number | null | undefined {
  const text = cells.text(key);
  if (text === '') return null;
  const parsed = parseFrenchNumber(cells.raw(key) ?? null);
  const problem = numberProblem(text, parsed);
  if (problem) {
    issues.add(planHeader(key), text, problem, 'error');
    return undefined;
  }
  return parsed.ok ? parsed.value : undefined;
}

/**
 * Why a number cell cannot be used — not a number, ambiguous (« 1.234 »),
 * negative — or null when it can.
 */
export function numberProblem(
  text: string,
  parsed: { ok: true; value: number } | { ok: false; reason: string },
): string | null {
  if (!parsed.ok) {
    return parsed.reason === 'ambiguous'
      ? `« ${text} » est ambigu : écrivez ${text.replace('.', '')} ou ${text.replace('.', ',')}.`
      : `« ${text} » n’est pas un nombre.`;
  }
  return parsed.value < 0 ? `« ${text} » ne peut pas être négatif.` : null;
}

/**
 * The delivery sites written in one place cell: « Harnes ; Lens » or
 * « Harnes / Lens » give two; a slash inside a word (« Bât. A/B ») splits
 * nothing. Empty parts are dropped.
 */
export function splitSites(text: string): string[] {
  return text
    .split(/\s*;\s*|\s+\/\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
