/** Content version and date of the catalogue, derived from the inputs, never from the clock. */
import { createHash } from 'node:crypto';

/** The newest date found in the inputs (ISO), or PASSERELLE_CATALOGUE_DATE when set. */
export function catalogueDate(isoDates: string[]): string {
  const fixed = process.env.PASSERELLE_CATALOGUE_DATE;
  if (fixed) return new Date(fixed).toISOString();
  const newest = isoDates
    .filter((date) => !Number.isNaN(Date.parse(date)))
    .sort()
    .at(-1);
  if (!newest)
    throw new Error(
      'Aucune date trouvée dans les données : impossible de dater le catalogue',
    );
  return new Date(newest).toISOString();
}

/** "yyyy.mm.dd-<8 hex of the content's SHA-256>". */
export function catalogueVersion(generatedAt: string, content: string): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8);
  return `${generatedAt.slice(0, 10).replace(/-/g, '.')}-${hash}`;
}

/** Dates written "dd/mm/yyyy" in a text, as ISO days. */
export function frenchDatesIn(text: string): string[] {
  return [...text.matchAll(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g)].map(
    ([, day, month, year]) => `${year}-${month}-${day}T00:00:00.000Z`,
  );
}
