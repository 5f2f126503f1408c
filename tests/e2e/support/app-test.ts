/**
 * `test` for the browser specs: one real Passerelle server per test (real
 * services on a fresh SQLite file in a temporary data folder of its own, the
 * built renderer), its URL as baseURL. A test that syncs, imports or removes
 * sources thus never changes the catalogue another test reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startServer, type RunningServer } from '../../../main/server/http-server';
import { createServices } from '../../../main/services/create-services';

interface TestFixtures {
  server: RunningServer;
  /** The server's data folder: database, downloads in progress, signature settings. */
  dataDir: string;
}

/** Playwright's test with `baseURL` pointing at a running Passerelle server. */
export const test = base.extend<TestFixtures>({
  // Playwright reads the fixture's dependencies from this pattern: it must be `{}`.
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'passerelle-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  server: async ({ dataDir }, use) => {
    const services = await createServices({
      databasePath: join(dataDir, 'passerelle.sqlite'),
      dataDir,
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
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  // Fails a test whose page threw, or broke the Content-Security-Policy.
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
        problems.push(`CSP: ${message.text()}`);
      }
    });
    await use(page);
    expect(problems, 'erreurs de la page').toEqual([]);
  },
});

export { expect };
