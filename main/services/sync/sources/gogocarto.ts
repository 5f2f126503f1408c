/**
 * Reads a GoGoCarto map's public elements API (GET <base>/api/elements.json,
 * `{ data: [element…] }` in the « gogofull » shape) into suppliers. An element
 * has id, name, geo {latitude, longitude}, address {streetAddress, postalCode,
 * addressLocality}, categories (names, or objects with a name), and custom
 * fields at top level, of which `siret`, `description`, `website`, `email`,
 * `telephone` and `url` are read.
 * Categories become sectors and labels through the source's mapping.
 */
import type { SourceConfig } from '../../../../shared/feed/sync-types';
import { LABEL_CODES, type LabelCode } from '../../../../shared/model';
import { foldText } from '../../../../shared/text/fold-text';
import { httpUrlOrNull } from '../../../../shared/catalogue/text';
import { UserError } from '../../user-error';
import { coordinateField, idField, objectOrNull, textField } from './json-fields';
import type { HttpSourceDeps } from './source-context';
import { SourceRecords, type DraftFields, type SourceReadResult } from './source-records';
import { kindFromLabels } from './supplier-kinds';

export type GoGoCartoConfig = Extract<SourceConfig, { kind: 'gogocarto' }>;

/** A category the map uses, and how many of its elements carry it. */
export interface SeenCategory {
  /** The name as the map writes it (the first spelling met among those that fold alike). */
  category: string;
  count: number;
}

/** The records, every category the map uses, and those the mapping does not cover yet. */
export interface GoGoCartoReadResult extends SourceReadResult {
  /**
   * Every category the elements carry, mapped or not, most used first;
   * names that fold alike (the mapping matches folded names) are one category.
   */
  categories: SeenCategory[];
  /** Category names as the map writes them, with how many elements carry each. */
  unmappedCategories: { category: string; records: number }[];
}

const FIELDS: DraftFields = {
  name: 'name',
  siret: 'siret',
  naf: 'naf',
  website: 'website',
  email: 'email',
  coordinates: 'geo',
  postcode: 'address.postalCode',
  commune: 'address.postalCode/address.addressLocality',
};

/** The elements API of a map given by its address, or the API's own address. */
export function elementsUrl(url: string): string {
  const trimmed = url.trim();
  if (/\.json(\?.*)?$/i.test(trimmed)) return trimmed;
  return `${trimmed.replace(/\/+$/, '')}/api/elements.json`;
}

/** Sectors and labels of one category, merged over the mapping's lines. */
interface CategoryTarget {
  sectorIds: number[];
  labels: LabelCode[];
}

/** The mapping by folded category name, checked against the taxonomy and the labels. */
function mappingIndex(
  config: GoGoCartoConfig,
  sectorIds: ReadonlySet<number>,
): Map<string, CategoryTarget> {
  const index = new Map<string, CategoryTarget>();
  for (const line of config.mapping) {
    const where = `Correspondance des catégories de « ${config.name} », catégorie « ${line.category} »`;
    const unknownSector = line.sectorIds.find((id) => !sectorIds.has(id));
    if (unknownSector !== undefined) {
      throw new UserError(`${where} : le secteur ${unknownSector} n’existe pas.`);
    }
    const unknownLabel = line.labels.find((label) => !LABEL_CODES.includes(label));
    if (unknownLabel !== undefined) {
      throw new UserError(
        `${where} : le label « ${String(unknownLabel)} » n’existe pas.`,
      );
    }
    const key = foldText(line.category);
    const known = index.get(key) ?? { sectorIds: [], labels: [] };
    index.set(key, {
      sectorIds: [...known.sectorIds, ...line.sectorIds],
      labels: [...known.labels, ...line.labels],
    });
  }
  return index;
}

/** The element list of the API's answer: `{ data: [...] }`, or a bare array. */
function elementsOf(payload: unknown, url: string): unknown[] {
  if (Array.isArray(payload)) return payload;
  const data = objectOrNull(payload)?.['data'];
  if (Array.isArray(data)) return data;
  throw new UserError(
    `La réponse de ${url} n’est pas une liste d’éléments GoGoCarto ` +
      '(ni tableau, ni objet avec un champ « data ») : vérifiez l’adresse de la carte.',
  );
}

/** Category names of an element: strings, or objects with a `name`. */
function categoryNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((category) =>
      typeof category === 'string'
        ? category.trim()
        : textField(objectOrNull(category), 'name'),
    )
    .filter((name) => name !== '');
}

/** Reads the map's elements; categories map through `config.mapping`. */
export async function readGoGoCarto(
  config: GoGoCartoConfig,
  deps: HttpSourceDeps,
): Promise<GoGoCartoReadResult> {
  const mapping = mappingIndex(config, new Set(deps.sectors.map((sector) => sector.id)));
  const url = elementsUrl(config.url);
  const elements = elementsOf(
    await deps.getJson(url, { Accept: 'application/json' }),
    url,
  );
  const records = new SourceRecords(config, deps, FIELDS);
  const unmapped = new Map<string, number>();
  const seen = new Map<string, SeenCategory>();

  elements.forEach((value, index) => {
    const element = objectOrNull(value);
    const id = element ? idField(element, 'id') : '';
    if (!element || id === '') {
      records.countUnreadable();
      const reason = element
        ? 'identifiant absent'
        : 'élément illisible (pas un objet JSON)';
      records.reject(`n° ${index + 1}`, 'id', reason);
      return;
    }
    const sectorIds: number[] = [];
    const labels: LabelCode[] = [];
    const names = new Set(categoryNames(element['categories']));
    // Counted once per element, names that fold alike being one category.
    const folded = new Map<string, string>();
    for (const name of names) {
      if (!folded.has(foldText(name))) folded.set(foldText(name), name);
    }
    for (const [key, name] of folded) {
      const known = seen.get(key);
      seen.set(key, {
        category: known?.category ?? name,
        count: (known?.count ?? 0) + 1,
      });
    }
    for (const name of names) {
      const target = mapping.get(foldText(name));
      if (target) {
        sectorIds.push(...target.sectorIds);
        labels.push(...target.labels);
      } else {
        unmapped.set(name, (unmapped.get(name) ?? 0) + 1);
      }
    }
    const geo = objectOrNull(element['geo']);
    const address = objectOrNull(element['address']);
    records.add({
      recordId: id,
      url: httpUrlOrNull(textField(element, 'url')),
      name: textField(element, 'name'),
      siret: textField(element, 'siret'),
      brand: null,
      kind: kindFromLabels(labels),
      labels,
      naf: '',
      sectorIds,
      description:
        textField(element, 'description') ||
        textField(element, 'descriptionMore') ||
        null,
      website: textField(element, 'website'),
      email: textField(element, 'email'),
      phone: textField(element, 'telephone'),
      street: textField(address, 'streetAddress'),
      postcode: textField(address, 'postalCode'),
      city: textField(address, 'addressLocality'),
      departement: null,
      lat: coordinateField(geo, 'latitude'),
      lon: coordinateField(geo, 'longitude'),
    });
  });

  const unmappedCategories = [...unmapped]
    .map(([category, count]) => ({ category, records: count }))
    .sort((a, b) => b.records - a.records || a.category.localeCompare(b.category, 'fr'));
  const categories = [...seen.values()].sort(
    (a, b) => b.count - a.count || a.category.localeCompare(b.category, 'fr'),
  );
  return { ...records.result(), categories, unmappedCategories };
}
