/** A plan of 2,000 needs: shown 100 at a time, edited on a later page, fixed from « À corriger ». */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/app-test';
import {
  importPlan,
  needRow,
  openApp,
  openStoredPlan,
  waitSaved,
} from '../support/page-helpers';

const NEEDS = 2000;
/** The one need whose place is ambiguous: number 1 234, on page 13. */
const AMBIGUOUS = 1234;

function planCsv(): string {
  const rows = Array.from({ length: NEEDS }, (_, i) => {
    const place = i + 1 === AMBIGUOUS ? 'Saint-Denis' : 'Harnes';
    return `Besoin ${i + 1};90910000;${place};30`;
  });
  return ['Intitulé;Code CPV;Lieu de livraison;Distance max (km)', ...rows].join('\n');
}

test('un plan de 2 000 besoins : pages, modification enregistrée, « À corriger »', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('deux-mille-besoins.csv');
  await writeFile(csv, planCsv(), 'utf8');
  await openApp(page);
  await importPlan(page, csv);

  // The first page: needs 1 to 100.
  const label = page.getByTestId('need-page-label');
  await expect(label).toHaveText(/Besoins 1–100\s+sur 2\s000/);
  await expect(page.getByTestId('need-row')).toHaveCount(100);
  await expect(page.getByTestId('need-page-previous')).toBeDisabled();

  // Page 3 shows needs 201 to 300; the first one is edited there.
  await page.getByTestId('need-page-next').click();
  await page.getByTestId('need-page-next').click();
  await expect(label).toHaveText(/Besoins 201–300\s+sur 2\s000/);
  const title = needRow(page, 1).getByTestId('need-title');
  await expect(title).toHaveValue('Besoin 201');
  await title.click();
  await title.press('End');
  await title.pressSequentially(' (cantine)');
  await title.blur();
  await waitSaved(page);

  // After a reload the stored plan shows the edit on page 3.
  await page.reload();
  await openStoredPlan(page, 'deux-mille-besoins');
  await expect(label).toHaveText(/Besoins 1–100\s+sur 2\s000/);
  await page.getByTestId('need-page-next').click();
  await page.getByTestId('need-page-next').click();
  await expect(needRow(page, 1).getByTestId('need-title')).toHaveValue(
    'Besoin 201 (cantine)',
  );

  // « À corriger » leads to need 1 234, on page 13, and its place field.
  const fix = page.getByTestId('fix-item').filter({ hasText: `Besoin ${AMBIGUOUS} ` });
  await expect(fix).toHaveCount(1);
  await fix.click();
  await expect(label).toHaveText(/Besoins 1\s201–1\s300\s+sur 2\s000/);
  const row = page.locator('[data-testid="need-row"]').nth(AMBIGUOUS - 1201);
  await expect(row.getByTestId('need-title')).toHaveValue(`Besoin ${AMBIGUOUS}`);
  await expect(row.getByTestId('need-place')).toBeFocused();
});
