/**
 * The rules every reader shares: supplier ids that fit the catalogue schema,
 * kinds written as codes or names, and records that pass the schema whole.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueSchemaErrors } from '../../../main/scripts/catalogue/validate-catalogue';
import { readGoGoCarto } from '../../../main/services/sync/sources/gogocarto';
import { readInclusionApi } from '../../../main/services/sync/sources/inclusion-api';
import { recordSupplierId } from '../../../main/services/sync/sources/record-supplier-id';
import { readSpreadsheet } from '../../../main/services/sync/sources/spreadsheet';
import { placeRecord } from '../../../main/services/sync/sources/place-record';
import { parseKind } from '../../../main/services/sync/sources/supplier-kinds';
import type { Catalogue, Supplier } from '../../../shared/model';
import {
  fetchGetJson,
  realSourceContext,
  sendJson,
  sourceFixture,
  sourceFixturePath,
  startJsonServer,
} from './source-test-kit';

const SCHEMA_ID = /^(siret-\d{14}|[a-z-]+-\d+)$/;

describe('recordSupplierId', () => {
  it('keeps a numeric record id after the source id', () => {
    expect(recordSupplierId('reseau-hdf', '125')).toBe('reseau-hdf-125');
  });

  it('reads an alphanumeric id in base 62 after a leading 1, so leading zeros count', () => {
    // "13qv6": ((((1·62+3)·62+26)·62+31)·62+6) = 15 593 192;
    // "103qv6": 62⁵ + 3·62³ + 26·62² + 31·62 + 6 = 916 132 832 + 816 856.
    expect(recordSupplierId('carte', '3qv6')).toBe('carte-15593192');
    expect(recordSupplierId('carte', '03qv6')).toBe('carte-916949688');
    // Case matters in GoGoCarto ids: "A" is 36, "a" is 10.
    expect(recordSupplierId('carte', 'A')).toBe('carte-98');
    expect(recordSupplierId('carte', 'a')).toBe('carte-72');
  });

  it('hashes other ids, and source ids with digits, into schema-valid ids', () => {
    const ids = [
      recordSupplierId('reseau-2024', '12'),
      recordSupplierId('reseau-2025', '12'),
      recordSupplierId('carte', 'fiche/12'),
      recordSupplierId('Carte', '12'),
    ];
    for (const id of ids) expect(id).toMatch(SCHEMA_ID);
    expect(ids[0]).toMatch(/^reseau-\d+$/);
    expect(new Set(ids).size).toBe(4);
    expect(recordSupplierId('reseau-2024', '12')).toBe(ids[0]);
  });
});

describe('parseKind', () => {
  it('reads codes, French names and EATT', () => {
    expect(parseKind('etti')).toBe('ETTI');
    expect(parseKind(' GEIQ ')).toBe('GEIQ');
    expect(parseKind('Entreprise adaptée')).toBe('EA');
    expect(parseKind("Atelier et chantier d'insertion")).toBe('ACI');
    expect(parseKind('EATT')).toBe('EA');
    expect(parseKind('Coopérative')).toBeNull();
    expect(parseKind('')).toBeNull();
  });
});

describe('records of every reader', () => {
  it('pass resources/catalogue.schema.json, with unique ids per source', async () => {
    const context = await realSourceContext();
    const server = await startJsonServer((request, response) => {
      if (request.url.pathname === '/api/elements.json') {
        sendJson(response, 200, sourceFixture('gogocarto-elements.json'));
      } else {
        const results = sourceFixture<unknown[]>('inclusion-siaes.json');
        sendJson(response, 200, { count: results.length, next: null, results });
      }
    });
    const deps = { ...context, getJson: fetchGetJson };
    const base = { enabled: true, licence: 'Licence Ouverte 2.0' };
    const reads = [
      await readGoGoCarto(
        {
          ...base,
          kind: 'gogocarto',
          id: 'carte',
          name: 'Carte',
          url: server.origin,
          mapping: [],
        },
        deps,
      ),
      await readInclusionApi(
        {
          ...base,
          kind: 'inclusion-api',
          id: 'marche',
          name: 'Marché',
          url: `${server.origin}/api/siae/`,
          token: 'jeton',
        },
        deps,
      ),
      ...(await Promise.all(
        ['reseau-siae-hdf.xlsx', 'reseau-reemploi.csv'].map((file) =>
          readSpreadsheet(
            {
              ...base,
              kind: 'spreadsheet',
              id: 'reseau',
              name: 'Réseau',
              path: sourceFixturePath(file),
              columns: file.endsWith('.xlsx')
                ? {
                    name: 'Raison sociale',
                    siret: 'SIRET',
                    postcode: 'Code postal',
                    city: 'Commune',
                  }
                : { name: 'Nom', siret: 'SIRET', lat: 'Latitude', lon: 'Longitude' },
            },
            context,
          ),
        ),
      )),
    ];
    await server.close();

    const embedded = JSON.parse(
      readFileSync(resolve('resources', 'catalogue.json'), 'utf8'),
    ) as Catalogue;
    for (const read of reads) {
      const suppliers: Supplier[] = read.records;
      expect(new Set(suppliers.map((s) => s.id)).size).toBe(suppliers.length);
      const catalogue: Catalogue = { ...embedded, datasets: [], suppliers };
      expect(
        catalogueSchemaErrors(resolve('resources', 'catalogue.schema.json'), catalogue),
      ).toEqual([]);
    }
    expect(reads.map((read) => read.records.length)).toEqual([99, 488, 256, 5]);
  });
});

describe('contacts in the catalogue schema', () => {
  it('accepts an e-mail and a telephone, or null, and refuses an e-mail that is none', () => {
    const embedded = JSON.parse(
      readFileSync(resolve('resources', 'catalogue.json'), 'utf8'),
    ) as Catalogue;
    const first = embedded.suppliers[0]!;
    const errorsOf = (supplier: Supplier): string[] =>
      catalogueSchemaErrors(resolve('resources', 'catalogue.schema.json'), {
        ...embedded,
        suppliers: [supplier],
      });
    expect(
      errorsOf({ ...first, email: 'contact@exemple.fr', phone: '03 21 00 00 00' }),
    ).toEqual([]);
    expect(errorsOf({ ...first, email: null, phone: null })).toEqual([]);
    expect(errorsOf({ ...first, email: 'javascript:alert(1)' })).toHaveLength(1);
    expect(errorsOf({ ...first, email: 'contact(at)exemple.fr' })).toHaveLength(1);
  });
});

describe('placeRecord: a commune as people write it in a network’s sheet', () => {
  const fields = { coordinates: 'Lat/Lon', postcode: 'CP', commune: 'Commune' };
  const place = async (postcode: string, city: string) =>
    placeRecord(
      { postcode, city, departement: null, lat: null, lon: null },
      (await realSourceContext()).communes,
      fields,
    );

  it('finds a commune by its name alone when only one commune of France bears it', async () => {
    const lens = await place('', 'Lens');
    expect(lens.ok && lens.place).toMatchObject({
      inseeCode: '62498',
      fromCommune: true,
    });
    const harnes = await place('', 'HARNES');
    expect(harnes.ok && harnes.place).toMatchObject({ inseeCode: '62413' });
  });

  it('asks for the postcode of a name several communes bear', async () => {
    const outcome = await place('', 'Saint-Denis');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problem.field).toBe('Commune');
    expect(outcome.problem.reason).toMatch(
      /^pas de coordonnées, et la commune « Saint-Denis » est ambiguë : \d+ communes portent ce nom \(.*Saint-Denis \(93\).*Saint-Denis \(974\).*\) ; indiquez son code postal$/,
    );
  });

  it('says a postcode alone is shared, or does not exist, instead of calling it a commune', async () => {
    const shared = await place('62150', '');
    expect(!shared.ok && shared.problem.reason).toMatch(
      /^pas de coordonnées, et le code postal 62150 est commun à \d+ communes : indiquez la commune$/,
    );
    const none = await place('99999', '');
    expect(!none.ok && none.problem.reason).toBe(
      'pas de coordonnées, et le code postal 99999 n’existe pas',
    );
  });
});
