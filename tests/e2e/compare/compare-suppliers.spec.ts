/**
 * A works council's comparison, end to end in the browser mode: suppliers
 * picked from the catalogue search and from the results, a sixth refused, the
 * side-by-side screen with distances from a typed site and the offers, the
 * picks kept across a reload, and the one-sheet workbook read back.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import type { MatchResult, Offer, Supplier } from '../../../shared/model';
import { createServices } from '../../../main/services/create-services';
import { startServer } from '../../../main/server/http-server';
import { expect, test as appTest } from '../support/app-test';
import { importPlan, openApp } from '../support/page-helpers';
import { communeCentre, haversineKm } from '../support/reference-data';
import { readEmbeddedCatalogue } from '../support/test-feed';

const NBSP = '\u00a0';

/** Real suppliers near Harnes, given offers for this test (the catalogue has none). */
const MAIN_FORTE = 'siret-39964986200048';
const ENVIE_NORD = 'siret-38340754100077';
const LOCOMOTIVE = 'siret-83491967200016';
const VESTALI = 'siret-41888954900071';
const JANUS = 'siret-40219166200376';
const OFFERS: Record<string, Offer[]> = {
  [MAIN_FORTE]: [
    {
      id: 'menage',
      label: 'Nettoyage de locaux',
      unit: 'h',
      unitPrice: 24.5,
      minimumOrder: 10,
      capacity: 300,
      capacityPeriod: 'monthly',
      leadTimeDays: 5,
    },
  ],
  // Capacity and minimum unknown: « à confirmer », never 0.
  [ENVIE_NORD]: [
    {
      id: 'pc',
      label: 'Ordinateurs reconditionnés',
      unit: 'u',
      unitPrice: 180,
      minimumOrder: null,
      capacity: null,
      capacityPeriod: null,
      leadTimeDays: 10,
    },
  ],
  [LOCOMOTIVE]: [
    {
      id: 'repas',
      label: 'Plateaux repas',
      unit: 'repas',
      unitPrice: 9.8,
      minimumOrder: 20,
      capacity: 150,
      capacityPeriod: 'weekly',
      leadTimeDays: 2,
      availableMonths: [1, 2, 3, 4, 5, 6],
    },
  ],
};

/** The page's server runs on the embedded catalogue with those offers. */
const test = appTest.extend({
  server: async ({ dataDir }, use) => {
    const catalogue = await readEmbeddedCatalogue();
    catalogue.suppliers = catalogue.suppliers.map((s): Supplier =>
      OFFERS[s.id] ? { ...s, offers: OFFERS[s.id] ?? [] } : s,
    );
    const services = await createServices({
      databasePath: join(dataDir, 'passerelle.sqlite'),
      dataDir,
      catalogue,
    });
    const server = await startServer({
      port: 0,
      services,
      rendererDir: join(process.cwd(), 'out', 'renderer'),
    });
    await use(server);
    await server.close();
    services.close();
  },
});

/** Searches the catalogue for `text` and clicks « Comparer » on `name` in `city`. */
async function pickFromCatalogue(
  page: Page,
  text: string,
  name: string,
  city: string,
): Promise<void> {
  await page.getByTestId('nav-catalogue').click();
  await page.getByTestId('search-text').fill(text);
  await page.getByTestId('search-submit').click();
  const row = page
    .getByTestId('supplier-row')
    .filter({ has: page.locator('strong', { hasText: new RegExp(`^${name}$`) }) })
    .filter({ hasText: city });
  await expect(row).toHaveCount(1);
  const toggle = row.getByTestId('compare-toggle');
  await expect(toggle).toHaveText('Comparer');
  await toggle.click();
}

/** « 2,5 km »: the independent haversine from the centre of Harnes, one decimal. */
function kmFromHarnes(point: { lat: number; lon: number }): number {
  return Math.round(haversineKm(communeCentre('62413'), point) * 10) / 10;
}

