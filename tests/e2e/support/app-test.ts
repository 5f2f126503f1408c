/**
 * `test` for the browser specs: one real Passerelle server per test (real
 * services on a fresh SQLite file in a temporary data folder of its own, the
 * built renderer), its URL as baseURL. A test that syncs, imports or removes
 * sources thus never changes the catalogue another test reads.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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

/** A Passerelle server in a process of its own, that a test can kill and start again. */
export interface ProcessServer {
  /** Same URL after a restart: the server comes back on the same port. */
  readonly url: string;
  /** Kills the process with SIGKILL, as a crash would: nothing is flushed. */
  kill(): Promise<void>;
  /** Starts the server again on the same data folder and port. */
  start(): Promise<void>;
}

const READY = /Passerelle est prêt : (http:\/\/\S+)/;

/** Runs `main/server/start.ts` (the browser mode) on `dataDir`; resolves once it listens. */
function spawnServer(
  dataDir: string,
  port: number,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/server/start.ts', '--port', String(port)],
    {
      cwd: process.cwd(),
      env: { ...process.env, PASSERELLE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`le serveur n’a pas démarré en 60 s :\n${output}`));
    }, 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const ready = READY.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: ready[1] });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`le serveur s’est arrêté (code ${code}) :\n${output}`));
    });
  });
}

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * `test` whose pages talk to a server in a child process (`processServer`),
 * so that a test can kill it for real and start it again on the same data.
 */
export const restartableTest = test.extend<{ processServer: ProcessServer }>({
  processServer: async ({ dataDir }, use) => {
    let running = await spawnServer(dataDir, 0);
    const port = Number(new URL(running.url).port);
    await use({
      get url() {
        return running.url;
      },
      kill: () => killed(running.child),
      start: async () => {
        running = await spawnServer(dataDir, port);
      },
    });
    await killed(running.child);
  },
  baseURL: async ({ processServer }, use) => {
    await use(processServer.url);
  },
});

export { expect };
