/**
 * The sync as the screens and the CLI reach it: the IPC channels of
 * createServices and `passerelle catalogue add-source|sync|sources|log`,
 * against a feed built from the real catalogue and served on 127.0.0.1.
 */
import {
  mkdirSync,
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
import { buildFeed } from '../../main/services/feed/build-feed';
import { createServices, type Services } from '../../main/services/create-services';
import { DATABASE_FILE_NAME } from '../../main/services/resource-paths';
import type { Catalogue, Supplier } from '../../shared/model';
import {
  startMisbehavingServer,
  type MisbehavingServer,
} from '../helpers/misbehaving-server';
import { runPasserelle, type CliRun } from '../helpers/run-passerelle';

const catalogue = JSON.parse(
  readFileSync(resolve('resources/catalogue.json'), 'utf8'),
) as Catalogue;

/** A valid SIRET (Luhn) from 13 digits: the 14th is the check digit. */
function withCheckDigit(first13: string): string {
  for (let d = 0; d <= 9; d++) {
    const siret = `${first13}${d}`;
    const sum = [...siret].reverse().reduce((acc, ch, i) => {
      const n = Number(ch) * (i % 2 === 1 ? 2 : 1);
      return acc + (n > 9 ? n - 9 : n);
    }, 0);
    if (sum % 10 === 0) return siret;
  }
  throw new Error('no check digit');
}

/** Two suppliers that are not in the embedded catalogue: copies with new SIRETs, 5 km north. */
function newcomers(): Supplier[] {
  return catalogue.suppliers.slice(0, 2).map((s, i) => {
    const siret = withCheckDigit(`9999900000${String(i).padStart(3, '0')}`);
    return {
      ...s,
      id: `siret-${siret}`,
      siret,
      name: `${s.name} (antenne ${i + 1})`,
      location: { lat: s.location.lat + 0.045, lon: s.location.lon },
    };
  });
}

let dir: string;
let server: MisbehavingServer;
let savedNoProxy: string | undefined;

function serveFeed(folder: string): void {
  for (const name of ['feed.json', 'snapshot-1.json']) {
    server.route(`/flux/${name}`, {
      kind: 'serve',
      body: readFileSync(join(folder, name)),
      contentType: 'application/json',
      gzip: true,
      etag: `"${name}-1"`,
    });
  }
}

beforeAll(async () => {
  savedNoProxy = process.env['NO_PROXY'];
  process.env['NO_PROXY'] = '127.0.0.1,localhost';
  dir = mkdtempSync(join(tmpdir(), 'passerelle-sync-channels-'));
  const input = join(dir, 'fournisseurs.json');
  writeFileSync(
    input,
    JSON.stringify({ ...catalogue, suppliers: [...catalogue.suppliers, ...newcomers()] }),
  );
  await buildFeed({ input, outputDir: join(dir, 'flux'), title: 'Flux de test' });
  server = await startMisbehavingServer();
  serveFeed(join(dir, 'flux'));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedNoProxy === undefined) delete process.env['NO_PROXY'];
  else process.env['NO_PROXY'] = savedNoProxy;
});

