/**
 * A plan small enough to work out by hand, from the CSV file to the ranking,
 * the allocation, the indicators and the procedures, through the same
 * services the app and the CLI call.
 *
 * The plan and catalogue are tests/fixtures/analysis-fixture.ts: one site,
 * Harnes, suppliers 5,6 / 11,1 / 22,2 / 33,4 km away on its meridian.
 *
 * Weights 40 / 20 / 30 / 10 (defaults): sector (all CPV codes equal the
 * need's: 40), labels (20 when none is wished, else 20 × share of the wished
 * labels carried), distance 30 × (1 − km / max km), capacity: 5 for a yearly
 * capacity that covers the need, 5 for a quantity per delivery that reaches
 * the minimum; unknown halves count neither in points nor in the maximum.
 * Score = 100 × points / maximum, to 0.1.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../main/services/create-services';
import type { MatchResult, Plan } from '../../shared/model';
import { analyseFixture, S1, S3 } from '../fixtures/analysis-fixture';

const NOW = new Date('2026-12-05T09:00:00Z');
let services: Services;
let plan: Plan;
let match: MatchResult;

beforeAll(async () => {
  const analysed = await analyseFixture(NOW);
  services = analysed.services;
  expect(analysed.imported.issues).toEqual([]);
  plan = analysed.imported.plan;
  match = analysed.match;
});

afterAll(() => services.close());

const needAt = (i: number): string => plan.needs[i]?.id ?? '';
const ranking = (i: number): [string, number, number][] =>
  (match.needs.find((n) => n.needId === needAt(i))?.candidates ?? []).map((c) => [
    c.supplierName,
    c.distanceKm,
    c.score,
  ]);

describe('a three-need plan, from its CSV file to the procedures', () => {
  it('reads the quantities in their canonical units over a year', () => {
    expect(plan.needs.map((n) => [n.annualQuantity, n.unitCode])).toEqual([
      [1200, 'HUR'],
      [52000, 'KGM'],
      [null, null],
    ]);
  });

  it('ranks the candidates of each need as worked out by hand', () => {
    expect(ranking(0)).toEqual([
      // 40 + 20 + 30 × (1 − 5,6/30) = 84,4 points of 90 (capacity unknown): 93,8.
      ['Paysages Durand SARL', 5.6, 93.8],
      // 40 + 20 + 18,9 + 0 (800 h < 1 200 h) = 78,9 of 95: 83,1.
      ['Jardins de l’Avenir', 11.1, 83.1],
      // 40 + 20 + 7,8 + 0 (1 000 h < 1 200 h) = 67,8 of 95: 71,4.
      ['ESAT Les Tilleuls', 22.2, 71.4],
    ]);
    expect(ranking(1)).toEqual([
      // 40 + 20 (bio wished and carried) + 30 × (1 − 11,1/50) = 23,3
      // + 0 (26 000 kg < 52 000 kg) + 5 (1 000 kg ≥ 200 kg) = 88,3 of 100.
      ['Maraîchage d’Insertion', 11.1, 88.3],
      // 40 + 0 + 10,0 + 0 (40 000 < 52 000), minimum unknown: 50 of 95: 52,6.
      ['Ferme du Marais', 33.4, 52.6],
    ]);
    // 40 + 20 + 30 × (1 − 11,1/30) = 18,9, capacity unknown: 78,9 of 90.
    expect(ranking(2)).toEqual([['Net’Services', 11.1, 87.7]]);
  });

  it('names the offer and its capacity over a year in the need’s unit', () => {
    const first = match.needs[1]?.candidates[0];
    expect([first?.offerId, first?.annualCapacity]).toEqual(['s4-leg', 26000]);
  });

  it('allocates the volumes within capacities, responsible suppliers first', () => {
    const allocation = match.allocation;
    expect(allocation?.status).toBe('Optimal');
    const lines = allocation?.needs.map((n) =>
      n.lines.map((l) => [l.supplierName, Math.round(l.quantity)]),
    );
    expect(lines).toEqual([
      // 1 200 h: the insertion and disability suppliers can give 800 + 1 000;
      // the nearer takes its whole capacity, the other the 400 h left.
      [
        ['Jardins de l’Avenir', 800],
        ['ESAT Les Tilleuls', 400],
      ],
      // 52 000 kg: 26 000 from the nearer, 26 000 of the farther's 40 000.
      [
        ['Maraîchage d’Insertion', 26000],
        ['Ferme du Marais', 26000],
      ],
      [],
    ]);
    expect(allocation?.needs[2]?.note).toMatch(/quantit/i);
    // Both needs with a quantity fully covered by responsible suppliers.
    expect(allocation?.totals.responsibleCoverage).toBeCloseTo(1, 6);
    // Greedy takes the best-ranked first: Paysages Durand (no label, unknown
    // capacity) gets the 1 200 h; need 2 is covered as above: (0 + 1) / 2.
    expect(allocation?.greedyTotals?.responsibleCoverage).toBeCloseTo(0.5, 6);
    // Paysages Durand has no offer: its capacity is « à confirmer », never a number.
    expect(allocation?.unboundedSuppliers).toEqual([S3.id]);
  });

  it('counts the indicators before and after allocation', () => {
    const kinds = Object.fromEntries(
      (match.indicators?.kinds ?? []).map((k) => [
        k.kind,
        [
          k.needs,
          k.budget,
          k.allocatedShare === null || k.allocatedShare === undefined
            ? null
            : Math.round(k.allocatedShare * 1000) / 1000,
        ],
      ]),
    );
    expect(kinds).toEqual({
      // Every need has an insertion supplier in range: 180 000 €. After:
      // need 1 gets 800/1 200, need 2 26 000/52 000: (0,667 + 0,5) / 2.
      insertion: [3, 180000, 0.583],
      // The ESAT serves need 1 only (60 000 €), 400/1 200 of it: 0,333 / 2.
      handicap: [1, 60000, 0.167],
      ess: [0, 0, 0],
      // The organic market garden serves need 2 (90 000 €), half of it.
      bio: [1, 90000, 0.25],
      'commerce-equitable': [0, 0, 0],
      // The local farm: need 2, half of it.
      local: [1, 90000, 0.25],
    });
    // EGalim: need 2 is catering (CPV 15); half its volume from an organic supplier.
    expect(match.indicators?.egalim?.bioShare).toBeCloseTo(0.5, 6);
  });

  it('points each family to the procedure its amount calls for on 5 December 2026', () => {
    const families = match.procedures?.families.map((f) => [
      f.familyCode,
      f.estimatedAmount,
      f.procedure,
    ]);
    // Supplies and services need no procedure below 60 000 € HT since
    // 1 April 2026 (décret 2025-1386): 60 000 € is not below it.
    expect(families).toHaveLength(3);
    const byCode = new Map(
      families?.map(([code, amount, procedure]) => [code, [amount, procedure]]),
    );
    expect(byCode.get('cpv:773')?.[0]).toBe(60000);
    expect(String(byCode.get('cpv:773')?.[1])).toMatch(/adaptée/i);
    expect(byCode.get('cpv:153')?.[0]).toBe(90000);
    expect(String(byCode.get('cpv:153')?.[1])).toMatch(/adaptée/i);
    expect(byCode.get('cpv:909')?.[0]).toBe(30000);
    expect(String(byCode.get('cpv:909')?.[1])).toMatch(/sans publicité|dispense/i);
  });

  it('marks the suppliers the buyer kept in the report’s « Besoins » sheet', async () => {
    const report = await services['report:build']({
      plan,
      match,
      shortlist: [{ needId: needAt(0), supplierId: S1.id }],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(report.base64, 'base64') as unknown as ArrayBuffer,
    );
    const ws = workbook.getWorksheet('Besoins')!;
    const kept: unknown[] = [];
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(14).value === 'Gardé') kept.push(row.getCell(4).value);
    });
    expect(kept).toEqual(['Jardins de l’Avenir']);
    await expect(
      services['report:build']({ plan, match, shortlist: 'tout' as never }),
    ).rejects.toThrow('La présélection reçue est illisible');
  });
});
