/** Rows the plan import rejected are listed in the saved report's « Lignes écartées ». */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect, test } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';
import { cellText, sheetRecords } from '../support/workbook-helpers';

const HEADER = 'Intitulé;Code CPV;Lieu de livraison;Distance max (km)\n';
const FILE_NAME = 'plan-une-ligne-fausse.csv';
// resources/cpv.json gives CPV 79800000 (services d'impression) the check digit 2:
// « 79800000-3 » is wrong, so row 3 of the file is rejected; row 2 is good.
const BAD_CPV = '79800000-3';

test('rapport Excel : la ligne rejetée à l’import figure dans « Lignes écartées »', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath(FILE_NAME);
  await writeFile(
    csv,
    HEADER +
      'Nettoyage des locaux;90910000;Harnes;30\n' +
      `Impression;${BAD_CPV};Harnes;30\n`,
    'utf8',
  );
  await openApp(page);
  await importPlan(page, csv);
  await expect(page.getByTestId('need-row')).toHaveCount(1);
  await expect(page.getByTestId('rows-rejected')).toHaveText('1');

  // A later file that gives no need is refused: the report still describes
  // the import of the plan in use, not that refused file.
  const headerOnly = testInfo.outputPath('en-tete-seul.csv');
  await writeFile(headerOnly, HEADER, 'utf8');
  await importPlan(page, headerOnly);
  await expect(page.getByTestId('import-refused')).toBeVisible();

  await page.getByTestId('nav-results').click();
  await page.getByTestId('match-run').click();
  await expect(page.getByTestId('need-match')).toHaveCount(1, { timeout: 60_000 });
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('report-save').click();
  // The save dialog: every sheet and .xlsx are chosen by default.
  await page.getByTestId('report-dialog-save').click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await (await downloadPromise).path());

  const sheet = workbook.getWorksheet('Lignes écartées');
  expect(sheet, 'feuille « Lignes écartées »').toBeDefined();
  if (!sheet) return;
  const records = sheetRecords(sheet);
  expect(records).toHaveLength(1);
  const [rejected] = records;
  expect(cellText(rejected?.['Fichier'])).toBe(FILE_NAME);
  expect(Number(rejected?.['Ligne'])).toBe(3);
  expect(cellText(rejected?.['Colonne'])).toBe('Code CPV');
  expect(cellText(rejected?.['Valeur'])).toBe(BAD_CPV);
  expect(cellText(rejected?.['Motif'])).toContain('clé de contrôle');

  // « Synthèse » counts the two data rows read and the one set aside.
  const synthesis = workbook.getWorksheet('Synthèse');
  expect(synthesis).toBeDefined();
  if (!synthesis) return;
  const figures = new Map<string, number>();
  synthesis.eachRow((row) => {
    const name = cellText(row.getCell(1).value);
    figures.set(name, Number(row.getCell(2).value));
  });
  expect(figures.get('Lignes lues')).toBe(2);
  expect(figures.get('Lignes écartées')).toBe(1);
});
