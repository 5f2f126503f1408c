/** Ids of suppliers without SIRET, from their source and their record. */
import { createHash } from 'node:crypto';

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function base62Number(text: string): string {
  let value = 0n;
  for (const char of text) value = value * 62n + BigInt(BASE62.indexOf(char));
  return value.toString();
}

/**
 * Id of a supplier without SIRET, fitting the catalogue schema's
 * `<letters>-<digits>`: `<source id>-<record id>` for a numeric record id; an
 * alphanumeric id (GoGoCarto's "3qv6") is read as a base-62 number written
 * after a leading 1, so that "03qv6" and "3qv6" stay apart; any other record
 * id, or a source id with other characters than a-z and "-", gives a number
 * from the SHA-256 of both ids.
 */
export function recordSupplierId(sourceId: string, recordId: string): string {
  const prefix =
    sourceId
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'source';
  const plain = prefix === sourceId;
  if (plain && /^\d+$/.test(recordId)) return `${prefix}-${recordId}`;
  if (plain && /^[0-9A-Za-z]+$/.test(recordId)) {
    return `${prefix}-${base62Number(`1${recordId}`)}`;
  }
  const hash = createHash('sha256').update(`${sourceId}\n${recordId}`).digest('hex');
  return `${prefix}-${BigInt(`0x${hash.slice(0, 13)}`).toString()}`;
}
