/** Bugs found in the plan readers, each kept as a test named after it. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsvSheet } from '../../../main/services/plan-files/read-csv-sheet';
import {
  readPlanBytes,
  readPlanPayload,
} from '../../../main/services/plan-files/read-plan-file';
import { parseFrenchDate } from '../../../shared/plan/parse-french-date';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function xlsxBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('Windows CSV decoded as ISO-8859-1', () => {
  it('decodes €, œ, – and ’ (0x80, 0x9C, 0x96, 0x92) as Windows-1252', () => {
    // « Intitulé;Budget » / « Cœur – l’été;1 000 € » saved by French Excel.
    const win = Uint8Array.from([
      ...utf8('Intitul'),
      0xe9,
      ...utf8(';Budget\r\nC'),
      0x9c,
      ...utf8('ur '),
      0x96,
      ...utf8(' l'),
      0x92,
      0xe9,
      ...utf8('t'),
      0xe9,
      ...utf8(';1 000 '),
      0x80,
      ...utf8('\r\n'),
    ]);
    expect(readCsvSheet(win, 'plan.csv').rows.map((r) => r.cells)).toEqual([
      ['Intitulé', 'Budget'],
      ['Cœur – l’été', '1 000 €'],
    ]);
  });

  it('keeps valid UTF-8 as UTF-8', () => {
    const sheet = readCsvSheet(utf8('Intitulé;Budget\nCœur – l’été;1 000 €\n'), 'p.csv');
    expect(sheet.rows[1]?.cells).toEqual(['Cœur – l’été', '1 000 €']);
  });
});

describe('a CR inside a quoted CSV field', () => {
  it('becomes a plain line feed in the cell text', () => {
    const sheet = readCsvSheet(
      utf8('Intitulé;Mots-clés\r\n"Tonte\r\net taille";haies\r\n'),
      'p.csv',
    );
    expect(sheet.rows).toEqual([
      { rowNumber: 1, cells: ['Intitulé', 'Mots-clés'] },
      { rowNumber: 2, cells: ['Tonte\net taille', 'haies'] },
    ]);
  });
});

describe('date-time cells from noon moved to the next day', () => {
  it('keeps the calendar day of a date-time cell (05/03/2025 18:00 → 5 March)', async () => {
    const bytes = await xlsxBytes((wb) => {
      const ws = wb.addWorksheet('Plan');
      ws.addRow(['Intitulé', 'Date de besoin']);
      ws.addRow(['Tonte', new Date(Date.UTC(2025, 2, 5, 18, 0))]);
      ws.addRow(['Taille', new Date(Date.UTC(2025, 2, 5, 12, 0))]);
      ws.addRow(['Élagage', new Date(Date.UTC(2025, 2, 5, 0, 0))]);
    });
    const sheet = await readPlanBytes(bytes, 'plan.xlsx');
    const day = new Date('2025-03-05T00:00:00.000Z');
    expect(sheet.rows.slice(1).map((r) => r.cells[1])).toEqual([day, day, day]);
  });

  it('floors serial numbers: 45721 is 05/03/2025, 45721.75 (18:00) too', () => {
    // 45721 − 25569 = 20152 days after 1970-01-01; 2025-01-01 is day 20089
    // (55 years, 14 leap days), and day 63 of 2025 is 5 March.
    expect(parseFrenchDate(45721)).toEqual({ ok: true, iso: '2025-03-05' });
    expect(parseFrenchDate(45721.75)).toEqual({ ok: true, iso: '2025-03-05' });
    expect(parseFrenchDate(45721.5)).toEqual({ ok: true, iso: '2025-03-05' });
  });
});

describe('header row below title rows, empty first sheet', () => {
  it('reads the first visible sheet that has a header row', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('Notes');
      const plan = wb.addWorksheet('Plan 2026');
      plan.addRow(['Plan d’achats 2026 – Ville de Harnes']);
      plan.addRow(['Service des achats', null, 'mis à jour le 02/01/2026']);
      plan.addRow(['Intitulé', 'Code CPV', 'Lieu de livraison']);
      plan.addRow(['Tonte', 3100000, 1400]);
    });
    const sheet = await readPlanBytes(bytes, 'plan.xlsx');
    expect(sheet.sheetName).toBe('Plan 2026');
    // Codes of the data row below the header come back as text with their zero.
    expect(sheet.rows.map((r) => [r.rowNumber, r.cells])).toEqual([
      [1, ['Plan d’achats 2026 – Ville de Harnes']],
      [2, ['Service des achats', null, 'mis à jour le 02/01/2026']],
      [3, ['Intitulé', 'Code CPV', 'Lieu de livraison']],
      [4, ['Tonte', '03100000', '01400']],
    ]);
  });

  it('skips a « Notes » sheet with text but no header row', async () => {
    const bytes = await xlsxBytes((wb) => {
      wb.addWorksheet('Notes').addRow(['Remplir la feuille suivante']);
      const plan = wb.addWorksheet('Plan');
      plan.addRow(['intitule', 'lieu de livraison']);
      plan.addRow(['Tonte', 'Harnes']);
    });
    expect((await readPlanBytes(bytes, 'plan.xlsx')).sheetName).toBe('Plan');
  });
});

describe('invalid base64 in plan:import', () => {
  it('says the content is unreadable, naming the file', async () => {
    await expect(
      readPlanPayload({ name: 'x.csv', base64: '@@pas du base64!!' }),
    ).rejects.toThrow('Le contenu du fichier « x.csv » est illisible (base64 invalide).');
    const ok = Buffer.from('Intitulé;Lieu\nTonte;Harnes\n').toString('base64');
    await expect(readPlanPayload({ name: 'p.csv', base64: ok })).resolves.toMatchObject({
      rows: [{ rowNumber: 1 }, { rowNumber: 2 }],
    });
  });
});
