/**
 * The categories a GoGoCarto map used at its last sync, kept per source in
 * the database settings, and the buyer's mapping of each to our sectors and
 * labels (the source's CategoryMapping, matched on folded names as the
 * reader matches them).
 */
import type { Database } from 'sql.js';
import type { CategoryMapping, SourceConfig } from '../../../shared/feed/sync-types';
import type { MapCategory } from '../../../shared/ipc';
import { LABEL_CODES, type LabelCode, type Sector } from '../../../shared/model';
import { foldText } from '../../../shared/text/fold-text';
import { readSetting, removeSetting, writeSetting } from '../database/settings-store';
import { UserError } from '../user-error';
import type { GoGoCartoConfig, SeenCategory } from './sources/gogocarto';

/** Settings key of a source's categories. */
export function categoriesSettingKey(sourceId: string): string {
  return `gogocarto-categories:${sourceId}`;
}

/** Keeps the categories the sync just read; the caller saves the database. */
export function rememberCategories(
  db: Database,
  sourceId: string,
  categories: readonly SeenCategory[],
): void {
  writeSetting(
    db,
    categoriesSettingKey(sourceId),
    categories.map(({ category, count }) => ({ category, count })),
  );
}

/** Forgets them (source removed, or moved to another map); the caller saves. */
export function forgetCategories(db: Database, sourceId: string): void {
  removeSetting(db, categoriesSettingKey(sourceId));
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The categories seen at the map's last sync (none before the first), most
 * used first, each with the sectors and labels the source's mapping gives it.
 */
export function mappedCategories(db: Database, config: GoGoCartoConfig): MapCategory[] {
  const byName = new Map<string, { sectorIds: number[]; labels: LabelCode[] }>();
  for (const line of config.mapping) {
    const key = foldText(line.category);
    const known = byName.get(key) ?? { sectorIds: [], labels: [] };
    byName.set(key, {
      sectorIds: unique([...known.sectorIds, ...line.sectorIds]),
      labels: unique([...known.labels, ...line.labels]),
    });
  }
  const seen = readSetting<SeenCategory[]>(db, categoriesSettingKey(config.id), []);
  return seen.map(({ category, count }) => {
    const target = byName.get(foldText(category));
    return {
      category,
      count,
      sectorIds: target?.sectorIds ?? [],
      labels: target?.labels ?? [],
    };
  });
}

/**
 * Checks the mapping of a GoGoCarto source that came from the screens or the
 * CLI: every line names a category, sectors of the taxonomy, known labels.
 */
export function checkCategoryMapping(
  config: Extract<SourceConfig, { kind: 'gogocarto' }>,
  sectors: readonly Sector[],
): void {
  const whose = `La correspondance des catégories de « ${config.name} »`;
  if (!Array.isArray(config.mapping)) {
    throw new UserError(`${whose} est illisible : une liste de catégories est attendue.`);
  }
  const sectorIds = new Set(sectors.map((sector) => sector.id));
  config.mapping.forEach((value: unknown, index) => {
    const line = value as Partial<CategoryMapping> | null;
    if (typeof line?.category !== 'string' || line.category.trim() === '') {
      throw new UserError(
        `${whose}, ligne ${index + 1} : le nom de la catégorie manque.`,
      );
    }
    const where = `${whose}, catégorie « ${line.category} »`;
    if (!Array.isArray(line.sectorIds) || !Array.isArray(line.labels)) {
      throw new UserError(
        `${where} : les secteurs et les labels doivent être des listes.`,
      );
    }
    const badSector = line.sectorIds.find((id: unknown) => !sectorIds.has(id as number));
    if (badSector !== undefined) {
      throw new UserError(`${where} : le secteur « ${String(badSector)} » n’existe pas.`);
    }
    const badLabel = line.labels.find(
      (label: unknown) => !(LABEL_CODES as readonly unknown[]).includes(label),
    );
    if (badLabel !== undefined) {
      throw new UserError(`${where} : le label « ${String(badLabel)} » n’existe pas.`);
    }
  });
}
