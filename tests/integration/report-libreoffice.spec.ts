/**
 * The sourcing report opens everywhere: LibreOffice (Debian's package, run
 * headless) converts the workbook without a word on its error output, and the
 * converted file holds the same values, links and filters; exceljs reads the
 * original back with the values the plan and catalogue gave. The CSV opens in
 * LibreOffice's French import with numbers as numbers and dates as dates.
 *
 * Each conversion gets its own LibreOffice profile (-env:UserInstallation), so
 * parallel runs do not fight over one. CI installs libreoffice-calc-nogui
 * (.ci/run); elsewhere, without soffice, the file says so and skips.
 */
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_OPTIONS } from '../../shared/matching/match-plan';
import type { Candidate, MatchResult, Plan, Supplier } from '../../shared/model';
import {
  buildSourcingReport,
  collect,
  REPORT_SHEETS,
  writeSourcingCsv,
  writeSourcingReport,
  type ReportInput,
} from '../../main/services/report/build-sourcing-report';
import type { ReportCatalogue } from '../../main/services/report/report-catalogue';
import { frenchDay, localDay } from '../../main/services/report/report-table';
import { analyseFixture, analysisCatalogue } from '../fixtures/analysis-fixture';
import { makeCatalogue, makeSupplier } from '../unit/main/catalogue-factory';
import { makeNeed } from '../helpers/make-need';
import { noneInRange } from '../helpers/make-supplier';

/** soffice on the PATH, or null. */
function findSoffice(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'soffice');
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

const SOFFICE = findSoffice();
if (!SOFFICE) {
  console.warn(
    '[report-libreoffice] soffice (LibreOffice) est introuvable : la conversion du ' +
      'rapport n’est pas testée ici. Installez libreoffice-calc-nogui (la CI le fait).',
  );
}

/** LibreOffice's own notice when no Java is installed: about Java, not the file. */
const JAVA_NOTICE =
  /^Warning: failed to launch javaldx - java may not function correctly$/;

interface Conversion {
  output: string;
  stdout: string;
  /** Error output, without the Java notice. */
  errors: string;
  ms: number;
}

/**
 * Runs `soffice --headless --convert-to <format>` on `input` with a fresh
 * profile under `work`, the output going to `work/out`.
 */
function convert(
  work: string,
  input: string,
  format: string,
  inFilter?: string,
): Promise<Conversion> {
  const profile = join(work, `profile-${format.replace(/\W/g, '')}-${Date.now()}`);
  const outDir = join(work, 'out');
  const args = [
    '--headless',
    '--norestore',
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    ...(inFilter ? [`--infilter=${inFilter}`] : []),
    '--convert-to',
    format,
    '--outdir',
    outDir,
    input,
  ];
  const extension = format.split(':')[0]!;
  const output = join(
    outDir,
    input.replace(/^.*\//, '').replace(/\.[^.]+$/, `.${extension}`),
  );
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(SOFFICE!, args, { timeout: 150_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(
          new Error(`soffice ${args.join(' ')} a échoué : ${error.message}\n${stderr}`),
        );
        return;
      }
      const errors = stderr
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '' && !JAVA_NOTICE.test(line))
        .join('\n');
      resolve({ output, stdout, errors, ms: Date.now() - started });
    });
  });
}

async function loadXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** A cell's value as a comparable plain value: dates as their calendar day. */
function plain(cell: ExcelJS.Cell): unknown {
  const value = cell.value;
  if (value instanceof Date) return { day: value.toISOString().slice(0, 10) };
  if (value !== null && typeof value === 'object' && 'hyperlink' in value) {
    return { text: value.text, hyperlink: value.hyperlink };
  }
  if (value !== null && typeof value === 'object' && 'richText' in value) {
    return value.richText.map((run) => run.text).join('');
  }
  // A CSV code written as ="01000" comes back as that formula and its result.
  if (value !== null && typeof value === 'object' && 'result' in value) {
    return value.result;
  }
  return value;
}

/** Every non-empty cell of every sheet: « Sheet!A1 » → plain value. */
function cellsOf(workbook: ExcelJS.Workbook): Map<string, unknown> {
  const cells = new Map<string, unknown>();
  for (const ws of workbook.worksheets) {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const value = plain(cell);
        if (value !== null && value !== '')
          cells.set(`${ws.name}!${cell.address}`, value);
      }),
    );
  }
  return cells;
}

/** Characters XML 1.0 cannot carry (tab, LF and CR can). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** The sheet's conditional formats, as exceljs reads them (missing from its types). */
function conditionalFormats(ws: ExcelJS.Worksheet): [string, string[]][] {
  const read = ws as unknown as {
    conditionalFormattings: ExcelJS.ConditionalFormattingOptions[];
  };
  return read.conditionalFormattings.map((f) => [f.ref, f.rules.map((r) => r.type)]);
}

