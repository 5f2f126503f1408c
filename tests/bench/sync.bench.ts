/**
 * `npm run bench`, second part: catalogue sync of a 100,000-supplier feed.
 *
 * The feed is built with `feed build` from the real records of
 * resources/catalogue.json repeated (moved a few km, new SIRETs, new ids) and
 * served by a node:http server on 127.0.0.1. Each step runs in its own
 * process (tests/bench/sync-step.ts) so that its peak memory is its own:
 *   (a) full sync into a fresh database file, through syncSource;
 *   (b) a change set of 1 % (changed, added, removed) by a second syncSource;
 *   (c) the naive baseline: parse everything, one INSERT per supplier
 *       without a transaction, into a fresh database;
 *   (d) the longest event-loop stall during (a), in the same process.
 * Misses are reported, never failed: the bench measures.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, normalize, resolve, sep } from 'node:path';
import type {
  BuildStepReport,
  NaiveStepReport,
  PhaseTiming,
  SyncStepReport,
} from './sync-step';

const STEP = resolve('tests', 'bench', 'sync-step.ts');

const TARGETS = {
  fullSyncMs: 10_000,
  fullSyncBytes: 600e6,
  changeSyncMs: 1_000,
  stallMs: 100,
};

/** Serves `folder` as static files, as a CDN would: Content-Length, JSON type. */
function serveFolder(folder: string): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    const path = normalize(join(folder, decodeURIComponent(request.url ?? '/')));
    if (!path.startsWith(folder + sep)) {
      response.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(size),
    });
    createReadStream(path).pipe(response);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({ server, base: `http://127.0.0.1:${port}` });
    });
  });
}

/** Runs one step in a child process (the server keeps answering meanwhile). */
function runStep<T>(args: string[]): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', STEP, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        fail(new Error(`step ${args[0]} ended with code ${code}: ${out}`));
        return;
      }
      done(JSON.parse(last) as T);
    });
  });
}

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const seconds = (ms: number): string => `${decimal.format(ms / 1000)} s`;
const millis = (ms: number): string => `${whole.format(ms)} ms`;
const megabytes = (bytes: number): string => `${whole.format(bytes / 1e6)} Mo`;
const rssBytes = (kb: number): number => kb * 1024;
const verdict = (ok: boolean): string => (ok ? 'atteinte' : 'manquée');

const PHASE_NAMES: Record<string, string> = {
  download: 'téléchargement',
  check: 'contrôle',
  apply: 'application',
  save: 'journal des synchronisations + enregistrement',
  done: 'fin',
  failed: 'échec',
  cancelled: 'annulée',
  start: 'début',
};

