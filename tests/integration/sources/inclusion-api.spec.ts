/**
 * An API shaped like the Marché de l'inclusion's, served from 127.0.0.1 with
 * token check, `updated_at` filters and pages of 200 (like Django REST
 * framework's), over 512 real structures (tests/fixtures/sources/
 * inclusion-siaes.json: the Hauts-de-France, those without coordinates and
 * those whose SIRET fails the Luhn check). Expected records are worked out by
 * hand from the structures, resources/communes.json and the NAF table.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Supplier } from '../../../shared/model';
import {
  readInclusionApi,
  type InclusionApiConfig,
  type InclusionReadResult,
} from '../../../main/services/sync/sources/inclusion-api';
import type { HttpSourceDeps } from '../../../main/services/sync/sources/source-context';
import { UserError } from '../../../main/services/user-error';
import {
  fetchGetJson,
  realSourceContext,
  sendJson,
  sourceFixture,
  startJsonServer,
  type JsonServer,
  type SeenRequest,
} from './source-test-kit';

interface Structure {
  id: number;
  updated_at: string;
}

const structures = sourceFixture<Structure[]>('inclusion-siaes.json');
const TOKEN = 'jeton-de-test-7c41';
const PAGE_SIZE = 200;
const DATASET = 'Marché de l’inclusion';
const LICENCE = 'Licence Ouverte 2.0';

let api: JsonServer;
let elsewhere: JsonServer;
let deps: HttpSourceDeps;
let full: InclusionReadResult;

/** Django REST framework's page: count, absolute next/previous, results. */
function sendPage(
  request: SeenRequest,
  response: ServerResponse,
  list: readonly unknown[],
  nextOrigin: string,
  count = list.length,
): void {
  const page = Number(request.url.searchParams.get('page') ?? '1');
  const link = (n: number): string => {
    const url = new URL(request.url.toString().replace(request.url.origin, nextOrigin));
    url.searchParams.set('page', String(n));
    return url.toString();
  };
  sendJson(response, 200, {
    count,
    next: page * PAGE_SIZE < list.length ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
  });
}

function filtered(request: SeenRequest): Structure[] {
  const since = request.url.searchParams.get('updated_at__gte');
  const until = request.url.searchParams.get('updated_at__lte');
  return structures.filter(
    (s) =>
      (since === null || Date.parse(s.updated_at) >= Date.parse(since)) &&
      (until === null || Date.parse(s.updated_at) <= Date.parse(until)),
  );
}

/**
 * The fixture comes from a dump without contacts: its first two structures
 * with the contact_email and contact_phone fields the Marché's API gives
 * (addresses on example.org and numbers written by the test).
 */
function withContacts(): unknown[] {
  const [first, second] = structures;
  return [
    {
      ...first,
      contact_email: 'contact@espoir.example.org',
      contact_phone: '03 21 86 00 00',
    },
    { ...second, contact_email: 'activ cites', contact_phone: '' },
  ];
}

function config(path = '/api/siae/'): InclusionApiConfig {
  return {
    kind: 'inclusion-api',
    id: 'marche-inclusion',
    name: DATASET,
    enabled: true,
    licence: LICENCE,
    url: `${api.origin}${path}`,
    token: TOKEN,
  };
}

function byId(id: string): Supplier | undefined {
  return full.records.find((record) => record.sources[0]?.recordId === id);
}

beforeAll(async () => {
  elsewhere = await startJsonServer((_request, response) => sendJson(response, 200, {}));
  api = await startJsonServer((request, response, origin) => {
    if (request.headers['authorization'] !== `Token ${TOKEN}`) {
      sendJson(response, 401, {
        detail: 'Informations d’authentification non fournies.',
      });
    } else if (request.url.pathname === '/api/siae/') {
      sendPage(request, response, filtered(request), origin);
    } else if (request.url.pathname === '/ailleurs/api/siae/') {
      sendPage(request, response, structures, elsewhere.origin);
    } else if (request.url.pathname === '/contacts/api/siae/') {
      sendPage(request, response, withContacts(), origin);
    } else if (request.url.pathname === '/mouvante/api/siae/') {
      // A structure added between page 1 and page 2.
      const page = request.url.searchParams.get('page') ?? '1';
      const count = page === '1' ? structures.length : structures.length + 1;
      sendPage(request, response, structures, origin, count);
    } else sendJson(response, 404, { detail: 'Pas trouvé.' });
  });
  deps = { ...(await realSourceContext()), getJson: fetchGetJson };
  full = await readInclusionApi(config(), deps);
});

afterAll(async () => {
  await api.close();
  await elsewhere.close();
});

