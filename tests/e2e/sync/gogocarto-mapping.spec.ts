/**
 * A GoGoCarto map's categories mapped from the Sources tab: the 100 real
 * Transiscope elements around Niort (tests/fixtures/sources/gogocarto-elements.json)
 * served from 127.0.0.1 by the test; the map added and synced with no
 * mapping, « Fabriquer, réparer, zéro déchets » mapped to the sector
 * « Autre (Réparation) » and the label « Réemploi et réparation », synced
 * again, then found by a search on that sector.
 *
 * Counts from the data: the category is carried by 5 elements, all placed and
 * none merging with an embedded supplier (none has a SIRET, none is near an
 * embedded namesake); the embedded catalogue has its own suppliers in the
 * sector, counted here from resources/catalogue.json.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '../support/app-test';
import { openApp } from '../support/page-helpers';
import { readEmbeddedCatalogue } from '../support/test-feed';
import {
  startMisbehavingServer,
  type MisbehavingServer,
} from '../../helpers/misbehaving-server';

const FIXTURE = resolve('tests/fixtures/sources/gogocarto-elements.json');
const MAP_NAME = 'Transiscope autour de Niort';
/** The id the form makes from the name. */
const MAP_ID = 'transiscope-autour-de-niort';
const REPAIR = 'Fabriquer, réparer, zéro déchets';
const REPAIR_SECTOR = { id: 124, name: 'Autre (Réparation)' };

interface Element {
  name: string;
  categories: (string | { name: string })[];
}

const elements = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { data: Element[] }).data;
const inRepair = elements.filter((e) =>
  e.categories.some((c) => (typeof c === 'string' ? c : c.name) === REPAIR),
);

