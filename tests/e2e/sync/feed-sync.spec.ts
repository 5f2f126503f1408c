/**
 * Syncing a Passerelle feed from the catalogue screen: a feed built from the
 * real catalogue (10 suppliers left out, 5 new ones, one record spoiled),
 * served slowly from 127.0.0.1 by the test; then the same server stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/app-test';
import { openApp } from '../support/page-helpers';
import {
  buildTestFeed,
  frenchInteger,
  frenchMegabytes,
  NEW_SUPPLIER_WORD,
  readEmbeddedCatalogue,
  serveFeed,
  type FeedServer,
  type TestFeed,
} from '../support/test-feed';

const SOURCE_NAME = 'Flux du réseau de test';

/** Today as dd/mm/yyyy in Paris, the browser's time zone in playwright.config.ts. */
function parisDay(): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date());
}

/** Adds the feed through « Sources », then comes back to the search. */
async function addFeedSource(page: Page, url: string): Promise<void> {
  await page.getByTestId('catalogue-section-sources').click();
  await page.getByTestId('add-source-kind-passerelle-feed').check();
  await page.getByTestId('add-source-name').fill(SOURCE_NAME);
  await page.getByTestId('add-source-url').fill(url);
  await page.getByTestId('add-source-submit').click();
  const row = page.getByTestId('source-row').filter({ hasText: SOURCE_NAME });
  await expect(row.getByTestId('source-kind')).toHaveText('Flux Passerelle');
  await expect(row.getByTestId('source-records')).toHaveText('0');
  await page.getByTestId('catalogue-section-search').click();
}

