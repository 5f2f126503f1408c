/**
 * A stored plan exported (issue 4, point 9): to the template's .xlsx and
 * .csv, which import back to the same needs, and to OCDS JSON, whose
 * planning release is checked field by field against the Harnes plan.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Need } from '../../shared/model';
import type { StoredPlan } from '../../shared/plan/stored-plans';
import { createServices, type Services } from '../../main/services/create-services';

const ROOT = resolve(__dirname, '../..');
const HARNES = readFileSync(resolve(ROOT, 'tests/fixtures/plans/harnes-2019.xlsx'));

let dir: string;
let services: Services;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-export-'));
  const clock = new Date('2026-12-05T09:00:00Z');
  services = await createServices({
    databasePath: join(dir, 'passerelle.sqlite'),
    now: () => clock,
  });
});

afterEach(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The Harnes plan stored, its first need edited as the editor would: 12 kg a
 * week (624 kg a year), keywords, labels, a distance and a new date.
 */
async function editedHarnes(): Promise<StoredPlan> {
  const imported = await services['plan:import']({
    name: 'harnes-2019.xlsx',
    base64: HARNES.toString('base64'),
  });
  const plan = await services['plans:create']({
    name: 'Plan 2019',
    buyer: 'Mairie de Harnes',
    imported,
  });
  const first = plan.needs[0] as Need;
  const edited: Need = {
    ...first,
    keywords: ['tabliers', 'terreau'],
    quantity: 12,
    unit: 'kg',
    frequency: 'weekly',
    quantityKind: 'mass',
    unitCode: 'KGM',
    normalizedQuantity: 12,
    timesPerYear: 52,
    annualQuantity: 624,
    date: '2019-02-28',
    maxDistanceKm: 30,
    requiredLabels: ['insertion'],
    preferredLabels: ['bio', 'local'],
  };
  await services['plans:save']({
    planId: plan.id,
    baseRevision: plan.revision,
    upserts: [edited],
    removals: [],
    order: null,
  });
  return services['plans:get'](plan.id);
}

/** A need without what depends on the file it came from (its id and row). */
function content(need: Need): Partial<Need> {
  const rest: Partial<Need> = { ...need };
  delete rest.id;
  delete rest.row;
  return rest;
}

describe('plan exported to the template’s layout', () => {
  it('imports back from .xlsx to the same 29 needs, edits included', async () => {
    const plan = await editedHarnes();
    const file = await services['plans:export']({ planId: plan.id, format: 'xlsx' });
    expect(file.name).toBe('plan-2019.xlsx');

    const back = await services['plan:import'](file);
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(back.rowsRead).toBe(29);
    expect(back.plan.needs.map(content)).toEqual(plan.needs.map(content));
    // The edited need, as typed in the editor: 12 kg a week is 624 kg a year.
    expect(back.plan.needs[0]).toMatchObject({
      quantity: 12,
      unit: 'kg',
      frequency: 'weekly',
      unitCode: 'KGM',
      annualQuantity: 624,
      date: '2019-02-28',
      maxDistanceKm: 30,
      requiredLabels: ['insertion'],
      preferredLabels: ['bio', 'local'],
      keywords: ['tabliers', 'terreau'],
    });
  });

  it('writes codes as text, dates as dates shown dd/mm/yyyy, amounts as numbers', async () => {
    const plan = await editedHarnes();
    const file = await services['plans:export']({ planId: plan.id, format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Intitulé',
      'Code CPV',
      'Secteur',
      'Mots-clés',
      'Quantité',
      'Unité',
      'Fréquence',
      'Date de besoin',
      'Lieu de livraison',
      'Distance max (km)',
      'Labels exigés',
      'Labels souhaités',
      'Budget (€ HT)',
    ]);
    // Row 2: the edited first need; 79956000 carries its check digit 0.
    const row = sheet.getRow(2);
    expect(row.getCell(2).value).toBe('79956000-0');
    expect(row.getCell(5).value).toBe(12);
    expect(row.getCell(7).value).toBe('hebdomadaire');
    expect(row.getCell(8).value).toEqual(new Date('2019-02-28T00:00:00Z'));
    expect(row.getCell(8).numFmt).toBe('dd/mm/yyyy');
    expect(row.getCell(9).value).toBe('Harnes 62440');
    expect(row.getCell(13).value).toBe(35000);
    // Row 8: the aluminium joinery, 507 947 € on 29/06/2018.
    expect(sheet.getRow(8).getCell(13).value).toBe(507947);
    expect(sheet.getRow(8).getCell(8).value).toEqual(new Date('2018-06-29T00:00:00Z'));
    expect(sheet.rowCount).toBe(30);
  });

  it('imports back from .csv to the same needs', async () => {
    const plan = await editedHarnes();
    const file = await services['plans:export']({ planId: plan.id, format: 'csv' });
    expect(file.name).toBe('plan-2019.csv');
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[1]).toBe(
      'Fourniture de tabliers, terreau, pots, gazon, graines, location de stands, ' +
        'sonorisation, impression graphique, gardiennage pour la manifestation Des ' +
        'Racines et des Hommes;79956000-0;;tabliers, terreau;12;kg;hebdomadaire;' +
        '28/02/2019;Harnes 62440;30;Insertion (SIAE, GEIQ);' +
        // A cell holding the separator is quoted.
        '"Agriculture biologique (AB) ; Producteur local";35000',
    );
    const back = await services['plan:import'](file);
    expect(back.plan.needs.map(content)).toEqual(plan.needs.map(content));
  });

  it('refuses an unknown format in French', async () => {
    const plan = await editedHarnes();
    await expect(
      services['plans:export']({ planId: plan.id, format: 'pdf' as never }),
    ).rejects.toThrow(
      'Format d’export inconnu : choisissez « xlsx », « csv » ou « ocds ».',
    );
  });
});

