import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommunesFile, Supplier } from '../../../shared/model';
import { readSupplierFile } from '../../../main/services/feed/read-supplier-file';
import { realCatalogue, tempDir } from './feed-fixtures';

const HEADERS = [
  'Raison sociale',
  'SIRET',
  'Type de structure',
  'Labels',
  'Secteurs',
  'Adresse',
  'Code postal',
  'Commune',
  'Code INSEE',
  'Latitude',
  'Longitude',
];
let dir: string;
let real: Supplier[];
let badSiret: string;
let harnes: { lat: number; lon: number };

/** A real supplier as a spreadsheet row; coordinates written the French way in CSV. */
function rowOf(s: Supplier, csv: boolean): (string | number)[] {
  const coordinate = (n: number): string | number =>
    csv ? String(n).replace('.', ',') : n;
  return [
    s.name,
    csv ? s.siret! : Number(s.siret),
    s.kind,
    s.labels.join(', '),
    s.sectorIds.join(' ; '),
    s.address.street,
    s.address.postcode,
    s.address.city,
    s.address.inseeCode ?? '',
    coordinate(s.location.lat),
    coordinate(s.location.lon),
  ];
}

/** Three real suppliers, a SIRET with a wrong check digit, a supplier placed by its commune. */
function rows(csv: boolean): (string | number)[][] {
  return [
    ...real.map((s) => rowOf(s, csv)),
    [
      'Structure à la clé fausse',
      badSiret,
      'EI',
      'insertion',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
    ],
    ['Atelier de Harnes', '', 'ESAT', 'handicap', '', '', '', '', '62413', '', ''],
  ];
}

beforeAll(() => {
  dir = tempDir('feed-sheet');
  real = realCatalogue()
    .suppliers.filter((s) => s.siret && !s.siret.startsWith('0') && s.labels.length > 0)
    .filter((s) => s.sectorIds.length > 0 && s.address.inseeCode !== null)
    .slice(0, 3);
  const siret = real[0]!.siret!;
  badSiret = siret.slice(0, 13) + String((Number(siret[13]) + 1) % 10);
  const communes = JSON.parse(
    readFileSync(resolve('resources/communes.json'), 'utf8'),
  ) as CommunesFile;
  const commune = communes.communes.find((c) => c.insee === '62413')!;
  harnes = { lat: commune.lat, lon: commune.lon };
});

function expectRealSuppliers(suppliers: Supplier[], dataset: string): void {
  for (const s of real) {
    const read = suppliers.find((r) => r.id === `siret-${s.siret}`);
    expect(read).toBeDefined();
    expect(read).toMatchObject({
      siret: s.siret,
      name: s.name,
      kind: s.kind,
      labels: s.labels,
      sectorIds: s.sectorIds,
      cpv: s.cpv,
      address: s.address,
      location: s.location,
      offers: [],
    });
    expect(read!.sources).toEqual([
      { dataset, recordId: s.siret, licence: 'Licence Ouverte v2.0', url: null },
    ]);
  }
}

/** The row without coordinates is at the centre of Harnes (INSEE 62413), id from its row. */
function expectCommuneCentre(suppliers: Supplier[], row: number): void {
  const placed = suppliers.find((s) => s.name === 'Atelier de Harnes');
  expect(placed).toMatchObject({
    id: `ligne-${row}`,
    kind: 'ESAT',
    labels: ['handicap'],
    location: harnes,
    address: { inseeCode: '62413', departement: '62', city: 'Harnes', postcode: '62440' },
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readSupplierFile', () => {
  it('reads a CSV with French headers and rejects the row with a bad SIRET key', async () => {
    const lines = [HEADERS, ...rows(true)].map((cells) => cells.join(';'));
    const path = join(dir, 'fournisseurs.csv');
    writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
    const input = await readSupplierFile(path, {
      dataset: 'Réseau test',
      licence: 'Licence Ouverte v2.0',
    });
    expect(input.recordsRead).toBe(5);
    expect(input.issues).toEqual([
      {
        file: 'fournisseurs.csv',
        row: 5,
        column: 'SIRET',
        value: badSiret,
        message: 'Ligne 5, colonne « SIRET » : le SIRET ne respecte pas la clé de Luhn',
        severity: 'error',
      },
    ]);
    expect(input.suppliers).toHaveLength(4);
    expectRealSuppliers(input.suppliers, 'Réseau test');
    expectCommuneCentre(input.suppliers, 6);
    expect(input.datasets).toEqual([
      { name: 'Réseau test', licence: 'Licence Ouverte v2.0', url: null, records: 4 },
    ]);
  });

  it('reads a coordinate written with an exponent, gives the right example for an unreadable one, refuses swapped ones', async () => {
    const place = ['', '', 'Harnes', '62413'];
    const lines = [
      HEADERS,
      [
        'Près du méridien',
        '',
        'ESAT',
        'handicap',
        '',
        '',
        '',
        '',
        '',
        '50,4458',
        '2e-05',
      ],
      ['Longitude fausse', '', 'ESAT', 'handicap', '', ...place, '50,4458', 'est'],
      ['Latitude fausse', '', 'ESAT', 'handicap', '', ...place, 'nord', '2,9069'],
      ['Inversées', '', 'ESAT', 'handicap', '', ...place, '2,9069', '50,4458'],
    ].map((cells) => cells.join(';'));
    const path = join(dir, 'coordonnees.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const input = await readSupplierFile(path, { dataset: 'Réseau test' });
    expect(input.suppliers.map((s) => [s.name, s.location])).toEqual([
      ['Près du méridien', { lat: 50.4458, lon: 0.00002 }],
    ]);
    const messages = input.issues.map((i) => i.message);
    expect(messages.slice(0, 2)).toEqual([
      'Ligne 3, colonne « Longitude » : longitude illisible (ex. 2,9069)',
      'Ligne 4, colonne « Latitude » : latitude illisible (ex. 50,4458)',
    ]);
    // 2,9069 N 50,4458 E is in the Indian Ocean off Somalia, some 6 900 km from Harnes (62413).
    expect(messages[2]).toMatch(
      /^Ligne 5, colonne « Latitude » : coordonnées à \d\u202f\d{3} km de la commune « Harnes[^»]* » : latitude et longitude inversées \?$/u,
    );
    expect(messages).toHaveLength(3);
  });

  it('reads an .xlsx below a title row, SIRETs typed as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Fournisseurs');
    sheet.addRow(['Réseau régional : fournisseurs au 04/12/2026']);
    sheet.addRow(HEADERS);
    for (const row of rows(false)) sheet.addRow(row);
    const path = join(dir, 'reseau.xlsx');
    await workbook.xlsx.writeFile(path);
    const input = await readSupplierFile(path, { licence: 'Licence Ouverte v2.0' });
    expect(input.recordsRead).toBe(5);
    expect(input.issues).toHaveLength(1);
    expect(input.issues[0]).toMatchObject({
      file: 'reseau.xlsx',
      row: 6,
      column: 'SIRET',
      value: badSiret,
    });
    expect(input.suppliers).toHaveLength(4);
    expectRealSuppliers(input.suppliers, 'reseau');
    expectCommuneCentre(input.suppliers, 7);
  });
});

