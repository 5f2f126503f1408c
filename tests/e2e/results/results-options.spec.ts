/**
 * The options panel of the results screen (weights, presets, road factor,
 * buyer kind) and the wording of a need's card, on a two-need plan written
 * for it: hours of grounds upkeep at Lens, flyers printed at Harnes.
 */
import type { Page } from '@playwright/test';
import type { MatchResult } from '../../../shared/model';
import { expect, test } from '../support/app-test';
import { importPlan, openApp, openStoredPlan } from '../support/page-helpers';

const PLAN_CSV = 'tests/e2e/results/mairie-options.csv';
const NBSP = '\u00a0';
const NNBSP = '\u202f';

/** Runs the match from « Résultats » and answers the request sent and the reply. */
async function runMatch(
  page: Page,
  button = 'match-run',
): Promise<{ sent: { options?: Record<string, unknown> }; result: MatchResult }> {
  const request = page.waitForRequest((r) => r.url().endsWith('/api/match:run'));
  const reply = page.waitForResponse((r) => r.url().endsWith('/api/match:run'));
  await page.getByTestId(button).click();
  const sent = ((await request).postDataJSON() as { args: [{ options?: never }] })
    .args[0];
  const { result } = (await (await reply).json()) as { result: MatchResult };
  await expect(page.getByTestId('need-match')).toHaveCount(result.needs.length);
  return { sent, result };
}

async function openResults(page: Page): Promise<void> {
  await openApp(page);
  await importPlan(page, PLAN_CSV);
  await page.getByTestId('nav-results').click();
}

test('options : le panneau est au-dessus de la vue d’ensemble, ses erreurs à côté', async ({
  page,
}) => {
  await openResults(page);
  await runMatch(page);
  const panel = page.getByTestId('weights-panel');
  const panelBox = await panel.boundingBox();
  const overviewBox = await page.getByTestId('plan-overview').boundingBox();
  expect(panelBox && overviewBox && panelBox.y < overviewBox.y).toBe(true);

  // A built-in name is refused by the services, and said beside the panel.
  await panel.getByTestId('weight-distance').fill('50');
  await panel.getByTestId('preset-name').fill('Proximité');
  await panel.getByTestId('preset-save').click();
  const alert = panel.getByRole('alert');
  await expect(alert).toHaveText(
    'Un jeu de pondérations s’appelle déjà « Proximité » : choisissez un autre nom ' +
      'que « Proximité ».',
  );
});

test('options : remplacer un jeu enregistré demande confirmation', async ({ page }) => {
  await openResults(page);
  await runMatch(page);
  const panel = page.getByTestId('weights-panel');
  const fillWeights = async (values: number[]): Promise<void> => {
    for (const [i, key] of ['sector', 'labels', 'distance', 'capacity'].entries()) {
      await panel.getByTestId(`weight-${key}`).fill(String(values[i]));
    }
  };
  await fillWeights([20, 20, 80, 10]);
  await panel.getByTestId('preset-name').fill('Mairie');
  await panel.getByTestId('preset-save').click();
  await expect(panel.getByTestId('preset-select')).toContainText('Mairie');

  await fillWeights([70, 20, 10, 10]);
  await panel.getByTestId('preset-name').fill('mairie');
  let saves = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/presets:save')) saves += 1;
  });
  await panel.getByTestId('preset-save').click();
  await expect(panel.getByTestId('preset-replace-question')).toHaveText(
    'Remplacer le jeu « Mairie » (20/20/80/10) par 70/20/10/10 ?',
  );
  // Nothing is sent before the buyer says yes; « Annuler » sends nothing either.
  await panel.getByTestId('preset-replace-no').click();
  await expect(panel.getByTestId('preset-replace-confirm')).toHaveCount(0);
  expect(saves).toBe(0);

  await panel.getByTestId('preset-save').click();
  const request = page.waitForRequest((r) => r.url().endsWith('/api/presets:save'));
  await panel.getByTestId('preset-replace-yes').click();
  const sent = (await request).postDataJSON() as {
    args: [{ id?: string; name: string; weights: Record<string, number> }];
  };
  expect(sent.args[0].id).toMatch(/^preset-/);
  expect(sent.args[0].name).toBe('Mairie');
  expect(sent.args[0].weights).toEqual({
    sector: 70,
    labels: 20,
    distance: 10,
    capacity: 10,
  });
  // Still one preset of that name, now 70/20/10/10.
  await expect(
    panel.getByTestId('preset-select').locator('option', { hasText: 'Mairie' }),
  ).toHaveCount(1);
});

