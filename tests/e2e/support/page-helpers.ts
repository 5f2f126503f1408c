/** Steps several specs share: open the app, import a plan file. */
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/** Opens Passerelle and waits until the catalogue summary is shown. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('supplier-count')).toContainText('fournisseurs');
}

/** Opens « Plan d'achats » and imports one file, waiting for the import to end. */
export async function importPlan(page: Page, filePath: string): Promise<void> {
  await page.getByTestId('nav-plan').click();
  await page.getByTestId('plan-file').setInputFiles(filePath);
  await expect(page.getByTestId('plan-busy')).toHaveCount(0, { timeout: 60_000 });
}