describe('sync channels', () => {
  let services: Services;
  const http = { timeoutMs: 2000, retries: 1, backoffMs: 10 };

  beforeAll(async () => {
    services = await createServices({ databasePath: join(dir, 'services.sqlite'), http });
  });
  afterAll(() => services.close());

  it('adds a feed, syncs it in the background and merges by SIRET', async () => {
    const sources = await services['sync:save-source']({
      id: 'flux-test',
      kind: 'passerelle-feed',
      name: 'Flux de test',
      url: server.url('/flux/feed.json'),
      enabled: true,
      licence: 'Licence Ouverte',
    });
    expect(sources.map((s) => [s.config.id, s.supplierCount])).toEqual([
      ['embedded', catalogue.suppliers.length],
      ['flux-test', 0],
    ]);
    const started = await services['sync:start']({});
    expect(started.running).toBe(true);
    await expect(services['sync:start']({})).rejects.toThrow(
      'Une synchronisation est déjà en cours : attendez sa fin ou annulez-la.',
    );
    await services.syncJobs.settled();
    const state = await services['sync:state']();
    expect(state.running).toBe(false);
    // The feed holds the 3,862 embedded suppliers (same SIRETs: merged) and 2 new ones.
    const total = catalogue.suppliers.length + 2;
    expect(state.finished.map((e) => [e.status, e.added, e.message])).toEqual([
      [
        'ok',
        total,
        `« Flux de test » synchronisée : ${total.toLocaleString('fr-FR')} ajoutés, 0 modifié, ` +
          `0 retiré. Le catalogue compte ${total.toLocaleString('fr-FR')} fournisseurs.`,
      ],
    ]);
    const summary = await services['catalogue:summary']();
    expect(summary.supplierCount).toBe(total);
    // What the buyer matches against: the embedded catalogue plus the feed at its cursor.
    const feedIndex = JSON.parse(
      readFileSync(join(dir, 'flux', 'feed.json'), 'utf8'),
    ) as {
      cursor: string;
    };
    expect(summary.version).toBe(`${catalogue.version} + flux-test@${feedIndex.cursor}`);
    const found = await services['catalogue:search']({ text: 'antenne', limit: 5000 });
    expect(found.hits.map((h) => h.siret)).toEqual(
      expect.arrayContaining(newcomers().map((s) => s.siret)),
    );
  });

  it('a second sync is « à jour » thanks to the ETag, and the log has both', async () => {
    services['sync:start']({ sourceIds: ['flux-test'] });
    await services.syncJobs.settled();
    const log = await services['sync:log']({ limit: 10 });
    expect(log.map((e) => [e.sourceId, e.status])).toEqual([
      ['flux-test', 'unchanged'],
      ['flux-test', 'ok'],
    ]);
    const conditional = server.requests('/flux/feed.json').at(-1);
    expect(conditional?.headers['if-none-match']).toBe('"feed.json-1"');
  });

  it('a failed sync keeps the catalogue and says so', async () => {
    server.route('/flux/feed.json', { kind: 'status', status: 500 });
    services['sync:start']({ sourceIds: ['flux-test'] });
    await services.syncJobs.settled();
    const [entry] = (await services['sync:state']()).finished;
    expect(entry?.status).toBe('failed');
    expect(entry?.message).toBe(
      `« Flux de test » : Le serveur a répondu 500 (erreur interne du serveur) pour ${server.url('/flux/feed.json')} ` +
        '(2 tentatives). Le catalogue local reste tel qu’il était.',
    );
    expect((await services['catalogue:summary']()).supplierCount).toBe(
      catalogue.suppliers.length + 2,
    );
    // The source says when its data last came in: the « déjà à jour » sync before.
    const [, previous] = await services['sync:log']({ limit: 2 });
    const source = (await services['sync:sources']()).find(
      (s) => s.config.id === 'flux-test',
    );
    expect(source?.lastStatus).toBe('failed');
    expect(previous?.status).toBe('unchanged');
    expect(source?.lastSuccessAt).toBe(previous?.endedAt);
    serveFeed(join(dir, 'flux'));
  });

  it('exports the local catalogue and imports it back as a catalogue file', async () => {
    const file = await services['catalogue:export']({ publisher: 'Test' });
    expect(file.name).toMatch(/^catalogue-passerelle-\d{4}-\d{2}-\d{2}\.passerelle$/);
    const entry = await services['catalogue:import-file'](file);
    expect(entry.status).toBe('ok');
    expect(entry.added).toBe(catalogue.suppliers.length + 2);
    expect((await services['catalogue:summary']()).supplierCount).toBe(
      catalogue.suppliers.length + 2,
    );
    const broken = Buffer.from(file.base64, 'base64');
    const at = broken.length - 12;
    broken[at] = (broken[at] ?? 0) ^ 0xff;
    await expect(
      services['catalogue:import-file']({
        name: 'abime.passerelle',
        base64: broken.toString('base64'),
      }),
    ).rejects.toThrow('abime.passerelle');
    const fileSource = (await services['sync:sources']()).find(
      (s) => s.config.id === 'catalogue-file',
    );
    expect(fileSource?.lastStatus).toBe('ok');
    const [failed] = await services['sync:log']({ limit: 1 });
    expect(failed?.status).toBe('failed');
    expect(failed?.message).toContain('Le catalogue local reste tel qu’il était.');
  });
});

