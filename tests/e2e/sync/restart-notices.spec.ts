/**
 * What the buyer reads after Passerelle stopped: the notices of the data
 * (here, a sync left unfinished by a stop) shown on the page at start, and
 * « ne répond pas » gone by itself once the service answers again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../../../main/server/http-server';
import { createServices, type Services } from '../../../main/services/create-services';
import { loadResources } from '../../../main/services/load-resources';
import { openCatalogue } from '../../../main/services/open-catalogue';
import { saveSource } from '../../../main/services/sync/source-store';
import { markSyncRunning } from '../../../main/services/sync/unfinished-sync';

const RENDERER = join(process.cwd(), 'out', 'renderer');

let dataDir: string;
let running: { services: Services; server: RunningServer }[] = [];

test.beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'passerelle-e2e-restart-'));
});

test.afterEach(async () => {
  for (const { services, server } of running) {
    await server.close().catch(() => undefined);
    services.close();
  }
  running = [];
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts Passerelle on the data folder (on `port` when given, as a restart would). */
async function start(port = 0): Promise<RunningServer> {
  const services = await createServices({
    databasePath: join(dataDir, 'passerelle.sqlite'),
    dataDir,
  });
  const server = await startServer({ port, services, rendererDir: RENDERER });
  running.push({ services, server });
  return server;
}

test('une synchronisation arrêtée par un arrêt de Passerelle est signalée au démarrage', async ({
  page,
}) => {
  // What a sync saves before it goes on; then Passerelle stops.
  const { catalogue } = await loadResources(join(process.cwd(), 'resources'));
  const open = await openCatalogue(
    join(dataDir, 'passerelle.sqlite'),
    catalogue,
    new Date(),
  );
  saveSource(open.handle.db, {
    id: 'flux-national',
    kind: 'passerelle-feed',
    name: 'Flux national',
    enabled: true,
    licence: 'Licence Ouverte 2.0',
    url: 'http://127.0.0.1:9/flux/feed.json',
  });
  markSyncRunning(open.handle.db, {
    sourceId: 'flux-national',
    sourceName: 'Flux national',
    startedAt: new Date(2026, 11, 4, 22, 10).toISOString(),
  });
  open.handle.save();
  open.handle.close();

  const server = await start();
  await page.goto(server.url);
  await expect(page.getByTestId('supplier-count')).toContainText('fournisseurs');
  await expect(page.getByTestId('error-message')).toHaveText(
    'La synchronisation de « Flux national », commencée le 04/12/2026 à 22:10, ' +
      'n’a pas pu finir : Passerelle s’est arrêté pendant qu’elle tournait. Le ' +
      'catalogue local est celui d’avant, entier ; relancez-la.',
  );
  // Read again after a sync or a search: still shown once.
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('error-message')).toHaveCount(1);
});

test('« ne répond pas » disparaît dès que le service répond de nouveau', async ({
  page,
}) => {
  const first = await start();
  await page.goto(first.url);
  await expect(page.getByTestId('supplier-count')).toContainText('fournisseurs');

  await first.close();
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('error-message')).toHaveText(
    'Le service Passerelle ne répond pas. Vérifiez qu’il est démarré, puis réessayez.',
  );

  // Restarted on the same address: the next call answers and the banner goes.
  running.shift()?.services.close();
  await start(first.port);
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('result-count')).toBeVisible();
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});
