/**
 * Reads an API shaped like the Marché de l'inclusion's structures API:
 * `Authorization: Token <token>`, filter `updated_at__gte` / `updated_at__lte`,
 * pages `{ count, next, previous, results }` followed through `next`.
 * A structure has id, name, brand, siret, kind, address, post_code, city,
 * department, contact_website (or website), contact_email, contact_phone
 * (the Marché's API gives both), description, created_at,
 * updated_at, and when the server gives them naf, latitude and longitude.
 * Sectors come from the NAF code (resources/mappings/naf-sectors.csv).
 *
 * The list is read whole before anything is returned: a list that changes
 * while it is read (count, repeated ids) is an error, never half a catalogue.
 */
import type { SourceConfig } from '../../../../shared/feed/sync-types';
import type { SupplierKind } from '../../../../shared/model';
import { UserError } from '../../user-error';
import { coordinateField, idField, objectOrNull, textField } from './json-fields';
import type { HttpSourceDeps } from './source-context';
import {
  SourceRecords,
  type DraftFields,
  type RecordNote,
  type SourceReadResult,
} from './source-records';
import { parseKind } from './supplier-kinds';

export type InclusionApiConfig = Extract<SourceConfig, { kind: 'inclusion-api' }>;

/** Only the structures updated within these bounds (ISO 8601 dates, as the server wrote them). */
export interface InclusionReadOptions {
  updatedSince?: string;
  updatedUntil?: string;
}

/** The records, and what the pages said. */
export interface InclusionReadResult extends SourceReadResult {
  pages: number;
  /** Structures the API announced (`count`). */
  count: number;
  /**
   * Newest `updated_at` of the structures read, as the API wrote it: the
   * `updatedSince` of the next sync (a server date, never the local clock).
   */
  latestUpdatedAt: string | null;
}

const FIELDS: DraftFields = {
  name: 'name',
  siret: 'siret',
  naf: 'naf',
  website: 'contact_website',
  email: 'contact_email',
  coordinates: 'latitude/longitude',
  postcode: 'post_code',
  commune: 'post_code/city',
};

interface Page {
  count: number;
  next: string | null;
  results: unknown[];
}

function checkedDate(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value))) {
    throw new UserError(
      `Date « ${value} » illisible pour ${option} : écrivez-la au format ISO, par exemple 2024-12-04T00:00:00Z.`,
    );
  }
  return value;
}

function firstPageUrl(config: InclusionApiConfig, options: InclusionReadOptions): URL {
  let url: URL;
  try {
    url = new URL(config.url.trim());
  } catch {
    throw new UserError(
      `Adresse « ${config.url} » de la source « ${config.name} » illisible.`,
    );
  }
  const since = checkedDate(options.updatedSince, 'updated_at__gte');
  const until = checkedDate(options.updatedUntil, 'updated_at__lte');
  if (since !== undefined) url.searchParams.set('updated_at__gte', since);
  if (until !== undefined) url.searchParams.set('updated_at__lte', until);
  return url;
}

function pageOf(payload: unknown, url: string): Page {
  const page = objectOrNull(payload);
  const count = page?.['count'];
  const next = page?.['next'];
  const results = page?.['results'];
  if (
    !page ||
    typeof count !== 'number' ||
    !Number.isInteger(count) ||
    count < 0 ||
    !(next === null || next === undefined || typeof next === 'string') ||
    !Array.isArray(results)
  ) {
    throw new UserError(
      `La réponse de ${url} n’a pas la forme attendue ({ count, next, previous, results }) : ` +
        'vérifiez l’adresse de l’API.',
    );
  }
  return { count, next: typeof next === 'string' && next !== '' ? next : null, results };
}

function changedWhileRead(detail: string): UserError {
  return new UserError(
    `La liste de l’API a changé pendant la lecture (${detail}) : rien n’a été appliqué, ` +
      'relancez la synchronisation.',
  );
}

/**
 * The next page's address, only on the first page's server: the token is
 * never sent anywhere else.
 */
function nextUrl(next: string, current: string, origin: string): string {
  let url: URL;
  try {
    url = new URL(next, current);
  } catch {
    throw new UserError(
      `Adresse de page suivante « ${next} » illisible (réponse de ${current}).`,
    );
  }
  if (url.origin !== origin) {
    throw new UserError(
      `La page suivante annoncée par ${current} est sur un autre serveur (${url.origin}) : ` +
        'lecture arrêtée pour ne pas y envoyer le jeton d’accès.',
    );
  }
  return url.toString();
}

