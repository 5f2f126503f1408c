/** Where Passerelle finds its read-only resources and keeps its user data. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the first parent of this module holding package.json and resources/. */
export function findRepoRoot(
  start: string = dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * The resources/ folder: env PASSERELLE_RESOURCES first, then the packaged
 * app's resources (Electron's process.resourcesPath), then the repo root
 * (development, CLI, browser mode).
 */
export function resourcesDir(options: { packaged?: boolean } = {}): string {
  const fromEnv = process.env['PASSERELLE_RESOURCES'];
  if (fromEnv) return resolve(fromEnv);
  if (options.packaged && process.resourcesPath) {
    const nested = join(process.resourcesPath, 'resources');
    return existsSync(nested) ? nested : process.resourcesPath;
  }
  return join(findRepoRoot(), 'resources');
}

/**
 * The user data folder, the same for the Electron app, the browser mode and
 * the CLI, so that sources added in one are synced in the others:
 * env PASSERELLE_DATA_DIR, else %APPDATA%\\Passerelle on Windows,
 * ~/Library/Application Support/Passerelle on macOS, and elsewhere
 * $XDG_DATA_HOME/passerelle or ~/.local/share/passerelle.
 */
export function userDataDir(): string {
  const fromEnv = process.env['PASSERELLE_DATA_DIR'];
  if (fromEnv) return resolve(fromEnv);
  if (process.platform === 'win32') {
    return join(
      process.env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'),
      'Passerelle',
    );
  }
  if (process.platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'Passerelle');
  }
  const xdg = process.env['XDG_DATA_HOME'];
  const base = xdg ? resolve(xdg) : join(homedir(), '.local', 'share');
  return join(base, 'passerelle');
}

/** Name of the database file inside the user data folder. */
export const DATABASE_FILE_NAME = 'passerelle.sqlite';
