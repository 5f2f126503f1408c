import { describe, expect, it } from 'vitest';
import { RESOURCES, rawCsv } from './raw-data';

const mapping = (name: string): Record<string, string>[] =>
  rawCsv(`mappings/${name}`, ';', RESOURCES);
const sectorIds = new Set(
  rawCsv('suppliers/inclusion/lemarche_secteurs.csv').map((r) => r.sector_id),
);
const cpvCodes = new Set(
  rawCsv('procurement/cpv-2008-fr.csv').map((r) => r.CODE!.slice(0, 8)),
);
const aspExtra = rawCsv(
  'suppliers/inclusion/asp_siae_donnees_complementaires_2019-07.csv',
  ';',
);

function ids(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((id) => id !== '');
}

describe('resources/mappings', () => {
  it('covers every NAF code present in the supplier data', () => {
    const listed = new Set(mapping('naf-sectors.csv').map((r) => r.naf));
    const present = new Set(
      [
        ...rawCsv('suppliers/inclusion/lemarche_structures_inclusives.csv').map(
          (r) => r.naf,
        ),
        ...rawCsv('suppliers/inclusion/asp_liste_siae_2019-07.csv', ';').map(
          (r) => r.CODE_NAF2,
        ),
        ...aspExtra.map((r) => r.CODE_NAF2),
      ]
        .map((code) => (code ?? '').trim().toUpperCase())
        .filter((code) => code !== ''),
    );
    expect([...present].filter((code) => !listed.has(code))).toEqual([]);
  });

  it('marks generic NAF codes with no sector, and gives the others one', () => {
    for (const row of mapping('naf-sectors.csv')) {
      if (row.generique === 'oui') expect(ids(row.secteurs)).toEqual([]);
      expect(row.commentaire, row.naf).not.toBe('');
    }
    const byCode = new Map(mapping('naf-sectors.csv').map((r) => [r.naf, r]));
    expect(byCode.get('8899B')!.generique).toBe('oui');
    expect(byCode.get('9499Z')!.generique).toBe('oui');
    expect(ids(byCode.get('8130Z')!.secteurs)).toContain('23');
  });

  it('covers every ROME code of the ASP additional data and every reuse category', () => {
    const rome = new Set(mapping('rome-sectors.csv').map((r) => r.rome));
    const romeColumns = ['ROME', ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `ROME ${n}`)];
    const present = aspExtra.flatMap((r) =>
      romeColumns.map((c) => (r[c] ?? '').trim().toUpperCase()),
    );
    expect(present.filter((code) => code !== '' && !rome.has(code))).toEqual([]);

    const reuse = new Set(
      mapping('reemploi-sectors.csv').map((r) => `${r.champ}|${r.valeur}`),
    );
    for (const row of rawCsv('suppliers/reemploi/acteurs_reemploi_poc.csv')) {
      for (const column of ['Categorie_produits', 'Domaine']) {
        for (const value of (row[column] ?? '').split(';').map((v) => v.trim())) {
          if (value !== '') expect(reuse.has(`${column}|${value}`), value).toBe(true);
        }
      }
    }
  });

  it('uses only sector ids of the taxonomy', () => {
    for (const name of ['naf-sectors.csv', 'rome-sectors.csv', 'reemploi-sectors.csv']) {
      for (const row of mapping(name)) {
        for (const id of ids(row.secteurs))
          expect(sectorIds.has(id), `${name} ${id}`).toBe(true);
      }
    }
    for (const row of mapping('sector-cpv.csv'))
      expect(sectorIds.has(row.secteur_id!)).toBe(true);
  });

  it('uses only CPV codes of the nomenclature, and gives every sector one', () => {
    const rows = mapping('sector-cpv.csv');
    for (const row of rows) expect(cpvCodes.has(row.cpv!), row.cpv).toBe(true);
    expect(new Set(rows.map((r) => r.secteur_id)).size).toBe(154);
    const greenSpaces = rows.filter((r) => r.secteur_id === '23').map((r) => r.cpv);
    expect(greenSpaces).toContain('77310000');
  });
});
