/** The blank plan a buyer fills in: .xlsx with help built in, or a French CSV. */
import ExcelJS from 'exceljs';
import type { FilePayload } from '../../../shared/ipc';
import { FREQUENCY_NAMES } from '../../../shared/model';
import type { CellValue } from '../../../shared/plan/sheet';
import { foldText } from '../../../shared/text/fold-text';
import {
  PLAN_TEMPLATE_EXAMPLE,
  PLAN_TEMPLATE_HEADERS,
} from '../../../shared/plan/plan-template';
import { columnLetter } from '../report/report-table';
import { codeColumnKind } from './code-columns';

const TEMPLATE_NAME = 'modele-plan-achats';
const VALIDATED_ROWS = 500;

/** dd/mm/yyyy of a UTC-midnight date. */
function frenchDate(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${date.getUTCFullYear()}`;
}

function csvCell(value: CellValue): string {
  let text: string;
  if (value === null) text = '';
  else if (value instanceof Date) text = frenchDate(value);
  else if (typeof value === 'number') text = String(value).replace('.', ',');
  else if (typeof value === 'boolean') text = value ? 'oui' : 'non';
  else text = value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as a `;`-separated UTF-8 CSV with a BOM, what French Excel opens:
 * decimal comma, dd/mm/yyyy, cells quoted when needed.
 */
export function frenchCsv(rows: readonly (readonly CellValue[])[]): string {
  const lines = rows.map((row) => row.map((cell) => csvCell(cell)).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The template as a French CSV (frenchCsv). */
export function planTemplateCsv(): string {
  return frenchCsv([PLAN_TEMPLATE_HEADERS, PLAN_TEMPLATE_EXAMPLE]);
}

/** The template as an .xlsx: header, example row, text code columns, frequency list. */
export async function planTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Passerelle';
  workbook.title = 'Modèle de plan d’achats';
  const sheet = workbook.addWorksheet('Plan d’achats', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.addRow([...PLAN_TEMPLATE_HEADERS]);
  sheet.addRow([...PLAN_TEMPLATE_EXAMPLE]);
  sheet.getRow(1).font = { bold: true };

  const frequencies = Object.values(FREQUENCY_NAMES).join(',');
  PLAN_TEMPLATE_HEADERS.forEach((header, index) => {
    const column = sheet.getColumn(index + 1);
    const example = PLAN_TEMPLATE_EXAMPLE[index];
    const exampleLength = example instanceof Date ? 10 : String(example ?? '').length;
    column.width = Math.min(45, Math.max(12, header.length + 2, exampleLength + 2));
    if (codeColumnKind(header)) column.numFmt = '@';
    if (example instanceof Date) column.numFmt = 'dd/mm/yyyy';
    if (foldText(header).includes('frequence')) {
      const letter = columnLetter(index);
      for (let row = 2; row <= VALIDATED_ROWS; row += 1) {
        sheet.getCell(`${letter}${row}`).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${frequencies}"`],
          showErrorMessage: true,
          errorTitle: 'Fréquence',
          error: `Choisissez parmi : ${frequencies.replace(/,/g, ', ')}.`,
        };
      }
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The template in the format asked, as a file payload. */
export async function buildPlanTemplate(format: 'xlsx' | 'csv'): Promise<FilePayload> {
  if (format === 'csv') {
    return {
      name: `${TEMPLATE_NAME}.csv`,
      base64: Buffer.from(planTemplateCsv(), 'utf8').toString('base64'),
    };
  }
  return {
    name: `${TEMPLATE_NAME}.xlsx`,
    base64: (await planTemplateXlsx()).toString('base64'),
  };
}
