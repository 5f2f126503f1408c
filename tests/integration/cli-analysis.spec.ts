/**
 * `passerelle match` on the hand-worked plan (tests/fixtures/analysis-fixture.ts):
 * the summary lines, and the options of issue 5 refused in French.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_PLAN_CSV, analysisCatalogue } from '../fixtures/analysis-fixture';
import { runPasserelle } from '../helpers/run-passerelle';

let dir: string;
let plan: string;
let catalogue: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-cli-analysis-'));
  plan = join(dir, 'plan.csv');
  catalogue = join(dir, 'catalogue.json');
  writeFileSync(plan, ANALYSIS_PLAN_CSV, 'utf8');
  writeFileSync(catalogue, JSON.stringify(analysisCatalogue()), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const match = (...options: string[]) =>
  runPasserelle([
    'match',
    plan,
    '--catalogue',
    catalogue,
    '-o',
    join(dir, 'r.xlsx'),
    '--force',
    ...options,
  ]);

describe('passerelle match with allocation and indicators', () => {
  it('prints the responsible suppliers in range and the allocation', async () => {
    const run = await match();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    // Each need has an insertion supplier within its distance; the two needs
    // with a quantity are covered whole by responsible suppliers (800 + 400 h,
    // 26 000 + 26 000 kg): see plan-analysis.spec.ts.
    expect(lines).toContain(
      '3 besoin(s) sur 3 (100,0 %) ont au moins un fournisseur responsable dans leur rayon, soit 100,0 % du budget connu.',
    );
    expect(lines).toContain(
      'Affectation de 2 besoin(s) avec quantité : 100,0 % des volumes couverts, dont 100,0 % par des fournisseurs responsables.',
    );
  });

  it('takes a road factor, a buyer kind and weights', async () => {
    // × 3: need 1 (30 km) keeps only Paysages Durand at 16,7 km (no label,
    // capacity unknown: all 1 200 h, none responsible); need 2 (50 km) keeps
    // the market garden at 33,4 km (26 000 kg of 52 000), the farm is at
    // 100,1 km. Coverage (1 + 1/2) / 2, responsible (0 + 1/2) / 2.
    const run = await match(
      '--facteur-route',
      '3',
      '--acheteur',
      'etat',
      '--ponderations',
      '10/10/70/10',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Affectation de 2 besoin(s) avec quantité : 75,0 % des volumes couverts, dont 25,0 % par des fournisseurs responsables.',
    );
  });

  it.each([
    [
      ['--facteur-route', '5'],
      'Option --facteur-route : « 5 » doit être un nombre de 1 à 3.',
    ],
    [
      ['--acheteur', 'hopital'],
      'Option --acheteur : « hopital » n’est pas reconnu : choisissez « collectivite » ou « etat ».',
    ],
    [
      ['--ponderations', '0/0/0/0'],
      'Option --ponderations : « 0/0/0/0 » : au moins une pondération doit être supérieure à 0.',
    ],
    [
      ['--ponderations', '0x10/1/1/1'],
      'Option --ponderations : « 0x10/1/1/1 » doit donner quatre nombres de 0 à 100',
    ],
  ])('refuses %j in French', async (options, message) => {
    const run = await match(...options);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
  });
});