/** The same cells, web addresses written the way a URL parser writes them back. */
function withParsedUrls(cells: Map<string, unknown>): Map<string, unknown> {
  return new Map(
    [...cells].map(([address, value]) => {
      if (value === null || typeof value !== 'object' || !('hyperlink' in value)) {
        return [address, value];
      }
      const link = value as { text: string; hyperlink: string };
      // LibreOffice writes « https://jardins.example » back as « …example/ »: the same page.
      const hyperlink = /^https?:/.test(link.hyperlink)
        ? new URL(link.hyperlink).href
        : link.hyperlink;
      return [address, { ...link, hyperlink }];
    }),
  );
}

/**
 * What LibreOffice wrote back (`theirs`) holds our sheets, cells, links,
 * filters, print setup, header and footer, conditional formats and properties.
 */
function expectSameWorkbook(
  theirs: ExcelJS.Workbook,
  ours: ExcelJS.Workbook,
  title: string,
  day: string,
): void {
  expect(theirs.worksheets.map((ws) => ws.name)).toEqual(
    ours.worksheets.map((ws) => ws.name),
  );
  expect(withParsedUrls(cellsOf(theirs))).toEqual(withParsedUrls(cellsOf(ours)));
  for (const ws of ours.worksheets) {
    const converted = theirs.getWorksheet(ws.name)!;
    // Frozen rows are not compared: headless LibreOffice has no window and
    // drops every sheet's view settings on conversion, whatever the file.
    // Filters survive (LibreOffice needs the sheet's _xlnm._FilterDatabase name).
    expect(converted.autoFilter, ws.name).toBe(ws.autoFilter);
    expect(converted.pageSetup, ws.name).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: ws.pageSetup.printTitlesRow,
    });
    expect(converted.headerFooter.oddFooter, ws.name).toBe(ws.headerFooter.oddFooter);
    // LibreOffice writes bold as &"Calibri,Bold"; the title and the day stay.
    expect(converted.headerFooter.oddHeader, ws.name).toContain(title);
    expect(converted.headerFooter.oddHeader, ws.name).toContain(`&R${day}`);
    expect(conditionalFormats(converted), ws.name).toEqual(conditionalFormats(ws));
  }
  expect(theirs.title).toBe(ours.title);
  expect(theirs.subject).toBe(ours.subject);
  // LibreOffice keeps the keywords but joins them with spaces instead of « ; ».
  const words = (keywords: string | undefined): string[] =>
    (keywords ?? '').split(/[;\s]+/);
  expect(words(theirs.keywords)).toEqual(words(ours.keywords));
  expect(theirs.creator).toBe('Passerelle');
}

// ---- The fixture: a plan and catalogue full of values that break writers ----

const NOW = new Date(2026, 4, 7, 15, 30); // 7 May 2026, local time
const LONG_TITLE = `Description : ${'àéîõü çœ '.repeat(4_445)}`; // 40 019 characters

const good = makeSupplier();
const evil = makeSupplier({
  id: 'siret-98765432100017',
  siret: '01234567800019',
  name: '=HYPERLINK("http://x","clic")',
  website: 'javascript:alert(1)',
});
const grocer = makeSupplier({
  id: 'siret-55566677700012',
  siret: '55566677700012',
  name: 'Épicerie « Les Mûres » & Fils <SCOP>\u0001\u0007',
  website: 'contact@epicerie.example',
  address: {
    street: '-3 rue de l’Église',
    postcode: '01000',
    city: 'Bourg-en-Bresse',
    inseeCode: '01053',
    departement: '01',
  },
});

function candidate(rank: number, s: Supplier, score: number): Candidate {
  return {
    rank,
    supplierId: s.id,
    supplierName: s.name,
    siret: s.siret,
    kind: s.kind,
    labels: s.labels,
    city: s.address.city,
    inseeCode: s.address.inseeCode,
    location: s.location,
    distanceKm: 1.26,
    score,
    parts: [
      { criterion: 'sector', points: 40, max: 40, explanation: 'Code CPV identique' },
      {
        criterion: 'distance',
        points: -2.5,
        max: 30,
        explanation: '+ loin & <plus> cher',
      },
    ],
    sectorFit: 'code',
    toConfirm: ['capacité'],
    offerId: null,
    annualCapacity: null,
  };
}