test('comparer des fournisseurs du catalogue et des résultats, puis le classeur', async ({
  page,
}) => {
  const { suppliers } = await readEmbeddedCatalogue();
  const location = (id: string): { lat: number; lon: number } => {
    const supplier = suppliers.find((s) => s.id === id);
    if (!supplier) throw new Error(`${id} absent du catalogue`);
    return supplier.location;
  };
  await openApp(page);
  const compareTab = page.getByTestId('nav-compare');
  await expect(compareTab).toHaveText('Comparer (0)');

  // Three from the catalogue search.
  await pickFromCatalogue(page, 'main forte', 'SA MAIN FORTE', 'Harnes');
  await pickFromCatalogue(page, 'envie nord', 'Envie Nord', 'Hénin-Beaumont');
  await pickFromCatalogue(page, 'locomotive', 'RESTAURANT LA LOCOMOTIVE', 'Oignies');
  await expect(compareTab).toHaveText('Comparer (3)');
  const picked = page
    .getByTestId('supplier-row')
    .filter({ hasText: 'RESTAURANT LA LOCOMOTIVE' })
    .first()
    .getByTestId('compare-toggle');
  await expect(picked).toHaveText('Retirer de la comparaison');
  await expect(picked).toHaveAttribute('aria-pressed', 'true');

  // One from the results of the Harnes plan: the first candidate not yet picked.
  await importPlan(page, 'tests/fixtures/plans/harnes-2019.csv');
  await page.getByTestId('nav-results').click();
  const reply = page.waitForResponse((r) => r.url().endsWith('/api/match:run'));
  await page.getByTestId('match-run').click();
  const { result } = (await (await reply).json()) as { result: MatchResult };
  // Not one picked already, nor VESTALI or JANUS SAS picked below.
  const chosen = new Set([MAIN_FORTE, ENVIE_NORD, LOCOMOTIVE, VESTALI, JANUS]);
  const fromResults = result.needs
    .flatMap((need) => need.candidates)
    .find((c) => !chosen.has(c.supplierId));
  if (!fromResults) throw new Error('aucun fournisseur proposé');
  const candidateRow = page
    .getByTestId('candidate-row')
    .filter({ hasText: fromResults.supplierName })
    .first();
  await candidateRow.getByTestId('compare-toggle').click();
  await expect(compareTab).toHaveText('Comparer (4)');

  // A fifth from the catalogue, then a sixth is refused with a French message.
  await pickFromCatalogue(page, 'vestali', 'VESTALI', 'Liévin');
  await expect(compareTab).toHaveText('Comparer (5)');
  await pickFromCatalogue(page, 'janus', 'JANUS SAS', 'Carvin');
  // The refusal shows in the clicked row, under its « Comparer », not in the banner.
  const janusRow = page
    .getByTestId('supplier-row')
    .filter({ hasText: 'JANUS SAS' })
    .filter({ hasText: 'Carvin' })
    .first();
  const refusal = janusRow.getByTestId('compare-refusal');
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(refusal).toHaveText(
    '« JANUS SAS » n’est pas ajouté : la comparaison compte déjà 5 fournisseurs, ' +
      'le maximum. Retirez-en un pour le remplacer.',
  );
  await expect(refusal).toBeInViewport();
  await expect(page.getByTestId('compare-refusal')).toHaveCount(1);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await expect(compareTab).toHaveText('Comparer (5)');
  const janus = janusRow.getByTestId('compare-toggle');
  await expect(janus).toHaveAttribute('aria-pressed', 'false');

  // The next pick or removal clears it: VESTALI out, then back in.
  await page.getByTestId('search-text').fill('vestali');
  await page.getByTestId('search-submit').click();
  const vestali = page
    .getByTestId('supplier-row')
    .filter({ has: page.locator('strong', { hasText: /^VESTALI$/ }) })
    .filter({ hasText: 'Liévin' })
    .getByTestId('compare-toggle');
  await expect(vestali).toHaveText('Retirer de la comparaison');
  await vestali.click();
  await expect(compareTab).toHaveText('Comparer (4)');
  await expect(page.getByTestId('compare-refusal')).toHaveCount(0);
  await vestali.click();
  await expect(compareTab).toHaveText('Comparer (5)');

  // The picks survive a reload.
  await page.reload();
  await expect(compareTab).toHaveText('Comparer (5)');

  // The comparison: five columns, then « Retirer » on VESTALI leaves four.
  await compareTab.click();
  const headers = page.getByTestId('compare-supplier');
  await expect(headers).toHaveCount(5);
  await headers.filter({ hasText: 'VESTALI' }).getByTestId('compare-remove').click();
  await expect(headers).toHaveCount(4);
  await expect(compareTab).toHaveText('Comparer (4)');
  await expect(headers.nth(0)).toContainText('SA MAIN FORTE');
  await expect(headers.nth(3)).toContainText(fromResults.supplierName);

  // A site typed by the buyer: distances from the centre of Harnes.
  await page.getByTestId('compare-site').fill('Harnes');
  await page.getByTestId('compare-submit').click();
  const row = (criterion: string | RegExp) =>
    page.getByTestId('compare-row').filter({
      has: page.getByTestId('compare-criterion').filter({ hasText: criterion }),
    });
  const distances = row(/^Distance à Harnes/).getByTestId('compare-cell');
  const expectedKm = [MAIN_FORTE, ENVIE_NORD, LOCOMOTIVE, fromResults.supplierId].map(
    (id) => kmFromHarnes(location(id)),
  );
  await expect(distances).toHaveText(
    expectedKm.map((km) => `${km.toFixed(1).replace('.', ',')} km`),
  );
  await expect(row('Type de structure').getByTestId('compare-cell').nth(0)).toHaveText(
    "Entreprise d'insertion (EI)",
  );

  await expect(row('Zone d’intervention').getByTestId('compare-cell').nth(1)).toHaveText(
    'Région Hauts-de-France',
  );

  // Offers with units, prices, minimums, capacities and lead times.
  const cells = (criterion: string) =>
    row(new RegExp(`^${criterion}$`)).getByTestId('compare-cell');
  await expect(cells('Offre 1').nth(0)).toHaveText('Nettoyage de locaux');
  await expect(cells('Offre 1 : prix unitaire').nth(0)).toHaveText(
    `24,50${NBSP}€ HT / heure`,
  );
  await expect(cells('Offre 1 : capacité').nth(0)).toHaveText('300 heures par mois');
  await expect(cells('Offre 1 : capacité').nth(1)).toHaveText('à confirmer');
  await expect(cells('Offre 1 : minimum de commande').nth(1)).toHaveText('à confirmer');
  await expect(cells('Offre 1 : délai de livraison').nth(1)).toHaveText('10 jours');
  await expect(cells('Offre 1 : disponibilité').nth(2)).toHaveText('de janvier à juin');
  await expect(cells('Offre 1').nth(3)).toHaveText(
    'Aucune offre connue du catalogue : à confirmer',
  );
  await page.screenshot({ path: test.info().outputPath('compare-view.png') });

  // A narrow window (800 px, then 600 px): the table scrolls inside its
  // frame, the page does not, and the criteria stay at the left, readable.
  // (Run in the page, written as text: the tests' TypeScript has no DOM types.)
  const layout = (): Promise<number[]> =>
    page.evaluate(`(() => {
      const wrap = document.querySelector('[data-testid="compare-table-wrap"]');
      wrap.scrollLeft = wrap.scrollWidth;
      const cells = [...document.querySelectorAll('[data-testid="compare-criterion"]')];
      const clipped = cells.filter((cell) => cell.scrollWidth > cell.clientWidth);
      const first = cells[0].getBoundingClientRect();
      const box = wrap.getBoundingClientRect();
      return [document.documentElement.scrollWidth, box.right, wrap.scrollLeft,
        clipped.length, first.left - box.left, first.width];
    })()`);
  for (const width of [800, 600]) {
    await page.setViewportSize({ width, height: 900 });
    await expect.poll(async () => (await layout())[0]).toBeLessThanOrEqual(width);
    const [, right, scrolled, clipped, left, criterionWidth] = await layout();
    expect(right).toBeLessThanOrEqual(width);
    // Scrolled to the last supplier (600 px), the criteria are still at the left edge.
    if (width === 600) expect(scrolled).toBeGreaterThan(0);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left).toBeLessThan(2);
    expect(clipped).toBe(0);
    expect(criterionWidth).toBeGreaterThanOrEqual(150);
  }
  await expect(page.getByTestId('compare-table-wrap')).toHaveCSS('overflow-x', 'auto');
  await page.screenshot({ path: test.info().outputPath('compare-600.png') });
  await page.setViewportSize({ width: 1400, height: 900 });

  // The workbook, read back.
  const download = page.waitForEvent('download');
  await page.getByTestId('compare-save').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    /^comparaison-fournisseurs-\d{4}-\d{2}-\d{2}\.xlsx$/,
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await file.path());
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['Comparaison']);
  const sheet = workbook.getWorksheet('Comparaison') as ExcelJS.Worksheet;
  expect(sheet.getCell('B3').value).toBe('Harnes (62440)');
  expect(sheet.getRow(6).values).toEqual([
    undefined,
    'Critère',
    'SA MAIN FORTE',
    'Envie Nord',
    'RESTAURANT LA LOCOMOTIVE',
    fromResults.supplierName,
  ]);
  /** The four suppliers' cells of the row `criterion`, null where empty. */
  const sheetRow = (criterion: string): ExcelJS.CellValue[] => {
    for (let r = 7; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      if (row.getCell(1).value !== criterion) continue;
      return [2, 3, 4, 5].map((c) => row.getCell(c).value ?? null);
    }
    throw new Error(`ligne « ${criterion} » absente`);
  };
  expect(sheetRow('Distance à Harnes (62440)')).toEqual(expectedKm);
  expect(sheetRow('Offre 1 : capacité')).toEqual([
    '300 heures par mois',
    'à confirmer',
    '150 repas par semaine',
    null,
  ]);
  expect(sheetRow('Offre 1 : prix unitaire')).toEqual([
    `24,50${NBSP}€ HT / heure`,
    `180,00${NBSP}€ HT / unité`,
    `9,80${NBSP}€ HT / repas`,
    null,
  ]);
});

