/**
 * The xlsx writer on hand-made tables: formula protection, links, characters
 * XML cannot carry, page setup, header and footer, widths, properties, and
 * the same cells from the streaming and the in-memory writer.
 */
import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_OPTIONS } from '../../../shared/matching/match-plan';
import type { Candidate, MatchResult, Plan, Supplier } from '../../../shared/model';
import {
  buildSourcingReport,
  collect,
  REPORT_SHEETS,
  writeSourcingReport,
  type ReportInput,
} from '../../../main/services/report/build-sourcing-report';
import type { ReportCatalogue } from '../../../main/services/report/report-catalogue';
import type { ReportCell, ReportTable } from '../../../main/services/report/report-table';
import {
  fittedWidths,
  headerText,
  writeXlsx,
  type ReportMeta,
} from '../../../main/services/report/write-xlsx';
import { makeCatalogue, makeSupplier } from './catalogue-factory';
import { makeNeed } from '../../helpers/make-need';
import { noneInRange } from '../../helpers/make-supplier';

/** Every character a spreadsheet takes as the start of a formula. */
const FORMULA_STARTS = [
  '=SOMME(A1:A3)',
  '+33 6 12 34 56 78',
  '-Repas',
  '@SOMME(1)',
  '\tTabulé',
  '\rRetour',
];

const DAY = new Date(Date.UTC(2026, 4, 7)); // 07/05/2026 in every time zone
const META: ReportMeta = {
  title: 'Rapport de sourcing – Cantines & crèches',
  subject: 'Rapport de sourcing responsable',
  keywords: 'achat public responsable; sourcing',
  description: 'Plan « Cantines & crèches » (2 besoins)',
  created: new Date('2026-05-07T13:30:00.000Z'),
  day: DAY,
};

function table(
  columns: ReportTable['columns'],
  rows: ReportCell[][],
  extra: Partial<ReportTable> = {},
): ReportTable {
  return { id: 'besoins', columns, rowCount: rows.length, rows: () => rows, ...extra };
}

async function xlsxBytes(
  tables: readonly ReportTable[],
  streaming = true,
  meta: ReportMeta = META,
): Promise<Buffer> {
  return collect((output) => writeXlsx(tables, meta, output, { streaming }));
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

async function written(
  tables: readonly ReportTable[],
  streaming = true,
): Promise<ExcelJS.Workbook> {
  return load(await xlsxBytes(tables, streaming));
}

/** One part of an .xlsx (a zip) as text: reads the central directory, inflates the entry. */
function zipPart(zip: Buffer, name: string): string {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const entry = zip.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\//, '');
    if (entry === name) {
      const start =
        local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`no ${name} in the zip`);
}

/** Every cell of every sheet: address → value, type and format. */
function cellsOf(workbook: ExcelJS.Workbook): Map<string, unknown> {
  const cells = new Map<string, unknown>();
  for (const ws of workbook.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) =>
        cells.set(`${ws.name}!${cell.address}`, [cell.value, cell.type, cell.numFmt]),
      ),
    );
  }
  return cells;
}

