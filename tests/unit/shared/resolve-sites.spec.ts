/**
 * How a need of several delivery sites is summarised: every site joined with
 * « ; », the site waiting for a pick named alone, and the other sites kept.
 */
import { describe, expect, it } from 'vitest';
import type { Place } from '../../../shared/model';
import { needProblems } from '../../../shared/plan/need-problems';
import {
  otherSitesText,
  pickedSiteName,
  siteLabels,
} from '../../../shared/plan/resolve-sites';
import { makeNeed } from '../../helpers/make-need';

const commune = (label: string, inseeCode: string, lat: number, lon: number): Place => ({
  label,
  inseeCode,
  postcode: label.match(/\((\d{5})\)/)?.[1] ?? null,
  departement: inseeCode.slice(0, 2),
  lat,
  lon,
});
const HARNES = commune('Harnes (62440)', '62413', 50.45223, 2.90355);
const LENS = commune('Lens (62300)', '62498', 50.43954, 2.8191);
const LILLE = commune('Lille (59000)', '59350', 50.63108, 3.04702);
const SAINT_DENIS_93 = commune('Saint-Denis (93)', '93066', 48.93, 2.35);
const SAINT_DENIS_974 = commune('Saint-Denis (974)', '97411', -20.88, 55.45);

describe('siteLabels', () => {
  it('joins every site found with « ; », in the order written', () => {
    const need = makeNeed({
      id: 'n1',
      placeText: 'Harnes ; Lens ; Lille',
      place: HARNES,
      additionalPlaces: [LENS, LILLE],
    });
    expect(siteLabels(need)).toBe('Harnes (62440) ; Lens (62300) ; Lille (59000)');
  });

  it('gives the one label of a need of one site, with or without additionalPlaces', () => {
    expect(siteLabels(makeNeed({ id: 'n1', placeText: 'Harnes', place: HARNES }))).toBe(
      'Harnes (62440)',
    );
    expect(
      siteLabels(
        makeNeed({ id: 'n1', placeText: 'Harnes', place: HARNES, additionalPlaces: [] }),
      ),
    ).toBe('Harnes (62440)');
  });

  it('shows the text as typed while the first site is not found or not picked', () => {
    const need = makeNeed({
      id: 'n1',
      placeText: 'Saint-Denis ; Lille',
      place: null,
      additionalPlaces: [LILLE],
    });
    expect(siteLabels(need)).toBe('Saint-Denis ; Lille');
  });
});

describe('the site waiting for a pick', () => {
  it('is named alone, as « 1er site », when the cell holds several', () => {
    expect(pickedSiteName('Saint-Denis ; Lille')).toBe('1er site « Saint-Denis »');
    expect(pickedSiteName('Saint-Denis / Lille')).toBe('1er site « Saint-Denis »');
    expect(pickedSiteName(' Saint-Denis ')).toBe('« Saint-Denis »');
  });

  it('is what the « what to fix » message names, not the whole cell', () => {
    const need = makeNeed({
      id: 'n1',
      title: 'Tonte',
      keywords: ['tonte'],
      placeText: 'Saint-Denis ; Lille',
      place: null,
      additionalPlaces: [LILLE],
      placeCandidates: [SAINT_DENIS_93, SAINT_DENIS_974],
    });
    expect(needProblems(need).filter((p) => p.field === 'place')).toEqual([
      {
        field: 'place',
        message:
          '1er site « Saint-Denis » : plusieurs communes portent ce nom, choisissez ' +
          'la bonne parmi les 2 proposées.',
      },
    ]);
  });

  it('leaves the other sites said after the pick', () => {
    const picked = makeNeed({
      id: 'n1',
      placeText: 'Saint-Denis ; Lille',
      place: SAINT_DENIS_93,
      additionalPlaces: [LILLE],
      placeCandidates: [SAINT_DENIS_93, SAINT_DENIS_974],
    });
    expect(otherSitesText(picked)).toBe('autre site : Lille (59000)');
    expect(otherSitesText({ ...picked, additionalPlaces: [LILLE, LENS] })).toBe(
      'autres sites : Lille (59000) ; Lens (62300)',
    );
    expect(otherSitesText({ ...picked, additionalPlaces: [] })).toBeNull();
  });
});