describe('sources as the screen sees them', () => {
  let services: Services;
  beforeAll(async () => {
    services = await createServices({
      databasePath: null,
      dataDir: null,
      http: { timeoutMs: 2000, retries: 0, backoffMs: 10 },
    });
  });
  afterAll(() => services.close());

  it('never sends an API token to the screen, and keeps it when saved back blank', async () => {
    server.route('/api/siaes/', {
      kind: 'serve',
      body: JSON.stringify({ count: 0, next: null, previous: null, results: [] }),
      contentType: 'application/json',
    });
    const api = {
      id: 'api-test',
      kind: 'inclusion-api' as const,
      name: 'API de test',
      url: server.url('/api/siaes/'),
      token: 'secret-123',
      enabled: true,
      licence: 'Licence Ouverte',
    };
    const listed = await services['sync:save-source'](api);
    const shown = listed.find((s) => s.config.id === 'api-test')?.config;
    expect(shown).toEqual({ ...api, token: '' });
    expect(JSON.stringify(listed)).not.toContain('secret-123');
    // The screen toggles « activée » and saves back the config it was given.
    await services['sync:save-source']({ ...api, token: '', enabled: false });
    await services['sync:save-source']({ ...api, token: '', enabled: true });
    services['sync:start']({ sourceIds: ['api-test'] });
    await services.syncJobs.settled();
    const sent = server.requests().filter((r) => r.path.startsWith('/api/siaes/'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.headers['authorization'] === 'Token secret-123')).toBe(
      true,
    );
  });

  it('keeps the ids of its own sources for itself', async () => {
    await expect(
      services['sync:save-source']({
        id: 'catalogue-file',
        kind: 'passerelle-feed',
        name: 'Mon flux',
        url: 'https://exemple.org/feed.json',
        enabled: true,
        licence: 'Licence Ouverte',
      }),
    ).rejects.toThrow(
      'L’identifiant « catalogue-file » est réservé à Passerelle : choisissez-en un autre.',
    );
  });

  it('refuses an address that is not http(s)', async () => {
    await expect(
      services['sync:save-source']({
        id: 'flux-ftp',
        kind: 'passerelle-feed',
        name: 'Flux FTP',
        url: 'ftp://exemple.org/feed.json',
        enabled: true,
        licence: 'Licence Ouverte',
      }),
    ).rejects.toThrow(
      'L’adresse « ftp://exemple.org/feed.json » de la source « Flux FTP » doit ' +
        'commencer par http:// ou https://.',
    );
  });
});

