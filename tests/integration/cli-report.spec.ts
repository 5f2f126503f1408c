/**
 * `passerelle report` on the hand-worked plan (tests/fixtures/analysis-fixture.ts,
 * rankings worked out in tests/integration/plan-analysis.spec.ts): the chosen
 * sheets read back from the workbook, one sheet as CSV, « Comparaison » of
 * suppliers given by SIRET, French refusals, and a large report followed on
 * stderr then cancelled with Ctrl-C.
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
import {
  ANALYSIS_PLAN_CSV,
  analysisCatalogue,
  S1,
  S2,
} from '../fixtures/analysis-fixture';
import { cellText, sheetRecords } from '../e2e/support/workbook-helpers';
import { comparedSupplierId } from '../../main/cli/report-command';
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

/** The row of a sheet whose first cell is `criterion`, as its values. */
function rowValues(sheet: ExcelJS.Worksheet, criterion: string): ExcelJS.CellValue[] {
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const values = sheet.getRow(r).values as ExcelJS.CellValue[];
    if (values[1] === criterion) return values.slice(1);
  }
  throw new Error(`ligne « ${criterion} » absente de « ${sheet.name} »`);
}

describe('passerelle report --comparer', () => {
  it('writes « Comparaison » of two bundled suppliers given by SIRET, from Harnes', async () => {
    const output = join(dir, 'fournisseurs-compares.xlsx');
    // The bundled catalogue (no --catalogue): two suppliers near Harnes.
    const run = await runPasserelle([
      'report',
      plan,
      '-o',
      output,
      '--feuilles',
      'comparaison',
      // Spaces between the SIRET's groups are allowed.
      '--comparer',
      '49299089000039, 352 151 260 00044',
      '--site',
      'Harnes',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Rapport prêt : fournisseurs-compares.xlsx, 1 feuille');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(output);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Comparaison']);
    const sheet = workbook.getWorksheet('Comparaison')!;
    expect(rowValues(sheet, 'Site de référence')).toEqual([
      'Site de référence',
      'Harnes (62440)',
    ]);
    // The suppliers in the order given, one column each after « Critère ».
    expect(rowValues(sheet, 'Critère')).toEqual([
      'Critère',
      'SARL SINEO LENS',
      'ASSOC AIAAC',
    ]);
    expect(rowValues(sheet, 'SIRET')).toEqual([
      'SIRET',
      '49299089000039',
      '35215126000044',
    ]);
    // Haversine, R = 6 371,0088 km, from Harnes (communes.json, INSEE 62413:
    // 50,45223 N, 2,90355 E), a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2),
    // d = 2R asin √a:
    // - SARL SINEO (50,465626 ; 2,928267): Δφ = 0,013396° = 2,33804e-4 rad,
    //   Δλ = 0,024717° = 4,31393e-4 rad, cos φ1 = 0,636721, cos φ2 = 0,636541,
    //   a = 1,36661e-8 + 0,405299 × 4,65250e-8 = 3,25227e-8,
    //   d = 2 × 6 371,0088 × 1,80340e-4 = 2,298 km → 2,3;
    // - ASSOC AIAAC, Courrières (50,460629 ; 2,952508): Δφ = 0,008399° =
    //   1,46590e-4 rad, Δλ = 0,048958° = 8,54478e-4 rad, cos φ2 = 0,636608,
    //   a = 5,37217e-9 + 0,405342 × 1,82533e-7 = 7,93606e-8,
    //   d = 2 × 6 371,0088 × 2,81710e-4 = 3,590 km → 3,6.
    expect(rowValues(sheet, 'Distance à Harnes (62440)')).toEqual([
      'Distance à Harnes (62440)',
      2.3,
      3.6,
    ]);
    rmSync(output);
  }, 30_000);

  it('writes the comparison without distances when the site is not found, and says so', async () => {
    const output = join(dir, 'sans-distances.xlsx');
    const run = await report(
      output,
      '--feuilles',
      'comparaison',
      '--comparer',
      `${S1.siret},${S2.id}`,
      '--site',
      'Zzyzx',
    );
    expect(run.code).toBe(0);
    const warnings = run.stderr.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^Option --site : .*« Zzyzx ».* Distances non calculées\.$/,
    );
    expect(warnings[1]).toBe('La feuille « Comparaison » est écrite sans distances.');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(output);
    const sheet = workbook.getWorksheet('Comparaison')!;
    expect(rowValues(sheet, 'Critère')).toEqual(['Critère', S1.name, S2.name]);
    // No site: the distance row has no value (cells left empty).
    expect(rowValues(sheet, 'Distance au site')).toEqual(['Distance au site']);
    rmSync(output);
  });

  it('compares the one supplier a catalogue makes of two records with one SIRET', async () => {
    // Records sharing a SIRET are merged (shared/catalogue/merge-suppliers.ts):
    // the SIRET names one supplier, compared beside S2.
    const twice = join(dir, 'catalogue-doublon.json');
    const copy = { ...S1, id: 'antenne-1', name: 'Jardins de l’Avenir, antenne' };
    writeFileSync(
      twice,
      JSON.stringify({ ...analysisCatalogue(), suppliers: [S1, copy, S2] }),
      'utf8',
    );
    const output = join(dir, 'doublon.xlsx');
    try {
      const run = await runPasserelle([
        'report',
        plan,
        '--catalogue',
        twice,
        '-o',
        output,
        '--feuilles',
        'comparaison',
        '--comparer',
        `${S1.siret},${S2.siret}`,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(output);
      const sheet = workbook.getWorksheet('Comparaison')!;
      expect(rowValues(sheet, 'SIRET')).toEqual(['SIRET', S1.siret, S2.siret]);
    } finally {
      rmSync(twice);
      rmSync(output, { force: true });
    }
  });

  it('refuses a SIRET that several suppliers carry, naming them', () => {
    // Only a damaged database could hold two: the services never merge them apart.
    const copy = { ...S1, id: 'antenne-1', name: 'Jardins de l’Avenir, antenne' };
    const services = { suppliersBySiret: () => [S1, copy] };
    expect(() => comparedSupplierId(S1.siret as string, services)).toThrow(
      `Option --comparer : le SIRET « ${S1.siret} » désigne 2 fiches du catalogue : ` +
        `« ${S1.id} » (Jardins de l’Avenir, Harnes), « antenne-1 » ` +
        '(Jardins de l’Avenir, antenne, Harnes). Donnez l’identifiant de celle à comparer.',
    );
    // A catalogue id is taken as typed; a SIRET of one supplier gives its id.
    expect(comparedSupplierId('antenne-1', services)).toBe('antenne-1');
    expect(comparedSupplierId(S2.siret as string, { suppliersBySiret: () => [S2] })).toBe(
      S2.id,
    );
  });

  it.each([
    [
      ['--comparer', `${S1.siret}`],
      `Option --comparer : « ${S1.siret} » donne 1 fournisseur(s) ; comparez-en de 2 à 5`,
    ],
    [
      // The same SIRET twice is one supplier.
      ['--comparer', `${S1.siret},${S1.siret}`],
      'donne 1 fournisseur(s) ; comparez-en de 2 à 5',
    ],
    [
      ['--comparer', 'a,b,c,d,e,f'],
      'Option --comparer : « a,b,c,d,e,f » donne 6 fournisseur(s) ; comparez-en de 2 à 5',
    ],
    [
      // 14 digits failing the Luhn key: from the right, every second digit
      // doubled (less 9 above 9): 2+0+0+0+0+9+8+5+6+1+4+6+2+2 = 45, not a
      // multiple of 10; the message says so.
      ['--comparer', `${S1.siret},12345678900002`],
      'Option --comparer : aucun fournisseur du catalogue n’a le SIRET ' +
        '« 12345678900002 » (le SIRET ne respecte pas la clé de Luhn : vérifiez-le).',
    ],
    [
      ['--comparer', `${S1.siret},inconnu-7`],
      'Option --comparer : Fournisseur « inconnu-7 » absent du catalogue',
    ],
    [
      ['--feuilles', 'synthese,comparaison'],
      'La feuille « Comparaison » compare les fournisseurs que vous choisissez : ' +
        'donnez-en de 2 à 5 avec --comparer',
    ],
    [['--site', 'Harnes'], 'L’option --site donne le lieu d’où la comparaison'],
  ])('refuses %j in French and writes nothing', async (options, message) => {
    const output = join(dir, 'comparaison-refusee.xlsx');
    const run = await report(output, ...options);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(existsSync(output)).toBe(false);
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
