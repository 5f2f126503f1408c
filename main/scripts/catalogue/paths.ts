/** Where the build scripts read the shared data and write the resources. */
import { resolve } from 'node:path';

/** The shared data folder: env PASSERELLE_SHARED_DATA, else ../shared/data from the repo root. */
export function sharedDataDir(): string {
  return (
    process.env.PASSERELLE_SHARED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data')
  );
}

/** The repository root: the current folder, where npm runs the scripts. */
export function repoRoot(): string {
  return process.cwd();
}

/** resources/ of the repository. */
export function resourcesDir(): string {
  return resolve(repoRoot(), 'resources');
}

/** A file of the shared data, by its path inside the data folder. */
export function dataFile(relativePath: string): string {
  return resolve(sharedDataDir(), relativePath);
}