test('un fournisseur disparu du catalogue se retire ; un site ambigu se choisit', async ({
  page,
}) => {
  // Picks kept from an older catalogue: one id no longer exists.
  await openApp(page);
  // The page's localStorage (this file is typed for Node, without the DOM's types).
  type PageStorage = { setItem(key: string, value: string): void };
  await page.evaluate(
    ([id]) =>
      (globalThis as unknown as { localStorage: PageStorage }).localStorage.setItem(
        'passerelle.compare',
        JSON.stringify({
          picked: [
            { id, name: 'SA MAIN FORTE' },
            { id: 'siret-disparu', name: 'Fournisseur disparu' },
          ],
          site: '',
        }),
      ),
    [MAIN_FORTE],
  );
  await page.reload();
  const compareTab = page.getByTestId('nav-compare');
  await expect(compareTab).toHaveText('Comparer (2)');
  await compareTab.click();
  await expect(page.getByTestId('error-message').last()).toHaveText(
    'Fournisseur « siret-disparu » absent du catalogue : retirez-le de la ' +
      'comparaison et choisissez-en un autre.',
  );
  const picked = page.getByTestId('compare-picked');
  await expect(picked).toContainText('Fournisseur disparu');
  await picked
    .locator('li', { hasText: 'Fournisseur disparu' })
    .getByTestId('compare-remove')
    .click();
  await expect(page.getByTestId('compare-too-few')).toContainText(
    'SA MAIN FORTE est choisi : ajoutez au moins un autre fournisseur',
  );

  await pickFromCatalogue(page, 'envie nord', 'Envie Nord', 'Hénin-Beaumont');
  await compareTab.click();
  await expect(page.getByTestId('compare-supplier')).toHaveCount(2);

  // « Saint-Denis » is ambiguous: no distances until the buyer picks a commune.
  await page.getByTestId('compare-site').fill('Saint-Denis');
  await page.getByTestId('compare-submit').click();
  await expect(page.getByTestId('place-choices')).toContainText('Plusieurs communes');
  const distances = page
    .getByTestId('compare-row')
    .filter({
      has: page.getByTestId('compare-criterion').filter({ hasText: /^Distance/ }),
    })
    .getByTestId('compare-cell');
  await expect(distances).toHaveText(['—', '—']);
  await page
    .getByTestId('place-candidate')
    .filter({ hasText: 'Saint-Denis (93)' })
    .click();
  await expect(page.getByTestId('compare-site')).toHaveValue('Saint-Denis (93)');
  await expect(page.getByTestId('place-choices')).toHaveCount(0);
  await expect(distances).toHaveText([/^\d+,\d km$/, /^\d+,\d km$/]);
});