/** Every structure of every page, after the list checks. */
async function readAllPages(
  first: URL,
  headers: Record<string, string>,
  deps: HttpSourceDeps,
): Promise<{ results: unknown[]; pages: number; count: number }> {
  const results: unknown[] = [];
  const visited = new Set<string>();
  const ids = new Set<string>();
  let count: number | null = null;
  let pages = 0;
  let current: string | null = first.toString();
  while (current !== null) {
    if (visited.has(current))
      throw changedWhileRead(`page ${current} demandée deux fois`);
    visited.add(current);
    const page = pageOf(await deps.getJson(current, headers), current);
    pages += 1;
    if (count === null) count = page.count;
    else if (page.count !== count) {
      throw changedWhileRead(`${count} structures annoncées, puis ${page.count}`);
    }
    for (const result of page.results) {
      const record = objectOrNull(result);
      const id = record ? idField(record, 'id') : '';
      if (id !== '' && ids.has(id))
        throw changedWhileRead(`structure ${id} reçue deux fois`);
      if (id !== '') ids.add(id);
      results.push(result);
    }
    if (results.length > count) {
      throw changedWhileRead(`${count} structures annoncées, ${results.length} reçues`);
    }
    if (page.next !== null && page.results.length === 0) {
      throw changedWhileRead(`page ${current} vide mais suivie d’une autre`);
    }
    current = page.next === null ? null : nextUrl(page.next, current, first.origin);
  }
  if (results.length !== count) {
    throw changedWhileRead(
      `${count ?? 0} structures annoncées, ${results.length} reçues`,
    );
  }
  return { results, pages, count: count ?? 0 };
}

/** The structure's page on the API: <list address>/<id>/, without the filters. */
function detailUrl(list: URL, id: string): string {
  const url = new URL(list.toString());
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  url.pathname = `${url.pathname}${encodeURIComponent(id)}/`;
  return url.toString();
}

/**
 * Reads every structure of the API (those updated since `updatedSince` when
 * given: an incremental read, that says nothing of removed structures).
 */
export async function readInclusionApi(
  config: InclusionApiConfig,
  deps: HttpSourceDeps,
  options: InclusionReadOptions = {},
): Promise<InclusionReadResult> {
  if (config.token.trim() === '') {
    throw new UserError(
      `La source « ${config.name} » n’a pas de jeton d’accès : saisissez celui que l’API vous a donné.`,
    );
  }
  const first = firstPageUrl(config, options);
  const headers = {
    Authorization: `Token ${config.token.trim()}`,
    Accept: 'application/json',
  };
  const { results, pages, count } = await readAllPages(first, headers, deps);

  const records = new SourceRecords(config, deps, FIELDS);
  let latest: { text: string; time: number } | null = null;
  for (const [index, result] of results.entries()) {
    const structure = objectOrNull(result);
    const id = structure ? idField(structure, 'id') : '';
    if (!structure || id === '') {
      records.countUnreadable();
      const reason = structure
        ? 'identifiant absent'
        : 'structure illisible (pas un objet JSON)';
      records.reject(`n° ${index + 1}`, 'id', reason);
      continue;
    }
    const updatedAt = textField(structure, 'updated_at');
    const time = Date.parse(updatedAt);
    if (!Number.isNaN(time) && (latest === null || time > latest.time)) {
      latest = { text: updatedAt, time };
    }
    const kindText = textField(structure, 'kind');
    const notes: RecordNote[] = [];
    let kind: SupplierKind | null = parseKind(kindText);
    if (kind === null) {
      const written = kindText === '' ? 'absent' : `« ${kindText} » inconnu`;
      const reason = `type de structure ${written} : structure de l’ESS retenue, sans label`;
      notes.push({ field: 'kind', reason });
      kind = 'ESS';
    }
    records.add({
      recordId: id,
      url: detailUrl(first, id),
      name: textField(structure, 'name'),
      siret: textField(structure, 'siret'),
      brand: textField(structure, 'brand') || null,
      kind,
      labels: [],
      naf: textField(structure, 'naf'),
      sectorIds: [],
      description: textField(structure, 'description') || null,
      website: textField(structure, 'contact_website') || textField(structure, 'website'),
      email: textField(structure, 'contact_email'),
      phone: textField(structure, 'contact_phone'),
      street: textField(structure, 'address'),
      postcode: textField(structure, 'post_code'),
      city: textField(structure, 'city'),
      departement: textField(structure, 'department').toUpperCase() || null,
      lat: coordinateField(structure, 'latitude'),
      lon: coordinateField(structure, 'longitude'),
      notes,
    });
  }
  return { ...records.result(), pages, count, latestUpdatedAt: latest?.text ?? null };
}