describe('formula protection from the plan and the catalogue', () => {
  const NOW = new Date(2026, 4, 7, 15, 30);
  // Supplier i is named after FORMULA_STARTS[i] and proposed for need i.
  const suppliers: Supplier[] = FORMULA_STARTS.map((text, i) =>
    makeSupplier({
      id: `siret-1000000000000${i}`,
      siret: `1000000000000${i}`,
      name: text,
      address: {
        street: text,
        postcode: '62440',
        city: 'Harnes',
        inseeCode: '62413',
        departement: '62',
      },
    }),
  );
  const plan: Plan = {
    name: '=Plan',
    sourceFile: '+plan.xlsx',
    importedAt: NOW.toISOString(),
    needs: [
      ...FORMULA_STARTS.map((text, i) => makeNeed({ id: `n${i}`, title: text })),
      // A negative budget stays a number; a title that looks like one stays text.
      makeNeed({ id: 'n-neg', title: '-1200,5', budget: -1200.5 }),
    ],
  };
  function candidate(s: Supplier): Candidate {
    return {
      rank: 1,
      supplierId: s.id,
      supplierName: s.name,
      siret: s.siret,
      kind: s.kind,
      labels: s.labels,
      city: 'Harnes',
      inseeCode: '62413',
      location: s.location,
      distanceKm: 1,
      score: 50,
      parts: [],
      sectorFit: 'code',
      toConfirm: [],
      offerId: null,
      annualCapacity: null,
    };
  }
  const match: MatchResult = {
    generatedAt: NOW.toISOString(),
    catalogueVersion: '2026.01.01-0000000a',
    options: DEFAULT_MATCH_OPTIONS,
    needs: plan.needs.map((need, i) => ({
      needId: need.id,
      sectorMatches: 0,
      note: suppliers[i] ? null : '@note',
      candidates: suppliers[i] ? [candidate(suppliers[i])] : [],
      inRange: noneInRange(),
    })),
  };
  const catalogue: ReportCatalogue = {
    summary: {
      version: '2026.01.01-0000000a',
      generatedAt: '',
      loadedAt: '',
      supplierCount: suppliers.length,
      datasets: makeCatalogue().datasets,
      databasePath: null,
      notices: [],
    },
    suppliers: new Map(suppliers.map((s) => [s.id, s])),
  };

  it('keeps text starting with = + - @ tab or CR as text, with an apostrophe', async () => {
    const wb = await load(await buildSourcingReport(plan, match, catalogue, NOW));
    const needs = wb.getWorksheet('Besoins')!;
    const suppliersSheet = wb.getWorksheet('Fournisseurs')!;
    FORMULA_STARTS.forEach((text, i) => {
      // Besoins row i + 2: need i (column 2) and its one candidate (column 4).
      for (const cell of [
        needs.getRow(i + 2).getCell(2),
        needs.getRow(i + 2).getCell(4),
        suppliersSheet.getRow(i + 2).getCell(1),
        suppliersSheet.getRow(i + 2).getCell(5),
      ]) {
        // A CR is written as the LF every XML reader would give back.
        expect(cell.value).toBe(`'${text.replace('\r', '\n')}`);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
      }
    });
    const negative = needs.getRow(FORMULA_STARTS.length + 2);
    expect(negative.getCell(2).value).toBe("'-1200,5");
    expect(negative.getCell(15).value).toBe("'@note");
    expect(negative.getCell(20).value).toBe(-1200.5);
    expect(negative.getCell(20).type).toBe(ExcelJS.ValueType.Number);
    expect(negative.getCell(20).numFmt).toBe('#,##0.00 €');
    const preamble = new Map<unknown, unknown>();
    wb.getWorksheet('Synthèse')!.eachRow((row) =>
      preamble.set(row.getCell(1).value, row.getCell(2).value),
    );
    expect(preamble.get('Plan d’achats')).toBe("'=Plan");
    expect(preamble.get('Fichier du plan')).toBe("'+plan.xlsx");
  });

  it('reads the same from the streaming and the in-memory writer', async () => {
    const input: ReportInput = { plan, match, catalogue, now: NOW, imported: {} };
    const [streamed, inMemory] = await Promise.all(
      [true, false].map(async (streaming) =>
        cellsOf(
          await load(
            await collect((output) =>
              writeSourcingReport(input, REPORT_SHEETS, output, { streaming }),
            ),
          ),
        ),
      ),
    );
    expect(streamed!.size).toBeGreaterThan(100);
    expect(inMemory).toEqual(streamed);
  });
});