describe('readSupplierFile: service areas', () => {
  it('keeps real département and région codes and rejects unknown ones, naming them', async () => {
    const header = [
      'Raison sociale',
      'Type de structure',
      'Code INSEE',
      'Zone d’intervention',
    ];
    const lines = [
      header,
      ['Régie du Nord', 'EI', '62413', 'départements 59, 62, 2A, 974'],
      ['Régie du Sud', 'EI', '62413', 'départements 59, 999'],
      ['Régie des Hauts', 'EI', '62413', 'régions 32, 11'],
      ['Régie imaginaire', 'EI', '62413', 'régions 32, 99, 98'],
      ['Régie du monde', 'EI', '62413', '100000 km'],
    ].map((cells) => cells.join(';'));
    const path = join(dir, 'zones.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const input = await readSupplierFile(path, {
      dataset: 'Zones',
      licence: 'Licence Ouverte v2.0',
    });
    expect(input.suppliers.map((s) => [s.name, s.serviceArea])).toEqual([
      ['Régie du Nord', { kind: 'departements', codes: ['59', '62', '2A', '974'] }],
      ['Régie des Hauts', { kind: 'regions', codes: ['32', '11'] }],
    ]);
    expect(input.issues.map((i) => [i.row, i.column, i.message])).toEqual([
      [
        3,
        'Zone d’intervention',
        'Ligne 3, colonne « Zone d’intervention » : zone d’intervention : département ' +
          '« 999 » inconnu (codes officiels du COG : 59, 2A, 974 ; régions 32, 11…)',
      ],
      [
        5,
        'Zone d’intervention',
        'Ligne 5, colonne « Zone d’intervention » : zone d’intervention : régions ' +
          '« 99 », « 98 » inconnues (codes officiels du COG : 59, 2A, 974 ; régions 32, 11…)',
      ],
      [
        6,
        'Zone d’intervention',
        'Ligne 6, colonne « Zone d’intervention » : rayon de 100000 km trop grand ' +
          '(1000 km au plus : au-delà, écrivez « national »)',
      ],
    ]);
  });
});

describe('readSupplierFile: contacts', () => {
  it('keeps e-mails and telephones; an e-mail that is none is a warning, its supplier kept', async () => {
    const lines = [
      ['Raison sociale', 'Type de structure', 'Code INSEE', 'Courriel', 'Tél.'],
      ['Régie A', 'EI', '62413', 'contact@regie-a.example.org', '0321000000'],
      ['Régie B', 'EI', '62413', 'regie-b.example.org', '+33 3 21 00 00 01'],
    ].map((cells) => cells.join(';'));
    const path = join(dir, 'contacts.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const input = await readSupplierFile(path, { dataset: 'Contacts' });
    // « Tél. » folds to « tel », a known spelling of « Téléphone »; French
    // numbers are written with ten digits grouped by two, +33 included.
    expect(input.suppliers.map((s) => [s.name, s.email, s.phone])).toEqual([
      ['Régie A', 'contact@regie-a.example.org', '03 21 00 00 00'],
      ['Régie B', undefined, '03 21 00 00 01'],
    ]);
    expect(input.issues).toEqual([
      {
        file: 'contacts.csv',
        row: 3,
        column: 'Courriel',
        value: 'regie-b.example.org',
        message:
          'Ligne 3, colonne « Courriel » : courriel ignoré : ce n’est pas une adresse ' +
          'électronique (ex. contact@exemple.fr)',
        severity: 'warning',
      },
    ]);
  });
});
