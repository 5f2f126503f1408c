/**
 * Delivery sites in the editor: the place of a need saved as a named site
 * of the buyer, then picked in another need, in another plan of the same
 * buyer too, which fills the place text and its commune.
 */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/app-test';
import { importPlan, needRow, openApp, waitSaved } from '../support/page-helpers';

const CSV =
  'Intitulé;Code CPV;Lieu de livraison;Distance max (km)\n' +
  'Repas préparés;15894200;Saint-Denis;30\n' +
  'Nettoyage des locaux;90910000;Harnes;30\n';

test('enregistrer un site de livraison puis le choisir pour un autre besoin', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('sites.csv');
  await writeFile(csv, CSV, 'utf8');
  await openApp(page);
  await importPlan(page, csv);
  await expect(page.getByTestId('need-row')).toHaveCount(2);
  await page.getByTestId('plan-buyer').fill('Mairie de Saint-Denis');
  await page.getByTestId('plan-buyer').blur();

  // An ambiguous place is saved only once its commune is chosen.
  const first = needRow(page, 1);
  await expect(first.getByTestId('need-site-save-open')).toHaveCount(0);
  await first
    .getByTestId('need-place-select')
    .selectOption({ label: 'Saint-Denis (93)' });
  await first.getByTestId('need-site-save-open').click();
  await first.getByTestId('site-name').fill('Cuisine centrale');
  await first.getByTestId('site-save').click();
  await expect(first.getByTestId('site-message')).toHaveText(
    'Site « Cuisine centrale » enregistré.',
  );

  // A site with no name is refused in French.
  const second = needRow(page, 2);
  await second.getByTestId('need-site-save-open').click();
  await second.getByTestId('site-save').click();
  await expect(second.getByTestId('site-message')).toHaveText(
    'Donnez un nom au site de livraison (par exemple « Cuisine centrale »).',
  );

  const select = second.getByTestId('need-site-select');
  await expect(select.locator('option')).toHaveText([
    'Site enregistré…',
    'Cuisine centrale — Saint-Denis (93)',
  ]);
  await select.selectOption({ label: 'Cuisine centrale — Saint-Denis (93)' });
  await expect(second.locator('[data-field="place"]')).toHaveValue('Saint-Denis');
  await expect(second.getByTestId('need-place-found')).toHaveText('Saint-Denis (93)');
  await waitSaved(page);
  await page.screenshot({ path: '/tmp/passerelle-plan-delivery-site.png' });

  // An empty plan of the same buyer offers the same site.
  await page.getByTestId('plan-new').click();
  await page.getByTestId('plan-buyer').fill('Mairie de Saint-Denis');
  await page.getByTestId('need-add').click();
  const fresh = needRow(page, 1);
  await fresh
    .getByTestId('need-site-select')
    .selectOption({ label: 'Cuisine centrale — Saint-Denis (93)' });
  await expect(fresh.getByTestId('need-place-found')).toHaveText('Saint-Denis (93)');
  await waitSaved(page);

  // After a reload the choice is still there, as saved.
  await page.reload();
  await page.getByTestId('nav-plan').click();
  const row = page.getByTestId('plan-list-row').filter({ hasText: 'Nouveau plan' });
  await row.getByTestId('plan-open').click();
  await expect(needRow(page, 1).getByTestId('need-place-found')).toHaveText(
    'Saint-Denis (93)',
  );
});
