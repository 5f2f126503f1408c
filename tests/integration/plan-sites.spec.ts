/**
 * A need delivered to several sites (« Harnes ; Lens ») through the whole
 * plan path: imported with its second site, stored and read back from
 * plans.sqlite, edited, and exported with its sites joined by « ; ».
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Need } from '../../shared/model';
import { createServices, type Services } from '../../main/services/create-services';

let dir: string;
let services: Services;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-sites-'));
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

const CSV =
  'Intitulé;Mots-clés;Lieu de livraison\r\n' +
  'Tonte;tonte;"Harnes ; Lens"\r\n' +
  'Nettoyage;nettoyage;Harnes / 62300\r\n';

async function storedPlan() {
  const imported = await services['plan:import']({
    name: 'sites.csv',
    base64: Buffer.from(CSV, 'utf8').toString('base64'),
  });
  return services['plans:create']({ name: 'Sites', buyer: 'Mairie', imported });
}

describe('a need with several delivery sites', () => {
  it('is imported with its second site and kept by plans.sqlite', async () => {
    const created = await storedPlan();
    const plan = await services['plans:get'](created.id);
    // Harnes is INSEE 62413 (postcode 62440), Lens 62498 (postcode 62300).
    expect(plan.needs.map((n) => n.place?.inseeCode)).toEqual(['62413', '62413']);
    // 62300 is shared by Lens and Éleu-dit-Leauwette: that site is left out.
    expect(plan.needs.map((n) => n.additionalPlaces?.map((p) => p.inseeCode))).toEqual([
      ['62498'],
      undefined,
    ]);
  });

  it('keeps sites edited in the editor through a save', async () => {
    const created = await storedPlan();
    const [first, second] = created.needs as [Need, Need];
    const single: Need = { ...second, placeText: 'Harnes', additionalPlaces: [] };
    await services['plans:save']({
      planId: created.id,
      baseRevision: created.revision,
      upserts: [single],
      removals: [],
      order: null,
    });
    const plan = await services['plans:get'](created.id);
    expect(plan.needs[0]?.additionalPlaces).toEqual(first.additionalPlaces);
    expect(plan.needs[1]?.additionalPlaces).toEqual([]);
  });

  it('is exported with its sites joined by « ; » and imports back the same', async () => {
    const created = await storedPlan();
    const file = await services['plans:export']({ planId: created.id, format: 'csv' });
    const lines = Buffer.from(file.base64, 'base64').toString('utf8').split('\r\n');
    // Sites whose typed name still finds them are kept as typed.
    expect(lines[1]).toContain(';"Harnes ; Lens";');
    // A site left out as ambiguous: the cell as typed, to warn again on import.
    expect(lines[2]).toContain(';Harnes / 62300;');
    const back = await services['plan:import'](file);
    expect(back.issues.map((i) => i.message)).toEqual([
      'Ligne 3, colonne « Lieu de livraison » : 2e site « 62300 » : Lieu ambigu ' +
        '« 62300 » : choisissez parmi Lens (62300), Éleu-dit-Leauwette (62300) ; ce ' +
        'site n’est pas retenu tant qu’il n’est pas précisé (code postal ou « (dép.) »).',
    ]);
    expect(back.plan.needs.map((n) => n.additionalPlaces)).toEqual(
      created.needs.map((n) => n.additionalPlaces),
    );
  });
});
