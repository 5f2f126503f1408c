/** What the supplier builders share: mappings, commune finder, issues, and helpers. */
import type { LabelCode, RecordSource } from '../../../shared/model';
import type { CatalogueIssue, IssueSeverity } from './catalogue-issues';
import type { CommuneFinder } from '../../../shared/catalogue/commune-finder';
import type { DatasetInfo } from './datasets';
import type { Mappings } from './mappings';
import { compareText } from '../../../shared/catalogue/text';

/** Shared inputs of the supplier builders; `issues` collects rejects and warnings. */
export interface SupplierContext {
  mappings: Mappings;
  communes: CommuneFinder;
  issues: CatalogueIssue[];
}

/** The record a problem is about, as catalogue-rejects.csv names it. */
export interface RecordRef {
  dataset: DatasetInfo;
  recordId: string;
  siret: string;
  name: string;
}

/** Adds a reject or a warning about a record. */
export function report(
  context: SupplierContext,
  severity: IssueSeverity,
  record: RecordRef,
  field: string,
  value: string,
  reason: string,
): void {
  context.issues.push({
    severity,
    dataset: record.dataset.name,
    recordId: record.recordId,
    siret: record.siret,
    name: record.name,
    field,
    value,
    reason,
  });
}

/** The source entry of a record of a data set. */
export function sourceOf(dataset: DatasetInfo, recordId: string): RecordSource {
  return { dataset: dataset.name, recordId, licence: dataset.licence, url: dataset.url };
}

/** Stable supplier id: from the SIRET when valid, else from the data set and record. */
export function supplierId(
  siret: string | null,
  dataset: DatasetInfo,
  recordId: string,
): string {
  return siret ? `siret-${siret}` : `${dataset.key}-${recordId}`;
}

/** Sorted, unique labels. */
export function sortLabels(labels: Iterable<LabelCode>): LabelCode[] {
  return [...new Set(labels)].sort(compareText);
}

/** Sorted, unique sector ids. */
export function sortSectorIds(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The CPV codes of a supplier: the union of its sectors' codes. */
export function cpvOfSectors(mappings: Mappings, sectorIds: number[]): string[] {
  const codes = sectorIds.flatMap((id) => mappings.sectorCpv.get(id) ?? []);
  return [...new Set(codes)].sort(compareText);
}
