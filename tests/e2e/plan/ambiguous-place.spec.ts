/** A need whose place is ambiguous: the buyer picks the commune, the match uses it. */
import { writeFile } from 'node:fs/promises';
import { expect, test } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';

test('lieu ambigu : choisir « Saint-Denis (93) » puis rapprocher depuis ce lieu', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('saint-denis.csv');
  await writeFile(
    csv,
    'Intitulé;Code CPV;Lieu de livraison;Distance max (km)\n' +
      'Nettoyage des locaux;90910000;Saint-Denis;30\n',
    'utf8',
  );
  await openApp(page);
  await importPlan(page, csv);
  await expect(page.getByTestId('need-row')).toHaveCount(1);
  const select = page.getByTestId('need-place-select');
  await expect(select.locator('option', { hasText: 'Saint-Denis (93)' })).toHaveCount(1);
  await select.selectOption({ label: 'Saint-Denis (93)' });
  await page.screenshot({ path: '/tmp/passerelle-plan-ambiguous.png' });

  await page.getByTestId('nav-results').click();
  await page.getByTestId('match-run').click();
  const card = page.getByTestId('need-match');
  await expect(card).toContainText('Saint-Denis (93)');
  await expect(card.getByTestId('candidate-row').first()).toBeVisible();
  // Every candidate lies within the need's 30 km of Saint-Denis (93).
  const kms = await card
    .getByTestId('candidate-row')
    .evaluateAll((rows) =>
      rows.map((r) => r.querySelector('td:nth-child(5)')?.textContent ?? ''),
    );
  for (const text of kms) {
    expect(Number(text.replace(/\s*km/, '').replace(',', '.'))).toBeLessThanOrEqual(30);
  }
});
