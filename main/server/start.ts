/** `npm run serve`: Passerelle in the browser, at http://127.0.0.1:5178/. */
import { join } from 'node:path';
import { createServices } from '../services/create-services';
import {
  DATABASE_FILE_NAME,
  findRepoRoot,
  userDataDir,
} from '../services/resource-paths';
import { UserError } from '../services/user-error';
import { startServer } from './http-server';

/** Default port of the browser mode. */
export const DEFAULT_PORT = 5178;

/** The port from `--port <n>` / `--port=<n>`, env PORT, or the default. */
export function portFrom(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const index = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw =
    index < 0
      ? env['PORT']
      : argv[index]?.includes('=')
        ? argv[index]?.split('=')[1]
        : argv[index + 1];
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(
      `Port invalide : « ${raw} » (un entier entre 0 et 65535 est attendu).`,
    );
  }
  return port;
}

async function main(): Promise<void> {
  const port = portFrom(process.argv.slice(2), process.env);
  const services = await createServices({
    databasePath: join(userDataDir(), DATABASE_FILE_NAME),
  });
  // Its notices were written on the terminal as the catalogue opened.
  const devOrigin = process.env['PASSERELLE_DEV_ORIGIN'];
  const server = await startServer({
    port,
    services,
    rendererDir: join(findRepoRoot(), 'out', 'renderer'),
    allowedOrigins: devOrigin ? [devOrigin] : [],
  });
  console.log(`Passerelle est prêt : ${server.url}`);
  const stop = (): void => {
    void server.close().then(() => {
      services.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(
      'Le port demandé est déjà utilisé : choisissez-en un autre avec --port.',
    );
  } else if (error instanceof UserError) {
    console.error(error.message);
  } else {
    console.error('[server]', error);
    console.error('Passerelle n’a pas pu démarrer.');
  }
  process.exit(1);
});
