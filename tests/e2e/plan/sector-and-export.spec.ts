/**
 * The buyer gives a sector instead of a CPV code, from the taxonomy's list,
 * then exports the plan: the workbook has the template's layout and the
 * sector chosen; the OCDS file holds the plan's items.
 */
import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { expect, test } from '../support/app-test';
import { importPlan, needRow, openApp, waitSaved } from '../support/page-helpers';
import { sheetRecords } from '../support/workbook-helpers';

const CSV =
  'Intitulé;Mots-clés;Lieu de livraison;Budget (€ HT)\n' +
  'Tonte des stades;tonte, pelouse;Harnes;12000\n';

test('un secteur choisi dans la liste, puis le plan exporté en .xlsx et en OCDS', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('stades.csv');
  await writeFile(csv, CSV, 'utf8');
  await openApp(page);
  await importPlan(page, csv);
  const sector = needRow(page, 1).getByTestId('need-sector');

  // « espaces verts » names two sectors of the taxonomy: the buyer must pick one.
  await sector.fill('espaces verts');
  await sector.press('Enter');
  await expect(needRow(page, 1).getByTestId('field-error')).toHaveText(
    '« espaces verts » désigne plusieurs secteurs (Création et entretien des espaces ' +
      'verts ; Autre (Espaces verts)) : choisissez-en un dans la liste.',
  );
  await sector.fill('Bâtiments scolaires');
  await sector.press('Enter');
  await expect(needRow(page, 1).getByTestId('field-error')).toHaveText(
    'Secteur « Bâtiments scolaires » inconnu : choisissez un secteur dans la liste.',
  );
  // The list offers the taxonomy's names; one of them is taken as written.
  await expect(page.locator('#plan-sectors option')).toHaveCount(154);
  await sector.fill('Création et entretien des espaces verts');
  await sector.press('Enter');
  await expect(needRow(page, 1).getByTestId('field-error')).toHaveCount(0);
  await waitSaved(page);

  const xlsx = page.waitForEvent('download');
  await page.getByTestId('plan-export-xlsx').click();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await (await xlsx).path());
  const [record] = sheetRecords(workbook.worksheets[0]!);
  expect(record).toMatchObject({
    Intitulé: 'Tonte des stades',
    Secteur: 'Création et entretien des espaces verts',
    'Mots-clés': 'tonte, pelouse',
    'Budget (€ HT)': 12000,
  });

  const ocds = page.waitForEvent('download');
  await page.getByTestId('plan-export-ocds').click();
  const json = JSON.parse(await readFile(await (await ocds).path(), 'utf8')) as {
    releases: { tag: string[]; tender: { items: { description: string }[] } }[];
  };
  expect(json.releases[0]?.tag).toEqual(['planning']);
  // An item says what is bought: the title, then the keywords.
  expect(json.releases[0]?.tender.items.map((item) => item.description)).toEqual([
    'Tonte des stades. Mots-clés : tonte, pelouse',
  ]);
});
