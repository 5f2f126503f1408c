import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCatalogue } from '../unit/main/catalogue-factory';
import { runPasserelle, type CliRun } from '../helpers/run-passerelle';

const FIXTURES = resolve('tests/fixtures/plans');
const expectedNeeds = JSON.parse(
  readFileSync(join(FIXTURES, 'harnes-2019.expected.json'), 'utf8'),
) as { cpv: string; date: string | null; budget: number | null }[];
let dir: string;

function cli(...args: string[]): Promise<CliRun> {
  return runPasserelle(args);
}

async function rowsOf(
  path: string,
  sheet: string,
): Promise<Record<string, ExcelJS.CellValue>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const ws = workbook.getWorksheet(sheet)!;
  const headers = (ws.getRow(1).values as string[]).slice(1);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['harnes-2019.csv', 'harnes-2019.xlsx'])(
  'passerelle match %s',
  (fixture) => {
    let run: CliRun;
    let report: string;

    beforeAll(async () => {
      report = join(dir, `${fixture}.rapport.xlsx`);
      run = await cli('match', join(FIXTURES, fixture), '-o', report);
    });

    it('exits 0 with a French summary', () => {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        new RegExp(`^${expectedNeeds.length} besoin\\(s\\) rapproché\\(s\\) : \\d+ avec`),
      );
      expect(run.stdout).toContain(`Rapport écrit : ${report}`);
    });

    it('writes every sheet it has data for and one row per need at least', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(report);
      // No supplier picked for comparison: no « Comparaison » sheet; every
      // line of the plan imported without remark: no « Lignes écartées ».
      expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
        'Synthèse',
        'Besoins',
        'Allocation',
        'Fournisseurs',
        'Procédures',
        'Méthode',
      ]);
      const rows = await rowsOf(report, 'Besoins');
      const numbers = [...new Set(rows.map((r) => r['N°']))];
      expect(numbers).toEqual(expectedNeeds.map((_, i) => i + 1));
    });

    it('keeps each need’s CPV, date and budget from the plan', async () => {
      const rows = await rowsOf(report, 'Besoins');
      expectedNeeds.forEach((need, i) => {
        const row = rows.find((r) => r['N°'] === i + 1)!;
        expect(row['Code CPV']).toBe(need.cpv);
        expect(row['Date de besoin']).toEqual(
          need.date ? new Date(`${need.date}T00:00:00Z`) : null,
        );
        expect(row['Budget (€ HT)']).toBe(need.budget);
      });
    });

    it('ranks candidates by score within each need, all within the need’s distance', async () => {
      const rows = await rowsOf(report, 'Besoins');
      const candidates = rows.filter((r) => r['Rang'] !== null);
      expect(candidates.length).toBeGreaterThan(0);
      for (const number of new Set(candidates.map((r) => r['N°']))) {
        const ofNeed = candidates.filter((r) => r['N°'] === number);
        expect(ofNeed.map((r) => r['Rang'])).toEqual(ofNeed.map((_, i) => i + 1));
        const scores = ofNeed.map((r) => r['Score'] as number);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        for (const r of ofNeed) {
          expect(r['Distance (km)'] as number).toBeLessThanOrEqual(
            r['Distance max. (km)'] as number,
          );
          expect(typeof r['SIRET'] === 'string' || r['SIRET'] === null).toBe(true);
        }
      }
      for (const none of rows.filter((r) => r['Rang'] === null)) {
        expect(none['Fournisseur']).toBe('Aucun fournisseur proposé');
        expect(String(none['Explications'])).not.toBe('');
      }
    });
  },
);

