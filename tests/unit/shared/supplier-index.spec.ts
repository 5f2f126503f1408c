/** The supplier index gives the same fits and the same suppliers in a box as a full scan. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boxAround, isInBox } from '../../../shared/matching/distance-km';
import { sectorFitOf } from '../../../shared/matching/sector-fit';
import {
  buildSupplierIndex,
  listsToScan,
  needFits,
} from '../../../shared/matching/supplier-index';
import type { Catalogue, Need } from '../../../shared/model';
import { makeNeed } from '../../helpers/make-need';

const catalogue = JSON.parse(
  readFileSync(resolve('resources/catalogue.json'), 'utf8'),
) as Catalogue;
const sectorsById = new Map(catalogue.sectors.map((s) => [s.id, s]));
const index = buildSupplierIndex(catalogue.suppliers, catalogue.sectors);
const espacesVerts = catalogue.sectors.find(
  (s) => s.name === 'Création et entretien des espaces verts',
);

const needs: Need[] = [
  makeNeed({ id: 'cpv', cpv: '77310000' }),
  makeNeed({ id: 'mots', keywords: ['nettoyage des locaux', 'espace vert'] }),
  makeNeed({ id: 'secteur', sectorIds: [espacesVerts?.id ?? -1], cpv: '90910000' }),
];

describe('needFits', () => {
  it.each(needs.map((n) => [n.id, n] as const))(
    'need « %s »: the same fits as sectorFitOf on every supplier',
    (_, need) => {
      const expected = catalogue.suppliers
        .map((s, i) => [i, sectorFitOf(need, s, sectorsById)] as const)
        .filter(([, fit]) => fit !== null);
      const fits = needFits(index, need);
      expect(expected.length).toBeGreaterThan(0);
      expect(fits.count).toBe(expected.length);
      for (const [i, fit] of expected) expect(fits.fitOf(i)).toEqual(fit);
    },
  );
});

describe('listsToScan', () => {
  it('holds exactly the suppliers inside the box, from the grid or the activity list', () => {
    const harnes = { lat: 50.4458, lon: 2.9069 };
    for (const km of [5, 30, 200]) {
      const box = boxAround(harnes, km);
      const all = catalogue.suppliers.map((_, i) => i);
      const inside = all.filter((i) => isInBox(box, catalogue.suppliers[i]!.location));
      // The whole catalogue as activity list: the grid is the shorter list.
      expect(
        listsToScan(index, box, all)
          .flat()
          .sort((a, b) => a - b),
      ).toEqual(inside);
      // A short activity list is scanned instead of the grid.
      const few = all.slice(0, 50);
      expect(listsToScan(index, box, few).flat()).toEqual(
        few.filter((i) => inside.includes(i)),
      );
    }
  });
});
