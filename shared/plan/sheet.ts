/** A spreadsheet or CSV as plain rows, whatever file it came from. */

/** A cell as the readers give it: text, number, boolean, date (UTC midnight) or empty. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number as the spreadsheet shows it. */
  rowNumber: number;
  cells: CellValue[];
}

/** The first non-empty row is the header row. */
export interface SheetRows {
  fileName: string;
  sheetName: string | null;
  rows: SheetRow[];
}
