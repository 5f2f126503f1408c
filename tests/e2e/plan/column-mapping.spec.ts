/**
 * The mapping screen: a plan whose title is only guessed and whose CPV
 * column is not recognised asks for its columns; once chosen, a file with
 * the same headers in another order is imported without asking.
 */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/app-test';
import { importPlan, needRow, openApp } from '../support/page-helpers';

const MAIRIE_CSV =
  'Objet du besoin;Nomenclature;Qté;Ville\n' +
  'Nettoyage des locaux;90910000;12;Harnes\n' +
  'Repas préparés;15894200;1200;Lens\n';

const MAIRIE_2027_CSV =
  'NOMENCLATURE;ville;objet du besoin;QTE\n' +
  '79800000;Harnes;Impression des bulletins;4000\n' +
  '90910000;Lens;Nettoyage du gymnase;3\n' +
  '15894200;Harnes;Goûters;500\n';

test('choisir les colonnes d’un fichier, puis les mêmes en-têtes sans question', async ({
  page,
}, testInfo) => {
  const first = testInfo.outputPath('mairie.csv');
  const second = testInfo.outputPath('mairie-2027.csv');
  await writeFile(first, MAIRIE_CSV, 'utf8');
  await writeFile(second, MAIRIE_2027_CSV, 'utf8');
  await openApp(page);
  await importPlan(page, first);

  const form = page.getByTestId('column-mapping');
  await expect(form).toContainText('Colonnes du fichier « mairie.csv »');
  await expect(page.getByTestId('mapping-reasons')).toContainText(
    'Colonne obligatoire introuvable : « Code CPV, Secteur ou Mots-clés ».',
  );
  await expect(page.getByTestId('mapping-reasons')).toContainText(
    'Colonne devinée : « Objet du besoin » lue comme « Intitulé ».',
  );
  await expect(page.getByTestId('need-row')).toHaveCount(0);
  const selects = page.getByTestId('mapping-select');
  await expect(selects).toHaveCount(4);
  await expect(selects.nth(0)).toHaveValue('title');
  await expect(selects.nth(1)).toHaveValue('');
  await expect(page.getByTestId('mapping-problem')).toHaveText(
    'Indiquez quelle colonne donne : « Code CPV, Secteur ou Mots-clés ».',
  );
  await expect(page.getByTestId('mapping-import')).toBeDisabled();

  // Taking « Qté » for the CPV code too is refused until one is given back.
  await selects.nth(1).selectOption('cpv');
  await selects.nth(2).selectOption('cpv');
  await expect(page.getByTestId('mapping-problem')).toContainText(
    'Les colonnes « Nomenclature » et « Qté » sont toutes deux prises pour « Code CPV »',
  );
  await selects.nth(2).selectOption('quantity');
  await expect(page.getByTestId('mapping-problem')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/passerelle-plan-column-mapping.png' });
  await page.getByTestId('mapping-import').click();

  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('need-row')).toHaveCount(2);
  await expect(needRow(page, 1).locator('[data-field="title"]')).toHaveValue(
    'Nettoyage des locaux',
  );
  await expect(needRow(page, 1).locator('[data-field="cpv"]')).toHaveValue('90910000');
  await expect(needRow(page, 2).getByTestId('need-place-found')).toHaveText(
    'Lens (62300)',
  );

  await importPlan(page, second);
  await expect(page.getByTestId('column-mapping')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /Besoins du plan/ })).toContainText(
    'mairie-2027',
  );
  await expect(page.getByTestId('need-row')).toHaveCount(3);
  await expect(needRow(page, 3).locator('[data-field="title"]')).toHaveValue('Goûters');
  await expect(needRow(page, 3).locator('[data-field="cpv"]')).toHaveValue('15894200');
  await expect(needRow(page, 3).getByTestId('need-place-found')).toHaveText(
    'Harnes (62440)',
  );
});

test('« Annuler » ferme l’écran des colonnes sans rien importer', async ({
  page,
}, testInfo) => {
  const file = testInfo.outputPath('mairie.csv');
  await writeFile(file, MAIRIE_CSV, 'utf8');
  await openApp(page);
  await importPlan(page, file);
  await page.getByTestId('mapping-cancel').click();
  await expect(page.getByTestId('column-mapping')).toHaveCount(0);
  await expect(page.getByTestId('need-row')).toHaveCount(0);
  await expect(page.getByTestId('plan-list-row')).toHaveCount(0);
  // Nothing was kept: the same file asks again.
  await importPlan(page, file);
  await expect(page.getByTestId('column-mapping')).toBeVisible();
});
