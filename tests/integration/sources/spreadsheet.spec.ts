/**
 * Regional networks' supplier lists read through a column mapping:
 * tests/fixtures/sources/reseau-siae-hdf.xlsx / .csv (the 276 Hauts-de-France
 * rows of the 2019 ASP list, without coordinates) and reseau-reemploi.csv
 * (reuse actors with labels, sectors and coordinates). Expected records are
 * worked out by hand from the rows, resources/communes.json and the mappings.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SpreadsheetColumns } from '../../../shared/feed/sync-types';
import type { Supplier } from '../../../shared/model';
import type { SourceContext } from '../../../main/services/sync/sources/source-context';
import {
  readSpreadsheet,
  type SpreadsheetConfig,
  type SpreadsheetReadResult,
} from '../../../main/services/sync/sources/spreadsheet';
import { realSourceContext, sourceFixturePath } from './source-test-kit';

const NETWORK = 'Réseau des SIAE des Hauts-de-France';
const LICENCE = 'Licence Ouverte 2.0';

const ASP_COLUMNS: SpreadsheetColumns = {
  name: 'Raison sociale',
  siret: 'SIRET',
  kind: 'Mesure',
  legalForm: 'Forme juridique',
  naf: 'Code NAF',
  street: 'Adresse',
  postcode: 'Code postal',
  city: 'Commune',
};

let context: SourceContext;
let xlsx: SpreadsheetReadResult;
let csv: SpreadsheetReadResult;

function config(file: string, columns = ASP_COLUMNS, path = sourceFixturePath(file)) {
  return {
    kind: 'spreadsheet',
    id: 'reseau-hdf',
    name: NETWORK,
    enabled: true,
    licence: LICENCE,
    path,
    columns,
  } satisfies SpreadsheetConfig;
}

function byName(result: SpreadsheetReadResult, name: string): Supplier | undefined {
  return result.records.find((record) => record.name === name);
}

beforeAll(async () => {
  context = await realSourceContext();
  xlsx = await readSpreadsheet(config('reseau-siae-hdf.xlsx'), context);
  csv = await readSpreadsheet(config('reseau-siae-hdf.csv'), context);
});

describe('readSpreadsheet, the ASP list as a workbook', () => {
  it('finds the header below the title rows and reads the 276 rows', () => {
    expect(xlsx.headerRow).toBe(3);
    expect(xlsx.sheetName).toBe('Structures');
    expect(xlsx.read).toBe(276);
  });

  it('keeps 256 structures and rejects the 20 rows repeating a SIRET (one row per measure)', () => {
    expect(xlsx.records).toHaveLength(256);
    expect(xlsx.rejected).toHaveLength(20);
    // « REGIE DE QUARTIERS » of Laon: EI on row 7, ACI on row 56.
    expect(xlsx.rejected).toContainEqual({
      sourceId: 'reseau-hdf',
      recordId: '56',
      field: 'SIRET',
      reason: 'SIRET « 35284737000033 » en double : déjà donné par la ligne 7',
    });
    expect(xlsx.warnings).toEqual([]);
  });

  it('places every structure at its commune’s centre: the list has no coordinates', () => {
    expect(xlsx.geocoded).toBe(256);
  });

  it('maps « ASSOC AICCB » (AI, association) and gives its postcode back its leading zero', () => {
    expect(byName(xlsx, 'ASSOC AICCB')).toEqual({
      id: 'siret-39911508800011',
      siret: '39911508800011',
      name: 'ASSOC AICCB',
      brand: null,
      kind: 'AI',
      // AI → insertion; « Association déclarée » → ESS (loi 2014-856).
      labels: ['ess', 'insertion'],
      // 8899B is generic in naf-sectors.csv: it says nothing of what is sold.
      naf: '8899B',
      sectorIds: [],
      cpv: [],
      description: null,
      website: null,
      address: {
        street: '1 Rue DE CHAURY',
        postcode: '02330',
        city: 'CONDE EN BRIE',
        inseeCode: '02209',
        departement: '02',
      },
      // Condé-en-Brie (02209) in resources/communes.json.
      location: { lat: 48.99985, lon: 3.56022 },
      serviceArea: null,
      offers: [],
      sources: [
        {
          dataset: NETWORK,
          recordId: '4',
          licence: LICENCE,
          url: null,
          locationPrecision: 'commune-centre',
        },
      ],
    } satisfies Supplier);
  });

  it('gives a SCOP its label and an ETTI its sector through NAF 7820Z', () => {
    expect(byName(xlsx, 'INTERINSER 62')).toEqual({
      id: 'siret-40765547100057',
      siret: '40765547100057',
      name: 'INTERINSER 62',
      brand: null,
      kind: 'ETTI',
      labels: ['ess', 'insertion', 'scop'],
      naf: '7820Z',
      // naf-sectors.csv: 7820Z → 118 « Ressources Humaines ».
      sectorIds: [118],
      cpv: ['79414000', '79600000', '79610000', '79620000'],
      description: null,
      website: null,
      address: {
        street: 'Rue DU CHEMIN DES DAMES',
        postcode: '62700',
        city: 'BRUAY LA BUISSIERE',
        inseeCode: '62178',
        departement: '62',
      },
      location: { lat: 50.48909, lon: 2.55047 },
      serviceArea: null,
      offers: [],
      sources: [
        {
          dataset: NETWORK,
          recordId: '125',
          licence: LICENCE,
          url: null,
          locationPrecision: 'commune-centre',
        },
      ],
    } satisfies Supplier);
  });
});

describe('readSpreadsheet, the same list as a Windows-1252 CSV', () => {
  it('reads the same suppliers, two rows higher (no title rows)', () => {
    expect(csv.headerRow).toBe(1);
    const withoutRows = (result: SpreadsheetReadResult): unknown[] =>
      result.records.map((record) => ({ ...record, sources: [] }));
    expect(withoutRows(csv)).toEqual(withoutRows(xlsx));
    expect(csv.records.map((r) => Number(r.sources[0]?.recordId))).toEqual(
      xlsx.records.map((r) => Number(r.sources[0]?.recordId) - 2),
    );
    expect(csv.rejected.map((r) => r.reason)).toEqual(
      xlsx.rejected.map((r) =>
        r.reason.replace(
          /la ligne (\d+)$/,
          (_all, row: string) => `la ligne ${Number(row) - 2}`,
        ),
      ),
    );
  });
});

describe('readSpreadsheet, labels, sectors and coordinates written by the network', () => {
  const REUSE_COLUMNS: SpreadsheetColumns = {
    name: 'Nom',
    siret: 'SIRET',
    kind: 'Type',
    labels: 'Labels',
    sectors: 'Secteurs',
    street: 'Adresse',
    postcode: 'Code postal',
    city: 'Ville',
    lat: 'Latitude',
    lon: 'Longitude',
    website: 'Site internet',
    description: 'Présentation',
  };
  let reuse: SpreadsheetReadResult;

  beforeAll(async () => {
    reuse = await readSpreadsheet(
      { ...config('reseau-reemploi.csv', REUSE_COLUMNS), id: 'reseau-reemploi' },
      context,
    );
  });

  it('maps « SEVE »: kind by its French name, labels and sector names, decimal commas', () => {
    expect(byName(reuse, 'SEVE')).toEqual({
      id: 'siret-98960003600010',
      siret: '98960003600010',
      name: 'SEVE',
      brand: null,
      kind: 'ESS',
      labels: ['ess', 'esus', 'insertion', 'reemploi'],
      naf: null,
      // « Equipements et mobiliers » and « Recyclage d'éléments d'ameublement (DAE) et petits objets ».
      sectorIds: [38, 86],
      cpv: ['39100000', '39150000', '90514000'],
      description:
        'Réseau de trois manufactures de meubles design, circulaires et solidaires',
      website: 'https://www.seve-mobilier.fr',
      address: {
        street: '11 RTE DE COMPIEGNE',
        postcode: '02200',
        city: 'POMMIERS',
        inseeCode: '02610',
        departement: '02',
      },
      location: { lat: 49.382, lon: 3.29671 },
      serviceArea: null,
      offers: [],
      sources: [{ dataset: NETWORK, recordId: '6', licence: LICENCE, url: null }],
    } satisfies Supplier);
  });

  it('keeps a lone SIREN as no SIRET, with an id from the source and the row', () => {
    const era = byName(reuse, 'ASSO ERA');
    expect(era?.id).toBe('reseau-reemploi-5');
    expect(era?.siret).toBeNull();
    expect(reuse.warnings).toEqual([
      {
        sourceId: 'reseau-reemploi',
        recordId: '5',
        field: 'SIRET',
        reason: 'SIREN « 811346568 » seulement : pas d’établissement identifié',
      },
      {
        sourceId: 'reseau-reemploi',
        recordId: '5',
        field: 'Code postal/Ville',
        reason:
          'commune « Lyon 07 » retenue par son seul code postal 69007 : Lyon 7e Arrondissement (69387)',
      },
    ]);
  });

  it('gives the same kinds, labels and sectors as the embedded catalogue for these suppliers', () => {
    const embedded = JSON.parse(
      readFileSync(resolve('resources', 'catalogue.json'), 'utf8'),
    ).suppliers as Supplier[];
    const mapped = (s: Supplier): unknown => [
      s.name,
      s.kind,
      s.labels,
      s.sectorIds,
      s.location,
    ];
    const same = reuse.records.map((record) =>
      embedded.find((e) =>
        record.siret
          ? e.siret === record.siret
          : e.id === 'reemploi-68' && e.name === record.name,
      ),
    );
    expect(same.map((s) => s?.name)).toEqual([
      'BAK2',
      'Ingram Micro Services / Lifecycle',
      'Envie Nord',
      'ASSO ERA',
      'SEVE',
    ]);
    expect(reuse.records.map(mapped)).toEqual(same.map((s) => mapped(s as Supplier)));
    expect(reuse.geocoded).toBe(0);
  });
});

describe('readSpreadsheet, contacts', () => {
  it('keeps e-mails and telephones, and warns of an e-mail that is none', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Réseau');
    sheet.addRow(['Nom', 'Type', 'Code postal', 'Ville', 'Courriel', 'Téléphone']);
    // A telephone typed as a number loses its leading zero in Excel: 321000000.
    sheet.addRow([
      'Recyclerie A',
      'ESS',
      '62440',
      'Harnes',
      'contact@a.example.org',
      321000000,
    ]);
    sheet.addRow([
      'Recyclerie B',
      'ESS',
      '62440',
      'Harnes',
      'b arobase example',
      '03.21.00.00.01',
    ]);
    sheet.addRow(['Recyclerie C', 'ESS', '62440', 'Harnes', '', '']);
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-sources-'));
    const path = join(dir, 'contacts.xlsx');
    await workbook.xlsx.writeFile(path);
    const columns: SpreadsheetColumns = {
      name: 'Nom',
      kind: 'Type',
      postcode: 'Code postal',
      city: 'Ville',
      email: 'Courriel',
      phone: 'Téléphone',
    };
    const read = await readSpreadsheet(config('', columns, path), context);
    expect(read.records.map((r) => [r.name, r.email, r.phone])).toEqual([
      ['Recyclerie A', 'contact@a.example.org', '03 21 00 00 00'],
      ['Recyclerie B', undefined, '03 21 00 00 01'],
      ['Recyclerie C', undefined, undefined],
    ]);
    expect(read.warnings).toEqual([
      {
        sourceId: 'reseau-hdf',
        recordId: '3',
        field: 'Courriel',
        reason:
          'courriel « b arobase example » ignoré : ce n’est pas une adresse électronique',
      },
    ]);
  });
});

describe('readSpreadsheet, files it cannot use', () => {
  it('names the missing columns and the ones present', async () => {
    const columns = { ...ASP_COLUMNS, city: 'Ville', website: 'Site web' };
    await expect(
      readSpreadsheet(config('reseau-siae-hdf.xlsx', columns), context),
    ).rejects.toThrow(
      'Fichier « reseau-siae-hdf.xlsx », ligne d’en-tête 3 : colonnes « Ville », « Site web » introuvables. ' +
        'Colonnes présentes : Raison sociale, SIRET, Mesure, Forme juridique, Code NAF, Adresse, ' +
        'Code postal, Commune, Département.',
    );
  });

  it('says when no row names the supplier column', async () => {
    await expect(
      readSpreadsheet(
        config('reseau-siae-hdf.csv', { name: 'Nom du fournisseur' }),
        context,
      ),
    ).rejects.toThrow(
      'Le fichier « reseau-siae-hdf.csv » n’a pas de ligne d’en-tête avec la colonne ' +
        '« Nom du fournisseur » (nom des fournisseurs) dans ses 20 premières lignes.',
    );
  });

  it('refuses an .xls workbook and a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-sources-'));
    const xls = join(dir, 'ancien.xls');
    writeFileSync(xls, 'D0CF11E0');
    await expect(readSpreadsheet(config('', ASP_COLUMNS, xls), context)).rejects.toThrow(
      'Le fichier « ancien.xls » est au format Excel 97-2003 (.xls), non pris en charge',
    );
    const missing = join(dir, 'absent.csv');
    await expect(
      readSpreadsheet(config('', ASP_COLUMNS, missing), context),
    ).rejects.toThrow(`Le fichier « ${missing} » est introuvable.`);
  });
});
