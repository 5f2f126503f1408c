/**
 * A need delivered to several sites (« Harnes ; Lens »): every site shown
 * under the place, an ambiguous first site named alone in its pick list, and
 * an edit refused for a later site said not saved, in the field and in the
 * save status, the saved place coming back after a reload.
 */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/app-test';
import { importPlan, needRow, openApp, waitSaved } from '../support/page-helpers';

const CSV =
  'Intitulé;Code CPV;Lieu de livraison;Distance max (km)\n' +
  'Nettoyage des locaux;90910000;"Harnes ; Lens";30\n' +
  'Repas préparés;15894200;"Saint-Denis ; Lille";30\n';

test('un besoin livré sur plusieurs sites, une saisie refusée dite non enregistrée', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('several-sites.csv');
  await writeFile(csv, CSV, 'utf8');
  await openApp(page);
  await importPlan(page, csv);
  await expect(page.getByTestId('need-row')).toHaveCount(2);

  const first = needRow(page, 1);
  await expect(first.getByTestId('need-place-found')).toHaveText(
    'Harnes (62440) ; Lens (62300)',
  );

  // Only the first site waits for a pick: the list names it alone.
  const second = needRow(page, 2);
  const select = second.getByTestId('need-place-select');
  await expect(select.locator('option').first()).toHaveText(
    '1er site « Saint-Denis » : choisir…',
  );
  await select.selectOption({ label: 'Saint-Denis (93)' });
  await expect(second.getByTestId('need-place-others')).toHaveText(
    'autre site : Lille (59000)',
  );
  await waitSaved(page);

  // A second site ambiguous is refused: the text stays, said not saved.
  const place = first.locator('[data-field="place"]');
  await place.fill('Harnes ; Saint-Denis');
  await place.blur();
  await expect(first.getByTestId('field-error')).toHaveText(
    /^Non enregistré : 2e site « Saint-Denis » : Lieu ambigu « Saint-Denis »/,
  );
  await expect(place).toHaveValue('Harnes ; Saint-Denis');
  await expect(first.getByTestId('need-place-found')).toHaveCount(0);
  await expect(page.getByTestId('save-status')).not.toContainText('Enregistré à');
  await expect(page.getByTestId('save-unsaved')).toContainText(
    '1 saisie non enregistrée : corrigez le champ signalé',
  );
  await page.screenshot({ path: '/tmp/helpers/h15/place-refused.png' });

  // The plan saved still holds the former sites.
  await page.reload();
  await page.getByTestId('nav-plan').click();
  await page.getByTestId('plan-list-row').first().getByTestId('plan-open').click();
  await expect(needRow(page, 1).locator('[data-field="place"]')).toHaveValue(
    'Harnes ; Lens',
  );
  await expect(needRow(page, 1).getByTestId('need-place-found')).toHaveText(
    'Harnes (62440) ; Lens (62300)',
  );
});
