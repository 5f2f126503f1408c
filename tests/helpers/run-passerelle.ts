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
 * folder in `dataDir` when given (PASSERELLE_DATA_DIR) and `env` added to
 * this process's environment (a variable set to undefined is left out).
 */
export function runPasserelle(
  args: readonly string[],
  options: {
    cwd?: string;
    dataDir?: string;
    env?: Record<string, string | undefined>;
  } = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.dataDir) env['PASSERELLE_DATA_DIR'] = options.dataDir;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete env[name];
  }
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
