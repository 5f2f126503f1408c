/**
 * Score-weight presets (issue 5, point 4) through the services: the
 * built-in ones first, the buyer's by name in French order, weights checked
 * one by one, names unique, built-ins neither replaced nor deleted, and
 * everything kept across a restart on the same data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import type { ScoreWeights } from '../../shared/model';
import { userErrorMessage as messageOf } from '../helpers/user-error-message';

const AT = '2026-03-02T09:30:00.000Z';
const BUILT_IN_NAMES = ['Équilibré', 'Proximité', 'Inclusion', 'Volumes'];
const W: ScoreWeights = { sector: 50, labels: 30, distance: 20, capacity: 0 };

let dir: string;
let databasePath: string;
let services: Services;

async function open(): Promise<Services> {
  return createServices({ databasePath, now: () => new Date(AT) });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-presets-'));
  databasePath = join(dir, 'passerelle.sqlite');
  services = await open();
});

afterEach(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

const names = (presets: { name: string }[]): string[] => presets.map((p) => p.name);

describe('jeux de pondérations', () => {
  it('lists the built-in presets, « Équilibré » being the default weights', async () => {
    const presets = await services['presets:list']();
    expect(names(presets)).toEqual(BUILT_IN_NAMES);
    expect(presets.every((p) => p.builtIn)).toBe(true);
    expect(presets[0]?.weights).toEqual({
      sector: 40,
      labels: 20,
      distance: 30,
      capacity: 10,
    });
  });

  it('saves presets after the built-in ones, by name in French order, trimmed', async () => {
    await services['presets:save']({ name: 'zéro déchet', weights: W });
    await services['presets:save']({ name: ' Économie locale ', weights: W });
    const presets = await services['presets:save']({ name: 'Achats ESS', weights: W });
    // French collation: « Économie » between « Achats » and « zéro », lower case not last.
    expect(names(presets)).toEqual([
      ...BUILT_IN_NAMES,
      'Achats ESS',
      'Économie locale',
      'zéro déchet',
    ]);
    const saved = presets.at(-1);
    expect(saved).toMatchObject({ name: 'zéro déchet', weights: W, builtIn: false });
    expect(saved?.id).toMatch(/^preset-/);
  });

  it('replaces a saved preset by its id, name and weights', async () => {
    const [created] = (
      await services['presets:save']({ name: 'Circuits courts', weights: W })
    ).filter((p) => !p.builtIn);
    const weights = { sector: 10, labels: 0, distance: 90, capacity: 0 };
    const presets = await services['presets:save']({
      id: created?.id,
      name: 'Circuits très courts',
      weights,
    });
    expect(presets.filter((p) => !p.builtIn)).toEqual([
      { id: created?.id, name: 'Circuits très courts', weights, builtIn: false },
    ]);
  });

  it('refuses each weight outside 0–100 or not whole, naming it and its value', async () => {
    const save = (weights: unknown) =>
      messageOf(
        services['presets:save']({ name: 'Essai', weights: weights as ScoreWeights }),
      );
    expect(await save({ ...W, capacity: 120 })).toBe(
      'Jeu « Essai » : la pondération « capacité » vaut « 120 » ; donnez un nombre ' +
        'entier de 0 à 100.',
    );
    expect(await save({ ...W, distance: 12.5 })).toBe(
      'Jeu « Essai » : la pondération « distance » vaut « 12.5 » ; donnez un nombre ' +
        'entier de 0 à 100.',
    );
    expect(await save({ ...W, sector: -1 })).toContain('« secteur » vaut « -1 »');
    expect(await save({ ...W, labels: '20' })).toContain('« labels » vaut « 20 »');
    expect(await save({ sector: 40, labels: 20, distance: 30 })).toContain(
      'Jeu « Essai » : la pondération « capacité » manque ; donnez un nombre entier de ' +
        '0 à 100.',
    );
    expect(await save({ sector: 0, labels: 0, distance: 0, capacity: 0 })).toBe(
      'Jeu « Essai » : toutes les pondérations valent 0 ; donnez-en au moins une ' +
        'supérieure à 0.',
    );
    expect(await save(null)).toBe(
      'Jeu « Essai » : donnez les pondérations secteur, labels, distance et capacité.',
    );
    expect(names(await services['presets:list']())).toEqual(BUILT_IN_NAMES);
  });

  it('accepts weights that do not sum to 100', async () => {
    const weights = { sector: 100, labels: 100, distance: 0, capacity: 5 };
    const presets = await services['presets:save']({ name: 'Libre', weights });
    expect(presets.at(-1)?.weights).toEqual(weights);
  });

  it('refuses an empty name and a name already taken, whatever its case and accents', async () => {
    expect(await messageOf(services['presets:save']({ name: '  ', weights: W }))).toBe(
      'Donnez un nom au jeu de pondérations (par exemple « Circuits courts »).',
    );
    expect(
      await messageOf(services['presets:save']({ name: 'PROXIMITE', weights: W })),
    ).toBe(
      'Un jeu de pondérations s’appelle déjà « Proximité » : choisissez un autre nom ' +
        'que « PROXIMITE ».',
    );
    const [mine] = (
      await services['presets:save']({ name: 'Réemploi', weights: W })
    ).filter((p) => !p.builtIn);
    await services['presets:save']({ name: 'Autre', weights: W });
    expect(
      await messageOf(services['presets:save']({ name: ' reemploi', weights: W })),
    ).toContain('s’appelle déjà « Réemploi »');
    // Renaming a preset to its own name in another case is no clash.
    const renamed = await services['presets:save']({
      id: mine?.id,
      name: 'RÉEMPLOI',
      weights: W,
    });
    expect(names(renamed)).toEqual([...BUILT_IN_NAMES, 'Autre', 'RÉEMPLOI']);
    const other = renamed.find((p) => p.name === 'Autre');
    expect(
      await messageOf(
        services['presets:save']({ id: other?.id, name: 'réemploi', weights: W }),
      ),
    ).toContain('s’appelle déjà « RÉEMPLOI »');
  });

  it('refuses to replace or delete a built-in preset, or an unknown one', async () => {
    expect(
      await messageOf(
        services['presets:save']({ id: 'builtin-proximite', name: 'Proche', weights: W }),
      ),
    ).toBe(
      'Le jeu « Proximité » est fourni avec Passerelle et ne peut pas être modifié : ' +
        'enregistrez vos pondérations sous un autre nom.',
    );
    expect(await messageOf(services['presets:delete']('builtin-equilibre'))).toBe(
      'Le jeu « Équilibré » est fourni avec Passerelle et ne peut pas être supprimé.',
    );
    expect(await messageOf(services['presets:delete']('preset-inconnu'))).toBe(
      'Le jeu de pondérations « preset-inconnu » n’existe pas (ou plus) : il a peut-être ' +
        'été supprimé.',
    );
    expect(
      await messageOf(
        services['presets:save']({ id: 'preset-inconnu', name: 'X', weights: W }),
      ),
    ).toContain('« preset-inconnu » n’existe pas (ou plus)');
  });

  it('deletes a saved preset', async () => {
    await services['presets:save']({ name: 'Un', weights: W });
    const saved = await services['presets:save']({ name: 'Deux', weights: W });
    const deux = saved.find((p) => p.name === 'Deux');
    const left = await services['presets:delete'](deux?.id as string);
    expect(names(left)).toEqual([...BUILT_IN_NAMES, 'Un']);
  });

  it('keeps the saved presets when the services are closed and opened again', async () => {
    await services['presets:save']({ name: 'Inclusion locale', weights: W });
    const before = await services['presets:save']({ name: 'Bio', weights: W });
    const bio = before.find((p) => p.name === 'Bio');
    await services['presets:delete'](bio?.id as string);
    const kept = await services['presets:list']();
    services.close();
    services = await open();
    const after = await services['presets:list']();
    expect(after).toEqual(kept);
    expect(names(after)).toEqual([...BUILT_IN_NAMES, 'Inclusion locale']);
  });
});
