/**
 * `npm run bench`: matching against the full embedded catalogue, each scenario in
 * its own process, beside a brute-force baseline measured in the same run.
 */
import { execFileSync } from 'node:child_process';
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

function runScenario(plan: string, method: string): ScenarioReport {
  const out = execFileSync(TSX, [SCENARIO, plan, method], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ScenarioReport;
}

const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const rows: string[] = [];
for (const plan of ['harnes', 'decp1000']) {
  const indexed = runScenario(plan, 'indexed');
  const brute = runScenario(plan, 'brute');
  for (const r of [indexed, brute]) {
    rows.push(
      [
        r.plan.padEnd(9),
        r.method.padEnd(8),
        String(r.needs).padStart(6),
        String(r.suppliers).padStart(7),
        `${fmt.format(r.medianMs)} ms`.padStart(12),
        `${fmt.format(r.peakRssMb)} Mo`.padStart(11),
        String(r.candidates).padStart(9),
      ].join(' '),
    );
  }
  rows.push(
    `  → ${plan} : rapprochement ${fmt.format(brute.medianMs / indexed.medianMs)} × plus rapide que la référence`,
  );
}
console.log('plan      méthode   besoins fournis.   médiane   pic mémoire candidats');
console.log(rows.join('\n'));
