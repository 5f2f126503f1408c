/**
 * Catalogue sources and syncs as the services, the CLI and the screens share
 * them. A source is one place suppliers come from; the local catalogue is
 * the merge of every source's records (same SIRET, or same name within
 * 200 m, is one supplier with every provenance kept).
 */
import type { Supplier } from '../model';

export const SOURCE_KINDS = [
  'embedded',
  'passerelle-feed',
  'gogocarto',
  'inclusion-api',
  'spreadsheet',
  'catalogue-file',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_KIND_NAMES: Record<SourceKind, string> = {
  embedded: 'Catalogue embarqué',
  'passerelle-feed': 'Flux Passerelle',
  gogocarto: 'Carte GoGoCarto',
  'inclusion-api': 'API du Marché de l’inclusion',
  spreadsheet: 'Tableur d’un réseau régional',
  'catalogue-file': 'Fichier catalogue',
};

/** GoGoCarto category name (folded) → our sectors and labels; editable by the buyer. */
export interface CategoryMapping {
  category: string;
  sectorIds: number[];
  labels: Supplier['labels'];
}

/** Spreadsheet column for each supplier field (header as written in the file). */
export interface SpreadsheetColumns {
  name: string;
  siret?: string;
  kind?: string;
  labels?: string;
  street?: string;
  postcode?: string;
  city?: string;
  lat?: string;
  lon?: string;
  website?: string;
  /** Contact e-mail (« Courriel ») and telephone (« Téléphone »). */
  email?: string;
  phone?: string;
  description?: string;
  sectors?: string;
  /** NAF (APE) code: sectors through resources/mappings/naf-sectors.csv. */
  naf?: string;
  /** Legal form as INSEE writes it: SCOP, SCIC and ESS labels by law. */
  legalForm?: string;
}

interface SourceBase {
  /** Stable id chosen at creation, e.g. "flux-national". */
  id: string;
  /** Name the buyer gave, shown in the catalogue screen and in provenances. */
  name: string;
  enabled: boolean;
  /** Licence of the records, kept in each record's provenance. */
  licence: string;
}

export type SourceConfig =
  | (SourceBase & { kind: 'embedded' })
  | (SourceBase & { kind: 'passerelle-feed'; url: string })
  | (SourceBase & { kind: 'gogocarto'; url: string; mapping: CategoryMapping[] })
  | (SourceBase & { kind: 'inclusion-api'; url: string; token: string })
  | (SourceBase & { kind: 'spreadsheet'; path: string; columns: SpreadsheetColumns })
  | (SourceBase & { kind: 'catalogue-file'; path: string });

/** What the buyer reads while a sync runs. */
export interface SyncProgress {
  sourceId: string;
  phase: 'download' | 'check' | 'apply' | 'save' | 'done' | 'failed' | 'cancelled';
  /** Bytes received so far, and expected when the server said (else null). */
  bytes: number;
  totalBytes: number | null;
  /** Suppliers applied so far, and to apply (else null). */
  applied: number;
  total: number | null;
}

/** A record refused by validation: the others still apply. */
export interface RejectedRecord {
  sourceId: string;
  /** The record's id in its source (or its index when it has none). */
  recordId: string;
  field: string;
  reason: string;
}

/** One line of the sync log. */
export interface SyncLogEntry {
  id: number;
  sourceId: string;
  sourceName: string;
  startedAt: string;
  endedAt: string;
  status: 'ok' | 'unchanged' | 'failed' | 'cancelled';
  added: number;
  changed: number;
  removed: number;
  rejected: RejectedRecord[];
  /**
   * Records kept with something the buyer should know (placed by their
   * postcode only, a sector ignored…): the same fields as a refusal.
   */
  warnings: RejectedRecord[];
  bytes: number;
  /** Cursor after the sync (feeds), as the server gave it. */
  cursor: string | null;
  /** One clear French sentence: what happened, and for a failure, what stays. */
  message: string;
}

export const SYNC_STATUS_NAMES: Record<SyncLogEntry['status'], string> = {
  ok: 'réussie',
  unchanged: 'déjà à jour',
  failed: 'échouée',
  cancelled: 'annulée',
};

/** Per source, what the catalogue screen shows. */
export interface SourceStatus {
  config: SourceConfig;
  lastSyncAt: string | null;
  lastStatus: SyncLogEntry['status'] | null;
  /** End of its last sync that worked (« réussie » or « déjà à jour »): how old its data is. */
  lastSuccessAt: string | null;
  cursor: string | null;
  supplierCount: number;
}

/** What the catalogue screen polls while a sync runs, and after. */
export interface SyncState {
  running: boolean;
  /** The source being synced and how far it is; null when idle. */
  progress: SyncProgress | null;
  /** Sources still to sync in this run, in order. */
  queued: string[];
  /** Log entries of the current (or last) run, oldest first. */
  finished: SyncLogEntry[];
}