describe('passerelle match with bad input', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489',
    'hex',
  );

  it.each([
    [
      'missing file',
      () => join(dir, 'absent.csv'),
      /^Le fichier « .*absent\.csv » est introuvable\.$/m,
    ],
    [
      'PNG renamed .csv',
      () => write('image.csv', png),
      /^Le fichier « image\.csv » n’est pas un fichier CSV lisible/m,
    ],
    [
      'PNG renamed .xlsx',
      () => write('image.xlsx', png),
      /^Le fichier « image\.xlsx » n’est pas un classeur Excel lisible\.$/m,
    ],
    [
      'empty file',
      () => write('vide.csv', Buffer.alloc(0)),
      /^Le fichier « vide\.csv » est vide\.$/m,
    ],
    [
      'CSV without the required headers',
      () => write('autre.csv', Buffer.from('Nom;Prix\nPain;3\n')),
      /Colonnes obligatoires manquantes[\s\S]*^Aucun besoin valide dans « autre\.csv »/m,
    ],
    ['.xls file', () => write('ancien.xls', Buffer.from('x')), /Excel 97-2003 \(\.xls\)/],
  ])('%s: exit 1 with a French message', async (_name, file, message) => {
    const run = await cli('match', file(), '-o', join(dir, 'r.xlsx'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('asks for -o', async () => {
    const run = await cli('match', join(FIXTURES, 'harnes-2019.csv'));
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Indiquez le fichier du rapport à écrire avec -o <rapport.xlsx>.',
    );
  });

  it('says when the report cannot be written', async () => {
    const folder = join(dir, 'dossier.xlsx');
    mkdirSync(folder);
    const run = await cli('match', join(FIXTURES, 'harnes-2019.csv'), '-o', folder);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `Impossible d’écrire le rapport « ${folder} » (EISDIR).`,
    );
  });

  it('validates a --catalogue file and names the faulty field', async () => {
    const bad = makeCatalogue() as unknown as { suppliers: Record<string, unknown>[] };
    bad.suppliers[0]!['kind'] = 'SARL';
    const path = write('catalogue.json', Buffer.from(JSON.stringify(bad)));
    const run = await cli(
      'match',
      join(FIXTURES, 'harnes-2019.csv'),
      '-o',
      join(dir, 'r.xlsx'),
      '--catalogue',
      path,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('suppliers.0.kind : valeur non admise');
    expect(run.stderr).toContain(
      'Le catalogue « catalogue.json » ne respecte pas le format',
    );
  });

  function write(name: string, bytes: Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }
});

describe('passerelle match --catalogue with a valid file', () => {
  it('matches against that catalogue only', async () => {
    const path = join(dir, 'petit-catalogue.json');
    writeFileSync(path, JSON.stringify(makeCatalogue()));
    copyFileSync(join(FIXTURES, 'harnes-2019.csv'), join(dir, 'plan.csv'));
    const report = join(dir, 'petit.xlsx');
    const run = await cli(
      'match',
      join(dir, 'plan.csv'),
      '-o',
      report,
      '--catalogue',
      path,
    );
    expect(run.code).toBe(0);
    const suppliers = await rowsOf(report, 'Fournisseurs');
    const allowed = makeCatalogue().suppliers.map((s) => s.name);
    expect(suppliers.every((s) => allowed.includes(String(s['Fournisseur'])))).toBe(true);
  });
});

describe('passerelle places', () => {
  it('prints the commune of a postcode', async () => {
    const run = await cli('places', '62440');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('INSEE 62413');
  });

  it('exits 1 for an unknown place', async () => {
    const run = await cli('places', 'Zzyzx-sur-Mer');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('introuvable');
  });

  it('prints each site of a text naming several', async () => {
    const run = await cli('places', 'Harnes ; Lens');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      '2 sites de livraison :',
      '1er site « Harnes » : Harnes (62440) (INSEE 62413, dép. 62) : 50,45223 ; 2,90355',
      '2e site « Lens » : Lens (62300) (INSEE 62498, dép. 62) : 50,43954 ; 2,81910',
    ]);
  });

  it('lists the homonyms of an ambiguous site and exits 1 for an unknown one', async () => {
    const run = await cli('places', 'Saint-Denis / Zzyzx-sur-Mer');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^1er site « Saint-Denis » : « Saint-Denis » est ambigu ; \d+ lieux/m,
    );
    expect(run.stderr).toContain(
      '2e site « Zzyzx-sur-Mer » : Lieu « Zzyzx-sur-Mer » introuvable',
    );
  });

  it('keeps coordinates « 50,45 ; 2,90 » as one place', async () => {
    const run = await cli('places', '50,45 ; 2,90');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('sites de livraison');
  });
});