describe('writeXlsx cells', () => {
  const columns: ReportTable['columns'] = [
    { header: 'Texte', kind: 'text' },
    { header: 'Montant', kind: 'euros' },
    { header: 'Distance (km)', kind: 'decimal1' },
    { header: 'N°', kind: 'integer' },
    { header: 'Part', kind: 'percent' },
    { header: 'Date', kind: 'date' },
    { header: 'Code postal', kind: 'code' },
  ];

  it('writes real negative numbers as numbers with their format', async () => {
    const ws = (
      await written([table(columns, [['-3 °C', -1200.5, -0.5, -3, -0.25, null, 1000]])])
    ).getWorksheet('Besoins')!;
    const row = ws.getRow(2);
    expect(row.getCell(1).value).toBe("'-3 °C");
    expect([2, 3, 4, 5].map((c) => row.getCell(c).value)).toEqual([
      -1200.5, -0.5, -3, -0.25,
    ]);
    expect([2, 3, 4, 5].map((c) => row.getCell(c).type)).toEqual(
      Array(4).fill(ExcelJS.ValueType.Number),
    );
    expect([2, 3, 4, 5].map((c) => row.getCell(c).numFmt)).toEqual([
      '#,##0.00 €',
      '0.0',
      '0',
      '0.0 %',
    ]);
    // A code given as a number is written as text (postcodes keep their zeros).
    expect(row.getCell(7).value).toBe('1000');
    expect(row.getCell(7).type).toBe(ExcelJS.ValueType.String);
  });

  it.each(['Europe/Paris', 'Pacific/Tahiti'])(
    'writes calendar days as the same day in %s',
    async (zone) => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      try {
        // 1 March 2026 00:00 UTC is still 28 February in Tahiti (UTC−10).
        const day = new Date(Date.UTC(2026, 2, 1));
        expect(day.getDate()).toBe(zone === 'Pacific/Tahiti' ? 28 : 1);
        const ws = (
          await written([table(columns, [['a', null, null, null, null, day, null]])])
        ).getWorksheet('Besoins')!;
        expect(ws.getCell('F2').value).toEqual(new Date('2026-03-01T00:00:00.000Z'));
        expect(ws.getCell('F2').numFmt).toBe('dd/mm/yyyy');
      } finally {
        process.env.TZ = saved;
      }
    },
  );

  it('makes links of http(s) and mail addresses only', async () => {
    const links: ReportCell[][] = [
      [{ text: 'http://jardins.example/a?b=1', url: 'http://jardins.example/a?b=1' }],
      [{ text: 'Site', url: 'https://jardins.example' }],
      [{ text: 'contact@jardins.example', url: 'mailto:contact@jardins.example' }],
      [{ text: 'Écrire', url: 'contact@jardins.example' }],
      [{ text: 'javascript:alert(1)', url: 'javascript:alert(1)' }],
      [{ text: 'Voir', url: ' JavaScript:alert(1)' }],
      [{ text: 'Fichier', url: 'file:///etc/passwd' }],
      [{ text: 'Données', url: 'data:text/html,<b>x</b>' }],
      [{ text: '=HYPERLINK("http://x")', url: 'https://x.example' }],
    ];
    const ws = (
      await written([table([{ header: 'Site', kind: 'link' }], links)])
    ).getWorksheet('Besoins')!;
    expect(links.map((_, i) => ws.getCell(`A${i + 2}`).value)).toEqual([
      { text: 'http://jardins.example/a?b=1', hyperlink: 'http://jardins.example/a?b=1' },
      { text: 'Site', hyperlink: 'https://jardins.example' },
      { text: 'contact@jardins.example', hyperlink: 'mailto:contact@jardins.example' },
      { text: 'Écrire', hyperlink: 'mailto:contact@jardins.example' },
      'javascript:alert(1)',
      'Voir',
      'Fichier',
      'Données',
      { text: '\'=HYPERLINK("http://x")', hyperlink: 'https://x.example' },
    ]);
    expect(ws.getCell('A2').font?.underline).toBe(true);
    expect(ws.getCell('A6').font?.underline).toBeFalsy();
  });

  it('protects headers, codes of the preamble and shows the address of a bare link', async () => {
    const ws = (
      await written([
        table(
          [
            { header: '=Fournisseur', kind: 'text' },
            { header: 'Courriel', kind: 'link' },
          ],
          [[null, { text: '', url: 'mailto:contact@jardins.example' }]],
          { preamble: [{ label: 'Code postal', value: 1000, kind: 'code' }] },
        ),
      ])
    ).getWorksheet('Besoins')!;
    // A header naming a supplier (« Comparaison ») is text like any other.
    expect(ws.getCell('A3').value).toBe("'=Fournisseur");
    expect(ws.getCell('B1').value).toBe('1000');
    expect(ws.getCell('B4').value).toEqual({
      text: 'contact@jardins.example',
      hyperlink: 'mailto:contact@jardins.example',
    });
  });

  it('keeps characters XML cannot carry out of the title, header and properties', async () => {
    const meta = { ...META, title: 'Plan\u0001 A & B\uFFFF', description: 'x\u0002' };
    const wb = await load(
      await collect((output) =>
        writeXlsx([table([{ header: 'A', kind: 'text' }], [])], meta, output, {
          streaming: true,
        }),
      ),
    );
    expect(wb.title).toBe('Plan\uFFFD A & B\uFFFD');
    expect(wb.description).toBe('x\uFFFD');
    expect(wb.worksheets[0]!.headerFooter.oddHeader).toBe(
      '&L&BPlan\uFFFD A && B\uFFFD&B&R07/05/2026',
    );
  });

  it('replaces characters XML cannot carry and keeps tabs and line breaks', async () => {
    const ws = (
      await written([
        table(
          [{ header: 'Texte', kind: 'text' }],
          [
            ['A\u0000B\u0001C\u0008D\u000BE\u000CF\u001FG\uFFFEH\uFFFF'],
            ['ligne 1\nligne 2\tfin & <b>'],
            ['ligne 1\r\nligne 2\rligne 3'],
            ['demi \uD800 paire'],
          ],
        ),
      ])
    ).getWorksheet('Besoins')!;
    expect(ws.getCell('A2').value).toBe(
      'A\uFFFDB\uFFFDC\uFFFDD\uFFFDE\uFFFDF\uFFFDG\uFFFDH\uFFFD',
    );
    expect(ws.getCell('A3').value).toBe('ligne 1\nligne 2\tfin & <b>');
    expect(ws.getCell('A4').value).toBe('ligne 1\nligne 2\nligne 3');
    // A lone surrogate cannot be written as UTF-8 either: it becomes U+FFFD.
    expect(ws.getCell('A5').value).toBe('demi \uFFFD paire');
  });

  it('cuts text over 32 767 characters with a visible mark', async () => {
    for (const streaming of [true, false]) {
      const ws = (
        await written(
          [table([{ header: 'Texte', kind: 'text' }], [['é'.repeat(40_000)]])],
          streaming,
        )
      ).getWorksheet('Besoins')!;
      const value = ws.getCell('A2').value as string;
      // 32 767 = 32 763 « é » + the 4 characters of « […] » (its space included).
      expect(value.length).toBe(32_767);
      expect(value.endsWith('é […]')).toBe(true);
      expect(value.slice(0, 32_763)).toBe('é'.repeat(32_763));
    }
  });

  it('never cuts an emoji in two', async () => {
    // 32 758 « a » then 🍎 (two UTF-16 units each): the cut at 32 763 units
    // falls inside the third 🍎, so it moves back one unit: 32 758 « a », two
    // whole 🍎 (4 units), no half, then « […] » → 32 766 units.
    const text = 'a'.repeat(32_758) + '🍎'.repeat(6);
    const ws = (
      await written([table([{ header: 'Texte', kind: 'text' }], [[text]])])
    ).getWorksheet('Besoins')!;
    const value = ws.getCell('A2').value as string;
    expect(value.length).toBe(32_766);
    expect(value.endsWith('a🍎🍎 […]')).toBe(true);
    expect(value).not.toContain('\uFFFD');
  });
});

