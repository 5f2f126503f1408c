import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/services/database/open-database';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-lock-'));
  path = join(dir, 'passerelle.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('one process at a time on the database', () => {
  it('refuses a file another running process holds, and changes nothing', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(`${path}.verrou`, JSON.stringify({ pid: other.pid }));
      await expect(openDatabase(path)).rejects.toThrow(
        `Passerelle est déjà ouvert sur ces données (« ${path} », processus ${other.pid}) : ` +
          'fermez l’application, le mode navigateur ou la commande en cours, puis ' +
          'recommencez. Rien n’a été modifié.',
      );
      // A process id reused by another program: the message says which file to remove.
      await expect(openDatabase(path)).rejects.toThrow(
        `supprimez le fichier de verrou « ${path}.verrou ».`,
      );
      expect(existsSync(path)).toBe(false);
      expect(JSON.parse(readFileSync(`${path}.verrou`, 'utf8')).pid).toBe(other.pid);
    } finally {
      other.kill();
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    writeFileSync(`${path}.verrou`, JSON.stringify({ pid: gone }));
    const handle = await openDatabase(path);
    expect(JSON.parse(readFileSync(`${path}.verrou`, 'utf8')).pid).toBe(process.pid);
    handle.close();
    expect(existsSync(`${path}.verrou`)).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'takes over a lock whose process was killed but not yet collected (a zombie)',
    async () => {
      // sh starts `sleep 0.2` in the background, prints its pid, then becomes
      // `sleep 20`, which never collects it: the short one ends and stays a zombie.
      const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 20']);
      try {
        const pid = await new Promise<number>((done) =>
          parent.stdout.once('data', (chunk: Buffer) =>
            done(Number(String(chunk).trim())),
          ),
        );
        let state = '';
        for (let i = 0; i < 100 && state !== 'Z'; i += 1) {
          await new Promise((wait) => setTimeout(wait, 20));
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        }
        expect(state).toBe('Z');
        writeFileSync(`${path}.verrou`, JSON.stringify({ pid }));
        const handle = await openDatabase(path);
        expect(JSON.parse(readFileSync(`${path}.verrou`, 'utf8')).pid).toBe(process.pid);
        handle.close();
      } finally {
        parent.kill();
      }
    },
  );

  it('lets the same process reopen its file, and releases the lock on close', async () => {
    const first = await openDatabase(path);
    first.save();
    const again = await openDatabase(path);
    again.close();
    expect(existsSync(`${path}.verrou`)).toBe(true);
    first.close();
    expect(existsSync(`${path}.verrou`)).toBe(false);
  });
});