const plan: Plan = {
  name: 'Plan « Cantines & crèches » <2026>',
  sourceFile: '=plan.xlsx',
  importedAt: NOW.toISOString(),
  needs: [
    makeNeed({
      id: 'n1',
      title: 'Entretien des espaces verts – cœur de ville & abords <nord>',
      cpv: '03000000',
      date: '2026-03-01',
      placeText: 'Harnes',
      maxDistanceKm: 30,
      budget: 18000.5,
    }),
    makeNeed({
      id: 'n2',
      title: '=SOMME(A1:A9)',
      date: '2026-12-31',
      budget: -1200.5,
    }),
    makeNeed({ id: 'n3', title: LONG_TITLE, date: '2026-01-01' }),
    makeNeed({ id: 'n4', title: '\tRepas\u0000 bio\r\n+ goûters', budget: 0 }),
  ],
};

const match: MatchResult = {
  generatedAt: NOW.toISOString(),
  catalogueVersion: '2026.01.01-0000000a',
  options: DEFAULT_MATCH_OPTIONS,
  needs: [
    {
      needId: 'n1',
      sectorMatches: 3,
      note: null,
      candidates: [
        candidate(1, good, 87.5),
        candidate(2, evil, 12),
        candidate(3, grocer, 0),
      ],
      inRange: noneInRange(),
    },
    {
      needId: 'n2',
      sectorMatches: 1,
      note: null,
      candidates: [candidate(1, grocer, 100)],
      inRange: noneInRange(),
    },
    {
      needId: 'n3',
      sectorMatches: 0,
      note: '@aucun fournisseur',
      candidates: [],
      inRange: noneInRange(),
    },
    {
      needId: 'n4',
      sectorMatches: 0,
      note: null,
      candidates: [],
      inRange: noneInRange(),
    },
  ],
};

const catalogue: ReportCatalogue = {
  summary: {
    version: '2026.01.01-0000000a',
    generatedAt: '',
    loadedAt: '',
    supplierCount: 3,
    datasets: makeCatalogue().datasets,
    databasePath: null,
    notices: [],
  },
  suppliers: new Map([good, evil, grocer].map((s) => [s.id, s])),
};

/** The report's bytes, built once for every test of this file. */
let built: Promise<Buffer> | null = null;
function sourcingReport(): Promise<Buffer> {
  built ??= buildSourcingReport(plan, match, catalogue, NOW);
  return built;
}

describe('the sourcing report read back by exceljs', () => {
  it('exceljs reads back the values the plan and the catalogue gave', async () => {
    const cells = [...cellsOf(await loadXlsx(await sourcingReport())).values()];
    const texts = cells.filter((v): v is string => typeof v === 'string');
    // Formula-like text stays text, with an apostrophe.
    expect(texts).toContain('\'=HYPERLINK("http://x","clic")');
    expect(texts).toContain("'=SOMME(A1:A9)");
    expect(texts).toContain("'=plan.xlsx");
    expect(texts).toContain("'-3 rue de l’Église");
    // NUL becomes U+FFFD, CRLF a line feed; the leading tab earns an apostrophe.
    expect(texts).toContain("'\tRepas\uFFFD bio\n+ goûters");
    expect(texts).toContain('Épicerie « Les Mûres » & Fils <SCOP>\uFFFD\uFFFD');
    expect(texts.filter((t) => CONTROL.test(t))).toEqual([]);
    // 40 019 characters cut to Excel's 32 767, ending with the mark.
    const long = texts.find((t) => t.startsWith('Description : '))!;
    expect(long).toHaveLength(32_767);
    expect(long.endsWith(' […]')).toBe(true);
    // Real negative numbers stay numbers.
    expect(cells).toContain(-1200.5);
    expect(cells).toContain(18000.5);
    expect(cells).toContain(-2.5);
    // Calendar days.
    expect(cells).toContainEqual({ day: '2026-03-01' });
    expect(cells).toContainEqual({ day: '2026-12-31' });
    expect(cells).toContainEqual({ day: '2026-05-07' });
    // Links: http(s) and mailto only; the javascript: address is plain text.
    const links = cells.filter(
      (v): v is { text: string; hyperlink: string } =>
        typeof v === 'object' && v !== null && 'hyperlink' in v,
    );
    expect(links).toContainEqual({
      text: 'https://jardins.example',
      hyperlink: 'https://jardins.example',
    });
    expect(links).toContainEqual({
      text: 'contact@epicerie.example',
      hyperlink: 'mailto:contact@epicerie.example',
    });
    expect(links.every((l) => /^(https?:\/\/|mailto:)/.test(l.hyperlink))).toBe(true);
    expect(texts).toContain('javascript:alert(1)');
  });
});

