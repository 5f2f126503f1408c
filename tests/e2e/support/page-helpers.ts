/** Steps several specs share: open the app, import a plan file, edit and save it. */
import type { Locator, Page } from '@playwright/test';
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

/** The n-th row (1-based) of the needs table. */
export function needRow(page: Page, n: number): Locator {
  return page.getByTestId('need-row').nth(n - 1);
}

/** Waits until the autosave says « Enregistré à HH:MM:SS ». */
export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText(
    /^\s*Enregistré à \d{2}:\d{2}:\d{2}\s*$/,
  );
}

/** Opens « Plan d'achats » and the stored plan named `name` from the list. */
export async function openStoredPlan(page: Page, name: string): Promise<void> {
  await page.getByTestId('nav-plan').click();
  const row = page.getByTestId('plan-list-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.getByTestId('plan-open').click();
  await expect(page.getByRole('heading', { name: /Besoins du plan/ })).toContainText(
    name,
  );
}
