/** Catalogue search around a place: sorted distances within the radius, ambiguous names. */
import { expect, test } from '../support/app-test';
import { openApp } from '../support/page-helpers';

test.describe('Catalogue : recherche à proximité', () => {
  test('« Harnes » dans un rayon de 20 km : distances croissantes, toutes ≤ 20 km', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByTestId('search-near').fill('Harnes');
    await page.getByTestId('search-radius').fill('20');
    await page.getByTestId('search-submit').click();

    const rows = page.getByTestId('supplier-row');
    await expect(rows.first()).toBeVisible();
    await expect(page.getByTestId('result-count')).toContainText('fournisseurs trouvés');
    const kms = (
      await page
        .getByTestId('supplier-distance')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-km') ?? ''))
    ).map(Number);
    expect(kms.length).toBeGreaterThan(0);
    for (const km of kms) expect(km).toBeLessThanOrEqual(20);
    for (let i = 1; i < kms.length; i += 1) {
      expect(kms[i]).toBeGreaterThanOrEqual(kms[i - 1] ?? 0);
    }
    // Shown the French way: one decimal with a comma, then « km ».
    await expect(page.getByTestId('supplier-distance').first()).toHaveText(/^\d+,\d km$/);
    await page.screenshot({ path: '/tmp/passerelle-catalogue.png', fullPage: false });
  });

  test('« Saint-Denis » est ambigu : un bouton par commune, un clic relance la recherche', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByTestId('search-near').fill('Saint-Denis');
    await page.getByTestId('search-radius').fill('10');
    await page.getByTestId('search-submit').click();

    const choices = page.getByTestId('place-candidate');
    await expect(page.getByTestId('place-choices')).toContainText('Plusieurs communes');
    expect(await choices.count()).toBeGreaterThan(1);
    await expect(choices.filter({ hasText: 'Saint-Denis (93)' })).toHaveCount(1);
    await page.screenshot({ path: '/tmp/passerelle-catalogue-ambiguous.png' });

    await choices.filter({ hasText: 'Saint-Denis (93)' }).click();
    await expect(page.getByTestId('place-choices')).toHaveCount(0);
    await expect(page.getByTestId('search-near')).toHaveValue('Saint-Denis (93)');
    await expect(page.getByTestId('result-count')).toBeVisible();
  });

  test('un lieu inconnu : message en français, aucun tableau', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('search-near').fill('Xyzzyville');
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('place-not-found')).toContainText(
      'Lieu « Xyzzyville » introuvable',
    );
    await expect(page.getByTestId('supplier-row')).toHaveCount(0);
  });
});
