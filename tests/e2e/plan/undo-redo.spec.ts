/** Undo and redo in the plan editor: an edit and a deletion, by button and keyboard, saved. */
import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/app-test';
import {
  importPlan,
  needRow,
  openApp,
  openStoredPlan,
  waitSaved,
} from '../support/page-helpers';

const CSV =
  'Intitulé;Code CPV;Lieu de livraison;Distance max (km)\n' +
  'Nettoyage des locaux;90910000;Harnes;30\n' +
  'Repas préparés;15894200;Harnes;30\n' +
  'Restauration scolaire;55523100;Harnes;30\n';

async function titles(page: Page): Promise<string[]> {
  return page
    .getByTestId('need-title')
    .evaluateAll((inputs) =>
      inputs.map((i) => (i as unknown as { value: string }).value),
    );
}

test('annuler et rétablir une modification et une suppression', async ({
  page,
}, testInfo) => {
  const csv = testInfo.outputPath('trois-besoins.csv');
  await writeFile(csv, CSV, 'utf8');
  await openApp(page);
  await importPlan(page, csv);
  await expect(page.getByTestId('need-row')).toHaveCount(3);
  await expect(page.getByTestId('plan-undo')).toBeDisabled();

  // One edit typed key by key is one step.
  const title = needRow(page, 1).getByTestId('need-title');
  await title.click();
  await title.press('End');
  await title.pressSequentially(' (mairie)');
  await title.blur();
  await needRow(page, 2).getByTestId('need-delete').click();
  expect(await titles(page)).toEqual([
    'Nettoyage des locaux (mairie)',
    'Restauration scolaire',
  ]);

  // Ctrl+Z brings the deleted need back in its place, then the button undoes the edit.
  await page.keyboard.press('Control+z');
  expect(await titles(page)).toEqual([
    'Nettoyage des locaux (mairie)',
    'Repas préparés',
    'Restauration scolaire',
  ]);
  await page.getByTestId('plan-undo').click();
  expect(await titles(page)).toEqual([
    'Nettoyage des locaux',
    'Repas préparés',
    'Restauration scolaire',
  ]);
  await expect(page.getByTestId('plan-undo')).toBeDisabled();

  // Ctrl+Y redoes the edit, the button the deletion.
  await page.keyboard.press('Control+y');
  await expect(title).toHaveValue('Nettoyage des locaux (mairie)');
  await page.getByTestId('plan-redo').click();
  await expect(page.getByTestId('need-row')).toHaveCount(2);
  await expect(page.getByTestId('plan-redo')).toBeDisabled();

  // What undo and redo gave is what is stored.
  await waitSaved(page);
  await page.reload();
  await openApp(page);
  await openStoredPlan(page, 'trois-besoins');
  expect(await titles(page)).toEqual([
    'Nettoyage des locaux (mairie)',
    'Restauration scolaire',
  ]);
});
