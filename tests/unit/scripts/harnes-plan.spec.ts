import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { rawCsv } from './raw-data';

const PLANS = resolve('tests', 'fixtures', 'plans');
const HEADERS = [
  'Intitulé',
  'Code CPV',
  'Secteur',
  'Mots-clés',
  'Quantité',
  'Unité',
  'Fréquence',
  'Date de besoin',
  'Lieu de livraison',
  'Distance max (km)',
  'Labels exigés',
  'Labels souhaités',
  'Budget (€ HT)',
];

interface ExpectedNeed {
  title: string;
  cpv: string;
  placeText: string;
  budget: number | null;
  date: string;
}
const expected = JSON.parse(
  readFileSync(resolve(PLANS, 'harnes-2019.expected.json'), 'utf8'),
) as ExpectedNeed[];

describe('Harnes 2019 plan fixture', () => {
  it('has one need per distinct (object, CPV) of the Mairie de Harnes contracts', () => {
    const rows = rawCsv('procurement/decp-2019/decp_2019_marches.csv').filter(
      (r) => r.acheteur_id === '21620413100017',
    );
    // Counted by hand in DECP: 58 contracts, 29 distinct (objet, codeCPV).
    expect(rows).toHaveLength(58);
    expect(new Set(rows.map((r) => `${r.objet}|${r.codeCPV}`)).size).toBe(29);
    expect(expected).toHaveLength(29);
  });

  it('sums the lots of a need and keeps its earliest date', () => {
    const it = expected.find((n) =>
      n.title.startsWith('Fourniture de matériel informatique, vidéo'),
    )!;
    // Lots 1–4: 18 000 + 20 000 + 40 000 + 120 000 €, notified from 16/01/2019.
    expect(it).toMatchObject({ cpv: '30200000', budget: 198000, date: '2019-01-16' });
    const telecom = expected.find((n) => n.title === 'Service de télécommunications')!;
    expect(telecom).toMatchObject({
      cpv: '64210000',
      budget: 188243,
      date: '2019-02-12',
    });
    expect(expected.every((n) => n.placeText === 'Harnes 62440')).toBe(true);
  });

  it('writes the xlsx with the plan headers, text CPV codes and real dates', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(resolve(PLANS, 'harnes-2019.xlsx'));
    const sheet = workbook.getWorksheet("Plan d'achats")!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(sheet.rowCount).toBe(30);
    const fuel = [...Array(29).keys()]
      .map((i) => sheet.getRow(i + 2))
      .find((row) => row.getCell(2).value === '09132000-3')!;
    expect(fuel.getCell(8).value).toEqual(new Date(Date.UTC(2018, 11, 21)));
    expect(fuel.getCell(8).numFmt).toBe('dd/mm/yyyy');
    expect(fuel.getCell(13).value).toBe(60000);
  });

  it('writes the same content as a French CSV with a BOM', () => {
    const text = readFileSync(resolve(PLANS, 'harnes-2019.csv'), 'utf8');
    expect(text.startsWith('\ufeffIntitulé;Code CPV;')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(30);
    expect(lines).toContain(
      'Service de télécommunications;64210000-1;;;;;;12/02/2019;Harnes 62440;;;;188243',
    );
  });
});
