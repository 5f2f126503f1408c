/** A spreadsheet or CSV as plain rows, whatever file it came from. */

/** A cell as the readers give it: text, number, boolean, date (UTC midnight) or empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as the spreadsheet shows it. */
  rowNumber: number;
  cells: CellValue[];
  /** Hidden in the workbook: imported all the same, and the report says so. */
  hidden?: boolean;
  /** Cells whose value the file does not give (left empty in `cells`). */
  problems?: CellProblem[];
}

/**
 * A cell the reader could not turn into a value: a formula whose result the
 * file does not hold (never computed, as some tools save them), or a
 * spreadsheet error such as `#N/A`.
 */
export interface CellProblem {
  /** 0-based cell index, as in `cells`. */
  index: number;
  kind: 'formula-without-value' | 'error-value';
  /** What the cell shows or holds: `=C3*2`, `#N/A`. */
  text: string;
}

/**
 * The header row is the first of the first 20 non-empty rows that names
 * « Intitulé » and another plan column (find-header-row.ts); rows above it
 * (titles, notes) are ignored. Without one, the first non-empty row is taken.
 */
export interface SheetRows {
  fileName: string;
  sheetName: string | null;
  rows: SheetRow[];
  /** The workbook counts serial days from 1904-01-01 (old Excel for Mac), not 1900. */
  date1904?: boolean;
}
