/**
 * A GoGoCarto map served from 127.0.0.1: the 100 real Transiscope elements
 * around Niort (tests/fixtures/sources/gogocarto-elements.json), mapped to
 * suppliers through a category mapping. Expected records are worked out by
 * hand from the elements, resources/communes.json and the sectors' CPV codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CategoryMapping } from '../../../shared/feed/sync-types';
import type { Supplier } from '../../../shared/model';
import {
  readGoGoCarto,
  type GoGoCartoConfig,
  type GoGoCartoReadResult,
} from '../../../main/services/sync/sources/gogocarto';
import { UserError } from '../../../main/services/user-error';
import {
  fetchGetJson,
  realSourceContext,
  sendJson,
  sourceFixture,
  startJsonServer,
  type JsonServer,
} from './source-test-kit';

const elements = sourceFixture<{ ontology: string; data: unknown[] }>(
  'gogocarto-elements.json',
);

const MAPPING: CategoryMapping[] = [
  { category: 'agriculture et alimentation', sectorIds: [148], labels: ['local'] },
  // "Autre (Réparation)" and "Autre (Recyclage)".
  {
    category: 'fabriquer reparer zero dechets',
    sectorIds: [124, 138],
    labels: ['reemploi'],
  },
  { category: 'economie sociale et solidaire', sectorIds: [], labels: ['ess'] },
];

/**
 * The Transiscope extract hides contacts: two of its elements with the
 * `email` and `telephone` fields a map that shows them gives (addresses on
 * example.org and numbers written by the test).
 */
function withContacts(): unknown[] {
  const element = (name: string): Record<string, unknown> => {
    const found = elements.data.find(
      (e) => (e as { name?: string }).name === name,
    ) as Record<string, unknown>;
    return { ...found };
  };
  return [
    {
      ...element('Atoubois'),
      email: ' mailto:Atelier@Atoubois.example.org ',
      telephone: '0549123456',
    },
    { ...element('La friperie trio'), email: 'friperie(at)example.org', telephone: '' },
  ];
}

const LICENCE = 'Aucune licence indiquée par la carte';
const DATASET = 'Transiscope autour de Niort';

let server: JsonServer;
let result: GoGoCartoReadResult;

function config(url: string, mapping = MAPPING): GoGoCartoConfig {
  return {
    kind: 'gogocarto',
    id: 'transiscope-niort',
    name: DATASET,
    enabled: true,
    licence: LICENCE,
    url,
    mapping,
  };
}

function byName(name: string): Supplier | undefined {
  return result.records.find((record) => record.name === name);
}

beforeAll(async () => {
  server = await startJsonServer((request, response) => {
    if (request.url.pathname === '/api/elements.json') sendJson(response, 200, elements);
    else if (request.url.pathname === '/contacts/api/elements.json') {
      sendJson(response, 200, { data: withContacts() });
    } else if (request.url.pathname === '/pas-une-carte/api/elements.json') {
      sendJson(response, 200, { message: 'Bienvenue' });
    } else sendJson(response, 404, { error: 'introuvable' });
  });
  const deps = { ...(await realSourceContext()), getJson: fetchGetJson };
  result = await readGoGoCarto(config(`${server.origin}/`), deps);
});

afterAll(() => server.close());