describe('writeXlsx layout and print setup', () => {
  const columns: ReportTable['columns'] = [
    { header: 'N°', kind: 'integer' },
    { header: 'Nom', kind: 'text' },
    { header: 'Explications', kind: 'text', wrapWidth: 80 },
    { header: 'Montant', kind: 'euros' },
    { header: 'Score', kind: 'decimal1' },
    { header: 'Part', kind: 'percent' },
    { header: 'Site', kind: 'link' },
  ];
  const rows: ReportCell[][] = [
    [1, 'x'.repeat(100), 'court', 1234567.891, 87.5, 0.25, webSite()],
    [2, 'Épicerie', null, -5, 12, 1, null],
  ];
  function webSite(): ReportCell {
    return { text: 'https://a.example', url: 'https://a.example' };
  }
  const withPreamble = table(columns, rows, {
    preamble: [{ label: 'Date du rapport', value: DAY, kind: 'date' }],
    scoreColumns: [4],
    dataBarColumns: [5],
  });

  it('fits widths to the header and values, within 8–50, wrapped ones up to their wrap width', () => {
    // N°: header 2 + 3 = 5, values « 1 » 1 + 1 + 2 = 4 → the minimum 8.
    // Nom: 100 « x » + 2 = 102 → the maximum 50. Explications: header 12 + 3 =
    // 15, « court » 5 + 2 = 7 → 15, under its wrap width 80.
    // Montant: 1 234 568 → 7 digits + 2 spaces + « ,00 € » 5 = 14, + 2 = 16.
    // Score: header 5 + 3 = 8; 87.5 → 2 digits + 3 = 5, + 2 = 7 → 8.
    // Part: header 4 + 3 = 7; 25 % → 2 + 4 = 6, + 2; 100 % → 3 + 4 + 2 = 9.
    // Site: header 4 + 3 = 7; « https://a.example » 17 + 2 = 19.
    // The preamble's label widens the first column: « Date du rapport » 15 + 2 = 17.
    expect(fittedWidths(withPreamble)).toEqual([17, 50, 15, 16, 8, 9, 19]);
    expect(fittedWidths({ ...withPreamble, preamble: undefined })[0]).toBe(8);
    // A 40-character value widens its column to 42, under the maximum.
    const medium = table(columns.slice(1, 2), [['y'.repeat(40)]]);
    expect(fittedWidths(medium)).toEqual([42]);
  });

  it('makes a row as tall as its wrapped text, in both writers', async () => {
    const columns: ReportTable['columns'] = [
      { header: 'N°', kind: 'integer' },
      { header: 'Motif', kind: 'text', wrapWidth: 22 },
    ];
    // « Motif » fits to its longest value, up to 22: 60 characters → width 22,
    // 20 characters a line (22 − 2). Row 1: 60 / 20 = 3 lines → 3 × 15 = 45 pt.
    // Row 2: « court » and « encore » on two lines → 2 × 15 = 30 pt. Row 3: one
    // line, no height set. Row 4: 1 000 lines → Excel's tallest row, 409 pt.
    const rows: ReportCell[][] = [
      [1, 'm'.repeat(60)],
      [2, 'court\nencore'],
      [3, 'bref'],
      [4, Array.from({ length: 1000 }, () => 'ligne').join('\n')],
    ];
    for (const streaming of [true, false]) {
      const ws = (await written([table(columns, rows)], streaming)).worksheets[0]!;
      expect(ws.getColumn(2).width).toBe(22);
      expect([2, 3, 4, 5].map((r) => ws.getRow(r).height ?? null)).toEqual([
        45,
        30,
        null,
        409,
      ]);
    }
  });

  it('freezes the header, filters the table, sets A4 landscape fitted to width', async () => {
    for (const streaming of [true, false]) {
      const ws = (await written([withPreamble], streaming)).getWorksheet('Besoins')!;
      // One preamble line, a blank row, the header on row 3, rows 4 and 5.
      expect(ws.getCell('A1').value).toBe('Date du rapport');
      expect(ws.getCell('B1').value).toEqual(DAY);
      expect(ws.getCell('A3').value).toBe('N°');
      expect(ws.getCell('A3').font?.bold).toBe(true);
      expect(ws.getCell('A5').value).toBe(2);
      expect(ws.views[0]).toMatchObject({
        state: 'frozen',
        ySplit: 3,
        topLeftCell: 'A4',
      });
      expect(ws.autoFilter).toBe('A3:G5');
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '3:3',
      });
      expect(ws.columns.map((c) => c.width)).toEqual([17, 50, 15, 16, 8, 9, 19]);
    }
  });

  it('prints the title, the day and page numbers; « & » doubled', async () => {
    const ws = (await written([withPreamble])).getWorksheet('Besoins')!;
    expect(ws.headerFooter.oddHeader).toBe(
      '&L&BRapport de sourcing – Cantines && crèches&B&R07/05/2026',
    );
    expect(ws.headerFooter.oddFooter).toBe(
      '&LBesoins&CPage &P sur &N&RPasserelle – 07/05/2026',
    );
  });

  it('cuts a long header so its doubled « & » fit, never leaving a lone one', () => {
    // 'A&' × 100 doubles to 300 characters; 49 × 'A&&' + 'A' = 148, + « … » = 149.
    expect(headerText('A&'.repeat(100), 150)).toBe(`${'A&&'.repeat(49)}A…`);
    expect(headerText('Cantines & crèches', 150)).toBe('Cantines && crèches');
  });

  it('colours scores and draws data bars on the table rows', async () => {
    for (const streaming of [true, false]) {
      const ws = (await written([withPreamble], streaming)).getWorksheet('Besoins')!;
      const read = ws as unknown as {
        conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
      };
      // Rows 4–5 hold the table; Score is column E, Part column F.
      expect(read.conditionalFormattings.map((f) => [f.ref, f.rules[0]?.type])).toEqual([
        ['E4:E5', 'colorScale'],
        ['F4:F5', 'dataBar'],
      ]);
    }
  });

  it('fills the document properties', async () => {
    const wb = await written([withPreamble]);
    expect(wb.title).toBe(META.title);
    expect(wb.subject).toBe(META.subject);
    expect(wb.keywords).toBe(META.keywords);
    expect(wb.description).toBe(META.description);
    expect(wb.creator).toBe('Passerelle');
    expect(wb.lastModifiedBy).toBe('Passerelle');
    expect(wb.created).toEqual(META.created);
  });

  it('writes the parts of a sheet in the order Excel requires', async () => {
    const bytes = await xlsxBytes([
      withPreamble,
      { ...withPreamble, id: 'fournisseurs' },
    ]);
    const sheet = zipPart(bytes, 'xl/worksheets/sheet1.xml');
    // Conditional formats come before hyperlinks (exceljs 4.4 wrote them after).
    expect(sheet.indexOf('<conditionalFormatting')).toBeGreaterThan(0);
    expect(sheet.indexOf('<conditionalFormatting')).toBeLessThan(
      sheet.indexOf('<hyperlinks>'),
    );
    expect(sheet.indexOf('<hyperlinks>')).toBeLessThan(sheet.indexOf('<pageMargins'));
    // No data bar points to a 2010 extension that is not there.
    expect(sheet).not.toContain('<x14:id/>');
    expect(sheet).toContain('<cfRule type="dataBar" priority="2"><dataBar>');
    // Each sheet's filter is named, which LibreOffice needs to show it.
    const book = zipPart(bytes, 'xl/workbook.xml');
    expect(book).toContain(
      '<definedName name="_xlnm._FilterDatabase" localSheetId="0">' +
        '&apos;Besoins&apos;!$A$3:$G$5</definedName>',
    );
    expect(book).toContain(
      '<definedName name="_xlnm._FilterDatabase" localSheetId="1">' +
        '&apos;Fournisseurs&apos;!$A$3:$G$5</definedName>',
    );
  });
});

