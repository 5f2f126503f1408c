/** match:why-not through the real services: kept, excluded, refused in French. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import type { Plan } from '../../shared/model';
import {
  makeCatalogue,
  makeSupplier,
  makeTonteNeed,
} from '../unit/main/catalogue-factory';

let services: Services;

const need = makeTonteNeed();
const plan: Plan = {
  name: 'Plan de test',
  sourceFile: null,
  importedAt: '',
  needs: [need],
};

const HARNES_ID = 'siret-12345678900011';
const BOURG_ID = 'siret-01234567800019';
const NORD_ID = 'siret-99999999900019';

beforeAll(async () => {
  const catalogue = makeCatalogue();
  // In Harnes too, but working in the Nord (59) only.
  catalogue.suppliers.push(
    makeSupplier({
      id: NORD_ID,
      siret: '99999999900019',
      name: 'Jardins du Nord',
      serviceArea: { kind: 'departements', codes: ['59'] },
    }),
  );
  services = await createServices({
    databasePath: null,
    catalogue,
    now: () => new Date('2026-12-05T00:00:00Z'),
  });
});

afterAll(() => services.close());

describe('match:why-not', () => {
  const ask = (supplierId: string, needId = 'need-2', options = {}) =>
    services['match:why-not']({ plan, needId, supplierId, options });

  it('gives the rank of a kept supplier, as match:run does', async () => {
    const answer = await ask(HARNES_ID);
    expect(answer).toMatchObject({
      needId: 'need-2',
      supplierId: HARNES_ID,
      supplierName: 'Jardins de Harnes',
      rank: 1,
      excludedBy: null,
    });
    expect(answer.checks.map((c) => c.criterion)).toEqual([
      'activity',
      'place',
      'labels',
      'distance',
      'service-area',
      'lead-time',
      'season',
      'rank',
    ]);
    expect(answer.explanation).toBe(
      '« Jardins de Harnes » est retenu pour le besoin « Tonte » : ' +
        'classé n° 1 sur 1 fournisseur retenu (score 100).',
    );
  });

  it('names the criterion that excluded the others', async () => {
    const bourg = await ask(BOURG_ID);
    expect(bourg.excludedBy).toBe('distance');
    expect(bourg.checks.find((c) => c.criterion === 'distance')?.explanation).toMatch(
      /^\d+,\d km du lieu de livraison, au-delà du maximum de 50 km$/,
    );
    const nord = await ask(NORD_ID);
    expect(nord.excludedBy).toBe('service-area');
    expect(nord.explanation).toBe(
      '« Jardins du Nord » n’est pas retenu pour le besoin « Tonte » : le fournisseur ' +
        'intervient dans le département 59 : Harnes (département 62) hors de sa zone.',
    );
  });

  it('agrees with match:run for every supplier of the catalogue', async () => {
    const match = await services['match:run']({ plan });
    const listed = match.needs[0]?.candidates.map((c) => c.supplierId) ?? [];
    for (const id of [HARNES_ID, BOURG_ID, NORD_ID]) {
      const answer = await ask(id);
      expect(answer.excludedBy === null, id).toBe(listed.includes(id));
    }
  });

  it('refuses in French an unknown need, an unknown supplier and bad options', async () => {
    await expect(ask(HARNES_ID, 'need-404')).rejects.toThrow(
      'Besoin « need-404 » introuvable dans le plan « Plan de test » : ' +
        'relancez le rapprochement.',
    );
    await expect(ask('siret-00000000000000')).rejects.toThrow(
      'Fournisseur « siret-00000000000000 » introuvable dans le catalogue ' +
        '(version 2026.01.01-0000000a) : relancez la recherche.',
    );
    await expect(ask(HARNES_ID, 'need-2', { roadFactor: 5 })).rejects.toThrow(
      'Option « roadFactor » : « 5 » doit être un coefficient routier entre 1 et 3 ' +
        '(1 : à vol d’oiseau ; 1,3 : usuel en France).',
    );
  });
});
