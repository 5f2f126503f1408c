/**
 * Delivery sites (issue 4, point 5) through the services: several named
 * sites per buyer, their place resolved (a shared name only with the
 * commune chosen), replaced by name, deleted, kept across a restart, and
 * added to a plans.sqlite written before sites existed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Place } from '../../shared/model';
import { createServices, type Services } from '../../main/services/create-services';
import { userErrorMessage } from '../helpers/user-error-message';
import { openDatabase } from '../../main/services/database/open-database';
import { PLAN_MIGRATIONS } from '../../main/services/plans/plan-store';

const HARNES: Place = {
  label: 'Harnes (62440)',
  inseeCode: '62413',
  postcode: '62440',
  departement: '62',
  lat: 50.45223,
  lon: 2.90355,
};
const LENS: Place = {
  label: 'Lens (62300)',
  inseeCode: '62498',
  postcode: '62300',
  departement: '62',
  lat: 50.43954,
  lon: 2.8191,
};
const SAINT_DENIS_93: Place = {
  label: 'Saint-Denis (93)',
  inseeCode: '93066',
  postcode: '93200',
  departement: '93',
  lat: 48.9268,
  lon: 2.3657,
};

const MAIRIE = 'Mairie de Harnes';
const AT = '2026-03-02T09:30:00.000Z';

let dir: string;
let databasePath: string;
let services: Services;

async function open(): Promise<Services> {
  return createServices({ databasePath, now: () => new Date(AT) });
}

const messageOf = userErrorMessage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-sites-'));
  databasePath = join(dir, 'passerelle.sqlite');
});

afterEach(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sites de livraison', () => {
  beforeEach(async () => {
    services = await open();
  });

  it('keeps several named sites per buyer, sorted by name, apart from other buyers', async () => {
    await services['sites:save']({
      buyer: MAIRIE,
      name: 'Cuisine centrale',
      placeText: '62440',
    });
    const sites = await services['sites:save']({
      buyer: ` ${MAIRIE} `,
      name: ' Archives ',
      placeText: 'Lens',
    });
    expect(sites).toEqual([
      { buyer: MAIRIE, name: 'Archives', placeText: 'Lens', place: LENS, updatedAt: AT },
      {
        buyer: MAIRIE,
        name: 'Cuisine centrale',
        placeText: '62440',
        place: HARNES,
        updatedAt: AT,
      },
    ]);
    await services['sites:save']({ buyer: 'CCAS', name: 'Foyer', placeText: 'Harnes' });
    expect((await services['sites:list']('CCAS')).map((s) => s.name)).toEqual(['Foyer']);
    expect(await services['sites:list']('')).toEqual([]);
  });

  it('replaces a site saved again under the same name', async () => {
    await services['sites:save']({ buyer: MAIRIE, name: 'Dépôt', placeText: 'Harnes' });
    const sites = await services['sites:save']({
      buyer: MAIRIE,
      name: 'Dépôt',
      placeText: 'Lens',
    });
    expect(sites).toHaveLength(1);
    expect(sites[0]?.place).toEqual(LENS);
  });

  it('takes a name several communes share only with the commune chosen', async () => {
    const refused = await messageOf(
      services['sites:save']({ buyer: MAIRIE, name: 'Stade', placeText: 'Saint-Denis' }),
    );
    expect(refused).toMatch(/^Plusieurs communes correspondent à « Saint-Denis » \(/);
    expect(refused).toContain('Saint-Denis (93)');
    expect(refused).toMatch(
      /choisissez la commune du besoin avant d’enregistrer le site « Stade »\.$/,
    );

    const sites = await services['sites:save']({
      buyer: MAIRIE,
      name: 'Stade',
      placeText: 'Saint-Denis',
      place: SAINT_DENIS_93,
    });
    expect(sites[0]?.place).toEqual(SAINT_DENIS_93);
    // A place that is not one of the candidates is no choice.
    expect(
      await messageOf(
        services['sites:save']({
          buyer: MAIRIE,
          name: 'Stade',
          placeText: 'Saint-Denis',
          place: HARNES,
        }),
      ),
    ).toMatch(/^Plusieurs communes correspondent/);
  });

  it('refuses in French a site without buyer, name or place, or with an unknown place', async () => {
    expect(
      await messageOf(
        services['sites:save']({ buyer: ' ', name: 'Dépôt', placeText: 'Harnes' }),
      ),
    ).toBe(
      'Indiquez l’acheteur du plan : les sites de livraison sont rangés par acheteur.',
    );
    expect(
      await messageOf(
        services['sites:save']({ buyer: MAIRIE, name: '', placeText: 'Harnes' }),
      ),
    ).toBe('Donnez un nom au site de livraison (par exemple « Cuisine centrale »).');
    expect(
      await messageOf(
        services['sites:save']({ buyer: MAIRIE, name: 'Dépôt', placeText: '  ' }),
      ),
    ).toBe('Indiquez le lieu du site « Dépôt » : commune ou code postal.');
    expect(
      await messageOf(
        services['sites:save']({ buyer: MAIRIE, name: 'Dépôt', placeText: 'Xyzzyville' }),
      ),
    ).toBe(
      'Site « Dépôt » : Lieu « Xyzzyville » introuvable : indiquez une commune, un code ' +
        'postal, un code INSEE ou « latitude, longitude ».',
    );
    expect(await services['sites:list'](MAIRIE)).toEqual([]);
  });

  it('deletes a site, and says so when it is already gone', async () => {
    await services['sites:save']({ buyer: MAIRIE, name: 'Dépôt', placeText: 'Harnes' });
    await services['sites:save']({ buyer: MAIRIE, name: 'Archives', placeText: 'Lens' });
    const left = await services['sites:delete']({ buyer: MAIRIE, name: 'Dépôt' });
    expect(left.map((s) => s.name)).toEqual(['Archives']);
    expect(
      await messageOf(services['sites:delete']({ buyer: MAIRIE, name: 'Dépôt' })),
    ).toBe(
      'Le site « Dépôt » de « Mairie de Harnes » n’existe pas (ou plus) : il a peut-être ' +
        'été supprimé.',
    );
  });

  it('keeps the sites when the services are closed and opened again', async () => {
    await services['sites:save']({ buyer: MAIRIE, name: 'Dépôt', placeText: 'Harnes' });
    services.close();
    services = await open();
    expect(await services['sites:list'](MAIRIE)).toEqual([
      { buyer: MAIRIE, name: 'Dépôt', placeText: 'Harnes', place: HARNES, updatedAt: AT },
    ]);
  });
});

it('adds the sites table to a plans.sqlite made before it, its plans kept', async () => {
  const plansPath = join(dir, 'plans.sqlite');
  const old = await openDatabase(plansPath, PLAN_MIGRATIONS.slice(0, 1));
  old.db.run(
    'INSERT INTO plans (id, name, buyer, created_at, updated_at, source_file, revision, ' +
      "rows_read, import_issues) VALUES ('plan-1', 'Plan 2025', ?, ?, ?, NULL, 1, 0, '[]')",
    [MAIRIE, AT, AT],
  );
  old.save();
  old.close();

  services = await open();
  expect((await services['plans:list']()).map((p) => p.name)).toEqual(['Plan 2025']);
  const sites = await services['sites:save']({
    buyer: MAIRIE,
    name: 'Dépôt',
    placeText: 'Harnes',
  });
  expect(sites.map((s) => s.place)).toEqual([HARNES]);
});
