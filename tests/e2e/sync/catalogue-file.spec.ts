/** Catalogue files for rooms without network: export through the screen, import back. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '../support/app-test';
import { openApp } from '../support/page-helpers';
import { frenchInteger, readEmbeddedCatalogue } from '../support/test-feed';

const PUBLISHER = 'Réseau des acheteurs du Nord';

test.describe('Fichiers catalogue', () => {
  test('exporter le catalogue puis l’importer : fichier vérifié, aucun doublon', async ({
    page,
  }, testInfo) => {
    const embedded = (await readEmbeddedCatalogue()).suppliers;
    await openApp(page);
    await page.getByTestId('catalogue-section-files').click();
    await page.getByTestId('export-publisher').fill(PUBLISHER);
    const downloading = page.waitForEvent('download');
    await page.getByTestId('catalogue-export').click();
    const download = await downloading;
    const name = download.suggestedFilename();
    expect(name).toMatch(/^catalogue-passerelle-\d{4}-\d{2}-\d{2}\.passerelle$/);
    const path = testInfo.outputPath(name);
    await download.saveAs(path);

    // The file as docs/catalogue-file.md describes it, checked here on its own.
    const file = JSON.parse(gunzipSync(await readFile(path)).toString('utf8')) as {
      manifest: { publisher: string; supplierCount: number; catalogueSha256: string };
      catalogue: { suppliers: { siret: string | null }[] };
    };
    expect(file.manifest.publisher).toBe(PUBLISHER);
    expect(file.manifest.supplierCount).toBe(embedded.length);
    expect(file.catalogue.suppliers).toHaveLength(embedded.length);
    expect(file.manifest.catalogueSha256).toBe(
      createHash('sha256').update(JSON.stringify(file.catalogue), 'utf8').digest('hex'),
    );

    // Imported back, every supplier joins the one it came from.
    await page.getByTestId('catalogue-import').setInputFiles(path);
    const result = page.getByTestId('catalogue-import-result');
    await expect(result).toContainText(`Fichier catalogue « ${name} »`);
    await expect(result).toContainText(`de « ${PUBLISHER} » importé`);
    await expect(result).toContainText('n’est pas signé');
    await page.screenshot({ path: '/tmp/passerelle-catalogue-file.png', fullPage: true });
    await expect(page.getByTestId('catalogue-supplier-count')).toHaveText(
      frenchInteger(embedded.length),
    );
    const fileSource = page
      .getByTestId('status-source')
      .filter({ hasText: 'Fichier catalogue' });
    await expect(fileSource).toContainText(`${frenchInteger(embedded.length)} fiches`);
    // Imports are in the log only: the status panel reads it from there.
    await expect(fileSource).toContainText(
      /réussie\s+le\s+\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/,
    );
    await page.getByTestId('catalogue-section-log').click();
    const row = page.getByTestId('sync-log-row').first();
    await expect(row.getByTestId('log-source')).toHaveText(`Fichier « ${name} »`);
    await expect(row.getByTestId('log-status')).toHaveText('réussie');
    await expect(page.getByTestId('catalogue-last-sync')).toHaveText(
      /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/,
    );
  });

  test('un fichier qui n’est pas un catalogue : message en français, catalogue intact', async ({
    page,
  }, testInfo) => {
    const embedded = (await readEmbeddedCatalogue()).suppliers;
    const path = join(testInfo.outputPath(), 'catalogue.passerelle');
    await writeFile(path, '{"suppliers": []}', 'utf8');

    await openApp(page);
    await page.getByTestId('catalogue-section-files').click();
    await page.getByTestId('catalogue-import').setInputFiles(path);
    const error = page.getByTestId('catalogue-import-error');
    await expect(error).toContainText(
      '« catalogue.passerelle » n’est pas un fichier catalogue Passerelle',
    );
    await expect(page.getByTestId('catalogue-import-result')).toHaveCount(0);
    await expect(page.getByTestId('catalogue-supplier-count')).toHaveText(
      frenchInteger(embedded.length),
    );
    await page.getByTestId('catalogue-section-log').click();
    await expect(page.getByTestId('log-status')).toHaveText('échouée');
    await expect(page.getByTestId('log-message')).toContainText(
      'Le catalogue local reste tel qu’il était.',
    );
  });
});
