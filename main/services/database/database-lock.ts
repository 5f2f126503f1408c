/**
 * One process at a time on a database file: the app, the browser mode and
 * the CLI share the user data folder, and sql.js writes the whole file on
 * each save, so a second process would silently undo the first one's work.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { UserError } from '../user-error';

/**
 * True when a process with this id is running (signal 0 only checks). A
 * killed process whose parent has not yet collected it (a zombie, state Z in
 * /proc on Linux) still answers signal 0 for a moment, but holds nothing.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** The process state in /proc/<pid>/stat is Z (Linux only; false elsewhere). */
export function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "<pid> (<command>) <state> …": the command may hold spaces and parentheses.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}

function holderOf(lockPath: string): number | null {
  try {
    const pid = Number(JSON.parse(readFileSync(lockPath, 'utf8')).pid);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock of the database at `path` (file `<path>.verrou`) and returns
 * its release. A lock left by a process that is gone is taken over; one held
 * by a running process is refused with a French message. The same process
 * may open the file again (tests reopen what they wrote).
 */
export function lockDatabase(path: string): () => void {
  const lockPath = `${path}.verrou`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(
        fd,
        JSON.stringify({ pid: process.pid, since: new Date().toISOString() }),
      );
      closeSync(fd);
      return () => {
        if (holderOf(lockPath) === process.pid) rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(lockPath);
    if (holder === process.pid) return () => undefined;
    if (holder !== null && isRunning(holder)) {
      throw new UserError(
        `Passerelle est déjà ouvert sur ces données (« ${path} », processus ${holder}) : ` +
          'fermez l’application, le mode navigateur ou la commande en cours, puis ' +
          'recommencez. Rien n’a été modifié. Si aucun Passerelle ne tourne (le ' +
          `processus ${holder} est alors un autre programme), supprimez le fichier de ` +
          `verrou « ${lockPath} ».`,
      );
    }
    // Left by a process that ended without closing (killed, crashed).
    rmSync(lockPath, { force: true });
  }
  throw new UserError(`Impossible de verrouiller les données « ${path} » : réessayez.`);
}
