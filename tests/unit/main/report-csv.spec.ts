/**
 * The CSV writer, as French Excel opens it: BOM, « ; », CRLF, decimal comma,
 * dd/mm/yyyy in any time zone, shares in percent, the workbook's formula
 * protection; read back with papaparse.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { collect } from '../../../main/services/report/build-sourcing-report';
import type { ReportCell, ReportTable } from '../../../main/services/report/report-table';
import { csvText, writeCsv } from '../../../main/services/report/write-csv';
import { writeXlsx } from '../../../main/services/report/write-xlsx';

const COLUMNS: ReportTable['columns'] = [
  { header: 'N°', kind: 'integer' },
  { header: 'Besoin', kind: 'text' },
  { header: 'Distance (km)', kind: 'decimal1' },
  { header: 'Budget', kind: 'euros' },
  { header: 'Part', kind: 'percent' },
  { header: 'Date de besoin', kind: 'date' },
  { header: 'SIRET', kind: 'code' },
  { header: 'Site', kind: 'link' },
  { header: 'Quantité', kind: 'quantity' },
];

const ROWS: ReportCell[][] = [
  [
    1,
    'Repas ; goûters',
    12.5,
    -1200.5,
    0.25,
    new Date(Date.UTC(2026, 2, 1)),
    '01234567800019',
    { text: 'https://jardins.example', url: 'https://jardins.example' },
    1500.25,
  ],
  [
    -2,
    'Dit « "bio" »',
    -0.5,
    12.5,
    0.1234,
    new Date(Date.UTC(2026, 11, 31)),
    62440,
    { text: 'contact@jardins.example', url: 'mailto:contact@jardins.example' },
    0.1 + 0.2,
  ],
  [
    null,
    '=SOMME(A1)',
    null,
    null,
    null,
    null,
    '-0012',
    { text: 'Voir', url: 'javascript:alert(1)' },
    null,
  ],
  [3, 'ligne 1\r\nligne 2', 0, 0, 0, null, null, null, 1e-7],
];

/**
 * Worked by hand: euros with two decimals (-1200,50), km with one (12,5), a
 * share × 100 with one (0.1234 → 12,3), 0.1 + 0.2 as a quantity of three
 * decimals (0,3), 1e-7 as 0 (never « 1e-7 »); a field holding « ; », « " » or
 * a line break is quoted, « " » doubled; formula-like text gets « ' »; a
 * javascript: link is its text; a mail link its address; a code of digits is
 * Excel's text formula ="…" (quoted, its « " » doubled), so no zero is lost.
 */
const EXPECTED_LINES = [
  'N°;Besoin;Distance (km);Budget;Part (%);Date de besoin;SIRET;Site;Quantité',
  '1;"Repas ; goûters";12,5;-1200,50;25,0;01/03/2026;"=""01234567800019""";https://jardins.example;1500,25',
  '-2;"Dit « ""bio"" »";-0,5;12,50;12,3;31/12/2026;"=""62440""";contact@jardins.example;0,3',
  ";'=SOMME(A1);;;;;'-0012;Voir;",
  '3;"ligne 1\nligne 2";0,0;0,00;0,0;;;;0',
];

function table(columns: ReportTable['columns'], rows: ReportCell[][]): ReportTable {
  return { id: 'besoins', columns, rowCount: rows.length, rows: () => rows };
}

async function csvBytes(source: ReportTable): Promise<Buffer> {
  return collect((output) => writeCsv(source, output, { sheetName: 'Besoins' }));
}

