/** Reads a CSV plan (UTF-8 or Windows-1252, `;` or `,`) into rows of text cells. */
import Papa from 'papaparse';
import type { SheetRow, SheetRows } from '../../../shared/plan/sheet';
import { UserError } from '../user-error';
import { decodeWindows1252 } from './decode-windows-1252';

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control += 1;
  }
  return control > sample.length / 100;
}

/** The file's text: UTF-8 (BOM removed), else Windows-1252 as French Excel saves it. */
function decodeText(bytes: Uint8Array, fileName: string): string {
  if (looksBinary(bytes)) {
    throw new UserError(
      `Le fichier « ${fileName} » n’est pas un fichier CSV lisible (contenu binaire). ` +
        'Enregistrez le plan au format CSV ou .xlsx.',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: French Excel's « CSV (séparateur : point-virgule) ».
    text = decodeWindows1252(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

/** `;` or `,`, whichever appears more often outside quotes in the header line. */
export function detectSeparator(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (semicolons + commas > 0) break;
    } else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return commas > semicolons ? ',' : ';';
}

/**
 * Parses CSV bytes into SheetRows: every cell a string, row numbers as a
 * spreadsheet opening the file would show them, blank rows left out.
 */
export function readCsvSheet(bytes: Uint8Array, fileName: string): SheetRows {
  const text = decodeText(bytes, fileName);
  if (text.trim() === '') {
    throw new UserError(`Le fichier « ${fileName} » est vide.`);
  }
  const parsed = Papa.parse<string[]>(text, {
    delimiter: detectSeparator(text),
    skipEmptyLines: false,
  });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    const row = (quoteError.row ?? 0) + 1;
    throw new UserError(
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
  const rows: SheetRow[] = [];
  parsed.data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    // A line break typed in a cell comes as CRLF from Windows: keep it as LF.
    rows.push({
      rowNumber: index + 1,
      cells: cells.map((c) => c.replace(/\r\n?/g, '\n')),
    });
  });
  return { fileName, sheetName: null, rows };
}
