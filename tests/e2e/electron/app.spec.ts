/** The Electron shell: window title and catalogue status, when Electron is installed. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/** Path of the Electron binary, or null when the package has none (no download). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test.describe('Application Electron', () => {
  test('fenêtre « Passerelle » et nombre de fournisseurs du catalogue', async () => {
    test.skip(
      binary === null,
      'Binaire Electron absent sur cette machine : test Electron ignoré',
    );
    // A throw-away profile: the app's database lands in userData, never the real one.
    const profile = await mkdtemp(join(tmpdir(), 'passerelle-electron-'));
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: ['out/main/index.js', '--no-sandbox', `--user-data-dir=${profile}`],
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle('Passerelle');
      await expect(window.getByTestId('supplier-count')).toContainText(
        /\d+ fournisseurs/,
      );
      await window.screenshot({ path: '/tmp/passerelle-electron.png' });
    } finally {
      await app.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
