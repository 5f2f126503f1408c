/** Writes a file through a temporary sibling and a rename, so readers never see half a file. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `content` to `path` atomically (same folder temp file, then rename). */
export function writeFileAtomic(
  path: string,
  content: string,
  encoding: BufferEncoding = 'utf8',
): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, encoding);
  renameSync(temporary, path);
}
