/**
 * The buyer's mapping of a GoGoCarto map's categories, through the services
 * the screens call and the command line: a map of the 100 real Transiscope
 * elements around Niort (tests/fixtures/sources/gogocarto-elements.json)
 * served from 127.0.0.1, synced with no mapping; its categories listed with
 * their element counts; one category mapped to a sector and a label; synced
 * again, its suppliers carry them.
 *
 * Expected values come from the fixture file, read here apart from the app:
 * a category counts the elements that carry it (once per element). The
 * category « Fabriquer, réparer, zéro déchets » is carried by 5 elements
 * (Repair Café - Benet, Emmaüs - Communauté de Niort, Atoubois, Repair café,
 * centre socioculturel le kiosque), all placed, so 5 records change when it
 * is mapped; « RERS Fontenay Lecomte » carries only « Économie Sociale et
 * Solidaire » and « Systèmes d'échange alternatifs », left unmapped.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../shared/feed/sync-types';
import type { MapCategory, SupplierHit } from '../../../shared/ipc';
import { createServices, type Services } from '../../../main/services/create-services';
import { DATABASE_FILE_NAME } from '../../../main/services/resource-paths';
import {
  startMisbehavingServer,
  type MisbehavingServer,
} from '../../helpers/misbehaving-server';
import { runPasserelle, type CliRun } from '../../helpers/run-passerelle';

const FIXTURE = resolve('tests/fixtures/sources/gogocarto-elements.json');
const elements = (
  JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
    data: { id: string; name: string; categories: (string | { name: string })[] }[];
  }
).data;

const MAP_ID = 'transiscope-niort';
const MAP_NAME = 'Transiscope autour de Niort';
const REPAIR = 'Fabriquer, réparer, zéro déchets';
/** « Autre (Réparation) » in the taxonomy (resources/catalogue.json). */
const REPAIR_SECTOR = 124;
const HTTP = { timeoutMs: 2_000, retries: 0, backoffMs: 10 };
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY'];
const NO_PROXY_VARIABLES = ['no_proxy', 'NO_PROXY'];
const savedEnv = new Map<string, string | undefined>();

/** Category names of an element as the fixture writes them. */
function namesOf(element: (typeof elements)[number]): Set<string> {
  return new Set(element.categories.map((c) => (typeof c === 'string' ? c : c.name)));
}

