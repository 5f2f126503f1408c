/**
 * `npm run bench`: matching against the full embedded catalogue and against
 * it repeated to 100,000 suppliers with moved coordinates, each scenario in
 * its own process, beside a brute-force Turf baseline measured in the same
 * run. Target at 100,000: a plan of 1,000 needs under 2 s and 500 Mo, and
 * at least 20 × faster than the baseline.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';

interface ScenarioReport {
  plan: string;
  method: string;
  needs: number;
  suppliers: number;
  candidates: number;
  medianMs: number;
  peakRssMb: number;
}

const TSX = resolve('node_modules', '.bin', 'tsx');
const SCENARIO = resolve('tests', 'bench', 'run-scenario.ts');
const TARGET_MS = 2000;
const TARGET_MB = 500;
const TARGET_SPEED_UP = 20;

function runScenario(plan: string, method: string, count?: number): ScenarioReport {
  const args = [SCENARIO, plan, method, ...(count ? [String(count)] : [])];
  const out = execFileSync(TSX, args, { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ScenarioReport;
}

const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const verdict = (met: boolean): string => (met ? 'atteint' : 'MANQUÉ');
const rows: string[] = [];
// Other work on the machine slows every scenario: the load says how quiet it was.
const load = (): string =>
  loadavg()
    .map((l) => fmt.format(l))
    .join(' ; ');
const loadBefore = load();
const scenarios: { plan: string; count?: number }[] = [
  { plan: 'harnes' },
  { plan: 'decp1000' },
  { plan: 'decp1000', count: 100_000 },
];
for (const { plan, count } of scenarios) {
  const indexed = runScenario(plan, 'indexed', count);
  const brute = runScenario(plan, 'brute', count);
  for (const r of [indexed, brute]) {
    rows.push(
      [
        r.plan.padEnd(9),
        r.method.padEnd(8),
        String(r.needs).padStart(6),
        String(r.suppliers).padStart(8),
        `${fmt.format(r.medianMs)} ms`.padStart(12),
        `${fmt.format(r.peakRssMb)} Mo`.padStart(11),
        String(r.candidates).padStart(9),
      ].join(' '),
    );
  }
  const speedUp = brute.medianMs / indexed.medianMs;
  rows.push(
    `  → ${plan} (${indexed.suppliers} fournisseurs) : rapprochement ` +
      `${fmt.format(speedUp)} × plus rapide que la référence`,
  );
  if (indexed.candidates !== brute.candidates) {
    rows.push('  → ATTENTION : la référence ne garde pas le même nombre de candidats');
  }
  if (count) {
    rows.push(
      `  → objectifs à ${count} fournisseurs : < ${TARGET_MS} ms ` +
        `${verdict(indexed.medianMs < TARGET_MS)}, < ${TARGET_MB} Mo ` +
        `${verdict(indexed.peakRssMb < TARGET_MB)}, ≥ ${TARGET_SPEED_UP} × ` +
        `${verdict(speedUp >= TARGET_SPEED_UP)}`,
    );
  }
}
console.log('plan      méthode   besoins fournis.    médiane  pic mémoire candidats');
console.log(rows.join('\n'));
console.log(`charge de la machine (1, 5, 15 min) : ${loadBefore} avant, ${load()} après`);
