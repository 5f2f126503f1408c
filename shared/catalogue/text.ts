/** Small text helpers shared by the catalogue builders. */

/** Folds a place name for comparison: no accents, lower case, "st" → "saint". */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bcedex\b.*$/, '')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Trimmed text, or null when empty. */
export function textOrNull(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

/** A website kept only when it is an http(s) URL. */
export function httpUrlOrNull(value: string | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? trimmed : null;
}

/** Rounds a coordinate or a measure to `digits` decimals. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Compares two strings by code unit, for sorting that is the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
