import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import type { Catalogue, Supplier } from '../../../shared/model';
import { RESOURCES, luhn, rawCsv, resourceJson } from './raw-data';

const catalogue = resourceJson<Catalogue>('catalogue.json');
const inclusion = rawCsv('suppliers/inclusion/lemarche_structures_inclusives.csv');
const reuse = rawCsv('suppliers/reemploi/acteurs_reemploi_poc.csv');
const bySiret = new Map(catalogue.suppliers.map((s) => [s.siret, s]));

/** Inclusion SIRETs a careful reader keeps: valid, with coordinates, first occurrence by id. */
function keptInclusionSirets(): Set<string> {
  const kept = new Set<string>();
  const ordered = [...inclusion].sort((a, b) => Number(a.id) - Number(b.id));
  for (const row of ordered) {
    const valid = /^\d{14}$/.test(row.siret!) && luhn(row.siret!);
    if (valid && row.latitude && row.longitude && !kept.has(row.siret!))
      kept.add(row.siret!);
  }
  return kept;
}

function supplier(siret: string): Supplier {
  const found = bySiret.get(siret);
  if (!found) throw new Error(`SIRET ${siret} absent du catalogue`);
  return found;
}

describe('resources/catalogue.json', () => {
  it('validates against catalogue.schema.json (draft 2020-12)', () => {
    const schema = JSON.parse(
      readFileSync(resolve(RESOURCES, 'catalogue.schema.json'), 'utf8'),
    );
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(catalogue), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(catalogue.formatVersion).toBe(1);
  });

  it('has as many suppliers as kept inclusion rows plus reuse rows minus merges', () => {
    const kept = keptInclusionSirets();
    const merged = reuse.filter((row) => kept.has(row.SIRET!.trim())).length;
    // 3853 rows − 13 bad SIRET − 31 without coordinates − 12 duplicates = 3797.
    expect(inclusion).toHaveLength(3853);
    expect(kept.size).toBe(3797);
    expect(reuse).toHaveLength(76);
    expect(merged).toBe(11);
    expect(catalogue.suppliers).toHaveLength(kept.size + reuse.length - merged);
    expect(catalogue.suppliers).toHaveLength(3862);
  });

  it('lists every rejected record in catalogue-rejects.csv', () => {
    const text = readFileSync(resolve(RESOURCES, 'catalogue-rejects.csv'), 'utf8');
    expect(text.startsWith('\ufeffgravité;')).toBe(true);
    const rejects = rawCsv('catalogue-rejects.csv', ';', RESOURCES).filter(
      (row) => row['gravité'] === 'rejet',
    );
    expect(rejects).toHaveLength(3853 - 3797);
    expect(rejects.filter((row) => row.motif === 'pas de coordonnées')).toHaveLength(31);
  });

  it('keeps a SCOP of the ASP list with its labels, kind, postcode and coordinates', () => {
    // ASP list: AINTERIM'AIR, ETTI, "SARL coopérative ouvrière de production (SCOP)", 01500.
    const scop = supplier('41071771400035');
    const raw = inclusion.find((row) => row.siret === '41071771400035')!;
    expect(scop.name).toBe(raw.name);
    expect(scop.kind).toBe('ETTI');
    expect(scop.labels).toEqual(['ess', 'insertion', 'scop']);
    expect(scop.address.postcode).toBe('01500');
    expect(scop.address.inseeCode).toBe('01004');
    expect(scop.location.lat).toBeCloseTo(Number(raw.latitude), 5);
    expect(scop.location.lon).toBeCloseTo(Number(raw.longitude), 5);
    expect(scop.id).toBe('siret-41071771400035');
  });

  it('maps a caterer to its sectors and their CPV codes', () => {
    // BALUCHON A TABLE CITOYENS, EI, NAF 5621Z (traiteur) → sectors 30 and 167; its ROME
    // codes add restaurant jobs (G1602, G1603 → 111) but not its support jobs (M1604, M1501).
    const caterer = supplier('80746931700018');
    expect(caterer.kind).toBe('EI');
    expect(caterer.sectorIds).toEqual(expect.arrayContaining([30, 111, 167]));
    expect(caterer.sectorIds).not.toContain(118);
    expect(caterer.sectorIds).not.toContain(130);
    expect(caterer.cpv).toContain('55520000');
    expect(caterer.website).toBe('http://www.baluchon.fr');
  });

  it('gives EA the disability label and not the insertion one', () => {
    const ea = catalogue.suppliers.filter(
      (s) => s.kind === 'EA' && s.sources.length === 1,
    );
    expect(ea.length).toBeGreaterThan(0);
    for (const s of ea) expect(s.labels).toContain('handicap');
    for (const s of ea) expect(s.labels).not.toContain('insertion');
  });

  it('merges a reuse actor into the inclusion supplier with the same SIRET', () => {
    const kept = keptInclusionSirets();
    const row = reuse.find((r) => kept.has(r.SIRET!.trim()))!;
    const merged = supplier(row.SIRET!.trim());
    expect(merged.sources.map((s) => s.dataset)).toContain(
      'Acteurs du réemploi pour une commande publique circulaire (preuve de concept)',
    );
    expect(merged.labels).toContain('reemploi');
    expect(merged.labels).toContain('insertion');
  });

  it('reads Envie Nord from the reuse list with its service area', () => {
    const row = reuse.find((r) => /envie nord/i.test(r.Nom_structure!))!;
    const envie = supplier(row.SIRET!.trim());
    expect(envie.labels).toContain('reemploi');
    expect(envie.location.lat).toBeCloseTo(Number(row.Latitude), 5);
    expect(envie.address.departement).toBe('62');
    expect(envie.offers).toEqual([]);
  });

  it('gives each supplier the union of its sectors CPV codes', () => {
    const sectorCpv = new Map(catalogue.sectors.map((s) => [s.id, s.cpv]));
    expect(catalogue.sectors).toHaveLength(154);
    for (const s of catalogue.suppliers) {
      const union = [
        ...new Set(s.sectorIds.flatMap((id) => sectorCpv.get(id) ?? [])),
      ].sort();
      expect(s.cpv).toEqual(union);
    }
  });
});
