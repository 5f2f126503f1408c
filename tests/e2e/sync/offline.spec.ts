/** Offline first: the catalogue screen says the app is offline and why it cannot sync. */
import { expect, test } from '../support/app-test';
import { openApp } from '../support/page-helpers';

test('hors ligne : indicateur, catalogue local utilisable, « Synchroniser » dit pourquoi il attend', async ({
  page,
}) => {
  await openApp(page);
  // A source to sync, so that only the network holds the button back.
  await page.getByTestId('catalogue-section-sources').click();
  await page.getByTestId('add-source-name').fill('Flux régional');
  await page.getByTestId('add-source-url').fill('http://127.0.0.1:9/feed.json');
  await page.getByTestId('add-source-submit').click();
  await expect(page.getByTestId('source-row')).toHaveCount(2);
  await expect(page.getByTestId('network-status')).toHaveText('En ligne');
  await expect(page.getByTestId('sync-start')).toBeEnabled();
  await expect(page.getByTestId('offline-notice')).toHaveCount(0);

  await page.context().setOffline(true);
  await expect(page.getByTestId('offline-notice')).toHaveText(
    'Hors ligne : le catalogue local reste utilisable',
  );
  await expect(page.getByTestId('network-status')).toHaveText('Hors ligne');
  await expect(page.getByTestId('status-offline')).toBeVisible();
  await expect(page.getByTestId('sync-start')).toBeDisabled();
  await expect(page.getByTestId('sync-blocked-reason')).toHaveText(
    'Hors ligne : la synchronisation reprendra quand le réseau sera revenu.',
  );
  await expect(page.getByTestId('sync-start')).toHaveAttribute(
    'aria-describedby',
    'sync-blocked-reason',
  );
  await expect(page.getByTestId('source-sync')).toBeDisabled();
  await page.screenshot({ path: '/tmp/passerelle-offline.png' });

  await page.context().setOffline(false);
  await expect(page.getByTestId('offline-notice')).toHaveCount(0);
  await expect(page.getByTestId('network-status')).toHaveText('En ligne');
  await expect(page.getByTestId('sync-start')).toBeEnabled();
  await expect(page.getByTestId('sync-blocked-reason')).toHaveCount(0);
});
