/** The comparison channels and the report's « Comparaison », through the real services. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../main/services/create-services';
import type { Plan } from '../../../shared/model';
import { makeCatalogue, makeTonteNeed } from './catalogue-factory';

const HARNES_GARDENS = 'siret-12345678900011';
const BOURG_RECYCLING = 'siret-01234567800019';

/*
 * From the centre of Harnes (50.45223 N, 2.90355 E), haversine with
 * R = 6371.0088 km:
 * - Jardins de Harnes (50.4458 N, 2.9069 E): dφ = −0.00643°, dλ = 0.00335°;
 *   north–south 0.00643 × 111.195 = 0.7150 km, east–west 0.00335 × 111.195 ×
 *   cos 50.449° (0.6367) = 0.2372 km; √(0.7150² + 0.2372²) = 0.7533 → 0,8 km.
 * - Recyclerie de Bourg (46.2052 N, 5.2255 E): sin²(dφ/2) = 0.0013730,
 *   cos φ1 × cos φ2 = 0.63672 × 0.69208, sin²(dλ/2) = 0.00041053;
 *   a = 0.0013730 + 0.44066 × 0.00041053 = 0.0015539; c = 2 asin √a = 0.078859;
 *   d = 6371.0088 × 0.078859 = 502.41 → 502,4 km.
 */
const KM = [0.8, 502.4];

let services: Services;
beforeAll(async () => {
  services = await createServices({
    databasePath: null,
    catalogue: makeCatalogue(),
    now: () => new Date(2026, 4, 7, 10, 0),
  });
});
afterAll(() => services.close());

async function sheetOf(
  base64: string,
  name: string,
): Promise<ExcelJS.Worksheet | undefined> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return workbook.getWorksheet(name);
}

describe('compare:suppliers', () => {
  it('resolves the typed site like a plan’s places and measures from it', async () => {
    const comparison = await services['compare:suppliers']({
      supplierIds: [HARNES_GARDENS, BOURG_RECYCLING],
      site: 'harnes',
    });
    expect(comparison.site?.label).toBe('Harnes (62440)');
    expect(comparison.suppliers.map((s) => s.distanceKm)).toEqual(KM);
  });

  it('an ambiguous site: the comparison still comes, without distances', async () => {
    const comparison = await services['compare:suppliers']({
      supplierIds: [HARNES_GARDENS, BOURG_RECYCLING],
      site: 'Saint-Denis',
    });
    expect(comparison.site).toBeNull();
    expect(comparison.siteNote).toContain('Plusieurs communes correspondent');
    expect(comparison.siteCandidates.length).toBeGreaterThan(1);
    expect(comparison.suppliers.map((s) => s.distanceKm)).toEqual([null, null]);
  });

  it('refuses unknown suppliers with a French message', async () => {
    await expect(
      services['compare:report']({ supplierIds: [HARNES_GARDENS, 'siret-000'] }),
    ).rejects.toThrow(
      'Fournisseur « siret-000 » absent du catalogue : retirez-le de la comparaison ' +
        'et choisissez-en un autre.',
    );
  });
});

describe('report:build with a comparison', () => {
  const plan: Plan = {
    name: 'p',
    sourceFile: null,
    importedAt: '',
    needs: [makeTonteNeed()],
  };

  it('adds « Comparaison » only when the request carries one', async () => {
    const match = await services['match:run']({ plan });
    const withIt = await services['report:build']({
      plan,
      match,
      comparison: { supplierIds: [HARNES_GARDENS, BOURG_RECYCLING], site: 'Harnes' },
    });
    const sheet = await sheetOf(withIt.base64, 'Comparaison');
    if (!sheet) throw new Error('feuille « Comparaison » absente');
    expect(sheet.getRow(6).values).toEqual([
      undefined,
      'Critère',
      'Jardins de Harnes',
      'Recyclerie de Bourg',
    ]);
    let distances: ExcelJS.CellValue[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'Distance à Harnes (62440)') {
        distances = [row.getCell(2).value, row.getCell(3).value];
      }
    });
    expect(distances).toEqual(KM);

    const without = await services['report:build']({ plan, match });
    expect(await sheetOf(without.base64, 'Comparaison')).toBeUndefined();
  });
});
