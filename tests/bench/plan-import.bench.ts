/**
 * `npm run bench`, third part: importing a 10,000-line plan, as .xlsx and as
 * .csv (issue 4: under 3 s and 400 Mo each), beside the naive baseline
 * (exceljs with its default options, then row by row) in the same run. The
 * plan is made of the DECP 2019 contracts placed in a commune, repeated;
 * each step runs in its own process so that its peak memory is its own.
 * Misses are reported, never failed: the bench measures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ImportReport, WriteReport } from './plan-import-step';

const STEP = resolve('tests', 'bench', 'plan-import-step.ts');
const TARGET_MS = 3_000;
const TARGET_BYTES = 400e6;

function runStep<T>(args: string[]): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', STEP, ...args], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as T;
}

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const seconds = (ms: number): string => `${decimal.format(ms / 1000)} s`;
const megabytes = (kb: number): string => `${whole.format((kb * 1024) / 1e6)} Mo`;

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'passerelle-bench-plan-'));
  try {
    const written = runStep<WriteReport>(['write', work]);
    console.log(
      `\nPlan de ${whole.format(written.rows)} lignes (marchés DECP 2019) : ` +
        `.xlsx de ${whole.format(written.xlsxBytes / 1000)} ko, .csv de ` +
        `${whole.format(written.csvBytes / 1000)} ko ; charge moyenne ${decimal.format(loadavg()[0] ?? 0)}.`,
    );
    console.log(
      'format  méthode      durée   pic mémoire  lignes  besoins  erreurs  cible',
    );
    for (const format of ['xlsx', 'csv']) {
      const file = join(work, `plan-10000.${format}`);
      const ours = runStep<ImportReport>(['ours', file]);
      const naive = runStep<ImportReport>(['naive', file]);
      for (const r of [ours, naive]) {
        const met = r.ms < TARGET_MS && r.maxRssKb * 1024 < TARGET_BYTES;
        console.log(
          [
            format.padEnd(6),
            (r.step === 'ours' ? 'Passerelle' : 'référence').padEnd(10),
            seconds(r.ms).padStart(8),
            megabytes(r.maxRssKb).padStart(12),
            whole.format(r.rows).padStart(7),
            whole.format(r.needs).padStart(8),
            whole.format(r.errors).padStart(8),
            r.step === 'ours'
              ? `  < 3 s et < 400 Mo : ${met ? 'atteinte' : 'manquée'}`
              : '',
          ].join(' '),
        );
      }
      console.log(
        `  → ${format} : l’import complet (lecture, contrôles, lieux, CPV) prend ` +
          `${decimal.format(ours.ms / naive.ms)} × le temps de la simple lecture de référence.`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
