/**
 * `passerelle report` on the hand-worked plan (tests/fixtures/analysis-fixture.ts,
 * rankings worked out in tests/integration/plan-analysis.spec.ts): the chosen
 * sheets read back from the workbook, one sheet as CSV, French refusals, and
 * a large report followed on stderr then cancelled with Ctrl-C.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_PLAN_CSV, analysisCatalogue } from '../fixtures/analysis-fixture';
import { cellText, sheetRecords } from '../e2e/support/workbook-helpers';
import { runPasserelle } from '../helpers/run-passerelle';

let dir: string;
let plan: string;
let catalogue: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-cli-report-'));
  plan = join(dir, 'plan.csv');
  catalogue = join(dir, 'catalogue.json');
  writeFileSync(plan, ANALYSIS_PLAN_CSV, 'utf8');
  writeFileSync(catalogue, JSON.stringify(analysisCatalogue()), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (output: string, ...options: string[]) =>
  runPasserelle(['report', plan, '--catalogue', catalogue, '-o', output, ...options]);

/** Files of the test folder that are neither inputs nor `kept`. */
function leftovers(...kept: string[]): string[] {
  const inputs = new Set(['plan.csv', 'catalogue.json', 'grand-plan.csv', ...kept]);
  return readdirSync(dir).filter((name) => !inputs.has(name));
}

/** Candidates of the three needs, ranked as plan-analysis.spec.ts works out. */
const RANKED = [
  [1, 1, 'Paysages Durand SARL', 5.6, 93.8],
  [1, 2, 'Jardins de l’Avenir', 11.1, 83.1],
  [1, 3, 'ESAT Les Tilleuls', 22.2, 71.4],
  [2, 1, 'Maraîchage d’Insertion', 11.1, 88.3],
  [2, 2, 'Ferme du Marais', 33.4, 52.6],
  [3, 1, 'Net’Services', 11.1, 87.7],
];

describe('passerelle report', () => {
  it('writes the chosen sheets, named in French or by id, with the buyer', async () => {
    const output = join(dir, 'rapport.xlsx');
    const run = await report(
      output,
      '--feuilles',
      'Synthèse,besoins',
      '--organisme',
      'Mairie de Harnes',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Rapport prêt : rapport.xlsx, 2 feuilles (Synthèse, Besoins)',
    );
    expect(run.stdout).toContain(`Rapport écrit : ${output}`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(output);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'Besoins']);
    const synthesis = workbook.getWorksheet('Synthèse')!;
    const buyerRow = [...Array(synthesis.rowCount).keys()]
      .map((i) => synthesis.getRow(i + 1))
      .find((row) => cellText(row.getCell(1).value) === 'Acheteur');
    expect(cellText(buyerRow?.getCell(2).value ?? null)).toBe('Mairie de Harnes');
    const besoins = sheetRecords(workbook.getWorksheet('Besoins')!);
    expect(
      besoins.map((r) => [
        r['N°'],
        r['Rang'],
        r['Fournisseur'],
        r['Distance (km)'],
        r['Score'],
      ]),
    ).toEqual(RANKED);
    expect(leftovers('rapport.xlsx')).toEqual([]);
  });

  it('writes one sheet as CSV: BOM, « ; », CRLF, decimal comma', async () => {
    const output = join(dir, 'besoins.csv');
    const run = await report(output);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Rapport prêt : besoins.csv, 1 feuille (Besoins), 6 lignes.',
    );
    const text = readFileSync(output, 'utf8');
    expect(text.startsWith('\uFEFFN°;Besoin;Rang;Fournisseur;SIRET;')).toBe(true);
    const lines = text.split('\r\n');
    // Header, six candidates, and the empty string after the last CRLF.
    expect(lines).toHaveLength(8);
    // Paysages Durand is supplier 3 of the fixture: SIRET 1000000000000 + 3,
    // written as text whatever form the CSV writer gives codes.
    expect(lines[1]).toMatch(
      /^1;Entretien des espaces verts;1;Paysages Durand SARL;[^;]*10000000000003[^;]*;Harnes;5,6;93,8;/,
    );
    expect(lines[6]).toMatch(/^3;Nettoyage des locaux;1;Net’Services;/);
  });

  it('writes another sheet as CSV with --feuille', async () => {
    const output = join(dir, 'methode.csv');
    const run = await report(output, '--feuille', 'méthode');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 feuille (Méthode)');
    expect(readFileSync(output, 'utf8').startsWith('\uFEFF')).toBe(true);
  });

  it.each([
    [
      ['--feuilles', 'synthese,budget'],
      'rapport-2.xlsx',
      'Feuille inconnue : « budget ». Feuilles possibles : synthese, besoins,',
    ],
    [
      ['--feuilles', 'synthese,besoins'],
      'rapport-2.csv',
      'Un fichier CSV ne contient qu’une feuille : choisissez-en une seule',
    ],
    [
      ['--feuille', 'besoins'],
      'rapport-2.xlsx',
      'L’option --feuille choisit la feuille d’un fichier CSV',
    ],
    [[], 'rapport-2.ods', 'Le rapport « '],
    [['--top', '0'], 'rapport-2.xlsx', 'Option --top : « 0 » doit être un nombre entier'],
  ])('refuses %j in French and writes nothing', async (options, name, message) => {
    const run = await report(join(dir, name), ...options);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(existsSync(join(dir, name))).toBe(false);
    expect(leftovers('rapport.xlsx', 'besoins.csv', 'methode.csv')).toEqual([]);
  });

  it('names the extensions it accepts', async () => {
    const run = await report(join(dir, 'rapport.ods'));
    expect(run.stderr).toContain('doit porter l’extension .xlsx ou .csv.');
  });

  it('keeps an existing file without -f and replaces it with -f', async () => {
    const output = join(dir, 'existant.csv');
    writeFileSync(output, 'ancien', 'utf8');
    const refused = await report(output);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Le fichier « existant.csv » existe déjà : ajoutez --force pour le remplacer.',
    );
    expect(readFileSync(output, 'utf8')).toBe('ancien');
    const forced = await report(output, '-f');
    expect(forced.code).toBe(0);
    expect(readFileSync(output, 'utf8').startsWith('\uFEFFN°;')).toBe(true);
    rmSync(output);
  });
});

