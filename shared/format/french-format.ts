/** French display formats: numbers, km with one decimal, euros, dd/mm/yyyy dates. */

const numberFormat = new Intl.NumberFormat('fr-FR');
const kmFormat = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const pointsFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const euroFormat = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 2,
});

/** 3862 → « 3 862 »; null → empty. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : numberFormat.format(value);
}

/** 72 → « 72,0 »: one decimal, for scores and points; null → empty. */
export function formatDecimal(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : kmFormat.format(value);
}

/** Score points: 18 → « 18 », 27.25 → « 27,3 »; null → empty. */
export function formatPoints(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : pointsFormat.format(value);
}

/** 12.345 → « 12,3 km »; null → empty. */
export function formatKm(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : `${kmFormat.format(value)} km`;
}

/** 35000 → « 35 000,00 € »; null → empty. */
export function formatEuros(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : euroFormat.format(value);
}

/** ISO day « 2018-04-13 » → « 13/04/2018 »; anything else is shown as is. */
export function formatDay(isoDay: string | null | undefined): string {
  if (!isoDay) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : isoDay;
}

/** ISO timestamp → « 13/04/2018 14:05 » in local time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('fr-FR', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

const oneDecimal = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/**
 * A size as the buyer reads it, 1 ko = 1 000 octets like the services'
 * messages: 512 → « 512 octets », 12 500 → « 12,5 ko », 4 367 949 → « 4,4 Mo ».
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${numberFormat.format(bytes)} octets`;
  if (bytes < 1e6) return `${oneDecimal.format(bytes / 1e3)} ko`;
  if (bytes < 1e9) return `${oneDecimal.format(bytes / 1e6)} Mo`;
  return `${oneDecimal.format(bytes / 1e9)} Go`;
}
