import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compareSuppliers,
  type SupplierComparison,
} from '../../../shared/compare/compare-suppliers';
import type { Supplier } from '../../../shared/model';
import {
  collect,
  reportTables,
} from '../../../main/services/report/build-sourcing-report';
import {
  comparisonFileName,
  writeComparisonWorkbook,
} from '../../../main/services/report/comparison-sheet';
import type { ReportInput } from '../../../main/services/report/report-input';
import { makeBareSupplier, makeOffer } from '../../helpers/make-supplier';

const NOW = new Date(2026, 4, 7, 15, 30); // 7 May 2026, local time
const NBSP = '\u00a0';

/*
 * Site at 50° N 3° E. Distances by hand (haversine, R = 6371.0088 km):
 * Nord at 50.1 N 3 E: R × 0.1 × π/180 = 11.1195 → 11,1 km;
 * Est at 50 N 3.1 E: 2R × asin(cos 50° × sin 0.05°) = 7.1475 → 7,1 km.
 */
const NORTH = makeBareSupplier({
  id: 'nord',
  name: '=Jardins du Nord',
  siret: '01234567890123',
  labels: ['insertion'],
  location: { lat: 50.1, lon: 3 },
  website: 'https://jardins.example',
  email: 'contact@jardins.example',
  phone: '03 21 00 00 00',
  offers: [
    makeOffer({
      label: 'Paniers',
      unit: 'kg',
      unitPrice: 2.5,
      minimumOrder: 20,
      capacity: 400,
      capacityPeriod: 'weekly',
      leadTimeDays: 2,
    }),
  ],
});
/** Capacity, minimum, price and lead time unknown: « à confirmer », never 0. */
const EAST = makeBareSupplier({
  id: 'est',
  name: 'Atelier de l’Est',
  kind: 'ESAT',
  location: { lat: 50, lon: 3.1 },
  website: 'javascript:alert(1)',
  offers: [makeOffer({ label: 'Légumes' })],
});

function comparison(): SupplierComparison {
  const suppliers = new Map<string, Supplier>([NORTH, EAST].map((s) => [s.id, s]));
  const outcome = compareSuppliers(['nord', 'est'], (id) => suppliers.get(id), {
    label: 'Harnes (62440)',
    lat: 50,
    lon: 3,
  });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.comparison;
}

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Row number of the row whose first cell is `criterion`. */
function rowOf(sheet: ExcelJS.Worksheet, criterion: string): ExcelJS.Row {
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    if (sheet.getRow(r).getCell(1).value === criterion) return sheet.getRow(r);
  }
  throw new Error(`ligne « ${criterion} » absente`);
}