describe('readInclusionApi, whole list', () => {
  it('follows `next` over the 3 pages, with the token on each request', () => {
    const fullReads = api.requests.slice(0, 3);
    expect(fullReads.map((r) => r.url.search)).toEqual(['', '?page=2', '?page=3']);
    for (const request of fullReads) {
      expect(request.headers['authorization']).toBe(`Token ${TOKEN}`);
    }
    expect(full.pages).toBe(3);
    expect(full.count).toBe(512);
    expect(full.read).toBe(512);
  });

  it('keeps 488 structures: 13 bad SIRETs, 6 repeated SIRETs, 5 places outside the communes', () => {
    expect(full.records).toHaveLength(488);
    expect(full.rejected).toHaveLength(24);
    const reasons = full.rejected.map((r) => r.reason);
    expect(
      reasons.filter((r) => r.endsWith('le SIRET ne respecte pas la clé de Luhn')),
    ).toHaveLength(13);
    expect(reasons.filter((r) => r.includes('en double'))).toHaveLength(6);
    expect(
      reasons.filter((r) => r.startsWith('pas de coordonnées, et la commune')),
    ).toHaveLength(5);
  });

  it('rejects a SIRET that fails the Luhn check, and one given twice', () => {
    expect(full.rejected).toContainEqual({
      sourceId: 'marche-inclusion',
      recordId: '3851',
      field: 'siret',
      reason:
        'SIRET « 12345678901234 » inutilisable : le SIRET ne respecte pas la clé de Luhn',
    });
    // 2529 « REGIE DE QUARTIER DE CALAIS » and 3821 « Regie De Quartier De Calais ».
    expect(full.rejected).toContainEqual({
      sourceId: 'marche-inclusion',
      recordId: '3821',
      field: 'siret',
      reason: 'SIRET « 48842955600027 » en double : déjà donné par l’enregistrement 2529',
    });
  });

  it('rejects a structure without coordinates whose commune is not in the COG', () => {
    // Saint-Martin (97150) is a collectivité, not a commune of the 971 département.
    expect(full.rejected).toContainEqual({
      sourceId: 'marche-inclusion',
      recordId: '54',
      field: 'post_code/city',
      reason: 'pas de coordonnées, et la commune « 97150 ST MARTIN » est introuvable',
    });
  });

  it('maps « ASSOC RIVAGES PROPRES » (ACI, NAF 8130Z) with its provenance', () => {
    expect(byId('6')).toEqual({
      id: 'siret-38322126400054',
      siret: '38322126400054',
      name: 'ASSOC RIVAGES PROPRES',
      brand: 'Rivages Propres',
      kind: 'ACI',
      labels: ['insertion'],
      naf: '8130Z',
      // naf-sectors.csv: 8130Z → 23 79 155.
      sectorIds: [23, 79, 155],
      cpv: [
        '45112710',
        '77300000',
        '77310000',
        '77311000',
        '77312000',
        '77312100',
        '77313000',
        '77314000',
        '90720000',
        '90721000',
      ],
      description:
        "Atelier Chantier Insertion sur plusieurs supports d'activités : entretien des espaces naturels, rénovation du patrimoine bâti, promotion de la mobilité douce",
      website: 'http://rivagespropres.fr',
      address: {
        street: '2 Boulevard Beaucerf',
        postcode: '62200',
        city: 'Boulogne-sur-Mer',
        inseeCode: '62160',
        departement: '62',
      },
      location: { lat: 50.717754, lon: 1.612557 },
      serviceArea: null,
      offers: [],
      sources: [
        {
          dataset: DATASET,
          recordId: '6',
          licence: LICENCE,
          url: `${api.origin}/api/siae/6/`,
        },
      ],
    } satisfies Supplier);
  });

  it('places « ASSOC RECUP AIRE », without coordinates, at the centre of Rosières-en-Santerre', () => {
    expect(byId('2274')).toEqual({
      id: 'siret-44259611000027',
      siret: '44259611000027',
      name: 'ASSOC RECUP AIRE',
      brand: null,
      kind: 'EI',
      labels: ['insertion'],
      naf: '3832Z',
      // naf-sectors.csv: 3832Z → 138 161 86 88.
      sectorIds: [86, 88, 138, 161],
      cpv: ['19600000', '39100000', '90511000', '90514000'],
      description: null,
      website: null,
      address: {
        street: 'zi la sole du fosse pierret',
        postcode: '80170',
        city: 'ROSIERES EN SANTERRE',
        inseeCode: '80680',
        departement: '80',
      },
      location: { lat: 49.81641, lon: 2.70175 },
      serviceArea: null,
      offers: [],
      sources: [
        {
          dataset: DATASET,
          recordId: '2274',
          licence: LICENCE,
          url: `${api.origin}/api/siae/2274/`,
          locationPrecision: 'commune-centre',
        },
      ],
    } satisfies Supplier);
  });

  it('places a structure whose coordinates lie far from its commune at the commune, and says so', () => {
    // 3804, « 622, rue des Hauts de France 62110 HENIN BEAUMONT », comes with
    // 47.706414, 6.652604 (Haute-Saône); Hénin-Beaumont (62427) is at 50.41892, 2.9584
    // in resources/communes.json, about 404 km away.
    const geiq = byId('3804');
    expect(geiq?.location).toEqual({ lat: 50.41892, lon: 2.9584 });
    expect(geiq?.sources[0]?.locationPrecision).toBe('commune-centre');
  });

  it('finds the commune of a CEDEX postcode by its name in the département', () => {
    // « 59815 LESQUIN »: 59815 is a CEDEX code; Lesquin (59343) is at 50.59037, 3.11323.
    const janus = byId('1572');
    expect(janus?.location).toEqual({ lat: 50.59037, lon: 3.11323 });
    expect(janus?.address).toMatchObject({ postcode: '59815', inseeCode: '59343' });
    expect(janus?.sources[0]?.locationPrecision).toBe('commune-centre');
  });

  it('counts 28 structures placed at their commune’s centre, and gives the newest update', () => {
    // 32 without coordinates, less 3639 (bad SIRET) and the 5 outside the communes: 26;
    // and 2 whose coordinates lie far from their commune (over 150 km).
    expect(full.geocoded).toBe(28);
    expect(full.latestUpdatedAt).toBe('2021-02-23T08:25:00.205Z');
  });
});