describe('passerelle catalogue add-source | sync | sources | log', () => {
  function cli(...args: string[]): Promise<CliRun> {
    return runPasserelle(args, { dataDir: join(dir, 'cli-data') });
  }

  it('syncs a feed from the command line and lists it', async () => {
    const added = await cli(
      'catalogue',
      'add-source',
      'flux-test',
      '--flux',
      server.url('/flux/feed.json'),
      '--nom',
      'Flux de test',
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      'Source enregistrée : flux-test\tFlux Passerelle\t« Flux de test »',
    );
    const sync = await cli('catalogue', 'sync');
    expect(sync.code).toBe(0);
    const total = (catalogue.suppliers.length + 2).toLocaleString('fr-FR');
    expect(sync.stdout.trim()).toBe(
      `« Flux de test » synchronisée : ${total} ajoutés, 0 modifié, 0 retiré. ` +
        `Le catalogue compte ${total} fournisseurs.`,
    );
    const sources = await cli('catalogue', 'sources');
    expect(sources.stdout).toMatch(
      /flux-test\tFlux Passerelle\t« Flux de test »\t3\u202f864 fiche\(s\)\tdernière synchronisation : \d\d\/\d\d\/\d{4} \d\d:\d\d \(réussie\)/u,
    );
    const log = await cli('catalogue', 'log');
    expect(log.stdout).toMatch(/\tFlux de test\tréussie\t« Flux de test » synchronisée/u);

    // match uses the embedded catalogue alone, unless --local asks for the synced one.
    const plan = join(dir, 'plan-local.csv');
    writeFileSync(plan, 'Intitulé;Code CPV;Lieu de livraison\nTonte;77310000-6;Harnes\n');
    const versionIn = async (report: string): Promise<string> => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(report);
      let version = '';
      workbook.getWorksheet('Synthèse')?.eachRow((row) => {
        if (row.getCell(1).text === 'Version du catalogue') version = row.getCell(2).text;
      });
      return version;
    };
    const embedded = join(dir, 'rapport-integre.xlsx');
    expect((await cli('match', plan, '-o', embedded)).code).toBe(0);
    expect(await versionIn(embedded)).toBe(catalogue.version);
    const local = join(dir, 'rapport-local.xlsx');
    expect((await cli('match', plan, '-o', local, '--local')).code).toBe(0);
    expect(await versionIn(local)).toMatch(
      new RegExp(`^${catalogue.version.replace(/\./g, '\\.')} \\+ flux-test@1-`),
    );
  });

  it('says the records kept with a warning, at the sync and in the log’s detail', async () => {
    const sheet = resolve('tests', 'fixtures', 'sources', 'reseau-reemploi.csv');
    const columns = [
      'name=Nom',
      'siret=SIRET',
      'kind=Type',
      'labels=Labels',
      'sectors=Secteurs',
      'street=Adresse',
      'postcode=Code postal',
      'city=Ville',
      'lat=Latitude',
      'lon=Longitude',
    ].flatMap((pair) => ['--colonne', pair]);
    const added = await cli(
      'catalogue',
      'add-source',
      'reemploi',
      '--tableur',
      sheet,
      '--nom',
      'Réseau du réemploi',
      ...columns,
    );
    expect(added.code).toBe(0);
    const sync = await cli('catalogue', 'sync', 'reemploi');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain(
      '2 avertissement(s) sur des fiches gardées (voir le détail).',
    );
    // Row 5 of the sheet: a SIREN where the SIRET goes, « Lyon 07 » placed by its postcode.
    const warnings = [
      '  avertissement : 5, champ SIRET : SIREN « 811346568 » seulement : pas ' +
        'd’établissement identifié',
      '  avertissement : 5, champ Code postal/Ville : commune « Lyon 07 » retenue par ' +
        'son seul code postal 69007 : Lyon 7e Arrondissement (69387)',
    ];
    expect(sync.stderr.trimEnd().split('\n')).toEqual(warnings);
    const log = await cli('catalogue', 'log', '--detail', '-n', '1');
    expect(log.stdout.trimEnd().split('\n').slice(1)).toEqual(warnings);
    // The next test syncs every source of this data folder.
    expect((await cli('catalogue', 'remove-source', 'reemploi')).code).toBe(0);
  });

  it('a sheet none of whose rows can be kept: each refusal said, and kept in the log', async () => {
    const sheet = join(dir, 'communes-seules.csv');
    writeFileSync(
      sheet,
      'Nom;Commune\nFournisseur Lens;Lens\nFournisseur de Saint-Denis;Saint-Denis\n' +
        'Fournisseur sans lieu;\n',
    );
    const add = await cli(
      'catalogue',
      'add-source',
      'communes',
      '--tableur',
      sheet,
      '--colonne',
      'name=Nom',
      '--colonne',
      'city=Commune',
    );
    expect(add.code).toBe(0);
    // Lens is one commune of France: found by its name. The two others are refused.
    const kept = await cli('catalogue', 'sync', 'communes');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('1 ajouté, 0 modifié, 0 retiré ; 2 fiches refusées');
    writeFileSync(sheet, 'Nom;Commune\nFournisseur de Saint-Denis;Saint-Denis\n');
    const refused = await cli('catalogue', 'sync', 'communes');
    expect(refused.code).not.toBe(0);
    const lines = refused.stderr.trimEnd().split('\n');
    // Four communes of the COG bear the name: in the Aude, the Gard, Seine-Saint-Denis, La Réunion.
    expect(lines[0]).toBe(
      '  refusé : 2, champ code postal/Commune : pas de coordonnées, et la commune ' +
        '« Saint-Denis » est ambiguë : 4 communes portent ce nom (Saint-Denis (11), ' +
        'Saint-Denis (30), Saint-Denis (93), Saint-Denis (974)) ; indiquez son code postal',
    );
    expect(lines.at(-1)).toContain(
      'n’a donné aucun fournisseur utilisable (1 lus, 1 refusés).',
    );
    const log = await cli('catalogue', 'log', '--detail', '-n', '1');
    expect(log.stdout.trimEnd().split('\n')[1]).toBe(lines[0]);
    expect((await cli('catalogue', 'remove-source', 'communes')).code).toBe(0);
  });

  it('catalogue log: an empty log says so, a bad line count is refused', async () => {
    const empty = await runPasserelle(['catalogue', 'log'], {
      dataDir: join(dir, 'cli-data-vide'),
    });
    expect(empty.stdout.trim()).toBe('Aucune synchronisation pour l’instant.');
    for (const count of ['abc', '0', '-1', '1.5', '501']) {
      const run = await cli('catalogue', 'log', '-n', count);
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim()).toBe(
        `Nombre de lignes « ${count} » illisible : indiquez un entier de 1 à 500.`,
      );
    }
  });

  it('exits non-zero with the French reason when the server is gone', async () => {
    server.route('/flux/feed.json', { kind: 'status', status: 404 });
    const sync = await cli('catalogue', 'sync');
    expect(sync.code).not.toBe(0);
    expect(sync.stderr).toContain('Le catalogue local reste tel qu’il était.');
    expect(sync.stdout).toBe('');
    serveFeed(join(dir, 'flux'));
  });
});

describe('downloads left by a killed process', () => {
  it('are removed when the services start on that data folder', async () => {
    const dataDir = join(dir, 'left-downloads');
    const downloads = join(dataDir, 'telechargements');
    mkdirSync(downloads, { recursive: true });
    writeFileSync(join(downloads, 'telechargement-1234.part'), 'à moitié');
    const services = await createServices({
      databasePath: join(dataDir, DATABASE_FILE_NAME),
    });
    try {
      expect(readdirSync(downloads)).toEqual([]);
    } finally {
      services.close();
    }
  });
});
