/** The search form's radius is checked the French way; the plan import button shows focus. */
import type { Page } from '@playwright/test';
import { expect, test } from '../support/app-test';
import { openApp } from '../support/page-helpers';
import { catalogueSupplierPoints, haversineKm } from '../support/reference-data';

/** Bodies of the catalogue searches the page sent, as parsed JSON. */
function recordSearches(page: Page): { radiusKm?: number; near?: string }[] {
  const sent: { radiusKm?: number; near?: string }[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/api/catalogue:search')) return;
    const body = request.postDataJSON() as {
      args: [{ radiusKm?: number; near?: string }];
    };
    sent.push(body.args[0]);
  });
  return sent;
}

test.describe('Catalogue : rayon et coordonnées à la française', () => {
  test('un rayon illisible ou nul : message en français, aucune recherche envoyée', async ({
    page,
  }) => {
    const sent = recordSearches(page);
    await openApp(page);
    await page.getByTestId('search-near').fill('Harnes');
    const radius = page.getByTestId('search-radius');
    const error = page.getByTestId('search-radius-error');

    for (const typed of ['abc', '0', '-5', '12,5,3']) {
      await radius.fill(typed);
      await page.getByTestId('search-submit').click();
      await expect(error).toHaveText(
        `Rayon (km) « ${typed} » : indiquez une distance en kilomètres supérieure à 0 ` +
          'et d’au plus 1\u00a0000, par exemple 20 ou 12,5.',
      );
      await expect(radius).toHaveAttribute('aria-invalid', 'true');
    }
    await radius.fill('');
    await page.getByTestId('search-submit').click();
    await expect(error).toContainText('Rayon (km) vide');
    await page.screenshot({ path: '/tmp/passerelle-catalogue-radius-error.png' });
    expect(sent).toEqual([]);
    await expect(page.getByTestId('result-count')).toHaveCount(0);
  });

  test('« 50,45 ; 2,90 » dans un rayon de « 12,5 » km : les fournisseurs attendus', async ({
    page,
  }) => {
    const sent = recordSearches(page);
    await openApp(page);
    const near = page.getByTestId('search-near');
    await expect(near).toHaveAttribute(
      'placeholder',
      'commune, code postal ou « 50,45 ; 2,90 »',
    );
    await near.fill('50,45 ; 2,90');
    await page.getByTestId('search-radius').fill('12,5');
    await page.getByTestId('search-submit').click();

    await expect(page.getByTestId('result-count')).toBeVisible();
    await expect(page.getByTestId('search-radius-error')).toHaveCount(0);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.radiusKm).toBe(12.5);
    const rows = page.getByTestId('supplier-row');
    await expect(rows.first()).toBeVisible();

    // The suppliers within 12,5 km, worked out from resources/catalogue.json.
    const centre = { lat: 50.45, lon: 2.9 };
    const expected = catalogueSupplierPoints()
      .filter((s) => haversineKm(centre, s) <= 12.5)
      .map((s) => s.name)
      .sort();
    expect(expected.length).toBeGreaterThan(1);
    await expect(page.getByTestId('result-count')).toHaveText(
      `${expected.length} fournisseurs trouvés`,
    );
    const names = await rows.locator('td:first-child strong').allTextContents();
    expect(names.sort()).toEqual(expected);
  });
});

test('le bouton « Importer un plan » montre le focus clavier', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('nav-plan').click();
  const button = page.locator('.file-picker .button');
  await expect(button).toHaveCSS('outline-style', 'none');

  // Tab from the navigation until the (invisible) file input has the focus.
  const input = page.getByTestId('plan-file');
  for (let i = 0; i < 10; i += 1) {
    if (await input.evaluate((el) => el === el.ownerDocument.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(input).toBeFocused();
  await expect(button).toHaveCSS('outline-style', 'solid');
  await expect(button).toHaveCSS('outline-width', '3px');
  await page.screenshot({ path: '/tmp/passerelle-plan-focus.png' });
});
