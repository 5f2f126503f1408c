/**
 * A place cell naming several delivery sites (« Harnes ; Lille »): each part
 * resolved like a single site, the first as the place, the others as
 * additional places; problems name the part.
 */
import { describe, expect, it } from 'vitest';
import { buildCpvNomenclature } from '../../../shared/cpv';
import type { ImportIssue } from '../../../shared/model';
import { buildPlaceIndex } from '../../../shared/places/place-index';
import { needsFromSheet, type PlanContext } from '../../../shared/plan/needs-from-sheet';
import { siteParts } from '../../../shared/plan/resolve-sites';
import type { CellValue, SheetRows } from '../../../shared/plan/sheet';
import { PLAN_COMMUNES } from '../../helpers/plan-communes';

const COMMUNES = PLAN_COMMUNES;
const ctx: PlanContext = {
  places: buildPlaceIndex(COMMUNES),
  cpv: buildCpvNomenclature({ source: 'test', licence: 'test', codes: [] }),
  sectors: [],
  defaultMaxDistanceKm: 50,
  now: new Date('2026-01-15T10:00:00Z'),
};
const FILE = 'Sites.csv';
const HEADERS = ['Intitulé', 'Mots-clés', 'Lieu de livraison'];
const row = (place: string): CellValue[] => ['Tonte', 'tonte', place];
const sheet = (places: string[]): SheetRows => ({
  fileName: FILE,
  sheetName: 'Plan',
  rows: [HEADERS, ...places.map(row)].map((cells, i) => ({ rowNumber: i + 1, cells })),
});
const HARNES = {
  label: 'Harnes (62440)',
  inseeCode: '62413',
  postcode: '62440',
  departement: '62',
  lat: 50.45223,
  lon: 2.90355,
};
const LILLE = {
  label: 'Lille (59000)',
  inseeCode: '59350',
  postcode: '59000',
  departement: '59',
  lat: 50.63108,
  lon: 3.04702,
};
const issue = (
  rowNumber: number,
  value: string,
  detail: string,
  severity: 'error' | 'warning',
): ImportIssue => ({
  file: FILE,
  row: rowNumber,
  column: 'Lieu de livraison',
  value,
  message: `Ligne ${rowNumber}, colonne « Lieu de livraison » : ${detail}`,
  severity,
});
const AMBIGUOUS =
  'Lieu ambigu « Saint-Denis » : choisissez parmi Saint-Denis (93), Saint-Denis (974)';

describe('siteParts', () => {
  it('splits on « ; » and « / » but keeps coordinates whole', () => {
    expect(siteParts('Harnes ; Lille')).toEqual(['Harnes', 'Lille']);
    expect(siteParts('Harnes / Lille')).toEqual(['Harnes', 'Lille']);
    // « ; » between latitude and longitude is not a second site.
    expect(siteParts('50,45 ; 2,90')).toEqual(['50,45 ; 2,90']);
    expect(siteParts('62440')).toEqual(['62440']);
  });
});

describe('needsFromSheet with several sites in the place cell', () => {
  const result = needsFromSheet(
    sheet([
      'Harnes ; Lille', // row 2
      'Harnes / Xyz', // row 3
      'Lille ; Saint-Denis', // row 4
      'Saint-Denis ; Harnes', // row 5
      '62440', // row 6
    ]),
    ctx,
  );
  const needOfRow = (r: number) => result.plan.needs.find((n) => n.row === r);

  it('makes the first site the place and the others additional places', () => {
    expect(needOfRow(2)).toMatchObject({
      placeText: 'Harnes ; Lille',
      place: HARNES,
      additionalPlaces: [LILLE],
      placeCandidates: [],
    });
  });

  it('blocks the row when one site is unknown, naming that site', () => {
    expect(needOfRow(3)).toBeUndefined();
    expect(result.issues).toContainEqual(
      issue(
        3,
        'Harnes / Xyz',
        '2e site « Xyz » : Lieu « Xyz » introuvable : indiquez une commune, un code ' +
          'postal, un code INSEE ou « latitude, longitude ».',
        'error',
      ),
    );
  });

  it('leaves out an ambiguous later site with a warning naming it', () => {
    const need = needOfRow(4);
    expect(need?.place).toEqual(LILLE);
    expect(need?.additionalPlaces).toBeUndefined();
    expect(result.issues).toContainEqual(
      issue(
        4,
        'Lille ; Saint-Denis',
        `2e site « Saint-Denis » : ${AMBIGUOUS} ; ce site n’est pas retenu tant ` +
          'qu’il n’est pas précisé (code postal ou « (dép.) »).',
        'warning',
      ),
    );
  });

  it('lets the buyer pick an ambiguous first site, keeping the others', () => {
    const need = needOfRow(5);
    expect(need?.place).toBeNull();
    expect(need?.placeCandidates.map((p) => p.label)).toEqual([
      'Saint-Denis (93)',
      'Saint-Denis (974)',
    ]);
    expect(need?.additionalPlaces).toEqual([HARNES]);
    expect(result.issues).toContainEqual(
      issue(
        5,
        'Saint-Denis ; Harnes',
        `1er site « Saint-Denis » : ${AMBIGUOUS}.`,
        'warning',
      ),
    );
  });

  it('keeps a single site as before: no additionalPlaces key', () => {
    const need = needOfRow(6);
    expect(need?.place).toEqual(HARNES);
    expect(need && 'additionalPlaces' in need).toBe(false);
    expect(result.issues.filter((i) => i.row === 6)).toEqual([]);
  });
});