test('options : facteur routier et acheteur envoyés, saisies refusées en français', async ({
  page,
}) => {
  await openResults(page);
  const panel = page.getByTestId('weights-panel');
  // Bad entries: the field and the value named, the run refused.
  await panel.getByTestId('weight-sector').fill('0x10');
  await panel.getByTestId('weight-labels').fill('20');
  await panel.getByTestId('weight-distance').fill('30');
  await panel.getByTestId('weight-capacity').fill('10');
  await expect(panel.getByTestId('weights-problem')).toHaveText(
    'Pondération « Secteur d’activité » : « 0x10 » n’est pas un nombre de points de ' +
      '0 à 100 (chiffres, décimales après une virgule).',
  );
  await panel.getByTestId('weight-sector').fill('1e3');
  await expect(panel.getByTestId('weights-problem')).toContainText('« 1e3 »');
  await panel.getByTestId('weight-sector').fill('40');
  await panel.getByTestId('road-factor').fill('3,5');
  await expect(panel.getByTestId('weights-problem')).toHaveText(
    'Facteur routier : « 3,5 » n’est pas un coefficient de 1 à 3 (1 : à vol ' +
      'd’oiseau ; 1,3 : usuel en France).',
  );
  await expect(panel.getByTestId('weights-rerun')).toBeDisabled();

  await panel.getByTestId('road-factor').fill('1,3');
  await panel.getByTestId('buyer-kind').selectOption({ label: 'État' });
  await panel.getByTestId('weight-distance').fill('32,5');
  const { sent, result } = await runMatch(page, 'weights-rerun');
  expect(sent.options).toEqual({
    weights: { sector: 40, labels: 20, distance: 32.5, capacity: 10 },
    roadFactor: 1.3,
    buyerKind: 'etat',
  });
  expect(result.procedures?.buyerKind).toBe('etat');

  // Typed options survive a reload without any preset saved.
  await page.reload();
  await openStoredPlan(page, 'mairie-options');
  await page.getByTestId('nav-results').click();
  await expect(panel.getByTestId('weight-distance')).toHaveValue('32,5');
  await expect(panel.getByTestId('road-factor')).toHaveValue('1,3');
  await expect(panel.getByTestId('buyer-kind')).toHaveValue('etat');
});

test('carte d’un besoin : quantité annuelle, budget, date, distance ; totaux par unité', async ({
  page,
}) => {
  await openResults(page);
  const { result } = await runMatch(page);
  const card = page.getByTestId('need-match').first();
  // 1 200 heures par an, 60 000 € HT, 01/04/2026, 25 km: the plan's first line.
  await expect(card.getByTestId('need-fact-quantity')).toHaveText(
    `1${NNBSP}200${NBSP}heures par an`,
  );
  await expect(card.getByTestId('need-fact-budget')).toHaveText(
    `60${NNBSP}000,00${NBSP}€ HT`,
  );
  await expect(card.getByTestId('need-fact-date')).toHaveText('01/04/2026');
  await expect(card.getByTestId('need-fact-distance')).toHaveText('25,0 km');

  // No total adds hours and pieces; units are written as words.
  const allocation = page.getByTestId('allocation-panel');
  await expect(allocation.getByTestId('allocation-totals')).not.toContainText('mêlées');
  // The upkeep hours go to suppliers near Lens: their total is in heures × km.
  expect(result.allocation?.needs[0]?.lines.length).toBeGreaterThan(0);
  await expect(allocation.getByTestId('allocation-by-unit')).toContainText('heures × km');
  await expect(allocation.getByTestId('allocation-by-unit')).not.toContainText(/\bh ×/);
  await expect(page.getByTestId('plan-overview')).not.toContainText('Vérifié sur');

  // Each part of a score is one block: its sentence under its own bar.
  const row = page.getByTestId('candidate-row').first();
  await row.scrollIntoViewIfNeeded();
  const part = row.getByTestId('score-part').first();
  const bar = await part.getByTestId('score-bar').boundingBox();
  const sentence = await part.getByTestId('part-explanation').boundingBox();
  const next = await row.getByTestId('score-part').nth(1).boundingBox();
  if (!bar || !sentence || !next) throw new Error('parties du score non affichées');
  expect(sentence.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  expect(sentence.y + sentence.height).toBeLessThanOrEqual(next.y);
});
