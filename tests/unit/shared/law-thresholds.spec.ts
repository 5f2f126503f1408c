import { describe, expect, it } from 'vitest';
import {
  SMALL_LOTS_MAX_SHARE,
  THRESHOLDS,
  thresholdFor,
  thresholdsInForce,
} from '../../../shared/law/thresholds';
import type { BuyerKind, ThresholdScope } from '../../../shared/law/procedure-types';

function amount(scope: ThresholdScope, date: string, buyer: BuyerKind = 'collectivite') {
  return thresholdFor(scope, date, buyer)?.amountExclTax ?? null;
}

describe('thresholds as dated data', () => {
  it('gives every entry a source, articles, pages checked and ordered dates', () => {
    for (const t of THRESHOLDS) {
      expect(t.source.length, t.id).toBeGreaterThan(0);
      expect(t.articles.length, t.id).toBeGreaterThan(0);
      expect(t.checkedAgainst.length, t.id).toBeGreaterThan(0);
      expect(t.from <= (t.until ?? '9999-12-31'), t.id).toBe(true);
    }
    expect(new Set(THRESHOLDS.map((t) => t.id)).size).toBe(THRESHOLDS.length);
  });

  it('switches the EU thresholds between 31/12/2025 and 01/01/2026', () => {
    // 2024–2025: 143 000 / 221 000 / 5 538 000; 2026–2027: 140 000 / 216 000 / 5 404 000.
    expect(amount('formalise-fournitures-services', '2025-12-31', 'etat')).toBe(143_000);
    expect(amount('formalise-fournitures-services', '2026-01-01', 'etat')).toBe(140_000);
    expect(amount('formalise-fournitures-services', '2025-12-31')).toBe(221_000);
    expect(amount('formalise-fournitures-services', '2026-01-01')).toBe(216_000);
    expect(amount('formalise-travaux', '2025-12-31')).toBe(5_538_000);
    expect(amount('formalise-travaux', '2026-01-01')).toBe(5_404_000);
  });

  it('switches between 31/12/2023 and 01/01/2024, and knows 2022', () => {
    expect(amount('formalise-fournitures-services', '2022-01-01', 'etat')).toBe(140_000);
    expect(amount('formalise-fournitures-services', '2023-12-31')).toBe(215_000);
    expect(amount('formalise-fournitures-services', '2024-01-01')).toBe(221_000);
    expect(amount('formalise-travaux', '2023-12-31')).toBe(5_382_000);
    expect(amount('formalise-travaux', '2024-01-01')).toBe(5_538_000);
  });

  it('raises the supplies and services dispensation to 60 000 € on 01/04/2026', () => {
    expect(amount('dispense-fournitures-services', '2025-12-31')).toBe(40_000);
    expect(amount('dispense-fournitures-services', '2026-03-31')).toBe(40_000);
    expect(amount('dispense-fournitures-services', '2026-04-01')).toBe(60_000);
    expect(
      thresholdFor('dispense-fournitures-services', '2026-04-01', 'etat')?.source,
    ).toMatch(/2025-1386/);
  });

  it('keeps works at 100 000 €: temporary until 31/12/2025, in R2122-8 from 01/01/2026', () => {
    expect(thresholdFor('dispense-travaux', '2025-12-31', 'collectivite')?.id).toBe(
      'dispense-travaux-2025',
    );
    expect(thresholdFor('dispense-travaux', '2026-01-01', 'collectivite')?.id).toBe(
      'dispense-travaux-2026',
    );
    expect(amount('dispense-travaux', '2022-06-30')).toBe(100_000);
    expect(amount('dispense-travaux', '2024-06-30')).toBe(100_000);
    expect(amount('dispense-travaux', '2026-12-05')).toBe(100_000);
    // Before the temporary measures, 40 000 € only.
    expect(amount('dispense-travaux', '2020-06-30')).toBe(40_000);
  });

  it('gives the small-lots limits of R2123-1 2° and their 20 % share', () => {
    expect(amount('petits-lots-fournitures-services', '2026-12-05')).toBe(80_000);
    expect(amount('petits-lots-travaux', '2026-12-05')).toBe(1_000_000);
    expect(SMALL_LOTS_MAX_SHARE).toBe(0.2);
  });

  it('selects State or local-authority thresholds, never both', () => {
    const etat = thresholdsInForce('2026-12-05', 'etat').filter(
      (t) => t.scope === 'formalise-fournitures-services',
    );
    expect(etat.map((t) => t.amountExclTax)).toEqual([140_000]);
  });

  it('refuses a date that is not yyyy-mm-dd, in French', () => {
    expect(() => thresholdsInForce('05/12/2026', 'etat')).toThrow(
      'Date « 05/12/2026 » invalide : attendue au format aaaa-mm-jj.',
    );
  });

  it('knows nothing of EU thresholds before 2022', () => {
    expect(thresholdFor('formalise-travaux', '2021-12-31', 'etat')).toBeNull();
  });
});
