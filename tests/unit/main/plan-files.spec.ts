import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  planTemplateCsv,
  planTemplateXlsx,
} from '../../../main/services/plan-files/plan-template';
import { readCsvSheet } from '../../../main/services/plan-files/read-csv-sheet';
import { readPlanBytes } from '../../../main/services/plan-files/read-plan-file';
import { UserError } from '../../../main/services/user-error';
import { PLAN_TEMPLATE_HEADERS } from '../../../shared/plan/plan-template';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
]);

async function xlsxBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('CSV plans', () => {
  it('reads a UTF-8 file with BOM and `;`, a quoted `;`, codes kept as text', () => {
    const text =
      '\uFEFFIntitulé;Code CPV;Lieu de livraison\r\n' +
      '"Repas; livraison";03100000;01400\r\n' +
      '\r\n' +
      'Tonte;77310000-6;Harnes 62440\r\n';
    const sheet = readCsvSheet(utf8(text), 'plan.csv');
    expect(sheet).toEqual({
      fileName: 'plan.csv',
      sheetName: null,
      rows: [
        { rowNumber: 1, cells: ['Intitulé', 'Code CPV', 'Lieu de livraison'] },
        { rowNumber: 2, cells: ['Repas; livraison', '03100000', '01400'] },
        { rowNumber: 4, cells: ['Tonte', '77310000-6', 'Harnes 62440'] },
      ],
    });
  });

  it('detects `,` from the header line, even with `;` in later quoted text', () => {
    const sheet = readCsvSheet(utf8('Intitulé,Quantité\n"Pain; bio","12,5"\n'), 'p.csv');
    expect(sheet.rows[1]?.cells).toEqual(['Pain; bio', '12,5']);
  });

  it('reads a Windows-1252 file as French Excel saves it', () => {
    const bytes = Uint8Array.from([
      ...utf8('Intitul'),
      0xe9,
      ...utf8(';Lieu\nCaf'),
      0xe9,
      ...utf8(';Lens\n'),
    ]);
    expect(readCsvSheet(bytes, 'p.csv').rows.map((r) => r.cells)).toEqual([
      ['Intitulé', 'Lieu'],
      ['Café', 'Lens'],
    ]);
  });

  it('refuses an empty file, a binary file, an .xls and an unknown extension', async () => {
    await expect(readPlanBytes(new Uint8Array(), 'vide.csv')).rejects.toThrow(
      'Le fichier « vide.csv » est vide.',
    );
    await expect(readPlanBytes(utf8(' \r\n\r\n'), 'blanc.csv')).rejects.toThrow(
      'Le fichier « blanc.csv » est vide.',
    );
    await expect(readPlanBytes(PNG, 'image.csv')).rejects.toThrow(
      /Le fichier « image.csv » n’est pas un fichier CSV lisible/,
    );
    await expect(readPlanBytes(utf8('x'), 'ancien.xls')).rejects.toThrow(
      /enregistrez-le au format \.xlsx/,
    );
    await expect(readPlanBytes(utf8('x'), 'plan.ods')).rejects.toThrow(
      /« plan.ods » n’est pas un plan d’achats pris en charge/,
    );
  });

  it('names the row of an unclosed quote', async () => {
    const error = await readPlanBytes(utf8('A;B\nx;"oups\ny;z\n'), 'q.csv').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      'Le fichier « q.csv », ligne 2 : un guillemet n’est pas refermé.',
    );
  });
});

describe('XLSX plans', () => {
  it('unwraps rich text, formulas, hyperlinks and dates; codes stay text', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('Cachée', { state: 'hidden' }).addRow(['ne pas lire']);
      const ws = wb.addWorksheet('Plan');
      ws.addRow([
        'Intitulé',
        'Code CPV',
        'Lieu de livraison',
        'Quantité',
        'Date de besoin',
        'Lien',
      ]);
      ws.addRow([
        { richText: [{ text: 'Repas ' }, { text: 'bio', font: { bold: true } }] },
        3100000,
        1400,
        { formula: '2*6', result: 12 },
        new Date(Date.UTC(2026, 2, 15)),
        { text: 'fiche', hyperlink: 'https://exemple.fr' },
      ]);
      ws.getCell('E2').numFmt = 'dd/mm/yyyy';
      ws.addRow([]);
      ws.addRow(['Tonte', '77310000', 'Harnes', 2.5, null, null]);
    });
    const sheet = await readPlanBytes(bytes, 'plan.xlsx');
    expect(sheet.sheetName).toBe('Plan');
    expect(sheet.rows.map((r) => r.rowNumber)).toEqual([1, 2, 4]);
    expect(sheet.rows[1]?.cells).toEqual([
      'Repas bio',
      '03100000',
      '01400',
      12,
      new Date('2026-03-15T00:00:00.000Z'),
      'fiche',
    ]);
    expect(sheet.rows[2]?.cells.slice(0, 4)).toEqual([
      'Tonte',
      '77310000',
      'Harnes',
      2.5,
    ]);
  });

  it('refuses a PNG or random bytes renamed .xlsx, and an empty workbook', async () => {
    await expect(readPlanBytes(PNG, 'x.xlsx')).rejects.toThrow(
      'Le fichier « x.xlsx » n’est pas un classeur Excel lisible.',
    );
    const zipLike = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(readPlanBytes(zipLike, 'y.xlsx')).rejects.toThrow(
      'Le fichier « y.xlsx » n’est pas un classeur Excel lisible.',
    );
    const empty = await xlsxBytes((wb) => void wb.addWorksheet('Feuil1'));
    await expect(readPlanBytes(empty, 'vide.xlsx')).rejects.toThrow(
      'La feuille « Feuil1 » du classeur « vide.xlsx » est vide.',
    );
  });
});

describe('plan template', () => {
  it('xlsx: headers, example, text code columns, frequency list', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await planTemplateXlsx()) as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0]!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual([...PLAN_TEMPLATE_HEADERS]);
    const cpvColumn = PLAN_TEMPLATE_HEADERS.indexOf('Code CPV') + 1;
    expect(ws.getColumn(cpvColumn).numFmt).toBe('@');
    const frequencyColumn = PLAN_TEMPLATE_HEADERS.indexOf('Fréquence') + 1;
    const validation = ws.getCell(3, frequencyColumn).dataValidation;
    expect(validation.type).toBe('list');
    expect(validation.formulae).toEqual(['"ponctuel,hebdomadaire,mensuel,annuel"']);
  });

  it('csv: BOM, `;`, and reads back to the same headers', () => {
    const csv = planTemplateCsv();
    expect(csv.startsWith('\uFEFFIntitulé;Code CPV;')).toBe(true);
    const sheet = readCsvSheet(utf8(csv), 'modele.csv');
    expect(sheet.rows[0]?.cells).toEqual([...PLAN_TEMPLATE_HEADERS]);
    expect(sheet.rows[1]?.cells).toHaveLength(PLAN_TEMPLATE_HEADERS.length);
  });
});
