/**
 * `npm run bench`: one catalogue search (keyword, sector, label, within
 * 30 km) on 100,000 suppliers, as the product runs it (word index in memory)
 * beside the same query as plain SQL on sql.js and through its FTS4 module,
 * each method in its own process. Target: under 10 ms at the 95th percentile.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SearchStepReport } from './search-step';

const TSX = resolve('node_modules', '.bin', 'tsx');
const STEP = resolve('tests', 'bench', 'search-step.ts');
const TARGET_P95_MS = 10;

const METHOD_NAMES: Record<string, string> = {
  js: 'index JS (produit)',
  sql: 'SQL LIKE + json_each',
  fts4: 'FTS4 sql.js',
};

function runStep(step: string, dbPath: string): SearchStepReport {
  const out = execFileSync(TSX, [STEP, step, dbPath], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as SearchStepReport;
}

const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const ms = (value: number): string => `${fmt.format(value)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'passerelle-search-bench-'));
try {
  const dbPath = join(dir, 'catalogue.sqlite');
  runStep('build', dbPath);
  const reports = ['js', 'sql', 'fts4'].map((method) => runStep(method, dbPath));
  console.log(
    'méthode                fournis. requêtes  préparation     médiane     95e cent.' +
      '         max pic mémoire résultats',
  );
  for (const r of reports) {
    console.log(
      [
        (METHOD_NAMES[r.method] ?? r.method).padEnd(22),
        String(r.suppliers).padStart(8),
        String(r.queries).padStart(8),
        ms(r.prepareMs).padStart(12),
        ms(r.p50Ms).padStart(11),
        ms(r.p95Ms).padStart(13),
        ms(r.maxMs).padStart(11),
        `${fmt.format(r.peakRssMb)} Mo`.padStart(11),
        String(r.hits).padStart(9),
      ].join(' '),
    );
  }
  const [js, sql, fts] = reports as [
    SearchStepReport,
    SearchStepReport,
    SearchStepReport,
  ];
  const met = js.p95Ms < TARGET_P95_MS ? 'objectif atteint' : 'objectif MANQUÉ';
  console.log(
    `  → recherche : 95e centile ${ms(js.p95Ms)} (objectif < ${TARGET_P95_MS} ms) : ${met} ; ` +
      `${fmt.format(sql.p95Ms / js.p95Ms)} × plus rapide que le SQL simple, ` +
      `${fmt.format(fts.p95Ms / js.p95Ms)} × plus rapide que FTS4`,
  );
  if (js.hits !== sql.hits || js.hits !== fts.hits) {
    console.log(
      '  → ATTENTION : les méthodes ne trouvent pas le même nombre de résultats',
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
