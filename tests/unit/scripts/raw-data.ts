/** Test helpers: read the raw shared data and the built resources, independently of the build code. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';

export const DATA = process.env.PASSERELLE_SHARED_DATA ?? resolve('..', 'shared', 'data');
export const RESOURCES = resolve('resources');

/** Header-keyed rows of a CSV of the shared data (or of resources/ when `base` says so). */
export function rawCsv(
  path: string,
  delimiter = ',',
  base = DATA,
): Record<string, string>[] {
  const text = readFileSync(resolve(base, path), 'utf8').replace(/^\ufeff/, '');
  return Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter,
    skipEmptyLines: true,
  }).data;
}

/** A JSON file of resources/. */
export function resourceJson<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(RESOURCES, name), 'utf8')) as T;
}

/** Luhn check, written again here so that the tests do not trust the build's own. */
export function luhn(digits: string): boolean {
  const sum = [...digits].reverse().reduce((total, char, index) => {
    const doubled = index % 2 === 1 ? Number(char) * 2 : Number(char);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}
