import { describe, expect, it } from 'vitest';
import {
  fallbackSupplierId,
  mergeName,
  mergeSupplierRecords,
  mergedSupplierId,
  nameMatchDistance,
  type MergeMember,
} from '../../../shared/catalogue/merge-suppliers';
import type { Supplier } from '../../../shared/model';
import { northDegrees, record } from './store-fixtures';

function member(
  sourceId: string,
  sourceRank: number,
  revision: number,
  r: Supplier,
): MergeMember {
  return { sourceId, sourceRank, recordId: r.id, revision, record: r };
}

describe('mergeName', () => {
  it('folds case, accents, punctuation and « St »', () => {
    expect(mergeName('Régie de Quartier St-Étienne !')).toBe(
      'regie de quartier saint etienne',
    );
  });
});

describe('nameMatchDistance', () => {
  const here = { lat: 50.4458, lon: 2.9069 };
  const key = {
    siret: null,
    nameFolded: 'ressourcerie du canal',
    location: here,
    sourceId: 'b',
  };
  const group = { siret: null, members: [{ sourceId: 'a' }] };
  const at = (metres: number): { nameFolded: string; location: typeof here } => ({
    nameFolded: 'ressourcerie du canal',
    location: { lat: here.lat + northDegrees(metres), lon: here.lon },
  });

  it('accepts the same folded name 150 m away, refuses it 250 m away', () => {
    expect(nameMatchDistance(key, at(150), group)).toBeCloseTo(0.15, 6);
    expect(nameMatchDistance(key, at(199), group)).toBeCloseTo(0.199, 6);
    expect(nameMatchDistance(key, at(250), group)).toBeNull();
  });

  it('refuses another name, a supplier holding a record of the same source, another SIRET', () => {
    expect(
      nameMatchDistance(key, { ...at(10), nameFolded: 'ressourcerie' }, group),
    ).toBeNull();
    expect(
      nameMatchDistance(key, at(10), { siret: null, members: [{ sourceId: 'b' }] }),
    ).toBeNull();
    expect(
      nameMatchDistance({ ...key, siret: '12345678900011' }, at(10), {
        siret: '12345678900029',
        members: [{ sourceId: 'a' }],
      }),
    ).toBeNull();
    expect(
      nameMatchDistance({ ...key, siret: '12345678900011' }, at(10), group),
    ).toBeCloseTo(0.01, 6);
  });
});

