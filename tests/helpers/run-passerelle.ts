/** Runs the real command line (bin/passerelle.mjs) in a child process. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = resolve('bin/passerelle.mjs');

/**
 * `passerelle <args>`, from `cwd` (the repository by default), with its data
 * folder in `dataDir` when given (PASSERELLE_DATA_DIR).
 */
export function runPasserelle(
  args: readonly string[],
  options: { cwd?: string; dataDir?: string } = {},
): Promise<CliRun> {
  const env = options.dataDir
    ? { ...process.env, PASSERELLE_DATA_DIR: options.dataDir }
    : process.env;
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd ?? resolve('.'), env },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