describe('streaming and in-memory writers', () => {
  it('give the same cells for the same tables', async () => {
    const tables: ReportTable[] = [
      table(
        [
          { header: 'Indicateur', kind: 'text' },
          { header: 'Valeur', kind: 'integer' },
        ],
        [
          ['Nombre de besoins', 2],
          ['=1+1', -4],
        ],
        {
          id: 'synthese',
          preamble: [
            { label: 'Plan d’achats', value: '-Plan', kind: 'text' },
            { label: 'Date du rapport', value: DAY, kind: 'date' },
          ],
        },
      ),
      table(
        [
          { header: 'Fournisseur', kind: 'text' },
          { header: 'SIRET', kind: 'code' },
          { header: 'Site', kind: 'link' },
          { header: 'Budget', kind: 'euros' },
          { header: 'Date', kind: 'date' },
        ],
        [
          [
            'Jardins & Cie',
            '01234567800019',
            { text: 'Site', url: 'https://a.example' },
            12.5,
            DAY,
          ],
          ['@x', null, { text: 'js', url: 'javascript:x' }, -1200.5, null],
        ],
        { id: 'fournisseurs', scoreColumns: [3] },
      ),
    ];
    const streamed = cellsOf(await written(tables, true));
    const inMemory = cellsOf(await written(tables, false));
    // Synthèse: 2 preamble lines × 2 cells + 2 headers + 2 rows × 2 = 10;
    // Fournisseurs: 5 headers + 5 + 3 (no SIRET, no date) = 13.
    expect(streamed.size).toBe(23);
    expect(inMemory).toEqual(streamed);
    // Rows 1–2 preamble, 3 blank, 4 header, 5–6 the table.
    expect(streamed.get('Synthèse!A6')).toEqual([
      "'=1+1",
      ExcelJS.ValueType.String,
      undefined,
    ]);
    expect(streamed.get('Synthèse!B6')).toEqual([-4, ExcelJS.ValueType.Number, '0']);
  });
});