describe('a large report', () => {
  // 4 000 copies of need 1 (espaces verts, Harnes, 30 km): 3 candidates each,
  // so « Besoins » has 12 000 rows, above the 10 000 that show progress.
  const NEEDS = 4000;
  let bigPlan: string;

  beforeAll(() => {
    bigPlan = join(dir, 'grand-plan.csv');
    const rows = Array.from(
      { length: NEEDS },
      (_, i) => `Entretien des espaces verts ${i + 1};77310000-6;Harnes;30`,
    );
    writeFileSync(
      bigPlan,
      ['Intitulé;Code CPV;Lieu de livraison;Distance max (km)', ...rows].join('\r\n'),
      'utf8',
    );
  });

  it('prints its progress on stderr, sheet by sheet', async () => {
    const output = join(dir, 'grand.xlsx');
    try {
      const run = await runPasserelle([
        'report',
        bigPlan,
        '--catalogue',
        catalogue,
        '-o',
        output,
      ]);
      expect(run.code).toBe(0);
      const lines = run.stderr.trim().split('\n');
      for (const line of lines) {
        expect(line).toMatch(
          /^Écriture de la feuille [^:]+ : [\d\s]+ \/ [\d\s]+ lignes? \(\d+ %\)$/,
        );
      }
      // « Besoins », 12 000 rows, is followed at least once on its way.
      expect(lines.some((l) => /Besoins : [\d\s]+ \/ 12\s000 lignes/.test(l))).toBe(true);
      expect(run.stdout).toMatch(/Besoins, [^)]*\), [\d\s]+ lignes\./);
    } finally {
      rmSync(output, { force: true });
    }
  }, 60_000);

  it('stops on Ctrl-C and leaves no file behind', async () => {
    const output = join(dir, 'annule.xlsx');
    const child = spawn(
      process.execPath,
      [
        resolve('bin/passerelle.mjs'),
        'report',
        bigPlan,
        '--catalogue',
        catalogue,
        '-o',
        output,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // The first progress line: the report is being written.
      if (!interrupted && stderr.includes('Écriture de la feuille')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(interrupted).toBe(true);
    expect(code).toBe(1);
    expect(stderr).toContain('Rapport annulé : aucun fichier n’a été écrit.');
    expect(existsSync(output)).toBe(false);
    expect(leftovers('rapport.xlsx', 'besoins.csv', 'methode.csv')).toEqual([]);
  }, 60_000);
});
