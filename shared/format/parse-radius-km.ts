/** The catalogue search radius as the buyer types it: « 20 », « 12,5 », « 7.5 km ». */

/** Largest radius accepted, km: mainland France is about 1 000 km wide. */
export const MAX_RADIUS_KM = 1000;

const RADIUS = /^(\d+(?:[.,]\d+)?)(?:\s*km)?$/i;

export type RadiusParse = { ok: true; km: number } | { ok: false; message: string };

/** Parses a radius above 0 km; otherwise a French message naming the value. */
export function parseRadiusKm(typed: string): RadiusParse {
  const text = typed.trim();
  const match = RADIUS.exec(text);
  const km = match ? Number((match[1] ?? '').replace(',', '.')) : Number.NaN;
  if (km > 0 && km <= MAX_RADIUS_KM) return { ok: true, km };
  const shown = text === '' ? 'Rayon (km) vide' : `Rayon (km) « ${text} »`;
  return {
    ok: false,
    message:
      `${shown} : indiquez une distance en kilomètres supérieure à 0 et d’au plus ` +
      '1\u00a0000, par exemple 20 ou 12,5.',
  };
}