describe('readInclusionApi, other cases', () => {
  it('asks only the structures updated since a date', async () => {
    const since = '2020-12-18T10:40:00Z';
    const before = api.requests.length;
    const result = await readInclusionApi(config(), deps, { updatedSince: since });
    const sent = api.requests.slice(before);
    expect(sent.map((r) => r.url.searchParams.get('updated_at__gte'))).toEqual([since]);
    // 100 structures of the fixture have updated_at ≥ 10:40:00 on 18/12/2020.
    expect(result.read).toBe(100);
    expect(result.pages).toBe(1);
    expect(result.latestUpdatedAt).toBe('2021-02-23T08:25:00.205Z');
  });

  it('asks only the structures updated between two dates', async () => {
    const bounds = {
      updatedSince: '2020-12-18T10:40:00Z',
      updatedUntil: '2020-12-18T10:40:10Z',
    };
    const before = api.requests.length;
    const result = await readInclusionApi(config(), deps, bounds);
    const [sent] = api.requests.slice(before);
    expect(sent?.url.searchParams.get('updated_at__gte')).toBe(bounds.updatedSince);
    expect(sent?.url.searchParams.get('updated_at__lte')).toBe(bounds.updatedUntil);
    // 59 structures of the fixture were updated within these ten seconds.
    expect(result.read).toBe(59);
    expect(result.latestUpdatedAt).toBe('2020-12-18T10:40:09.957Z');
  });

  it('stops when `next` points to another server, which never gets the token', async () => {
    await expect(readInclusionApi(config('/ailleurs/api/siae/'), deps)).rejects.toThrow(
      new UserError(
        `La page suivante annoncée par ${api.origin}/ailleurs/api/siae/ est sur un autre serveur ` +
          `(${elsewhere.origin}) : lecture arrêtée pour ne pas y envoyer le jeton d’accès.`,
      ),
    );
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses a list whose count changes while it is read', async () => {
    await expect(readInclusionApi(config('/mouvante/api/siae/'), deps)).rejects.toThrow(
      'La liste de l’API a changé pendant la lecture (512 structures annoncées, puis 513) : ' +
        'rien n’a été appliqué, relancez la synchronisation.',
    );
  });

  it('refuses an unreadable date and an empty token before any request', async () => {
    const before = api.requests.length;
    await expect(
      readInclusionApi(config(), deps, { updatedSince: 'hier' }),
    ).rejects.toThrow('Date « hier » illisible pour updated_at__gte');
    await expect(readInclusionApi({ ...config(), token: ' ' }, deps)).rejects.toThrow(
      `La source « ${DATASET} » n’a pas de jeton d’accès`,
    );
    expect(api.requests).toHaveLength(before);
  });
});

describe('readInclusionApi, contacts', () => {
  it('keeps contact_email and contact_phone, and warns of an e-mail that is none', async () => {
    const read = await readInclusionApi(config('/contacts/api/siae/'), deps);
    // Structures 4 (ASSOC ESPOIR) and 5 (ACTIV CITES) of the fixture.
    expect(read.records.map((r) => [r.name, r.email, r.phone])).toEqual([
      ['ASSOC ESPOIR', 'contact@espoir.example.org', '03 21 86 00 00'],
      ['ACTIV CITES', undefined, undefined],
    ]);
    expect(read.warnings).toContainEqual({
      sourceId: 'marche-inclusion',
      recordId: '5',
      field: 'contact_email',
      reason: 'courriel « activ cites » ignoré : ce n’est pas une adresse électronique',
    });
  });
});