test.describe('Correspondances des catégories d’une carte GoGoCarto', () => {
  let server: MisbehavingServer;
  const savedNoProxy = new Map<string, string | undefined>();

  test.beforeAll(async () => {
    // The services run in this process: the map on 127.0.0.1 is reached directly.
    for (const name of ['no_proxy', 'NO_PROXY']) {
      savedNoProxy.set(name, process.env[name]);
      process.env[name] = '127.0.0.1,localhost';
    }
    server = await startMisbehavingServer();
    server.route('/carte/api/elements.json', {
      kind: 'serve',
      body: readFileSync(FIXTURE),
      contentType: 'application/json',
    });
  });

  test.afterAll(async () => {
    await server.close();
    for (const [name, value] of savedNoProxy) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('carte synchronisée, une catégorie associée à un secteur et un label, resynchronisée, trouvée par ce secteur', async ({
    page,
  }) => {
    expect(inRepair.map((e) => e.name)).toContain('Atoubois');
    const embedded = (await readEmbeddedCatalogue()).suppliers;
    const embeddedInSector = embedded.filter((s) =>
      s.sectorIds.includes(REPAIR_SECTOR.id),
    ).length;

    await openApp(page);
    await page.getByTestId('catalogue-section-sources').click();
    await page.getByTestId('add-source-kind-gogocarto').check();
    await page.getByTestId('add-source-name').fill(MAP_NAME);
    await page.getByTestId('add-source-url').fill(server.url('/carte'));
    await page.getByTestId('add-source-submit').click();
    const row = page.locator(`[data-testid="source-row"][data-source-id="${MAP_ID}"]`);
    await expect(row.getByTestId('source-kind')).toHaveText('Carte GoGoCarto');

    // Before any sync, the editor says when the categories will come.
    await row.getByTestId('source-mapping').click();
    const editor = page.getByTestId('mapping-editor');
    await expect(editor.getByTestId('mapping-before-sync')).toContainText(
      'Les catégories de la carte apparaîtront ici après sa première synchronisation',
    );
    await expect(editor.getByTestId('mapping-save')).toHaveCount(0);

    await row.getByTestId('source-sync').click();
    const message = page.getByTestId('sync-message');
    await expect(message).toContainText(`« ${MAP_NAME} » synchronisée : 99 ajoutés`, {
      timeout: 60_000,
    });
    // Kept with a warning, and shown: Benassay placed by its postcode 86470 alone
    // (merged into Boivre-la-Vallée), a website without http(s), « kaiku borda »
    // placed at Ossès, its geo being 337 km away… (15, as in sync-feed.spec.ts)
    const warnings = page.getByTestId('warning-records');
    await expect(warnings.locator('summary')).toContainText(
      '15 fiches gardées avec un avertissement',
    );
    await warnings.locator('summary').click();
    await expect(
      warnings.getByTestId('warning-record').filter({ hasText: '3oEt' }),
    ).toContainText(
      'commune « Benassay » retenue par son seul code postal 86470 : Boivre-la-Vallée (86123)',
    );

    // The editor lists the 17 categories of the map, read again after the sync.
    const categoryRows = editor.getByTestId('mapping-row');
    await expect(categoryRows).toHaveCount(17);
    const repairRow = editor.locator(
      `[data-testid="mapping-row"][data-category="${REPAIR}"]`,
    );
    await expect(repairRow.getByTestId('mapping-count')).toHaveText(
      String(inRepair.length),
    );
    await expect(
      editor
        .locator(
          '[data-testid="mapping-row"][data-category="Agriculture et alimentation"]',
        )
        .getByTestId('mapping-count'),
    ).toHaveText('51');
    await expect(repairRow.getByTestId('mapping-sector')).toHaveCount(0);

    // Not in the sector yet: the search on it finds only the embedded suppliers.
    await page.getByTestId('catalogue-section-search').click();
    await page.getByTestId('search-sector').selectOption({ label: REPAIR_SECTOR.name });
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('result-count')).toHaveText(
      `${embeddedInSector} fournisseurs trouvés`,
    );
    await expect(
      page.getByTestId('supplier-row').filter({ hasText: 'Atoubois' }),
    ).toHaveCount(0);

    // Back to the sources, the editor opened again.
    await page.getByTestId('catalogue-section-sources').click();
    await row.getByTestId('source-mapping').click();
    await expect(categoryRows).toHaveCount(17);
    // A sector name that matches nothing is said, and nothing is added.
    const sectorBox = repairRow.getByTestId('mapping-sector-input');
    await sectorBox.fill('Astronautique');
    await repairRow.getByTestId('mapping-sector-add').click();
    await expect(repairRow.getByTestId('mapping-sector-problem')).toHaveText(
      'Aucun secteur ne s’appelle « Astronautique ».',
    );
    await sectorBox.fill(REPAIR_SECTOR.name);
    await sectorBox.press('Enter');
    await expect(repairRow.getByTestId('mapping-sector')).toHaveText([
      new RegExp(`^${REPAIR_SECTOR.name.replace(/[()]/g, '\\$&')}`),
    ]);
    await expect(repairRow.getByTestId('mapping-sector-problem')).toHaveCount(0);
    await repairRow.getByTestId('mapping-label-reemploi').check();
    await page.screenshot({ path: '/tmp/passerelle-mapping-editor.png', fullPage: true });
    await editor.getByTestId('mapping-save').click();
    await expect(editor.getByTestId('mapping-saved')).toContainText(
      'Correspondances enregistrées.',
    );

    await editor.getByTestId('mapping-resync').click();
    await expect(message).toContainText(
      `« ${MAP_NAME} » synchronisée : 0 ajouté, ${inRepair.length} modifiés`,
      { timeout: 60_000 },
    );
    // Read again after the sync: the mapping saved is the one shown.
    await expect(repairRow.getByTestId('mapping-sector')).toHaveCount(1);
    await expect(repairRow.getByTestId('mapping-label-reemploi')).toBeChecked();
    await expect(repairRow.getByTestId('mapping-label-bio')).not.toBeChecked();

    await page.getByTestId('catalogue-section-search').click();
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('result-count')).toHaveText(
      `${embeddedInSector + inRepair.length} fournisseurs trouvés`,
    );
    const atoubois = page.getByTestId('supplier-row').filter({ hasText: 'Atoubois' });
    await expect(atoubois).toHaveCount(1);
    await expect(atoubois).toContainText(REPAIR_SECTOR.name);
    await expect(atoubois).toContainText('Réemploi');
    await page.screenshot({ path: '/tmp/passerelle-mapping-search.png', fullPage: true });
  });
});
