/** The sources section: adding a feed, a GoGoCarto map and an API, switching, removing. */
import { expect, test } from '../support/app-test';
import { openApp } from '../support/page-helpers';

test.describe('Sources du catalogue', () => {
  test('formulaire : champs manquants et adresse invalide nommés en français', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByTestId('catalogue-section-sources').click();
    await page.getByTestId('add-source-submit').click();
    const form = page.getByTestId('add-source-form');
    await expect(form).toContainText('Donnez un nom à la source.');
    await expect(form).toContainText('Indiquez l’adresse du fichier feed.json du flux.');

    await page.getByTestId('add-source-name').fill('Flux régional');
    await page.getByTestId('add-source-url').fill('ftp://127.0.0.1/feed.json');
    await page.getByTestId('add-source-submit').click();
    await expect(form).toContainText(
      '« ftp://127.0.0.1/feed.json » n’est pas une adresse web : elle doit commencer par http:// ou https://.',
    );
    await page.getByTestId('add-source-kind-inclusion-api').check();
    await page.getByTestId('add-source-url').fill('http://127.0.0.1:9/api/siaes/');
    await page.getByTestId('add-source-submit').click();
    await expect(form).toContainText('L’API demande un jeton d’accès');
    // Nothing was saved: only the embedded catalogue is listed.
    await expect(page.getByTestId('source-row')).toHaveCount(1);
  });

  test('ajouter une carte et une API (jeton masqué), désactiver, retirer après confirmation', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByTestId('catalogue-section-sources').click();
    const embedded = page
      .getByTestId('source-row')
      .filter({ hasText: 'Catalogue embarqué' });
    await expect(embedded.getByTestId('source-remove')).toHaveCount(0);
    await expect(page.getByTestId('spreadsheet-note')).toContainText(
      'en ligne de commande',
    );

    await page.getByTestId('add-source-kind-gogocarto').check();
    await page.getByTestId('add-source-name').fill('Carte des tiers-lieux');
    await page.getByTestId('add-source-url').fill('http://127.0.0.1:9/carte');
    await page.getByTestId('add-source-submit').click();
    await expect(page.getByTestId('add-source-saved')).toContainText(
      'Source « Carte des tiers-lieux » ajoutée',
    );

    await page.getByTestId('add-source-kind-inclusion-api').check();
    const token = page.getByTestId('add-source-token');
    await expect(token).toHaveAttribute('type', 'password');
    await page.getByTestId('add-source-name').fill('Marché de l’inclusion');
    await page.getByTestId('add-source-url').fill('http://127.0.0.1:9/api/siaes/');
    await token.fill('jeton-tres-secret-42');
    await page.getByTestId('add-source-submit').click();

    const row = (id: string) =>
      page.locator(`[data-testid="source-row"][data-source-id="${id}"]`);
    const map = row('carte-des-tiers-lieux');
    const api = row('marche-de-l-inclusion');
    await expect(map.getByTestId('source-kind')).toHaveText('Carte GoGoCarto');
    await expect(map).toContainText('Carte des tiers-lieux');
    await expect(api.getByTestId('source-kind')).toHaveText(
      'API du Marché de l’inclusion',
    );
    await expect(api).toContainText('Marché de l’inclusion');
    await expect(page.getByText('jeton-tres-secret-42')).toHaveCount(0);
    await expect(token).toHaveValue('');

    // Same name again: another id, both kept.
    await page.getByTestId('add-source-kind-gogocarto').check();
    await page.getByTestId('add-source-name').fill('Carte des tiers-lieux');
    await page.getByTestId('add-source-url').fill('http://127.0.0.1:9/autre-carte');
    await page.getByTestId('add-source-submit').click();
    await expect(row('carte-des-tiers-lieux-2')).toHaveCount(1);
    await expect(page.getByTestId('source-row')).toHaveCount(4);
    await page.screenshot({ path: '/tmp/passerelle-sources.png', fullPage: true });

    // Switched off: said in the status panel, kept after a reload.
    await api.getByTestId('source-enabled').uncheck();
    const apiStatus = page
      .getByTestId('status-source')
      .filter({ hasText: 'Marché de l’inclusion' });
    await expect(apiStatus).toContainText('désactivée');
    await page.reload();
    await page.getByTestId('catalogue-section-sources').click();
    await expect(api.getByTestId('source-enabled')).not.toBeChecked();
    await expect(map.getByTestId('source-enabled')).toBeChecked();

    // Removal asks first; « Garder » keeps the source.
    await map.getByTestId('source-remove').click();
    await expect(map.getByTestId('source-remove-confirmation')).toContainText(
      'Retirer « Carte des tiers-lieux » et ses 0 fiche du catalogue local ?',
    );
    await map.getByTestId('source-remove-cancel').click();
    await expect(map.getByTestId('source-remove-confirmation')).toHaveCount(0);
    await expect(page.getByTestId('source-row')).toHaveCount(4);
    await map.getByTestId('source-remove').click();
    await map.getByTestId('source-remove-confirm').click();
    await expect(page.getByTestId('source-row')).toHaveCount(3);
    await expect(map).toHaveCount(0);
    // The namesake added second stays.
    await expect(row('carte-des-tiers-lieux-2')).toHaveCount(1);
    await expect(
      page.getByTestId('status-source').filter({ hasText: 'Carte des tiers-lieux' }),
    ).toHaveCount(1);
  });
});