describe('comparison workbook', () => {
  it('one sheet « Comparaison », suppliers side by side, read back cell by cell', async () => {
    const bytes = await collect((output) =>
      writeComparisonWorkbook(comparison(), NOW, output),
    );
    const workbook = await readBack(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Comparaison']);
    const sheet = workbook.getWorksheet('Comparaison') as ExcelJS.Worksheet;

    // Preamble: 4 lines, a blank row, the header on row 6.
    expect(sheet.getCell('A1').value).toBe('Comparaison du');
    expect(sheet.getCell('B1').value).toEqual(new Date(Date.UTC(2026, 4, 7)));
    expect(sheet.getCell('B1').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('B2').value).toBe(2);
    expect(sheet.getCell('B3').value).toBe('Harnes (62440)');
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      'Critère',
      // A name starting with « = » stays text (leading apostrophe).
      "'=Jardins du Nord",
      'Atelier de l’Est',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });

    expect(rowOf(sheet, 'Type de structure').values).toEqual([
      undefined,
      'Type de structure',
      "Atelier et chantier d'insertion (ACI)",
      "Établissement et service d'aide par le travail (ESAT)",
    ]);
    // SIRET as text, leading zero kept; unknown as « Non renseigné ».
    expect(rowOf(sheet, 'SIRET').getCell(2).value).toBe('01234567890123');
    expect(rowOf(sheet, 'SIRET').getCell(3).value).toBe('Non renseigné');

    // Distances: numbers of km with one decimal (worked above).
    const distance = rowOf(sheet, 'Distance à Harnes (62440)');
    expect(distance.getCell(2).value).toBe(11.1);
    expect(distance.getCell(3).value).toBe(7.1);
    expect(distance.getCell(2).numFmt).toBe('0.0');

    expect(rowOf(sheet, 'Offre 1').getCell(2).value).toBe('Paniers');
    expect(rowOf(sheet, 'Offre 1').getCell(3).value).toBe('Légumes');
    expect(rowOf(sheet, 'Offre 1 : prix unitaire').getCell(2).value).toBe(
      `2,50${NBSP}€ HT / kg`,
    );
    expect(rowOf(sheet, 'Offre 1 : minimum de commande').getCell(2).value).toBe('20 kg');
    expect(rowOf(sheet, 'Offre 1 : capacité').getCell(2).value).toBe(
      '400 kg par semaine',
    );
    expect(rowOf(sheet, 'Offre 1 : délai de livraison').getCell(2).value).toBe('2 jours');
    // The supplier whose capacity is unknown: « à confirmer », not 0.
    for (const criterion of [
      'Offre 1 : prix unitaire',
      'Offre 1 : minimum de commande',
      'Offre 1 : capacité',
      'Offre 1 : délai de livraison',
      'Offre 1 : disponibilité',
    ]) {
      expect(rowOf(sheet, criterion).getCell(3).value, criterion).toBe('à confirmer');
    }

    // Links: http(s) and mailto only; javascript: stays plain text.
    expect(rowOf(sheet, 'Site internet').getCell(2).value).toEqual({
      text: 'https://jardins.example',
      hyperlink: 'https://jardins.example',
    });
    expect(rowOf(sheet, 'Site internet').getCell(3).value).toBe('javascript:alert(1)');
    expect(rowOf(sheet, 'Courriel').getCell(2).value).toEqual({
      text: 'contact@jardins.example',
      hyperlink: 'mailto:contact@jardins.example',
    });
    expect(rowOf(sheet, 'Courriel').getCell(3).value).toBe('Non renseigné');
    expect(rowOf(sheet, 'Téléphone').getCell(2).value).toBe('03 21 00 00 00');

    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
    expect(workbook.title).toBe('Comparaison de fournisseurs');
  });

  it('is named after the local day', () => {
    expect(comparisonFileName(NOW)).toBe('comparaison-fournisseurs-2026-05-07.xlsx');
  });

  it('is the sourcing report’s « Comparaison » only when the buyer compared', () => {
    const input = { now: NOW, comparison: comparison() } as unknown as ReportInput;
    const [table] = reportTables(input, ['comparaison']);
    expect(table?.id).toBe('comparaison');
    expect(table?.columns.map((c) => c.header)).toEqual([
      'Critère',
      "'=Jardins du Nord",
      'Atelier de l’Est',
    ]);
    const without = { ...input, comparison: null } as ReportInput;
    expect(reportTables(without, ['comparaison'])).toEqual([]);
  });
});

/** soffice (LibreOffice) on the PATH, or null: the conversion test then says it is skipped. */
const SOFFICE =
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'soffice'))
    .find((path) => existsSync(path)) ?? null;
if (!SOFFICE) {
  console.warn(
    '[compare-workbook] soffice (LibreOffice) est introuvable : la conversion du ' +
      'classeur de comparaison n’est pas testée ici.',
  );
}
/** LibreOffice's notice when Java is missing: about Java, not the file. */
const JAVA_NOTICE = /^Warning: failed to launch javaldx/;

describe.skipIf(!SOFFICE)('comparison workbook in LibreOffice', () => {
  it('converts without a word on its error output, values intact', async () => {
    const work = await mkdtemp(join(tmpdir(), 'passerelle-compare-'));
    try {
      const input = join(work, 'comparaison.xlsx');
      await writeFile(
        input,
        await collect((output) => writeComparisonWorkbook(comparison(), NOW, output)),
      );
      const stderr = await new Promise<string>((resolve, reject) => {
        const args = [
          '--headless',
          '--norestore',
          `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
          '--convert-to',
          'xlsx',
          '--outdir',
          join(work, 'out'),
          input,
        ];
        execFile(SOFFICE as string, args, { timeout: 150_000 }, (error, _out, err) =>
          error ? reject(error) : resolve(err),
        );
      });
      const errors = stderr
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '' && !JAVA_NOTICE.test(line));
      expect(errors).toEqual([]);

      const converted = new ExcelJS.Workbook();
      await converted.xlsx.readFile(join(work, 'out', 'comparaison.xlsx'));
      const sheet = converted.getWorksheet('Comparaison') as ExcelJS.Worksheet;
      expect(sheet.getRow(6).values).toEqual([
        undefined,
        'Critère',
        "'=Jardins du Nord",
        'Atelier de l’Est',
      ]);
      const distance = rowOf(sheet, 'Distance à Harnes (62440)');
      expect([distance.getCell(2).value, distance.getCell(3).value]).toEqual([11.1, 7.1]);
      expect(rowOf(sheet, 'Offre 1 : capacité').getCell(3).value).toBe('à confirmer');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 160_000);
});
