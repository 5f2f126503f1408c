/** Applies a checked catalogue file as a snapshot of the 'catalogue-file' source. */
import type { Database } from 'sql.js';
import { CATALOGUE_FILE_SOURCE_ID } from '../database/source-rows';
import { applySnapshot, type ApplyProgress, type ApplyResult } from './apply-records';
import type { VerifiedCatalogueFile } from './catalogue-file';

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
