/** The mapping editor's draft: rows from the categories, the sector search, the mapping saved. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CategoryMapping } from '../../../shared/feed/sync-types';
import type { Catalogue } from '../../../shared/model';
import {
  findSector,
  mappingFromRows,
  rowsFromCategories,
} from '../../../shared/feed/category-mapping-draft';

const sectors = (
  JSON.parse(readFileSync(resolve('resources/catalogue.json'), 'utf8')) as Catalogue
).sectors;

describe('findSector', () => {
  it('finds a sector by its exact name, accents and case aside, or by its number', () => {
    expect(findSector('autre (reparation)', sectors)).toMatchObject({
      sector: { id: 124, name: 'Autre (Réparation)' },
    });
    expect(findSector(' 148 ', sectors)).toMatchObject({
      sector: { id: 148, name: 'Producteurs, Fournisseurs' },
    });
  });

  it('takes the one sector whose name holds the text', () => {
    expect(findSector('producteurs', sectors)).toMatchObject({ sector: { id: 148 } });
  });

  it('says in French when the text names no sector, or several', () => {
    expect(findSector('Astronautique', sectors)).toEqual({
      problem: 'Aucun secteur ne s’appelle « Astronautique ».',
    });
    // « Autre (…) » is the name of many sectors of the taxonomy.
    const several = findSector('Autre', sectors);
    expect('problem' in several && several.problem).toMatch(
      /^« Autre » correspond à \d+ secteurs \(« Autre \(.+\) », « Autre \(.+\) », « Autre \(.+\) »…\) : choisissez-en un dans la liste\.$/,
    );
    expect(findSector('  ', sectors)).toEqual({
      problem: 'Tapez le nom d’un secteur, puis choisissez-le.',
    });
  });
});

describe('rows and mapping', () => {
  const categories = [
    { category: 'Agriculture et alimentation', count: 51, sectorIds: [148], labels: [] },
    { category: 'Formation', count: 5, sectorIds: [], labels: [] },
  ];
  const stored: CategoryMapping[] = [
    { category: 'agriculture et alimentation', sectorIds: [148], labels: [] },
    { category: 'Ancienne catégorie', sectorIds: [12], labels: ['local'] },
  ];

  it('keeps the buyer’s unsaved choices when the categories are read again', () => {
    const rows = rowsFromCategories(categories);
    rows[1]?.labels.push('ess');
    const again = rowsFromCategories(
      [...categories, { category: 'Culture', count: 1, sectorIds: [], labels: [] }],
      rows,
    );
    expect(again.map((r) => [r.key, r.labels])).toEqual([
      ['agriculture et alimentation', []],
      ['formation', ['ess']],
      ['culture', []],
    ]);
  });

  it('saves a line per category given something, and keeps the lines of unseen categories', () => {
    const rows = rowsFromCategories(categories);
    rows[1]?.sectorIds.push(96);
    expect(mappingFromRows(rows, stored)).toEqual([
      { category: 'Agriculture et alimentation', sectorIds: [148], labels: [] },
      { category: 'Formation', sectorIds: [96], labels: [] },
      { category: 'Ancienne catégorie', sectorIds: [12], labels: ['local'] },
    ]);
  });
});
