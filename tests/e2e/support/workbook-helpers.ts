/** Reading the saved Excel report: a sheet's rows keyed by their header. */
import type ExcelJS from 'exceljs';

/** A cell's value as text: empty for no value. */
export function cellText(value: ExcelJS.CellValue): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Rows under the header row, each as { header: value }. */
export function sheetRecords(
  sheet: ExcelJS.Worksheet,
): Record<string, ExcelJS.CellValue>[] {
  const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(cellText);
  const records: Record<string, ExcelJS.CellValue>[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const record: Record<string, ExcelJS.CellValue> = {};
    header.forEach((name, column) => {
      if (name) record[name] = row.getCell(column).value;
    });
    records.push(record);
  }
  return records;
}
