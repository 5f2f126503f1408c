/** Loads the sql.js WebAssembly engine from node_modules, once per process. */
import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let engine: Promise<SqlJsStatic> | null = null;

/** The sql.js module, its .wasm read from node_modules (Node and Electron main alike). */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!engine) {
    const require = createRequire(import.meta.url);
    engine = initSqlJs({
      locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`),
    });
  }
  return engine;
}
