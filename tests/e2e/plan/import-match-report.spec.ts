/** The Harnes 2019 plan: import (.xlsx and .csv), match, and the saved Excel report. */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';
import { communeCentre, haversineKm, supplierLocator } from '../support/reference-data';

const PLAN_XLSX = 'tests/fixtures/plans/harnes-2019.xlsx';
const PLAN_CSV = 'tests/fixtures/plans/harnes-2019.csv';
const EXPECTED_NEEDS = (
  JSON.parse(
    readFileSync('tests/fixtures/plans/harnes-2019.expected.json', 'utf8'),
  ) as unknown[]
).length;
/** INSEE code of Harnes, where every need of the plan is delivered. */
const HARNES_INSEE = '62413';

function cellText(value: ExcelJS.CellValue): string {
  return value === null || value === undefined ? '' : String(value);
}

test.describe('Plan d’achats de Harnes (2019)', () => {
  test('import .xlsx, rapprochement et rapport Excel vérifié', async ({ page }) => {
    expect(EXPECTED_NEEDS).toBe(29);
    await openApp(page);
    await importPlan(page, PLAN_XLSX);
    await expect(page.getByTestId('need-row')).toHaveCount(EXPECTED_NEEDS);
    await expect(page.getByTestId('rows-imported')).toHaveText(String(EXPECTED_NEEDS));
    // French formats in the needs table: dd/mm/yyyy dates, euro amounts.
    const firstNeed = page.getByTestId('need-row').first();
    await expect(firstNeed.getByTestId('need-date')).toHaveValue('13/04/2018');
    await expect(firstNeed.getByTestId('need-budget')).toHaveValue(/35\s000,00\s€/);
    await page.screenshot({ path: '/tmp/passerelle-plan.png' });

    await page.getByTestId('nav-results').click();
    await page.getByTestId('match-run').click();
    await expect(page.getByTestId('need-match')).toHaveCount(EXPECTED_NEEDS, {
      timeout: 60_000,
    });
    const withCandidates = page
      .getByTestId('need-match')
      .filter({ has: page.getByTestId('candidate-row') });
    expect(await withCandidates.count()).toBeGreaterThan(0);
    await expect(page.getByTestId('score-part').first()).toBeVisible();
    await page.screenshot({ path: '/tmp/passerelle-results.png' });
    // Needs without a candidate say why, in French.
    const note = page.getByTestId('need-note').first();
    await note.scrollIntoViewIfNeeded();
    await expect(note).not.toBeEmpty();
    await page.screenshot({ path: '/tmp/passerelle-results-note.png' });

    const downloadPromise = page.waitForEvent('download');
    await page.getByTestId('report-save').click();
    // The save dialog: every sheet and .xlsx are chosen by default.
    await page.getByTestId('report-dialog-save').click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());

    expect(workbook.getWorksheet('Synthèse')).toBeDefined();
    const sheet = workbook.getWorksheet('Besoins');
    expect(sheet).toBeDefined();
    if (!sheet) return;
    const header = (sheet.getRow(1).values as ExcelJS.CellValue[]).map(cellText);
    const col = (name: string): number => {
      const index = header.indexOf(name);
      expect(index, `colonne « ${name} »`).toBeGreaterThan(0);
      return index;
    };
    const [cNumber, cRank, cName, cSiret, cDistance, cScore] = [
      col('N°'),
      col('Rang'),
      col('Fournisseur'),
      col('SIRET'),
      col('Distance (km)'),
      col('Score'),
    ];

    const harnes = communeCentre(HARNES_INSEE);
    const locate = supplierLocator();
    const byNeed = new Map<number, { rank: number; score: number }[]>();
    let candidateRows = 0;
    for (let r = 2; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      const rank = row.getCell(cRank).value;
      if (rank === null || rank === undefined) continue; // « Aucun fournisseur proposé »
      candidateRows += 1;
      const siretValue = row.getCell(cSiret).value;
      const name = cellText(row.getCell(cName).value);
      if (siretValue !== null && siretValue !== undefined) {
        expect(typeof siretValue, `SIRET ligne ${r}`).toBe('string');
      }
      const siret = siretValue ? String(siretValue) : null;
      const location = locate(siret, name);
      expect(location, `fournisseur « ${name} » (${siret}) du catalogue`).not.toBeNull();
      const distance = Number(row.getCell(cDistance).value);
      expect(distance).toBeLessThanOrEqual(50);
      if (location) {
        expect(
          Math.abs(distance - haversineKm(harnes, location)),
          `distance ligne ${r} (${name})`,
        ).toBeLessThanOrEqual(0.5);
      }
      const need = Number(row.getCell(cNumber).value);
      byNeed.set(need, [
        ...(byNeed.get(need) ?? []),
        { rank: Number(rank), score: Number(row.getCell(cScore).value) },
      ]);
    }
    expect(candidateRows).toBeGreaterThan(0);
    for (const [need, rows] of byNeed) {
      expect(
        rows.map((x) => x.rank),
        `rangs du besoin ${need}`,
      ).toEqual(rows.map((_, i) => i + 1));
      for (let i = 1; i < rows.length; i += 1) {
        expect(rows[i]?.score ?? 0, `scores du besoin ${need}`).toBeLessThanOrEqual(
          rows[i - 1]?.score ?? 0,
        );
      }
    }
  });

  test('import .csv : le même nombre de besoins', async ({ page }) => {
    await openApp(page);
    await importPlan(page, PLAN_CSV);
    await expect(page.getByTestId('need-row')).toHaveCount(EXPECTED_NEEDS);
    await expect(page.getByTestId('rows-read')).toHaveText(String(EXPECTED_NEEDS));
  });
});

test.describe('Modèles de plan d’achats', () => {
  test('les modèles .xlsx et .csv se téléchargent avec les colonnes du plan', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByTestId('nav-plan').click();
    await expect(page.getByTestId('template-xlsx')).toHaveText(
      'Télécharger le modèle (.xlsx)',
    );

    const xlsxDownload = page.waitForEvent('download');
    await page.getByTestId('template-xlsx').click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsx.path());
    const headers = workbook.worksheets.flatMap((sheet) =>
      (sheet.getRow(1).values as ExcelJS.CellValue[]).map(cellText),
    );
    expect(headers).toContain('Intitulé');
    expect(headers).toContain('Lieu de livraison');

    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('template-csv').click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text).toContain('Intitulé');
    expect(text).toContain('Lieu de livraison');
  });
});