// LibreOffice's first start with a fresh profile takes seconds, more on a busy machine.
describe.skipIf(!SOFFICE)(
  'the sourcing report in LibreOffice',
  { timeout: 180_000 },
  () => {
    let work: string;
    let original: Buffer;
    let reportPath: string;

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'passerelle-libreoffice-'));
      original = await sourcingReport();
      reportPath = join(work, 'rapport.xlsx');
      await writeFile(reportPath, original);
    });

    afterAll(async () => {
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('converts to xlsx with no error and the same values, links and filters', async () => {
      const run = await convert(work, reportPath, 'xlsx');
      console.info(
        `[report-libreoffice] xlsx → xlsx en ${run.ms} ms : ${run.stdout.trim()}`,
      );
      expect(run.errors).toBe('');
      expect(run.stdout).toContain('using filter : Calc MS Excel 2007 XML');
      expectSameWorkbook(
        await loadXlsx(await readFile(run.output)),
        await loadXlsx(original),
        'Rapport de sourcing – Plan « Cantines && crèches » <2026>',
        '07/05/2026',
      );
    });

    it('converts to ods with no error', async () => {
      const run = await convert(work, reportPath, 'ods');
      console.info(`[report-libreoffice] xlsx → ods en ${run.ms} ms`);
      expect(run.errors).toBe('');
      expect(run.stdout).toContain('using filter : calc8');
      const ods = await readFile(run.output);
      expect(ods.toString('latin1', 30, 38)).toBe('mimetype');
      expect(ods.toString('latin1', 38, 84)).toBe(
        'application/vnd.oasis.opendocument.spreadsheet',
      );
    });

    it('opens the CSV in a French import: numbers, dates and text as written', async () => {
      const input: ReportInput = { plan, match, catalogue, now: NOW, imported: {} };
      const csvPath = join(work, 'besoins.csv');
      await writeFile(
        csvPath,
        await collect((output) => writeSourcingCsv(input, 'besoins', output)),
      );
      // « ; » (59), « " » (34), UTF-8 (76), from line 1, French (1036), and
      // special numbers (dates) detected and formulas evaluated (8th and 13th
      // tokens), as Excel does on a double click.
      const run = await convert(
        work,
        csvPath,
        'xlsx',
        'CSV:59,34,76,1,,1036,false,true,false,false,false,0,true',
      );
      console.info(`[report-libreoffice] csv → xlsx en ${run.ms} ms`);
      expect(run.errors).toBe('');
      const ours = await loadXlsx(original);
      const theirs = (await loadXlsx(await readFile(run.output))).worksheets[0]!;
      const besoins = ours.getWorksheet('Besoins')!;
      expect(theirs.rowCount).toBe(besoins.rowCount);
      besoins.eachRow((row) =>
        row.eachCell((cell) => {
          const read = plain(theirs.getCell(cell.address));
          const header = String(besoins.getRow(1).getCell(cell.col).value);
          const value = plain(cell);
          if (typeof value === 'number') {
            // CSV numbers carry the column's decimals (a share in percent).
            expect(read, `${cell.address} ${header}`).toBeTypeOf('number');
            expect(read as number, cell.address).toBeCloseTo(value, 1);
          } else if (typeof value === 'string' && value.length < 32_767) {
            expect(read, `${cell.address} ${header}`).toBe(value);
          } else if (value !== null && typeof value === 'object' && 'day' in value) {
            expect(read, cell.address).toEqual(value);
          }
        }),
      );
    });
    it('converts a whole analysed report (every sheet) with the same values', async () => {
      // The hand-worked analysis fixture through the real services: allocation,
      // indicators and procedures fill Synthèse, Allocation and Procédures.
      const now = new Date('2026-05-08T09:30:00Z');
      const { services, imported, match } = await analyseFixture(now, {
        fileName: 'cantine.csv',
      });
      let bytes: Buffer;
      try {
        const input: ReportInput = {
          plan: imported.plan,
          match,
          catalogue: {
            summary: await services['catalogue:summary'](),
            suppliers: new Map(analysisCatalogue().suppliers.map((s) => [s.id, s])),
            lastSyncAt: '2026-05-07T23:00:00Z',
          },
          now,
          imported: { rowsRead: 3, issues: [] },
          buyerName: 'Mairie de Harnes & co',
        };
        bytes = await collect((output) =>
          writeSourcingReport(input, REPORT_SHEETS, output),
        );
      } finally {
        services.close();
      }
      const path = join(work, 'analyse.xlsx');
      await writeFile(path, bytes);
      const run = await convert(work, path, 'xlsx');
      const ours = await loadXlsx(bytes);
      console.info(
        `[report-libreoffice] rapport analysé xlsx → xlsx en ${run.ms} ms, feuilles : ` +
          ours.worksheets.map((ws) => ws.name).join(', '),
      );
      expect(run.errors).toBe('');
      expect(ours.worksheets.length).toBeGreaterThanOrEqual(5);
      expectSameWorkbook(
        await loadXlsx(await readFile(run.output)),
        ours,
        'Rapport de sourcing – cantine – Mairie de Harnes && co',
        frenchDay(localDay(now)),
      );
    });
  },
);
