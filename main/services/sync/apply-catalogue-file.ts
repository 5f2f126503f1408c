/** Applies a checked catalogue file as a snapshot of the 'catalogue-file' source. */
import type { Database } from 'sql.js';
import type { SyncLogEntry } from '../../../shared/feed/sync-types';
import type { DatabaseHandle } from '../database/open-database';
import { CATALOGUE_FILE_SOURCE_ID } from '../database/source-rows';
import { applySnapshot, type ApplyProgress, type ApplyResult } from './apply-records';
import type { VerifiedCatalogueFile } from './catalogue-file';
import { appendSyncLog, setSourceState } from './source-store';
import { applySummary, recordCount, recordsGrowthBytes } from './sync-source';

/**
 * Replaces the 'catalogue-file' source's records by the file's suppliers in
 * one transaction (applySnapshot); other sources stay. The cursor is the
 * catalogue version the publisher wrote; the sequence, the manifest's date in
 * seconds; the source must then hold exactly the manifest's count.
 */
export function applyCatalogueFile(
  db: Database,
  file: VerifiedCatalogueFile,
  onProgress?: ApplyProgress,
): ApplyResult {
  const { catalogue, manifest } = file;
  return applySnapshot(
    db,
    {
      sourceId: CATALOGUE_FILE_SOURCE_ID,
      records: catalogue.suppliers,
      sectors: catalogue.sectors,
      datasets: catalogue.datasets,
      cursor: manifest.catalogueVersion,
      sequence: Math.floor(Date.parse(manifest.generatedAt) / 1000),
      expectedRecordCount: manifest.supplierCount,
    },
    onProgress,
  );
}

/**
 * Imports a verified catalogue file as the app and the CLI do: room made
 * for it, applied, then logged as a sync of « Fichier « <name> » » with the
 * source's last status. The caller saves the database.
 */
export async function importCatalogueFile(
  handle: DatabaseHandle,
  file: VerifiedCatalogueFile,
  log: { startedAt: string; now: () => Date; bytes: number; shownName: string },
): Promise<{ entry: SyncLogEntry; applied: ApplyResult }> {
  await handle.makeRoom(
    recordsGrowthBytes(
      file.catalogue.suppliers,
      recordCount(handle.db, CATALOGUE_FILE_SOURCE_ID),
    ),
  );
  const applied = applyCatalogueFile(handle.db, file);
  const entry = appendSyncLog(handle.db, {
    sourceId: CATALOGUE_FILE_SOURCE_ID,
    sourceName: `Fichier « ${log.shownName} »`,
    startedAt: log.startedAt,
    endedAt: log.now().toISOString(),
    status: 'ok',
    added: applied.added,
    changed: applied.changed,
    removed: applied.removed,
    rejected: [],
    warnings: [],
    bytes: log.bytes,
    cursor: file.manifest.catalogueVersion,
    message:
      applySummary(
        `Fichier catalogue « ${file.fileName} » de « ${file.manifest.publisher} » importé`,
        applied,
        0,
      ) + (file.warnings.length > 0 ? ` ${file.warnings.join(' ')}` : ''),
  });
  setSourceState(handle.db, CATALOGUE_FILE_SOURCE_ID, {
    lastSyncAt: entry.endedAt,
    lastStatus: entry.status,
  });
  return { entry, applied };
}
