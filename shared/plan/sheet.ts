/** A spreadsheet or CSV as plain rows, whatever file it came from. */

/** A cell as the readers give it: text, number, boolean, date (UTC midnight) or empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as the spreadsheet shows it. */
  rowNumber: number;
  cells: CellValue[];
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
}
