/** Bugs found in `passerelle match`, each kept as a test named after it. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCatalogue } from '../unit/main/catalogue-factory';
import { runPasserelle, type CliRun } from '../helpers/run-passerelle';

let dir: string;
let catalogue: string;

function cli(...args: string[]): Promise<CliRun> {
  return runPasserelle(args, { cwd: dir });
}

// Harnes plan with one good row (2), one row with a bad quantity (3) and one
// with an unknown place (4); the small test catalogue keeps each run quick.
const PLAN =
  'Intitulé;Code CPV;Lieu de livraison;Quantité\n' +
  'Tonte;77310000-6;Harnes;12\n' +
  'Taille;77310000-6;Harnes;douze\n' +
  'Élagage;77310000-6;Zzyzx-sur-Mer;3\n';

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-cli-fixes-'));
  catalogue = write('catalogue.json', JSON.stringify(makeCatalogue()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('-o must not overwrite the plan nor an existing file', () => {
  it('refuses to write the report over the input plan', async () => {
    const victim = write('victim.csv', PLAN);
    // Same file under another spelling: ./victim.csv from the working folder.
    for (const output of [victim, './victim.csv']) {
      const run = await cli(
        'match',
        victim,
        '-o',
        output,
        '--catalogue',
        catalogue,
        '--force',
      );
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(
        `Le rapport « victim.csv » serait écrit à la place du plan d’achats lu : ` +
          'choisissez un autre nom de fichier avec -o.',
      );
    }
    expect(readFileSync(victim, 'utf8')).toBe(PLAN);
  });

  it('refuses the same file even when it has the .xlsx extension', async () => {
    const plan = join(dir, 'victim.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Plan').addRow(['Intitulé', 'Code CPV', 'Lieu de livraison']);
    await workbook.xlsx.writeFile(plan);
    const before = readFileSync(plan);
    const run = await cli('match', plan, '-o', plan, '--catalogue', catalogue, '--force');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('serait écrit à la place du plan d’achats lu');
    expect(readFileSync(plan)).toEqual(before);
  });

  it('refuses an existing report without --force, replaces it with --force', async () => {
    const plan = write('plan.csv', PLAN);
    const report = write('r.xlsx', 'ancien rapport');
    const refused = await cli('match', plan, '-o', report, '--catalogue', catalogue);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'Le fichier « r.xlsx » existe déjà : ajoutez --force pour le remplacer.',
    );
    expect(readFileSync(report, 'utf8')).toBe('ancien rapport');

    const forced = await cli(
      'match',
      plan,
      '-o',
      report,
      '--catalogue',
      catalogue,
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(report).subarray(0, 2).toString()).toBe('PK');
    expect(() => statSync(`${report}.tmp`)).toThrow();
  });
});

describe('rejected rows in the CLI report and output', () => {
  let run: CliRun;
  let report: string;

  beforeAll(async () => {
    report = join(dir, 'rapport-harnes.xlsx');
    run = await cli(
      'match',
      write('harnes.csv', PLAN),
      '-o',
      report,
      '--catalogue',
      catalogue,
    );
  });

  it('prints each issue once, with the file, row, column and value', () => {
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      'harnes.csv, ligne 3, colonne « Quantité », valeur « douze » : « douze » n’est pas un nombre.',
    );
    expect(lines[1]).toBe(
      'harnes.csv, ligne 4, colonne « Lieu de livraison », valeur « Zzyzx-sur-Mer » : ' +
        'Lieu « Zzyzx-sur-Mer » introuvable : indiquez une commune, un code postal, ' +
        'un code INSEE ou « latitude, longitude ».',
    );
    expect(lines).toHaveLength(2);
  });

  it('writes the sheet « Lignes écartées » and the counts in « Synthèse »', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(report);
    const rejected = workbook.getWorksheet('Lignes écartées')!;
    expect(rejected.rowCount).toBe(3);
    expect(rejected.getCell('B2').value).toBe(3);
    expect(rejected.getCell('D2').value).toBe('douze');
    expect(rejected.getCell('B3').value).toBe(4);
    const synthesis = new Map<string, unknown>();
    workbook.getWorksheet('Synthèse')!.eachRow((row) => {
      synthesis.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    expect(synthesis.get('Lignes lues')).toBe(3);
    expect(synthesis.get('Besoins importés')).toBe(1);
    expect(synthesis.get('Lignes écartées')).toBe(2);
  });
});

describe('command-line options checked', () => {
  it.each([
    ['--top', '2.5', 'Option --top : « 2.5 » doit être un nombre entier entre 1 et 100.'],
    ['--top', '0', 'Option --top : « 0 » doit être un nombre entier entre 1 et 100.'],
    ['--top', 'dix', 'Option --top : « dix » n’est pas un nombre.'],
    [
      '--distance-max',
      '5000',
      'Option --distance-max : « 5000 » doit être une distance en km supérieure à 0 ' +
        'et d’au plus 1000.',
    ],
    ['--distance-max', 'loin', 'Option --distance-max : « loin » n’est pas un nombre.'],
  ])('%s %s is refused', async (option, value, message) => {
    const plan = write('p.csv', PLAN);
    const run = await cli('match', plan, '-o', join(dir, 'x.xlsx'), option, value);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(message);
  });

  it('names the line and column of an invalid --catalogue JSON', async () => {
    const bad = write(
      'f.json',
      '{\n  "format": "passerelle-catalogue",\n  "version" 1\n}\n',
    );
    const run = await cli(
      'match',
      write('p2.csv', PLAN),
      '-o',
      join(dir, 'y.xlsx'),
      '--catalogue',
      bad,
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Le catalogue « f.json » n’est pas un JSON valide (ligne 3, colonne 13).',
    );
  });
});

describe('help and version in French (found by a fresh-user test)', () => {
  it('says « [commande] », not « [command] », and gives the version', async () => {
    const help = await cli('--help');
    expect(help.stdout.split('\n')[0]).toBe(
      'Utilisation : passerelle [options] [commande]',
    );
    const catalogueHelp = await cli('catalogue', '--help');
    expect(catalogueHelp.stdout).toContain(
      'Utilisation : passerelle catalogue [options] [commande]',
    );
    expect(catalogueHelp.stdout).not.toContain('[command]');
    const version = await cli('--version');
    const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(packageJson.version);
    expect(version.code).toBe(0);
  });
});