describe('readGoGoCarto', () => {
  it('asks the map’s elements API once, from the map’s address', () => {
    expect(server.requests.map((r) => r.url.pathname)).toEqual(['/api/elements.json']);
    expect(server.requests[0]?.headers['accept']).toBe('application/json');
  });

  it('keeps 99 of the 100 elements and rejects the one with neither position nor commune', () => {
    expect(result.read).toBe(100);
    expect(result.records).toHaveLength(99);
    expect(result.rejected).toEqual([
      {
        sourceId: 'transiscope-niort',
        recordId: '3rJB',
        field: 'geo',
        reason: 'pas de coordonnées, et pas de commune : position inconnue',
      },
    ]);
  });

  it('maps « Atoubois » (ESS, Fabriquer, réparer, zéro déchets) to sectors, labels and kind', () => {
    expect(byName('Atoubois')).toEqual({
      // "3qv6" read in base 62 after a leading 1: ((((1·62+3)·62+26)·62+31)·62+6).
      id: 'transiscope-niort-15593192',
      siret: null,
      name: 'Atoubois',
      brand: null,
      kind: 'ESS',
      labels: ['ess', 'reemploi'],
      naf: null,
      sectorIds: [124, 138],
      cpv: ['50000000', '90514000'],
      description: 'Atelier Bois Coopératif',
      website: 'https://atoubois.wordpress.com',
      address: {
        street: '175 Rue du Maréchal Leclerc',
        postcode: '79000',
        city: 'Niort',
        inseeCode: '79191',
        departement: '79',
      },
      location: { lat: 46.33502, lon: -0.45426 },
      serviceArea: null,
      offers: [],
      sources: [
        {
          dataset: DATASET,
          recordId: '3qv6',
          licence: LICENCE,
          url: 'https://presdecheznous.fr/annuaire#/fiche/id/ENs',
        },
      ],
    } satisfies Supplier);
  });

  it('takes the SIRET of a custom field: « La friperie trio » is siret-45193535700033', () => {
    expect(byName('La friperie trio')).toEqual({
      id: 'siret-45193535700033',
      siret: '45193535700033',
      name: 'La friperie trio',
      brand: null,
      kind: 'ENTREPRISE',
      labels: [],
      naf: null,
      sectorIds: [],
      cpv: [],
      description: "Une friperie d'Emmaüs.",
      website: null,
      address: {
        street: '203 rue du Maréchal Leclerc',
        postcode: '79000',
        city: 'Niort',
        inseeCode: '79191',
        departement: '79',
      },
      location: { lat: 46.33752, lon: -0.44888 },
      serviceArea: null,
      offers: [],
      sources: [
        {
          dataset: DATASET,
          recordId: '3p00',
          licence: LICENCE,
          url: 'https://presdecheznous.fr/annuaire#/fiche/id/C99',
        },
      ],
    } satisfies Supplier);
  });

  it('places an element without geo at the centre of its commune, and says so', () => {
    const shop = byName('Aux quatre saisons bio');
    // Parthenay (79202) in resources/communes.json: 46.64581, -0.23495.
    expect(shop?.location).toEqual({ lat: 46.64581, lon: -0.23495 });
    expect(shop?.address).toEqual({
      street: '31 rue Léonard de Vinci ZAC des Loges',
      postcode: '79200',
      city: 'Parthenay',
      inseeCode: '79202',
      departement: '79',
    });
    expect(shop?.sources).toEqual([
      {
        dataset: DATASET,
        recordId: '3pRz',
        licence: LICENCE,
        url: 'https://presdecheznous.fr/annuaire#/fiche/id/CeI',
        locationPrecision: 'commune-centre',
      },
    ]);
    // And « kaiku borda », Ossès (64436), whose geo (46.21265, -0.38485) is in the
    // Deux-Sèvres, 337 km away: placed at the commune too.
    expect(result.geocoded).toBe(2);
    expect(byName('kaiku borda')?.address.inseeCode).toBe('64436');
    expect(byName('kaiku borda')?.sources[0]?.locationPrecision).toBe('commune-centre');
  });

  it('maps « Agriculture et alimentation » to the producers’ sector and the local label', () => {
    const farms = result.records.filter((r) => r.sectorIds.includes(148));
    // 51 elements carry the category in the data, all with coordinates.
    expect(farms).toHaveLength(51);
    for (const farm of farms) {
      expect(farm.labels).toContain('local');
      expect(farm.cpv).toEqual(['03000000', '15000000']);
      expect(farm.kind).toBe('ENTREPRISE');
    }
  });

  it('lists the categories the mapping does not cover, with how many elements carry each', () => {
    expect(result.unmappedCategories).toEqual([
      { category: 'Écologie, Alimentation, Énergie', records: 51 },
      { category: 'éducation, formation', records: 12 },
      { category: 'Habitat et urbanisme', records: 11 },
      { category: 'Habitat, logement', records: 10 },
      { category: 'Sensibilisation', records: 9 },
      { category: 'Culture, Médias et Lien social', records: 5 },
      { category: 'Formation', records: 5 },
      { category: 'Espaces de rencontres et de lien social', records: 4 },
      { category: 'citoyenneté, droits, solidarités', records: 3 },
      { category: 'Education', records: 2 },
      { category: 'Solidarité', records: 2 },
      { category: "Systèmes d'échange alternatifs", records: 2 },
      { category: 'Citoyenneté, droits, inclusion', records: 1 },
      { category: 'Culture', records: 1 },
    ]);
  });

  it('warns when a commune is not found or a website is not an http(s) address', () => {
    // Emmaüs writes « Le prahecq » for Prahecq, whose postcode 79230 it shares.
    expect(result.warnings).toContainEqual({
      sourceId: 'transiscope-niort',
      recordId: '3pa7',
      field: 'address.postalCode/address.addressLocality',
      reason: 'la commune « 79230 Le prahecq » est introuvable (coordonnées gardées)',
    });
    expect(result.warnings).toContainEqual({
      sourceId: 'transiscope-niort',
      recordId: '3nsg',
      field: 'website',
      reason: 'site « www.lanatural.fr » ignoré : ce n’est pas une adresse http(s)',
    });
    expect(byName('LANATURAL')?.website).toBeNull();
  });

  it('keeps an element’s e-mail and telephone, and warns of an e-mail that is none', async () => {
    const deps = { ...(await realSourceContext()), getJson: fetchGetJson };
    const read = await readGoGoCarto(config(`${server.origin}/contacts`), deps);
    const [atoubois, friperie] = read.records;
    // « mailto: » and the spaces dropped; the ten digits grouped by two.
    expect(atoubois?.email).toBe('Atelier@Atoubois.example.org');
    expect(atoubois?.phone).toBe('05 49 12 34 56');
    // « (at) » instead of « @ »: no address, so no mailto: link in a report.
    expect(friperie?.name).toBe('La friperie trio');
    expect(friperie && 'email' in friperie).toBe(false);
    expect(friperie && 'phone' in friperie).toBe(false);
    expect(read.warnings).toEqual([
      {
        sourceId: 'transiscope-niort',
        recordId: '3p00',
        field: 'email',
        reason:
          'courriel « friperie(at)example.org » ignoré : ce n’est pas une adresse électronique',
      },
    ]);
  });

  it('refuses a mapping that names a sector outside the taxonomy, before any request', async () => {
    const deps = { ...(await realSourceContext()), getJson: fetchGetJson };
    const before = server.requests.length;
    const bad = [{ category: 'Culture', sectorIds: [999], labels: [] }];
    await expect(readGoGoCarto(config(server.origin, bad), deps)).rejects.toThrow(
      new UserError(
        `Correspondance des catégories de « ${DATASET} », catégorie « Culture » : le secteur 999 n’existe pas.`,
      ),
    );
    expect(server.requests).toHaveLength(before);
  });

  it('says so when the address answers something else than elements', async () => {
    const deps = { ...(await realSourceContext()), getJson: fetchGetJson };
    const url = `${server.origin}/pas-une-carte/api/elements.json`;
    await expect(readGoGoCarto(config(url), deps)).rejects.toThrow(
      `La réponse de ${url} n’est pas une liste d’éléments GoGoCarto ` +
        '(ni tableau, ni objet avec un champ « data ») : vérifiez l’adresse de la carte.',
    );
  });
});
