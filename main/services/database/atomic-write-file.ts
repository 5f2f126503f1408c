/** Replaces a file without ever leaving it half written. */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

function writeAndSync(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    while (offset < bytes.length) {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFolder(folder: string): void {
  // Makes the renames durable; some platforms (Windows) cannot open a folder.
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Writes `bytes` to `path` atomically: `path.tmp` is written and synced, the
 * current file is kept as `path.bak` when `keepBackup`, then the tmp file is
 * renamed over `path` and the folder is synced. A crash at any point leaves
 * either the old or the new file in place, never a mix.
 */
export function atomicWriteFile(
  path: string,
  bytes: Uint8Array,
  options: { keepBackup?: boolean } = {},
): void {
  const tmp = `${path}.tmp`;
  try {
    writeAndSync(tmp, bytes);
    replaceWith(tmp, path, options.keepBackup ?? false);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

function replaceWith(tmp: string, path: string, keepBackup: boolean): void {
  if (keepBackup && existsSync(path)) {
    // A hard link keeps the previous bytes under .bak with no copy and no gap.
    const bakTmp = `${path}.bak.tmp`;
    rmSync(bakTmp, { force: true });
    try {
      linkSync(path, bakTmp);
    } catch {
      copyFileSync(path, bakTmp);
    }
    renameSync(bakTmp, `${path}.bak`);
  }
  renameSync(tmp, path);
}