describe('plan exported to OCDS', () => {
  async function harnesRelease(): Promise<{
    plan: StoredPlan;
    pkg: Record<string, unknown>;
    release: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }> {
    const plan = await editedHarnes();
    const file = await services['plans:export']({ planId: plan.id, format: 'ocds' });
    expect(file.name).toBe('plan-2019.ocds.json');
    const pkg = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8'));
    return { plan, pkg, release: pkg.releases[0] };
  }

  it('is a release package of one planning release, ocid with the prefix placeholder', async () => {
    const { plan, pkg, release } = await harnesRelease();
    expect(pkg).toMatchObject({
      version: '1.1',
      publishedDate: '2026-12-05T09:00:00Z',
      publisher: { name: 'Mairie de Harnes' },
    });
    expect(release).toMatchObject({
      ocid: `ocds-xxxxxx-${plan.id}`,
      id: `ocds-xxxxxx-${plan.id}-${plan.revision}`,
      date: plan.updatedAt,
      tag: ['planning'],
      initiationType: 'tender',
      buyer: { id: 'acheteur', name: 'Mairie de Harnes' },
      parties: [{ id: 'acheteur', name: 'Mairie de Harnes', roles: ['buyer'] }],
    });
  });

  it('gives each need an item: CPV, yearly quantity in UN/CEFACT unit, delivery place', async () => {
    const { release } = await harnesRelease();
    const items = release.tender.items;
    expect(items).toHaveLength(29);
    expect(items[0]).toMatchObject({
      classification: { scheme: 'CPV', id: '79956000' },
      quantity: 624,
      unit: { scheme: 'UNCEFACT', id: 'KGM', name: 'kg' },
      deliveryAddress: { locality: 'Harnes', postalCode: '62440', countryName: 'France' },
      deliveryLocation: { description: 'Harnes (62440)', geometry: { type: 'Point' } },
    });
    expect(items[0].classification.description).toEqual(expect.any(String));
    // Needs without quantity in the file have none in OCDS either.
    expect(items[1].quantity).toBeUndefined();
    expect(items[6].classification.id).toBe('45421000');
  });

  it('groups needs of one CPV group into lots and sums the budgets in euros', async () => {
    const { release } = await harnesRelease();
    // 29 needs fall in 23 CPV groups (3 first digits); 799 holds needs 1 and 4.
    expect(release.tender.lots).toHaveLength(23);
    expect(release.tender.items[0].relatedLot).toBe('lot-1');
    expect(release.tender.items[3].relatedLot).toBe('lot-1');
    expect(release.tender.items[1].relatedLot).toBe('lot-2');
    expect(release.tender.lots[0]).toMatchObject({
      id: 'lot-1',
      status: 'planning',
      value: { amount: 35000 + 8450, currency: 'EUR' },
    });
    // Sum of the 29 budgets of the Harnes file.
    expect(release.tender.value).toEqual({ amount: 3182011, currency: 'EUR' });
    expect(release.planning.budget.amount).toEqual({ amount: 3182011, currency: 'EUR' });
    expect(release.planning.milestones).toHaveLength(29);
    expect(release.planning.milestones[0]).toMatchObject({
      type: 'delivery',
      dueDate: '2019-02-28T00:00:00Z',
      relatedLots: ['lot-1'],
    });
  });
});

describe('plan exported to OCDS, a need of two sites', () => {
  /** Lens as `passerelle places Lens` prints it, written out by hand. */
  const LENS = {
    label: 'Lens (62300)',
    inseeCode: '62498',
    postcode: '62300',
    departement: '62',
    lat: 50.43954,
    lon: 2.8191,
  };

  it('lists every site in deliveryAddresses/deliveryLocations, the first also alone', async () => {
    const plan = await editedHarnes();
    const first = plan.needs[0] as Need;
    const harnes = first.place!;
    await services['plans:save']({
      planId: plan.id,
      baseRevision: plan.revision,
      upserts: [{ ...first, placeText: 'Harnes ; Lens', additionalPlaces: [LENS] }],
      removals: [],
      order: null,
    });
    const file = await services['plans:export']({ planId: plan.id, format: 'ocds' });
    const pkg = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8'));
    const item = pkg.releases[0].tender.items[0];
    const harnesPoint = [harnes.lon, harnes.lat];
    expect(harnes.label).toBe('Harnes (62440)');
    expect({
      deliveryAddress: item.deliveryAddress,
      deliveryLocation: item.deliveryLocation,
      deliveryAddresses: item.deliveryAddresses,
      deliveryLocations: item.deliveryLocations,
    }).toEqual({
      deliveryAddress: { locality: 'Harnes', postalCode: '62440', countryName: 'France' },
      deliveryLocation: {
        description: 'Harnes (62440)',
        geometry: { type: 'Point', coordinates: harnesPoint },
      },
      deliveryAddresses: [
        { locality: 'Harnes', postalCode: '62440', countryName: 'France' },
        { locality: 'Lens', postalCode: '62300', countryName: 'France' },
      ],
      deliveryLocations: [
        {
          description: 'Harnes (62440)',
          geometry: { type: 'Point', coordinates: harnesPoint },
        },
        {
          description: 'Lens (62300)',
          geometry: { type: 'Point', coordinates: [2.8191, 50.43954] },
        },
      ],
    });
    // A need of one site keeps the single fields only.
    const second = pkg.releases[0].tender.items[1];
    expect(second.deliveryAddresses).toBeUndefined();
    expect(second.deliveryLocations).toBeUndefined();
  });
});
