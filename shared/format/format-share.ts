/** Shares (ratios from 0 to 1) as the buyer reads them, and as bar widths. */

const oneDecimal = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/**
 * 0.4286 → « 42,9 % » with a no-break space; null → « — », nothing to divide.
 * The sign is added by hand: Intl's percent style puts a no-break or a narrow
 * no-break space depending on the ICU version, and the screen and the tests
 * must agree.
 */
export function formatShare(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio)
    ? '—'
    : `${oneDecimal.format(ratio * 100)}\u00a0%`;
}

/** A part over a whole as a ratio; null when the whole is zero or unknown. */
export function shareOf(part: number, whole: number | null | undefined): number | null {
  return whole === null || whole === undefined || whole <= 0 ? null : part / whole;
}

/** CSS width of a bar for a ratio, clamped to 0–100 %: 0.4286 → « 42.86% ». */
export function barWidth(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '0%';
  const clamped = Math.max(0, Math.min(1, ratio));
  return `${Math.round(clamped * 10000) / 100}%`;
}