describe('mergeSupplierRecords', () => {
  const older = record('a-1', {
    siret: null,
    brand: 'Marque A',
    labels: ['insertion', 'ess'],
    sectorIds: [3, 1],
    cpv: ['77310000'],
    naf: null,
    description: 'Description de a',
    website: 'https://a.example',
    serviceArea: { kind: 'radius', km: 30 },
    offers: [
      {
        id: 'o1',
        label: 'Tonte',
        unit: 'h',
        minimumOrder: null,
        capacity: null,
        capacityPeriod: null,
        leadTimeDays: null,
      },
    ],
  });
  const newer = record(
    'b-9',
    {
      siret: '12345678900011',
      name: 'Jardins de Harnes SCIC',
      brand: null,
      kind: 'ESS',
      labels: ['scic'],
      sectorIds: [2],
      cpv: ['03000000'],
      naf: '0130Z',
      description: null,
      website: null,
      address: {
        street: '9 rue Neuve',
        postcode: '62440',
        city: 'Harnes',
        inseeCode: '62413',
        departement: '62',
      },
      location: { lat: 50.45, lon: 2.91 },
      serviceArea: null,
      offers: [
        {
          id: 'o1',
          label: 'Tonte (nouveau tarif)',
          unit: 'h',
          minimumOrder: 2,
          capacity: null,
          capacityPeriod: null,
          leadTimeDays: 7,
        },
      ],
    },
    'Réseau régional',
  );

  it('takes the most precise kind, the most recent among equals', () => {
    const kindOf = (a: Supplier['kind'], b: Supplier['kind']): Supplier['kind'] =>
      mergeSupplierRecords('x', [
        member('a', 0, 1, { ...older, kind: a }),
        member('b', 1, 2, { ...newer, kind: b }),
      ]).kind;
    expect(kindOf('EI', 'ENTREPRISE')).toBe('EI');
    expect(kindOf('ENTREPRISE', 'ESS')).toBe('ESS');
    expect(kindOf('ESS', 'ENTREPRISE')).toBe('ESS');
    expect(kindOf('EI', 'ESAT')).toBe('ESAT');
    expect(kindOf('ENTREPRISE', 'ENTREPRISE')).toBe('ENTREPRISE');
  });

  it('unites labels, sectors and CPV; takes the rest from the most recent record, gaps from the older', () => {
    const merged = mergeSupplierRecords('siret-12345678900011', [
      member('a', 0, 1, older),
      member('b', 1, 2, newer),
    ]);
    expect(merged).toEqual({
      id: 'siret-12345678900011',
      siret: '12345678900011',
      name: 'Jardins de Harnes SCIC',
      brand: 'Marque A',
      // The older record's ACI is more precise than the newer one's ESS.
      kind: 'ACI',
      labels: ['ess', 'insertion', 'scic'],
      naf: '0130Z',
      sectorIds: [1, 2, 3],
      cpv: ['03000000', '77310000'],
      description: 'Description de a',
      website: 'https://a.example',
      address: newer.address,
      location: { lat: 50.45, lon: 2.91 },
      serviceArea: { kind: 'radius', km: 30 },
      offers: [newer.offers[0]],
      sources: [
        {
          dataset: 'Jeu de test',
          recordId: 'a-1',
          licence: 'Licence Ouverte',
          url: null,
          sourceId: 'a',
        },
        {
          dataset: 'Réseau régional',
          recordId: 'b-9',
          licence: 'Licence Ouverte',
          url: null,
          sourceId: 'b',
        },
      ],
    });
  });

  it('takes the e-mail and the telephone each from the most recent record giving one', () => {
    const merged = mergeSupplierRecords('siret-12345678900011', [
      member('a', 0, 1, { ...older, email: 'a@a.example', phone: '03 21 00 00 00' }),
      member('b', 1, 2, { ...newer, email: null, phone: '03 21 99 99 99' }),
    ]);
    // b is more recent (revision 2) but gives no e-mail: a's stays.
    expect([merged.email, merged.phone]).toEqual(['a@a.example', '03 21 99 99 99']);
    // Neither gives any: the fields are left out, so the JSON stays as before.
    const none = mergeSupplierRecords('x', [
      member('a', 0, 1, older),
      member('b', 1, 2, newer),
    ]);
    expect('email' in none || 'phone' in none).toBe(false);
    const keys = Object.keys(merged);
    expect(keys.slice(keys.indexOf('website'), keys.indexOf('address') + 1)).toEqual([
      'website',
      'email',
      'phone',
      'address',
    ]);
  });

  it('breaks a revision tie by the source configured first', () => {
    const merged = mergeSupplierRecords('x', [
      member('b', 1, 5, newer),
      member('a', 0, 5, older),
    ]);
    expect(merged.name).toBe('Jardins de Harnes');
    expect(merged.sources.map((s) => s.sourceId)).toEqual(['a', 'b']);
  });

  it('gives a record without provenance its source as provenance', () => {
    const bare = { ...older, sources: [] };
    const merged = mergeSupplierRecords('a-1', [
      {
        ...member('a', 0, 1, bare),
        fallbackSource: {
          dataset: 'Carte A',
          recordId: 'a-1',
          licence: 'ODbL',
          url: null,
        },
      },
    ]);
    expect(merged.sources).toEqual([
      { dataset: 'Carte A', recordId: 'a-1', licence: 'ODbL', url: null, sourceId: 'a' },
    ]);
  });
});

describe('supplier ids', () => {
  it('is siret-<SIRET> with a SIRET, else the record id of the first configured source', () => {
    const a = record('gogocarto-5', { siret: null });
    const b = record('reseau-2', { siret: null });
    expect(mergedSupplierId([member('b', 2, 1, b), member('a', 1, 1, a)])).toBe(
      'gogocarto-5',
    );
    expect(
      mergedSupplierId([member('b', 2, 1, record('reseau-2')), member('a', 1, 1, a)]),
    ).toBe('siret-12345678900011');
  });

  it('makes a stable fallback id in the catalogue’s id pattern', () => {
    const id = fallbackSupplierId('gogocarto-12', 'carte-b', 'gogocarto-12', 0);
    expect(id).toMatch(/^gogocarto-\d+$/);
    expect(fallbackSupplierId('gogocarto-12', 'carte-b', 'gogocarto-12', 0)).toBe(id);
    expect(fallbackSupplierId('gogocarto-12', 'carte-c', 'gogocarto-12', 0)).not.toBe(id);
    expect(fallbackSupplierId('12', 'carte-b', '12', 0)).toMatch(/^fournisseur-\d+$/);
  });
});

describe('provenance fields', () => {
  it('keeps every field a provenance gives, adding the source id', () => {
    const located = record('a-1', {
      sources: [
        {
          dataset: 'Carte A',
          recordId: '17',
          licence: 'ODbL',
          url: null,
          locationPrecision: 'commune-centre',
        },
      ],
    });
    expect(mergeSupplierRecords('a-1', [member('a', 0, 1, located)]).sources).toEqual([
      {
        dataset: 'Carte A',
        recordId: '17',
        licence: 'ODbL',
        url: null,
        locationPrecision: 'commune-centre',
        sourceId: 'a',
      },
    ]);
  });
});
