import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeCatalogue } from '../../../main/services/database/catalogue-store';
import { openDatabase } from '../../../main/services/database/open-database';
import { validateCatalogue } from '../../../main/services/database/validate-catalogue';
import {
  datasetsOf,
  readLocalCatalogue,
  withDistinctSources,
} from '../../../main/services/sync/local-catalogue';
import { makeCatalogue, makeSupplier } from '../main/catalogue-factory';

const NOW = new Date('2026-12-04T10:00:00.000Z');

describe('readLocalCatalogue', () => {
  it('gives the stored suppliers and sectors as a valid catalogue dated the export day', async () => {
    const handle = await openDatabase(null);
    try {
      const stored = makeCatalogue();
      storeCatalogue(handle.db, stored, NOW);
      const local = readLocalCatalogue(handle.db, NOW);
      expect(local.version).toMatch(/^2026\.12\.04-[0-9a-f]{8}$/);
      expect(local.generatedAt).toBe('2026-12-04T10:00:00.000Z');
      expect(local.sectors).toEqual(stored.sectors);
      expect(local.suppliers.map((s) => s.siret)).toEqual([
        '01234567800019',
        '12345678900011',
      ]);
      expect(local.datasets).toEqual([
        { name: 'Jeu de test', licence: 'Licence Ouverte', url: null, records: 2 },
      ]);
      // What the import will check it against.
      await expect(
        validateCatalogue(JSON.stringify(local), 'local.json', resolve('resources')),
      ).resolves.toEqual(local);
    } finally {
      handle.close();
    }
  });

  it('changes version with the content, not with the time of day', async () => {
    const handle = await openDatabase(null);
    try {
      storeCatalogue(handle.db, makeCatalogue(), NOW);
      const morning = readLocalCatalogue(handle.db, NOW);
      const evening = readLocalCatalogue(handle.db, new Date('2026-12-04T20:00:00Z'));
      expect(evening.version).toBe(morning.version);
      const other = makeCatalogue();
      other.suppliers = other.suppliers.slice(1);
      storeCatalogue(handle.db, other, NOW);
      expect(readLocalCatalogue(handle.db, NOW).version).not.toBe(morning.version);
    } finally {
      handle.close();
    }
  });
});

describe('datasetsOf', () => {
  it('counts each supplier once per data set it cites', () => {
    const both = makeSupplier({
      id: 'a',
      sources: [
        { dataset: 'Liste ASP', recordId: '1', licence: 'AGPL', url: null },
        { dataset: 'Liste ASP', recordId: '2', licence: 'AGPL', url: null },
        {
          dataset: 'Réseau Nord',
          recordId: 'n-7',
          licence: 'ODbL',
          url: 'https://n.example/7',
        },
      ],
    });
    const one = makeSupplier({
      id: 'b',
      sources: [{ dataset: 'Liste ASP', recordId: '3', licence: 'AGPL', url: null }],
    });
    const known = [
      {
        name: 'Liste ASP',
        licence: 'Licence de la liste',
        url: 'https://asp.example',
        records: 9,
      },
    ];
    expect(datasetsOf([both, one], known)).toEqual([
      {
        name: 'Liste ASP',
        licence: 'Licence de la liste',
        url: 'https://asp.example',
        records: 2,
      },
      { name: 'Réseau Nord', licence: 'ODbL', url: null, records: 1 },
    ]);
  });
});

describe('withDistinctSources', () => {
  it('keeps the first of provenances that differ only by local source', () => {
    const asp = { dataset: 'Liste ASP', recordId: '1079', licence: 'AGPL', url: null };
    const reuse = { dataset: 'Réemploi', recordId: '12', licence: 'Aucune', url: null };
    const supplier = makeSupplier({
      sources: [
        { ...asp, sourceId: 'embedded' },
        { ...reuse, sourceId: 'embedded' },
        { ...asp, sourceId: 'catalogue-file' },
        { ...asp, recordId: '1080', sourceId: 'catalogue-file' },
      ],
    });
    expect(withDistinctSources(supplier).sources).toEqual([
      { ...asp, sourceId: 'embedded' },
      { ...reuse, sourceId: 'embedded' },
      { ...asp, recordId: '1080', sourceId: 'catalogue-file' },
    ]);
    const single = makeSupplier();
    expect(withDistinctSources(single)).toBe(single);
  });
});