/** Runs `action` with process.env.TZ set to `zone`, then puts the old zone back. */
async function inZone<T>(zone: string, action: () => Promise<T>): Promise<T> {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await action();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

function parse(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    delimiter: ';',
    newline: '\r\n',
    skipEmptyLines: true,
  });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('writeCsv', () => {
  it('keeps what a double click would lose in digit text: leading zeros, long numbers', () => {
    // An unresolved place « 01000 » in a text column: Excel would read 1000.
    expect(csvText('01000', 'text')).toBe('="01000"');
    // From 12 digits on, Excel shows a SIRET as 4,9299E+13 (and rounds past 15).
    expect(csvText('49299089000039', 'text')).toBe('="49299089000039"');
    expect(csvText('12345678901', 'text')).toBe('12345678901');
    // A plain number in text stays as it is; a code of digits is always kept.
    expect(csvText('2026', 'text')).toBe('2026');
    expect(csvText('62440', 'code')).toBe('="62440"');
    expect(csvText(62440, 'code')).toBe('="62440"');
  });

  it.each(['Europe/Paris', 'Pacific/Tahiti'])(
    'writes BOM, « ; », CRLF, decimal comma and dd/mm/yyyy in %s',
    async (zone) => {
      const bytes = await inZone(zone, async () => {
        // The zone took effect: 1 March 2026 00:00 UTC is 01:00 in Paris
        // (UTC+1, offset −60 min) and 28 February 14:00 in Tahiti (UTC−10).
        const day = new Date(Date.UTC(2026, 2, 1));
        expect(day.getTimezoneOffset()).toBe(zone === 'Europe/Paris' ? -60 : 600);
        expect(day.getDate()).toBe(zone === 'Europe/Paris' ? 1 : 28);
        return csvBytes(table(COLUMNS, ROWS));
      });
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text).toBe(`\uFEFF${EXPECTED_LINES.join('\r\n')}\r\n`);
      // Every line break outside a quoted field is CRLF.
      expect(text.replace(/"[^"]*"/g, '').match(/(?<!\r)\n/g)).toBeNull();
    },
  );

  it('protects headers and gives the address of a mail link with no text', async () => {
    const source = table(
      [
        { header: '=Fournisseur', kind: 'text' },
        { header: 'Courriel', kind: 'link' },
      ],
      [[null, { text: '', url: 'mailto:contact@jardins.example' }]],
    );
    expect((await csvBytes(source)).toString('utf8')).toBe(
      "\uFEFF'=Fournisseur;Courriel\r\n;contact@jardins.example\r\n",
    );
  });

  it('round-trips through a CSV reader with « ; »', async () => {
    const rows = parse((await csvBytes(table(COLUMNS, ROWS))).toString('utf8'));
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.length === COLUMNS.length)).toBe(true);
    expect(rows[0]![4]).toBe('Part (%)');
    expect(rows[1]!.slice(1, 4)).toEqual(['Repas ; goûters', '12,5', '-1200,50']);
    expect(rows[2]![1]).toBe('Dit « "bio" »');
    // A code of digits is Excel's text formula, read back as written.
    expect(rows[2]![6]).toBe('="62440"');
    expect(rows[4]![1]).toBe('ligne 1\nligne 2');
  });

  it('protects formula-like text exactly as the workbook does, numbers untouched', async () => {
    const starts = [
      '=SOMME(A1:A3)',
      '+33 6 12',
      '-Repas',
      '@SOMME(1)',
      '\tTabulé',
      '\rRetour',
    ];
    const source = table(
      [
        { header: 'Texte', kind: 'text' },
        { header: 'Montant', kind: 'euros' },
      ],
      starts.map((text, i) => [text, -(i + 1)]),
    );
    const csv = parse((await csvBytes(source)).toString('utf8')).slice(1);
    expect(csv.map((row) => row[0])).toEqual([
      "'=SOMME(A1:A3)",
      "'+33 6 12",
      "'-Repas",
      "'@SOMME(1)",
      "'\tTabulé",
      "'\nRetour",
    ]);
    // Negative amounts are numbers: no apostrophe, decimal comma.
    expect(csv.map((row) => row[1])).toEqual([
      '-1,00',
      '-2,00',
      '-3,00',
      '-4,00',
      '-5,00',
      '-6,00',
    ]);

    const workbook = new ExcelJS.Workbook();
    const meta = {
      title: 'Rapport',
      subject: '',
      keywords: '',
      description: '',
      created: new Date(0),
      day: new Date(0),
    };
    await workbook.xlsx.load(
      (await collect((output) =>
        writeXlsx([source], meta, output, { streaming: true }),
      )) as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet('Besoins')!;
    expect(starts.map((_, i) => sheet.getCell(`A${i + 2}`).value)).toEqual(
      csv.map((row) => row[0]),
    );
  });
});
