/** Reading fields of JSON records whose shape a remote server decides. */

/** A JSON object, or null for anything else (array, text, null). */
export function objectOrNull(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A text field: strings trimmed, numbers written out, anything else ''. */
export function textField(record: Record<string, unknown> | null, key: string): string {
  const value = record?.[key];
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** A coordinate field as the source wrote it: number, text, or null when absent. */
export function coordinateField(
  record: Record<string, unknown> | null,
  key: string,
): number | string | null {
  const value = record?.[key];
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/** The record's id as text: a string or an integer; '' when it has none. */
export function idField(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return '';
}
