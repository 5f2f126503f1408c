import { describe, expect, it } from 'vitest';
import type { CommunesFile, CpvFile } from '../../../shared/model';
import { rawCsv, resourceJson } from './raw-data';

describe('resources/communes.json and resources/cpv.json', () => {
  const communes = resourceJson<CommunesFile>('communes.json').communes;
  const byCode = new Map(communes.map((c) => [c.insee, c]));

  it('has one record per INSEE code with coordinates', () => {
    const raw = rawCsv('geo/communes/communes_france_2024.csv');
    const withCoordinates = new Set(
      raw.filter((r) => r.lat && r.lng).map((r) => r.insee_com),
    );
    expect(communes).toHaveLength(withCoordinates.size);
    expect(byCode.size).toBe(communes.length);
    for (const code of ['60694', '85165', '85212']) expect(byCode.has(code)).toBe(false);
  });

  it('keeps codes and postcodes as text, Corsica included', () => {
    expect(byCode.get('01001')!.postcodes).toEqual(['01400']);
    expect(byCode.get('2A004')!.name).toBe('Ajaccio');
    expect(byCode.get('62413')).toMatchObject({
      name: 'Harnes',
      postcodes: ['62440'],
      departement: '62',
    });
    expect(byCode.get('75111')).toMatchObject({ type: 'ARM', parent: '75056' });
  });

  it('splits CPV codes into 8 digits and the check digit', () => {
    const cpv = resourceJson<CpvFile>('cpv.json').codes;
    expect(cpv).toHaveLength(9454);
    expect(cpv.find((c) => c.code === '77310000')).toEqual({
      code: '77310000',
      check: '6',
      label: "Réalisation et entretien d'espaces verts",
    });
  });
});
