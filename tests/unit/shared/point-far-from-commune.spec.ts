/** Typed coordinates against the commune named with them. */
import { describe, expect, it } from 'vitest';
import {
  farFromCommuneText,
  pointFarFromCommune,
} from '../../../shared/places/point-far-from-commune';

// Harnes (62413) in resources/communes.json.
const HARNES = { lat: 50.4458, lon: 2.9069 };

describe('pointFarFromCommune', () => {
  it('lets a point within 150 km of the centre be', () => {
    // Lille, about 27 km north-east of Harnes.
    expect(pointFarFromCommune({ lat: 50.6292, lon: 3.0573 }, HARNES)).toBeNull();
  });

  it('says when latitude and longitude are swapped', () => {
    const far = pointFarFromCommune({ lat: 2.9069, lon: 50.4458 }, HARNES);
    expect(far?.swapped).toBe(true);
    expect(far?.km).toBeGreaterThan(6000);
  });

  it('says how far a wrong point is, without a swap that would not help', () => {
    // Toulouse: 6,84° of latitude (760 km) and 1,46° of longitude at about 47° N
    // (110 km) from Harnes, about 768 km; swapped, it is in the Gulf of Guinea.
    const far = pointFarFromCommune({ lat: 43.6047, lon: 1.4442 }, HARNES);
    expect(far?.swapped).toBe(false);
    expect(Math.round((far?.km ?? 0) / 10) * 10).toBe(770);
    expect(farFromCommuneText({ km: 781.4, swapped: false }, 'Harnes')).toBe(
      'à 781 km de la commune « Harnes »',
    );
    expect(farFromCommuneText({ km: 5281.2, swapped: true }, 'Harnes')).toBe(
      'à 5\u202f281 km de la commune « Harnes » : latitude et longitude inversées ?',
    );
  });
});
