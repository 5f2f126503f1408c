/** What the report needs to know about the catalogue besides the match. */
import type { CatalogueSummary } from '../../../shared/ipc';
import type { Supplier } from '../../../shared/model';

/** The catalogue's summary and its suppliers by id (for contacts and sources). */
export interface ReportCatalogue {
  summary: CatalogueSummary;
  suppliers: ReadonlyMap<string, Supplier>;
  /** When the local catalogue last received a source's records (ISO), if ever. */
  lastSyncAt?: string | null;
}
