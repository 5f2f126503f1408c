/** Bad plan files: a clear French message, and the plan already loaded stays. */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';

const PLAN_XLSX = 'tests/fixtures/plans/harnes-2019.xlsx';
const HARNES_NEEDS = 29;
const HEADER = 'Intitulé;Code CPV;Lieu de livraison;Distance max (km)\n';

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

  test('un CSV réduit à sa ligne d’en-tête : le plan chargé reste, message en français', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await importPlan(page, PLAN_XLSX);
    await expect(page.getByTestId('need-row')).toHaveCount(HARNES_NEEDS);

    const csv = testInfo.outputPath('en-tete-seul.csv');
    await writeFile(csv, HEADER, 'utf8');
    await importPlan(page, csv);
    await expect(page.getByTestId('import-refused')).toHaveText(
      'Aucun besoin importé depuis « en-tete-seul.csv » : le plan déjà chargé est conservé.',
    );
    await expect(page.getByTestId('error-message')).toContainText(
      'Le fichier « en-tete-seul.csv » ne contient aucune ligne de besoin',
    );
    await expect(page.getByTestId('rows-read')).toHaveText('0');
    await expect(page.getByTestId('need-row')).toHaveCount(HARNES_NEEDS);
    await expect(page.getByRole('heading', { name: /Besoins du plan/ })).toContainText(
      String(HARNES_NEEDS),
    );
    await page.screenshot({ path: '/tmp/passerelle-plan-header-only.png' });
  });

  test('un CSV dont toutes les lignes sont rejetées : le plan chargé reste, lignes listées', async ({
    page,
  }, testInfo) => {
    await openApp(page);
    await importPlan(page, PLAN_XLSX);

    const csv = testInfo.outputPath('tout-rejete.csv');
    await writeFile(
      csv,
      HEADER +
        'Nettoyage des locaux;90910000;Xyzzyville;30\n' +
        // resources/cpv.json gives 79800000 the check digit 2, not 3.
        'Impression;79800000-3;Harnes;30\n',
      'utf8',
    );
    await importPlan(page, csv);
    await expect(page.getByTestId('import-refused')).toHaveText(
      'Aucun besoin importé depuis « tout-rejete.csv » : le plan déjà chargé est conservé.',
    );
    await expect(page.getByTestId('error-message')).toContainText(
      'Aucune des 2 lignes lues n’a pu être importée',
    );
    await expect(page.getByTestId('need-row')).toHaveCount(HARNES_NEEDS);
    await expect(page.getByTestId('rows-rejected')).toHaveText('2');
    const issues = page.getByTestId('issue-row');
    await expect(issues).toHaveCount(2);
    await expect(issues.nth(0)).toContainText('Lieu de livraison');
    await expect(issues.nth(0)).toContainText('Xyzzyville');
    await expect(issues.nth(0).locator('td').first()).toHaveText('2');
    await expect(issues.nth(1)).toContainText('Code CPV');
    await expect(issues.nth(1)).toContainText('79800000-3');
    await expect(issues.nth(1).locator('td').first()).toHaveText('3');
  });
});
