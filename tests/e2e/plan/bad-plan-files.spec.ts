/** Bad plan files: a clear French message, and the plan already loaded stays. */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';

const PLAN_XLSX = 'tests/fixtures/plans/harnes-2019.xlsx';
const HARNES_NEEDS = 29;

/** A real 1×1 PNG image. */
const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test.describe('Fichiers de plan incorrects', () => {
  test('une image renommée en .xlsx : message en français, le plan chargé reste', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await importPlan(page, PLAN_XLSX);
    await expect(page.getByTestId('need-row')).toHaveCount(HARNES_NEEDS);

    const fake = testInfo.outputPath('image.xlsx');
    await writeFile(fake, PNG_BYTES);
    await importPlan(page, fake);
    await expect(page.getByTestId('error-message')).toHaveText(
      'Le fichier « image.xlsx » n’est pas un classeur Excel lisible.',
    );
    await expect(page.getByTestId('need-row')).toHaveCount(HARNES_NEEDS);
    await page.screenshot({ path: '/tmp/passerelle-plan-error.png' });

    await page.getByTestId('error-dismiss').click();
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
  });

  test('un CSV sans les colonnes obligatoires : message qui les nomme', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await importPlan(page, PLAN_XLSX);
    const csv = testInfo.outputPath('sans-entetes.csv');
    await writeFile(csv, 'Nom;Prix\nChaises;120\n', 'utf8');
    await importPlan(page, csv);
    const message = page.getByTestId('error-message');
    await expect(message).toContainText('Colonnes obligatoires manquantes');
    await expect(message).toContainText('« Intitulé »');
    await expect(message).toContainText('« Lieu de livraison »');
    await expect(page.getByTestId('need-row')).toHaveCount(HARNES_NEEDS);
    await expect(page.getByTestId('import-refused')).toBeVisible();
    await expect(page.getByTestId('rows-imported')).toHaveText('0');
    await expect(page.getByTestId('rows-rejected')).toHaveText('1');
    await page.screenshot({ path: '/tmp/passerelle-plan-missing-columns.png' });
    // The issues table names the unknown columns it ignored.
    await expect(page.getByTestId('issues-table')).toContainText('Nom');
  });
});
