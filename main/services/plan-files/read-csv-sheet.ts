/** Reads a CSV or text plan (any encoding Excel writes, `;`, `,` or tab) into rows of text. */
import Papa from 'papaparse';
import type { SheetRow, SheetRows } from '../../../shared/plan/sheet';
import { UserError } from '../user-error';
import { decodeTextFile } from './decode-text-file';
import { detectSeparator, readSepLine } from './detect-separator';

/** Column letter of a 0-based index, as spreadsheets name columns: 0 → A, 26 → AA. */
function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function unclosedQuote(fileName: string, row: number): UserError {
  return new UserError(
    `Le fichier « ${fileName} », ligne ${row} : un guillemet n’est pas refermé.`,
    [
      {
        file: fileName,
        row,
        column: '',
        value: '',
        message:
          'Guillemet non refermé : le reste du fichier serait lu comme une seule cellule.',
      },
    ],
  );
}

/** The first cell holding bytes that were not UTF-8, named for the buyer to fix. */
function strayBytesError(fileName: string, rows: SheetRow[]): UserError {
  for (const row of rows) {
    const index = row.cells.findIndex(
      (c) => typeof c === 'string' && c.includes('\uFFFD'),
    );
    if (index < 0) continue;
    const column = columnLetter(index);
    const value = row.cells[index] as string;
    const message =
      `Le fichier « ${fileName} », ligne ${row.rowNumber}, colonne ${column} : ` +
      `« ${value} » contient des caractères qui ne sont pas en UTF-8, alors que le ` +
      'reste du fichier l’est. Corrigez cette cellule, puis enregistrez le fichier ' +
      'au format « CSV UTF-8 ».';
    return new UserError(message, [
      { file: fileName, row: row.rowNumber, column, value, message },
    ]);
  }
  return new UserError(`Le fichier « ${fileName} » mêle deux encodages de caractères.`);
}

/**
 * Parses CSV bytes into SheetRows: every cell a string, row numbers as Excel
 * opening the file shows them (a `sep=` line is not a row, a line break
 * inside quotes does not start one), blank rows (`;;;;` too) left out.
 */
export function readCsvSheet(bytes: Uint8Array, fileName: string): SheetRows {
  const decoded = decodeTextFile(bytes, fileName);
  const sepLine = readSepLine(decoded.text);
  const text = sepLine ? sepLine.rest : decoded.text;
  const parsed = Papa.parse<string[]>(text, {
    delimiter: sepLine ? sepLine.separator : detectSeparator(text),
    skipEmptyLines: false,
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) throw unclosedQuote(fileName, (quoteError.row ?? 0) + 1);

  const rows: SheetRow[] = [];
  parsed.data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    // A line break typed in a cell comes as CRLF from Windows: keep it as LF.
    rows.push({
      rowNumber: index + 1,
      cells: cells.map((c) => c.replace(/\r\n?/g, '\n')),
    });
  });
  if (rows.length === 0) throw new UserError(`Le fichier « ${fileName} » est vide.`);
  if (decoded.strayBytes) throw strayBytesError(fileName, rows);
  return { fileName, sheetName: null, rows };
}
