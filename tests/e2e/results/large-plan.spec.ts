/**
 * A yearly plan of 1 500 needs on « Résultats »: the first 50 cards are drawn
 * at once, « Afficher les 50 besoins suivants » adds the next 50.
 */
import { writeFile } from 'node:fs/promises';
import type { Locator } from '@playwright/test';
import { expect, test } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';

const NEEDS = 1500;

/** Cleaning of premises (CPV 90910000) at Harnes, within 30 km: one line per need. */
function planCsv(): string {
  const rows = Array.from(
    { length: NEEDS },
    (_, i) => `Nettoyage des locaux n° ${i + 1};90910000;Harnes;30`,
  );
  return ['Intitulé;Code CPV;Lieu de livraison;Distance max (km)', ...rows].join('\n');
}

/** A card's rows agree with its count, « 7 fournisseurs proposés »; answers the count. */
async function expectRowsAsCounted(card: Locator): Promise<number> {
  const text = (await card.getByTestId('candidate-count').textContent()) ?? '';
  const count = Number(/^(\d+) fournisseurs? proposés?$/.exec(text.trim())?.[1] ?? 0);
  await expect(card.getByTestId('candidate-row')).toHaveCount(count);
  return count;
}

test('un plan de 1 500 besoins : 50 résultats d’abord, puis les 50 suivants', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const csv = testInfo.outputPath('mille-cinq-cents-besoins.csv');
  await writeFile(csv, planCsv(), 'utf8');
  await openApp(page);
  await importPlan(page, csv);
  await page.getByTestId('nav-results').click();

  await page.getByTestId('match-run').click();

  // The first 50 needs, in the plan's order, the first with its candidates.
  const cards = page.getByTestId('need-match');
  await expect(cards).toHaveCount(50, { timeout: 120_000 });
  await expect(page.getByTestId('results-shown')).toHaveText(
    /1\s500 besoins — 50 affichés/,
  );
  await expect(cards.first().locator('h3')).toHaveText(
    /^1\.\s+Nettoyage des locaux n° 1$/,
  );
  // Cleaning firms near Harnes exist in the bundled catalogue.
  expect(await expectRowsAsCounted(cards.first())).toBeGreaterThan(0);

  // « Afficher les 50 besoins suivants »: needs 51 to 100 follow, numbered on.
  const more = page.getByTestId('results-more');
  await expect(more).toHaveText('Afficher les 50 besoins suivants');
  await more.click();
  await expect(cards).toHaveCount(100);
  await expect(page.getByTestId('results-shown')).toHaveText(
    /1\s500 besoins — 100 affichés/,
  );
  await expect(cards.nth(50).locator('h3')).toHaveText(
    /^51\.\s+Nettoyage des locaux n° 51$/,
  );
  expect(await expectRowsAsCounted(cards.nth(50))).toBeGreaterThan(0);

  // A card added later works as the first ones: its map opens on demand.
  await cards.nth(50).getByTestId('map-details').locator('summary').click();
  await expect(cards.nth(50).getByTestId('map-svg')).toBeVisible();
});
