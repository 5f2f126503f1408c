/**
 * Issue 4, point 7: a Windows-1252 CSV with a homonymous commune is imported,
 * the buyer picks « Saint-Denis (93) » and renames another need; the server
 * process is then killed with SIGKILL (no shutdown, nothing flushed) and
 * started again on the same data folder: the plan comes back with both edits.
 */
import { writeFile } from 'node:fs/promises';
import { expect, restartableTest as test } from '../support/app-test';
import {
  importPlan,
  needRow,
  openApp,
  openStoredPlan,
  waitSaved,
} from '../support/page-helpers';

/** In Windows-1252 « ’ » is byte 0x92 and « é » 0xE9: latin1 of U+0092 and U+00E9. */
const CP1252_APOSTROPHE = '\u0092';
const CSV_TEXT =
  'Intitulé;Code CPV;Quantité;Unité;Lieu de livraison;Distance max (km)\r\n' +
  `Nettoyage des locaux de l${CP1252_APOSTROPHE}école;90910000;;;Saint-Denis;30\r\n` +
  'Repas préparés pour le centre de loisirs;15894200;1200;repas;Harnes;40\r\n';
const FILE_NAME = 'plan-cp1252.csv';
const NEW_TITLE = 'Repas bio du centre de loisirs (été)';

test('plan Windows-1252 : commune choisie et intitulé modifié retrouvés après un arrêt brutal', async ({
  page,
  processServer,
}, testInfo) => {
  const csv = testInfo.outputPath(FILE_NAME);
  const bytes = Buffer.from(CSV_TEXT, 'latin1');
  // The file really is Windows-1252: one byte for « ’ », not UTF-8's three.
  expect(bytes.includes(Buffer.from([0x92]))).toBe(true);
  expect(bytes.includes(Buffer.from('’', 'utf8'))).toBe(false);
  await writeFile(csv, bytes);

  await openApp(page);
  await importPlan(page, csv);
  await expect(page.getByTestId('need-row')).toHaveCount(2);
  await expect(needRow(page, 1).getByTestId('need-title')).toHaveValue(
    'Nettoyage des locaux de l’école',
  );
  // The homonymous commune is asked, and listed as still to fix.
  await expect(page.getByTestId('fix-item')).toContainText([
    /Besoin 1 .*Plusieurs communes s’appellent « Saint-Denis »/,
  ]);
  const select = needRow(page, 1).getByTestId('need-place-select');
  await select.selectOption({ label: 'Saint-Denis (93)' });
  await expect(page.getByTestId('fix-none')).toBeVisible();

  await needRow(page, 2).getByTestId('need-title').fill(NEW_TITLE);
  await waitSaved(page);
  await page.screenshot({ path: '/tmp/passerelle-plan-editor.png' });

  await processServer.kill();
  await processServer.start();
  await page.reload();
  await openApp(page);
  await openStoredPlan(page, 'plan-cp1252');

  await expect(page.getByTestId('need-row')).toHaveCount(2);
  await expect(needRow(page, 2).getByTestId('need-title')).toHaveValue(NEW_TITLE);
  await expect(
    needRow(page, 1).getByTestId('need-place-select').locator('option:checked'),
  ).toHaveText('Saint-Denis (93)');
  await expect(page.getByTestId('fix-none')).toBeVisible();
  // The list says when it was last saved, in the French way.
  await expect(page.getByTestId('plan-list-row')).toContainText(
    /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
  );
});