/** « téléchargement 1,2 s (RSS au début 300 Mo) · contrôle … »: each phase's duration and memory at its start. */
function phaseLine(phases: PhaseTiming[], totalMs: number): string {
  const first = phases[0]?.startMs ?? totalMs;
  // Before the first report: source state, feed.json, schema compiled once per process.
  const before = `préparation et feed.json ${seconds(first)}`;
  const rest = phases
    .map((p, i) => ({ p, endMs: phases[i + 1]?.startMs ?? totalMs }))
    .filter(({ p }) => p.phase !== 'done' && p.phase !== 'failed')
    .map(
      ({ p, endMs }) =>
        `${PHASE_NAMES[p.phase] ?? p.phase} ${seconds(endMs - p.startMs)} ` +
        `(RSS au début ${megabytes(p.memory.rss)})`,
    );
  return [before, ...rest].join(' · ');
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' │ '))
    .join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), 'passerelle-bench-sync-'));
  const { server, base } = await serveFolder(join(work, 'feed'));
  try {
    const feedUrl = `${base}/feed.json`;
    const dbPath = join(work, 'db', 'passerelle.sqlite');
    const tempDir = join(work, 'telechargements');

    const build1 = await runStep<BuildStepReport>(['build', '1', work]);
    const full = await runStep<SyncStepReport>(['full-sync', feedUrl, dbPath, tempDir]);
    const build2 = await runStep<BuildStepReport>(['build', '2', work]);
    const change = await runStep<SyncStepReport>([
      'change-sync',
      feedUrl,
      dbPath,
      tempDir,
    ]);
    const naive = await runStep<NaiveStepReport>([
      'naive',
      `${base}/snapshot-1.json`,
      join(work, 'naive', 'passerelle.sqlite'),
    ]);

    const fullRss = rssBytes(full.maxRssKb);
    const fullOk =
      full.entry.status === 'ok' &&
      full.ms < TARGETS.fullSyncMs &&
      fullRss < TARGETS.fullSyncBytes;
    const changeOk = change.entry.status === 'ok' && change.ms < TARGETS.changeSyncMs;
    const stall = full.stall.histogramMaxMs;
    const stallOk = stall < TARGETS.stallMs;

    console.log(
      `\nMachine : ${availableParallelism()} processeurs, charge moyenne au départ ` +
        `${decimal.format(loadAtStart)} (les durées s’allongent si d’autres tâches tournent).`,
    );
    console.log(
      `Flux de ${whole.format(build1.suppliers)} fournisseurs construit par « feed build » ` +
        `(instantané de ${megabytes(build1.snapshotBytes)}) : génération ` +
        `${seconds(build1.generateMs)}, construction ${seconds(build1.buildMs)} ; ` +
        `version 2 (${build2.changed} modifiés, ${build2.added} ajoutés, ` +
        `${build2.removed} retirés ; changements de ${megabytes(build2.changesBytes ?? 0)}) ` +
        `construite en ${seconds(build2.buildMs)}. Hors mesure.\n`,
    );
    console.log(
      table([
        ['étape', 'durée', 'mémoire max', 'cible', 'verdict'],
        [
          '(a) synchronisation complète, 100 000 fournisseurs',
          seconds(full.ms),
          megabytes(fullRss),
          '< 10 s et < 600 Mo',
          verdict(fullOk),
        ],
        [
          '(b) lot de changements de 1 % (1 000 fournisseurs)',
          seconds(change.ms),
          megabytes(rssBytes(change.maxRssKb)),
          '< 1 s',
          verdict(changeOk),
        ],
        [
          '(c) référence naïve : un INSERT par fournisseur, sans transaction',
          seconds(naive.ms),
          megabytes(rssBytes(naive.maxRssKb)),
          '(référence)',
          '—',
        ],
        [
          '(d) plus long blocage de la boucle d’événements pendant (a)',
          millis(stall),
          '—',
          '< 100 ms',
          verdict(stallOk),
        ],
      ]),
    );
    console.log('\nDétail');
    console.log(`  (a) ${full.entry.message}`);
    console.log(`      ${phaseLine(full.phases, full.ms)}`);
    console.log(
      `      pic pendant l’application : RSS ${megabytes(full.applyPeak.rss)}, ` +
        `tas JS ${megabytes(full.applyPeak.heapUsed)}, hors tas ${megabytes(full.applyPeak.external)} ; ` +
        `base : ${megabytes(full.dbBytes)}`,
    );
    console.log(
      `      enregistrement : ${megabytes(full.journalBytes)} ajoutés au journal de la base ; ` +
        `à la fermeture, base réécrite en entier en ${seconds(full.closeMs)} ` +
        `(pic mémoire fermeture comprise : ${megabytes(rssBytes(full.maxRssWithCloseKb))}), hors mesure`,
    );
    console.log(
      `  (b) ${change.entry.message} (ouverture de la base avant la mesure : ${seconds(change.openMs)})`,
    );
    console.log(`      ${phaseLine(change.phases, change.ms)}`);
    console.log(
      `      enregistrement : ${megabytes(change.journalBytes)} dans le journal de la base ; ` +
        `base réécrite à la fermeture en ${seconds(change.closeMs)}, hors mesure`,
    );
    const expected =
      change.entry.added === build2.added &&
      change.entry.changed === build2.changed &&
      change.entry.removed === build2.removed &&
      full.entry.added === build1.suppliers &&
      full.entry.rejected + change.entry.rejected === 0;
    console.log(
      `      comptes ${expected ? 'conformes' : 'NON CONFORMES'} aux attendus ` +
        `(${build2.added} ajoutés, ${build2.changed} modifiés, ${build2.removed} retirés ; ` +
        `${whole.format(build1.suppliers)} à la synchronisation complète ; aucune fiche refusée)`,
    );
    console.log(
      `  (c) ${whole.format(naive.suppliers)} fournisseurs : téléchargement ${seconds(naive.downloadMs)}, ` +
        `lecture JSON ${seconds(naive.parseMs)}, INSERT ${seconds(naive.insertMs)}, ` +
        `enregistrement ${seconds(naive.saveMs)} ; base : ${megabytes(naive.dbBytes)} ` +
        `(table suppliers seule, sans enregistrements par source ni fusion)`,
    );
    console.log(
      `  (d) boucle d’événements : ${millis(full.stall.histogramMaxMs)} (monitorEventLoopDelay), ` +
        `${millis(full.stall.intervalMaxMs)} (minuterie de 10 ms, de la phase ` +
        `« ${PHASE_NAMES[full.stall.from] ?? full.stall.from} » à « ${PHASE_NAMES[full.stall.to] ?? full.stall.to} ») ; ` +
        `blocages de plus de 100 ms : ${
          full.stall.over100
            .map(
              ([from, to, ms]) =>
                `${millis(ms)} (${PHASE_NAMES[from] ?? from} → ${PHASE_NAMES[to] ?? to})`,
            )
            .join(', ') || 'aucun'
        }`,
    );
    console.log(
      `  (a) / (c) : la synchronisation prend ${decimal.format(full.ms / naive.ms)} × le temps de la référence.`,
    );
    console.log(
      `\nBanc de synchronisation terminé en ${seconds(performance.now() - started)}.`,
    );
  } finally {
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