/** Every category of the fixture with the elements that carry it, most used first. */
function categoriesOfFixture(): { category: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const element of elements) {
    for (const name of namesOf(element)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([category, count]) => ({ category, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category, 'fr'));
}

let root: string;
let server: MisbehavingServer;

function mapConfig(overrides: Partial<SourceConfig> = {}): SourceConfig {
  return {
    kind: 'gogocarto',
    id: MAP_ID,
    name: MAP_NAME,
    enabled: true,
    licence: 'Aucune licence indiquée par la carte',
    url: server.url('/carte/'),
    mapping: [],
    ...overrides,
  } as SourceConfig;
}

async function syncMap(services: Services): Promise<void> {
  await services['sync:start']({ sourceIds: [MAP_ID] });
  await services.syncJobs.settled();
}

/** The one supplier the keyword finds. */
async function hitNamed(services: Services, name: string): Promise<SupplierHit> {
  const found = await services['catalogue:search']({ text: name, limit: 50 });
  const hits = found.hits.filter((hit) => hit.name === name);
  expect(hits).toHaveLength(1);
  return hits[0] as SupplierHit;
}

beforeAll(async () => {
  for (const name of [...PROXY_VARIABLES, ...NO_PROXY_VARIABLES]) {
    savedEnv.set(name, process.env[name]);
  }
  // The map on 127.0.0.1 is reached directly, whatever proxy this machine uses.
  for (const name of PROXY_VARIABLES) delete process.env[name];
  for (const name of NO_PROXY_VARIABLES) process.env[name] = '127.0.0.1,localhost';
  root = mkdtempSync(join(tmpdir(), 'passerelle-gogocarto-mapping-'));
  server = await startMisbehavingServer();
  server.route('/carte/api/elements.json', {
    kind: 'serve',
    body: readFileSync(FIXTURE),
    contentType: 'application/json',
  });
});

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('the categories of a GoGoCarto map and their mapping, through the services', () => {
  const databasePath = (): string => join(root, 'services.sqlite');
  let services: Services;

  beforeAll(async () => {
    services = await createServices({ databasePath: databasePath(), http: HTTP });
  });
  afterAll(() => services?.close());

  it('knows no category before the first sync, and only maps have categories', async () => {
    await services['sync:save-source'](mapConfig());
    expect(await services['sync:categories'](MAP_ID)).toEqual([]);
    await expect(services['sync:categories']('embedded')).rejects.toThrow(
      'La source « Catalogue embarqué » n’est pas une carte GoGoCarto : elle n’a pas ' +
        'de catégories à faire correspondre.',
    );
    await expect(services['sync:categories']('carte-inconnue')).rejects.toThrow(
      'La source « carte-inconnue » n’existe pas.',
    );
  });

  it('after a sync with no mapping, lists every category with its element count', async () => {
    await syncMap(services);
    const [entry] = (await services['sync:state']()).finished;
    expect(entry?.status).toBe('ok');
    const expected = categoriesOfFixture().map((c): MapCategory => ({
      ...c,
      sectorIds: [],
      labels: [],
    }));
    // 17 categories; the two most used, and the one mapped below, by hand.
    expect(expected).toHaveLength(17);
    expect(expected.slice(0, 2)).toEqual([
      { category: 'Agriculture et alimentation', count: 51, sectorIds: [], labels: [] },
      {
        category: 'Écologie, Alimentation, Énergie',
        count: 51,
        sectorIds: [],
        labels: [],
      },
    ]);
    expect(expected).toContainEqual({
      category: REPAIR,
      count: 5,
      sectorIds: [],
      labels: [],
    });
    expect(await services['sync:categories'](MAP_ID)).toEqual(expected);
    // No mapping: the map's suppliers come without sector nor label.
    const atoubois = await hitNamed(services, 'Atoubois');
    expect([atoubois.sectors, atoubois.labels]).toEqual([[], []]);
  });

  it('keeps the categories in the database file the sync saved', async () => {
    const reopened = await createServices({
      databasePath: databasePath(),
      dataDir: join(root, 'autre-dossier'),
      http: HTTP,
    });
    try {
      expect(await reopened['sync:categories'](MAP_ID)).toEqual(
        await services['sync:categories'](MAP_ID),
      );
    } finally {
      reopened.close();
    }
  });

  it('refuses a mapping to a sector or a label that does not exist, naming it', async () => {
    await expect(
      services['sync:save-source'](
        mapConfig({ mapping: [{ category: REPAIR, sectorIds: [999], labels: [] }] }),
      ),
    ).rejects.toThrow(
      `La correspondance des catégories de « ${MAP_NAME} », catégorie « ${REPAIR} » : ` +
        'le secteur « 999 » n’existe pas.',
    );
    await expect(
      services['sync:save-source'](
        mapConfig({
          mapping: [
            // A label the app does not know, as a hand-written request could send it.
            { category: REPAIR, sectorIds: [], labels: ['durable' as 'bio'] },
          ],
        }),
      ),
    ).rejects.toThrow(
      `La correspondance des catégories de « ${MAP_NAME} », catégorie « ${REPAIR} » : ` +
        'le label « durable » n’existe pas.',
    );
    // Nothing saved: the category is still unmapped.
    const repair = (await services['sync:categories'](MAP_ID)).find(
      (c) => c.category === REPAIR,
    );
    expect(repair).toEqual({ category: REPAIR, count: 5, sectorIds: [], labels: [] });
  });

  it('a category mapped then synced again: its suppliers carry the sector and the label', async () => {
    await services['sync:save-source'](
      mapConfig({
        mapping: [{ category: REPAIR, sectorIds: [REPAIR_SECTOR], labels: ['reemploi'] }],
      }),
    );
    await syncMap(services);
    const [entry] = (await services['sync:state']()).finished;
    const inRepair = elements.filter((e) => namesOf(e).has(REPAIR));
    expect(inRepair.map((e) => e.name)).toContain('Atoubois');
    expect(entry).toMatchObject({
      status: 'ok',
      added: 0,
      changed: inRepair.length,
      removed: 0,
    });

    const atoubois = await hitNamed(services, 'Atoubois');
    expect(atoubois.sectors).toEqual(['Autre (Réparation)']);
    expect(atoubois.labels).toEqual(['reemploi']);
    const inSector = await services['catalogue:search']({
      sectorId: REPAIR_SECTOR,
      label: 'reemploi',
      limit: 500,
    });
    for (const element of inRepair) {
      expect(inSector.hits.map((hit) => hit.name)).toContain(element.name);
    }
    // A supplier of the map outside the category stays without sector.
    const rers = await hitNamed(services, 'RERS Fontenay Lecomte');
    expect([rers.sectors, rers.labels]).toEqual([[], []]);

    // The editor now reads the mapping on that category, the counts unchanged.
    const categories = await services['sync:categories'](MAP_ID);
    expect(categories).toEqual(
      categoriesOfFixture().map((c) =>
        c.category === REPAIR
          ? { ...c, sectorIds: [REPAIR_SECTOR], labels: ['reemploi'] }
          : { ...c, sectorIds: [], labels: [] },
      ),
    );
  });

  it('forgets the categories when the map moves to another address, or is removed', async () => {
    const sources = await services['sync:save-source'](
      mapConfig({ name: 'Transiscope (Niort)' }),
    );
    expect(sources.find((s) => s.config.id === MAP_ID)?.config.name).toBe(
      'Transiscope (Niort)',
    );
    expect(await services['sync:categories'](MAP_ID)).toHaveLength(17);
    await services['sync:save-source'](mapConfig({ url: server.url('/autre-carte/') }));
    expect(await services['sync:categories'](MAP_ID)).toEqual([]);

    await services['sync:save-source'](mapConfig());
    await syncMap(services);
    expect(await services['sync:categories'](MAP_ID)).toHaveLength(17);
    await services['sync:remove-source'](MAP_ID);
    await services['sync:save-source'](mapConfig());
    expect(await services['sync:categories'](MAP_ID)).toEqual([]);
  });
});

describe('passerelle catalogue add-source --gogocarto … --categorie', () => {
  const dataDir = (): string => join(root, 'cli-data');

  function cli(...args: string[]): Promise<CliRun> {
    return runPasserelle(args, { dataDir: dataDir() });
  }

  /** The map's mapping as the CLI saved it in its database. */
  async function savedMapping(): Promise<unknown> {
    const services = await createServices({
      databasePath: join(dataDir(), DATABASE_FILE_NAME),
    });
    try {
      const map = (await services['sync:sources']()).find((s) => s.config.id === MAP_ID);
      return map?.config.kind === 'gogocarto' ? map.config.mapping : null;
    } finally {
      services.close();
    }
  }

  it('saves the mapping of each --categorie', async () => {
    const added = await cli(
      'catalogue',
      'add-source',
      MAP_ID,
      '--gogocarto',
      server.url('/carte/'),
      '--nom',
      MAP_NAME,
      '--categorie',
      `${REPAIR}=secteurs:124,138;labels:reemploi`,
      '--categorie',
      'Économie Sociale et Solidaire=labels:ess',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Source enregistrée : ${MAP_ID}\tCarte GoGoCarto`);
    expect(added.stdout).toContain(
      `  catégorie « ${REPAIR} » : secteurs 124, 138 ; labels reemploi\n` +
        '  catégorie « Économie Sociale et Solidaire » : labels ess\n',
    );
    expect(await savedMapping()).toEqual([
      { category: REPAIR, sectorIds: [124, 138], labels: ['reemploi'] },
      { category: 'Économie Sociale et Solidaire', sectorIds: [], labels: ['ess'] },
    ]);
  });

  it('saved again without --categorie, the map keeps its mapping', async () => {
    const renamed = await cli(
      'catalogue',
      'add-source',
      MAP_ID,
      '--gogocarto',
      server.url('/carte/'),
      '--nom',
      'Transiscope (Niort)',
    );
    expect(renamed.code).toBe(0);
    expect(await savedMapping()).toEqual([
      { category: REPAIR, sectorIds: [124, 138], labels: ['reemploi'] },
      { category: 'Économie Sociale et Solidaire', sectorIds: [], labels: ['ess'] },
    ]);
  });

  it('lists the categories the map used, with their mapping, after a sync', async () => {
    expect((await cli('catalogue', 'sync', MAP_ID)).code).toBe(0);
    const listed = await cli('catalogue', 'categories', MAP_ID);
    expect(listed.code).toBe(0);
    // 5 elements of the fixture carry « Fabriquer, réparer, zéro déchets » (see above).
    expect(listed.stdout).toContain(
      `${REPAIR}\t5 élément(s)\tsecteurs : 124,138\tlabels : reemploi\n`,
    );
    expect(listed.stdout).toContain(
      'Agriculture et alimentation\t51 élément(s)\tsecteurs : —',
    );
  });

  it.each([
    [
      'Réemploi=labels:bio,durable',
      'Catégorie « Réemploi » : le label « durable » n’existe pas (labels possibles : ' +
        'insertion, handicap, ess, esus, scop, scic, bio, commerce-equitable, local, reemploi).',
    ],
    [
      'Réemploi=secteurs:124,douze',
      'Catégorie « Réemploi » : le secteur « douze » n’est pas un numéro de secteur ' +
        '(par exemple 148).',
    ],
    [
      'Réemploi=secteurs:999',
      `La correspondance des catégories de « ${MAP_NAME} », catégorie « Réemploi » : ` +
        'le secteur « 999 » n’existe pas.',
    ],
    [
      'Réemploi=secteur 124',
      'Catégorie « Réemploi » : « secteur 124 » n’est ni « secteurs:… » ni « labels:… » ' +
        '(exemple : --categorie "Nom de catégorie=secteurs:148,12;labels:local,bio").',
    ],
    [
      'Réemploi',
      'Catégorie « Réemploi » illisible : écrivez --categorie ' +
        '"Nom de catégorie=secteurs:148,12;labels:local,bio".',
    ],
  ])(
    'refuses --categorie "%s" with a French message naming the value',
    async (value, message) => {
      const refused = await cli(
        'catalogue',
        'add-source',
        MAP_ID,
        '--gogocarto',
        server.url('/carte/'),
        '--nom',
        MAP_NAME,
        '--categorie',
        value,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(message);
    },
  );

  it('refuses --categorie for a source that is not a map', async () => {
    const refused = await cli(
      'catalogue',
      'add-source',
      'flux-test',
      '--flux',
      server.url('/flux/feed.json'),
      '--categorie',
      `${REPAIR}=labels:reemploi`,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'L’option --categorie ne vaut que pour une carte GoGoCarto (--gogocarto <url>).',
    );
  });
});
