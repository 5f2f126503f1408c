/**
 * The .xlsx fixtures of tests/fixtures/plans/xlsx (made by
 * make-xlsx-fixtures.ts, one quirk of real workbooks each) read through the
 * real path, bytes → readPlanBytes → needsFromSheet with the bundled
 * communes and CPV codes, and compared with the plan written by hand in
 * each `<name>.expected.json`: the needs, and every issue of the report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCpvNomenclature } from '../../../shared/cpv';
import type { ImportIssue, Need } from '../../../shared/model';
import { buildPlaceIndex } from '../../../shared/places/place-index';
import { needsFromSheet, type PlanContext } from '../../../shared/plan/needs-from-sheet';
import { loadResources } from '../../../main/services/load-resources';
import { readPlanBytes } from '../../../main/services/plan-files/read-plan-file';

const FIXTURES = resolve('tests', 'fixtures', 'plans', 'xlsx');

interface Expected {
  needs: Partial<Need>[];
  issues: Pick<ImportIssue, 'row' | 'column' | 'value' | 'severity' | 'message'>[];
}

let ctx: PlanContext;

beforeAll(async () => {
  const resources = await loadResources(resolve('resources'));
  ctx = {
    places: buildPlaceIndex(resources.communes),
    cpv: buildCpvNomenclature(resources.cpv),
    sectors: resources.catalogue.sectors,
    defaultMaxDistanceKm: 50,
    now: new Date(Date.UTC(2026, 0, 15)),
  };
});

const names = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.xlsx'))
  .map((name) => name.replace(/\.xlsx$/, ''));

describe('.xlsx plans as tools write them', () => {
  it('has a fixture for each quirk the issue names', () => {
    expect(names.sort()).toEqual([
      'excel-1904-dates',
      'formulas',
      'group-header-row',
      'hidden-rows',
      'hyperlinks',
      'inline-strings-and-booleans',
      'merged-headers',
      'rich-text',
      'styled-empty-rows',
    ]);
  });

  for (const name of names) {
    it(`${name}.xlsx gives the plan of ${name}.expected.json`, async () => {
      const expected = JSON.parse(
        readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'),
      ) as Expected;
      const bytes = readFileSync(join(FIXTURES, `${name}.xlsx`));
      const result = needsFromSheet(await readPlanBytes(bytes, `${name}.xlsx`), ctx);
      expect(result.plan.needs).toHaveLength(expected.needs.length);
      expected.needs.forEach((need, i) => {
        expect(result.plan.needs[i]).toMatchObject(need);
      });
      expect(
        result.issues.map(({ row, column, value, severity, message }) => ({
          row,
          column,
          value,
          severity,
          message,
        })),
      ).toEqual(expected.issues);
      // The file is never changed by reading it.
      expect(readFileSync(join(FIXTURES, `${name}.xlsx`))).toEqual(bytes);
    });
  }
});
