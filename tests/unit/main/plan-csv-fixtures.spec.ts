/**
 * Every CSV and text plan fixture (tests/fixtures/plans/csv, written by
 * make-csv-fixtures.ts) read through the real file reader and plan reader,
 * with the real communes, CPV codes and sectors, against its expected twin.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanBytes } from '../../../main/services/plan-files/read-plan-file';
import { UserError } from '../../../main/services/user-error';
import { buildCpvNomenclature } from '../../../shared/cpv';
import type { CommunesFile, CpvFile, Need, Sector } from '../../../shared/model';
import { buildPlaceIndex } from '../../../shared/places/place-index';
import { needsFromSheet, type PlanContext } from '../../../shared/plan/needs-from-sheet';
import { CSV_FIXTURE_NAMES } from '../../fixtures/plans/csv/make-csv-fixtures';

const DIR = resolve('tests', 'fixtures', 'plans', 'csv');
const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

const ctx: PlanContext = {
  places: buildPlaceIndex(json<CommunesFile>(resolve('resources', 'communes.json'))),
  cpv: buildCpvNomenclature(json<CpvFile>(resolve('resources', 'cpv.json'))),
  sectors: json<{ sectors: Sector[] }>(resolve('resources', 'catalogue.json')).sectors,
  defaultMaxDistanceKm: 50,
  now: new Date('2026-01-15T10:00:00Z'),
};

/** The fields of a need a CSV row decides, as the expected files write them. */
function expectedShape(need: Need) {
  return {
    row: need.row,
    title: need.title,
    cpv: need.cpv,
    keywords: need.keywords,
    quantity: need.quantity,
    unit: need.unit,
    frequency: need.frequency,
    date: need.date,
    placeText: need.placeText,
    inseeCode: need.place?.inseeCode ?? null,
    budget: need.budget,
  };
}

const fixtures = readdirSync(DIR)
  .filter((name) => !name.endsWith('.expected.json') && !name.endsWith('.ts'))
  .sort();

describe('CSV plan fixtures', () => {
  it('holds every fixture the generator writes, each with its expected file', () => {
    expect(fixtures).toEqual([...CSV_FIXTURE_NAMES].sort());
    const expectedFiles = readdirSync(DIR).filter((n) => n.endsWith('.expected.json'));
    expect(expectedFiles).toHaveLength(fixtures.length);
  });

  it.each(fixtures)('%s gives its expected plan or message', async (name) => {
    const expected = json<Record<string, unknown>>(
      resolve(DIR, name.replace(/\.[^.]+$/, '.expected.json')),
    );
    const bytes = readFileSync(resolve(DIR, name));

    if ('message' in expected) {
      const error = await readPlanBytes(bytes, name).then(
        (sheet) => needsFromSheet(sheet, ctx),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(expected.message);
      return;
    }

    const result = needsFromSheet(await readPlanBytes(bytes, name), ctx);
    expect(result.rowsRead).toBe(expected.rowsRead);
    expect(result.plan.needs.map(expectedShape)).toEqual(expected.needs);
    expect(
      result.issues.map(({ row, column, value, message, severity }) => ({
        row,
        column,
        value,
        message,
        severity,
      })),
    ).toEqual(expected.issues);
    expect(result.issues.every((issue) => issue.file === name)).toBe(true);
  });
});