test.describe('Synchronisation d’un flux Passerelle', () => {
  let work: string;
  let feed: TestFeed;
  let server: FeedServer | null = null;

  test.beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'passerelle-e2e-flux-'));
  });

  test.afterEach(async () => {
    await server?.stop();
    server = null;
    await rm(work, { recursive: true, force: true });
  });

  test('flux servi lentement : progression, message, fournisseurs, journal ; serveur arrêté : échec en français, catalogue intact', async ({
    page,
  }) => {
    feed = await buildTestFeed(work, { spoilOne: true });
    // 32 ko every 25 ms: a few seconds for the 4 Mo snapshot.
    server = await serveFeed(feed.dir, { chunkBytes: 32 * 1024, delayMs: 25 });
    const embedded = (await readEmbeddedCatalogue()).suppliers;
    const embeddedSirets = new Set(embedded.map((s) => s.siret));
    // Feed records join embedded suppliers by SIRET; only SIRETs new to the
    // catalogue make new suppliers. The 10 left out stay: the embedded source has them.
    const newSuppliers = feed.added.filter((s) => !embeddedSirets.has(s.siret));
    expect(newSuppliers).toHaveLength(5);
    const expectedCount = embedded.length + newSuppliers.length;
    // The spoiled record is refused; every other record of the snapshot applies.
    const appliedRecords = feed.recordCount - 1;
    const spoiled = feed.spoiled as NonNullable<TestFeed['spoiled']>;

    await openApp(page);
    await expect(page.getByTestId('catalogue-supplier-count')).toHaveText(
      frenchInteger(embedded.length),
    );
    await expect(page.getByTestId('catalogue-last-sync')).toHaveText('jamais');
    await expect(page.getByTestId('sync-start')).toBeDisabled();
    await expect(page.getByTestId('sync-blocked-reason')).toContainText(
      'Aucune source active',
    );
    await page.getByTestId('search-text').fill(NEW_SUPPLIER_WORD);
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('result-count')).toHaveText(
      'Aucun fournisseur trouvé.',
    );

    await addFeedSource(page, server.feedUrl);
    const dayBefore = parisDay();
    await page.getByTestId('sync-start').click();

    // Bytes first, out of the size the feed's index gives.
    await expect(page.getByTestId('sync-progress-bar')).toBeVisible();
    await expect(page.getByTestId('sync-progress-text')).toContainText(
      new RegExp(
        `\\d+(,\\d)? (octets|ko|Mo) sur ${frenchMegabytes(feed.index.snapshot.bytes)}`,
      ),
    );
    await page.screenshot({ path: '/tmp/passerelle-sync-progress.png' });
    // No modal: the other screens answer while the sync runs.
    await page.getByTestId('nav-plan').click();
    await expect(page.getByTestId('plan-file')).toBeAttached();
    await expect(page.getByTestId('status-sync-running')).toBeVisible();
    await page.getByTestId('nav-catalogue').click();

    const message = page.getByTestId('sync-message');
    await expect(message).toHaveCount(1, { timeout: 60_000 });
    await expect(message).toContainText(`« ${SOURCE_NAME} » synchronisée`);
    await expect(message).toContainText(`${frenchInteger(appliedRecords)} ajoutés`);
    await expect(message).toContainText('1 fiche refusée');
    await expect(message).toContainText(
      `Le catalogue compte ${frenchInteger(expectedCount)} fournisseurs.`,
    );
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
    await expect(page.getByTestId('catalogue-supplier-count')).toHaveText(
      frenchInteger(expectedCount),
    );
    await expect(page.getByTestId('supplier-count')).toHaveText(
      `${frenchInteger(expectedCount)} fournisseurs`,
    );
    // The refused record: source, id, field, reason.
    const refused = page.getByTestId('rejected-record');
    await expect(refused).toHaveCount(1);
    await expect(refused.locator('td').nth(0)).toHaveText(SOURCE_NAME);
    await expect(refused.locator('td').nth(1)).toHaveText(spoiled.id);
    await expect(refused.locator('td').nth(2)).toHaveText('siret');
    await expect(refused.locator('td').nth(3)).toContainText('clé de Luhn');
    // The search shown is run again: the five new suppliers are found.
    await expect(page.getByTestId('result-count')).toHaveText(
      `${newSuppliers.length} fournisseurs trouvés`,
    );
    for (const s of newSuppliers) {
      await expect(
        page.getByTestId('supplier-row').filter({ hasText: s.name }),
      ).toHaveCount(1);
    }
    const lastSync = page.getByTestId('catalogue-last-sync');
    await expect(lastSync).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect([dayBefore, parisDay()]).toContain(
      (await lastSync.textContent())?.slice(0, 10),
    );
    const lastSyncText = await lastSync.textContent();
    const statusSource = page
      .getByTestId('status-source')
      .filter({ hasText: SOURCE_NAME });
    await expect(statusSource).toContainText('Flux Passerelle');
    await expect(statusSource).toContainText(`${frenchInteger(appliedRecords)} fiches`);
    await expect(statusSource).toContainText(`réussie le ${lastSyncText}`);
    await page.screenshot({ path: '/tmp/passerelle-sync-done.png', fullPage: true });

    await page.getByTestId('catalogue-section-log').click();
    const okRow = page.getByTestId('sync-log-row').first();
    await expect(page.getByTestId('sync-log-row')).toHaveCount(1);
    await expect(okRow.getByTestId('log-date')).toHaveText(lastSyncText ?? '');
    await expect(okRow.getByTestId('log-source')).toHaveText(SOURCE_NAME);
    await expect(okRow.getByTestId('log-status')).toHaveText('réussie');
    await expect(okRow.getByTestId('log-added')).toHaveText(
      frenchInteger(appliedRecords),
    );
    await expect(okRow.getByTestId('log-changed')).toHaveText('0');
    await expect(okRow.getByTestId('log-removed')).toHaveText('0');
    await expect(okRow.getByTestId('log-rejected')).toHaveText('1');

    // The server goes away: the sync fails, the catalogue stays as it was.
    const feedUrl = server.feedUrl;
    await server.stop();
    server = null;
    await page.getByTestId('sync-start').click();
    const failure = page.getByTestId('sync-message');
    await expect(failure).toHaveClass(/sync-failed/, { timeout: 60_000 });
    await expect(failure).toContainText(
      `« ${SOURCE_NAME} » : Impossible de joindre ${feedUrl}`,
    );
    await expect(failure).toContainText('connexion refusée');
    await expect(failure).toContainText('Le catalogue local reste tel qu’il était.');
    await expect(page.getByTestId('catalogue-supplier-count')).toHaveText(
      frenchInteger(expectedCount),
    );
    await expect(page.getByTestId('rejected-record')).toHaveCount(0);
    // The last successful sync is still the first one.
    await expect(lastSync).toHaveText(lastSyncText ?? '');
    await expect(statusSource).toContainText('échouée');
    await expect(statusSource).toContainText(`${frenchInteger(appliedRecords)} fiches`);
    const rows = page.getByTestId('sync-log-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0).getByTestId('log-status')).toHaveText('échouée');
    await expect(rows.nth(0).getByTestId('log-added')).toHaveText('0');
    await expect(rows.nth(0).getByTestId('log-message')).toContainText(
      'Le catalogue local reste tel qu’il était.',
    );
    await expect(rows.nth(1).getByTestId('log-status')).toHaveText('réussie');
    await page.screenshot({ path: '/tmp/passerelle-sync-failed.png', fullPage: true });
  });

  test('« Annuler » pendant le téléchargement : synchronisation annulée, catalogue intact', async ({
    page,
  }) => {
    feed = await buildTestFeed(work);
    // 16 ko every 50 ms: over ten seconds, time enough to cancel.
    server = await serveFeed(feed.dir, { chunkBytes: 16 * 1024, delayMs: 50 });
    const embedded = (await readEmbeddedCatalogue()).suppliers;

    await openApp(page);
    await addFeedSource(page, server.feedUrl);
    await page.getByTestId('sync-start').click();
    await expect(page.getByTestId('sync-progress-text')).toContainText(
      `sur ${frenchMegabytes(feed.index.snapshot.bytes)}`,
    );
    await page.getByTestId('sync-cancel').click();

    const message = page.getByTestId('sync-message');
    await expect(message).toHaveText(
      `« ${SOURCE_NAME} » : Synchronisation annulée. Le catalogue local reste tel qu’il était.`,
    );
    await expect(message).toHaveClass(/sync-cancelled/);
    await expect(page.getByTestId('catalogue-supplier-count')).toHaveText(
      frenchInteger(embedded.length),
    );
    await expect(page.getByTestId('catalogue-last-sync')).toHaveText('jamais');
    await page.getByTestId('catalogue-section-log').click();
    await expect(page.getByTestId('sync-log-row')).toHaveCount(1);
    await expect(page.getByTestId('log-status')).toHaveText('annulée');
    await page.getByTestId('catalogue-section-sources').click();
    await expect(
      page
        .getByTestId('source-row')
        .filter({ hasText: SOURCE_NAME })
        .getByTestId('source-records'),
    ).toHaveText('0');
  });
});
