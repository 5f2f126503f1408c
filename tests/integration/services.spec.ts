import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import { UNEXPECTED_ERROR_MESSAGE, UserError } from '../../main/services/user-error';
import { PLAN_TEMPLATE_HEADERS } from '../../shared/plan/plan-template';
import type { Catalogue, MatchResult, Plan } from '../../shared/model';

const catalogue = JSON.parse(
  readFileSync(resolve('resources/catalogue.json'), 'utf8'),
) as Catalogue;
const FIXED_NOW = new Date(2026, 11, 4, 9, 0);
let dir: string;
let services: Services;
let plan: Plan;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-services-'));
  services = await createServices({
    databasePath: join(dir, 'passerelle.sqlite'),
    now: () => FIXED_NOW,
  });
  const bytes = readFileSync(resolve('tests/fixtures/plans/harnes-2019.xlsx'));
  plan = (
    await services['plan:import']({
      name: 'harnes-2019.xlsx',
      base64: bytes.toString('base64'),
    })
  ).plan;
});
afterAll(() => {
  services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createServices with a database file', () => {
  it('loads the embedded catalogue on first start and saves it', async () => {
    const summary = await services['catalogue:summary']();
    expect(summary.databasePath).toBe(join(dir, 'passerelle.sqlite'));
    expect(summary.supplierCount).toBe(catalogue.suppliers.length);
    expect(summary.loadedAt).toBe(FIXED_NOW.toISOString());
    expect(existsSync(join(dir, 'passerelle.sqlite'))).toBe(true);
  });

  it('reopens the saved database without loading the catalogue again', async () => {
    const later = await createServices({
      databasePath: join(dir, 'passerelle.sqlite'),
      now: () => new Date(2027, 0, 1),
    });
    const summary = await later['catalogue:summary']();
    later.close();
    expect(summary.loadedAt).toBe(FIXED_NOW.toISOString());
    expect(summary.supplierCount).toBe(catalogue.suppliers.length);
  });

  it('applies the caller’s match options over the defaults', async () => {
    const match = await services['match:run']({ plan, options: { topN: 3 } });
    expect(match.options.topN).toBe(3);
    expect(Math.max(...match.needs.map((n) => n.candidates.length))).toBe(3);
  });

  it('builds the report named after the plan and the day', async () => {
    const match = await services['match:run']({ plan });
    const report = await services['report:build']({ plan, match });
    expect(report.name).toBe('rapport-sourcing-harnes-2019-2026-12-04.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(report.base64, 'base64') as unknown as ArrayBuffer,
    );
    const synthesis = workbook.getWorksheet('Synthèse')!;
    const needsLine = synthesis
      .getColumn(1)
      .values.findIndex((label) => label === 'Besoins');
    expect(synthesis.getRow(needsLine).getCell(2).value).toBe(plan.needs.length);
  });

  it('gives both templates', async () => {
    const csv = await services['plan:template']('csv');
    expect(csv.name).toBe('modele-plan-achats.csv');
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain(
      PLAN_TEMPLATE_HEADERS.join(';'),
    );
    expect((await services['plan:template']('xlsx')).name).toBe(
      'modele-plan-achats.xlsx',
    );
  });

  it('turns an unexpected failure into the generic French message', async () => {
    const broken = {
      generatedAt: '',
      catalogueVersion: '',
      options: {},
      needs: [{ needId: 'x', candidates: null }],
    };
    const error = await services['report:build']({
      plan,
      match: broken as unknown as MatchResult,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(UNEXPECTED_ERROR_MESSAGE);
  });
});
