/**
 * The one map of every call the renderer may make to the services, with its
 * argument and result types. Electron's main process registers exactly these
 * channels, the browser mode serves them as POST /api/<channel>, and the
 * renderer's client is typed from the same map, so drift is a compile error.
 */
import type {
  Catalogue,
  ImportIssue,
  LabelCode,
  LatLon,
  MatchOptions,
  MatchResult,
  Plan,
  PlaceResolution,
  PlanImportResult,
  Sector,
  SupplierKind,
} from './model';
import type { CpvSuggestion } from './plan/suggest-cpv';
import type { ComparisonRequest, SupplierComparison } from './compare/compare-suppliers';
import type { BoundaryLayers } from './map/boundary-types';
import type { WhyNot } from './matching/why-not-types';
import type {
  ShortlistChange,
  ShortlistEntry,
  WeightPreset,
  WeightPresetRequest,
} from './plan/weight-presets';
import type { PlanColumnKey } from './plan/plan-columns';
import type { ColumnPreview } from './plan/column-preview';
import type { DeliverySite, SiteKey, SiteRequest } from './plan/delivery-sites';
import type {
  NewPlanRequest,
  PlanChanges,
  PlanSaved,
  StoredPlan,
  StoredPlanSummary,
} from './plan/stored-plans';
import type {
  CategoryMapping,
  SourceConfig,
  SourceStatus,
  SyncLogEntry,
  SyncState,
} from './feed/sync-types';
import type { ReportFormat, ReportJobState, SheetId } from './report/report-sheets';

/** A file travelling between renderer and services: name and base64 bytes. */
export interface FilePayload {
  name: string;
  base64: string;
}

export interface CatalogueSummary {
  version: string;
  generatedAt: string;
  loadedAt: string;
  supplierCount: number;
  datasets: Catalogue['datasets'];
  /** Where the database file lives, null when in memory only. */
  databasePath: string | null;
  /**
   * French notes from when the data was opened, for the buyer to read: the
   * backup used, a damaged journal, a sync that could not finish.
   */
  notices: string[];
}

export interface CatalogueQuery {
  text?: string;
  sectorId?: number;
  label?: LabelCode;
  kind?: SupplierKind;
  /** Place as the buyer typed it, resolved with the places service. */
  near?: string;
  radiusKm?: number;
  limit?: number;
}

export interface SupplierHit {
  id: string;
  name: string;
  siret: string | null;
  kind: SupplierKind;
  labels: LabelCode[];
  city: string;
  postcode: string;
  sectors: string[];
  location: LatLon;
  /** Great-circle distance to the `near` place, km; null without one. */
  distanceKm: number | null;
}

export interface CatalogueSearchResult {
  total: number;
  hits: SupplierHit[];
  /** Set when `near` did not resolve to exactly one place. */
  place: PlaceResolution | null;
}

export interface ReportRequest {
  plan: Plan;
  match: MatchResult;
  /** Issues of the plan's import, listed in the sheet « Lignes écartées ». */
  issues?: ImportIssue[];
  /** Rows read from the plan file (PlanImportResult.rowsRead), for « Synthèse ». */
  rowsRead?: number;
  /** Suppliers the buyer kept per need (shortlist:get), marked in « Besoins ». */
  shortlist?: { needId: string; supplierId: string }[];
  /** Suppliers the buyer compares (2 to 5) and the site, for « Comparaison ». */
  comparison?: ComparisonRequest;
  /** The sheets to write (default: every one the report has data for). */
  sheets?: SheetId[];
  /** A workbook (default) or one sheet as CSV (« besoins » by default). */
  format?: ReportFormat;
  /** The buying organisation (« Mairie de Harnes »), printed in « Synthèse ». */
  buyerName?: string;
}

/**
 * A category a GoGoCarto map used at its last sync: how many of its elements
 * carry it, and the sectors and labels the source's mapping gives it.
 */
export interface MapCategory extends CategoryMapping {
  count: number;
}

export interface IpcContract {
  'catalogue:summary': { args: []; result: CatalogueSummary };
  'catalogue:sectors': { args: []; result: Sector[] };
  'catalogue:search': { args: [CatalogueQuery]; result: CatalogueSearchResult };
  'places:resolve': { args: [string]; result: PlaceResolution };
  'plan:import': { args: [FilePayload]; result: PlanImportResult };
  'plan:template': { args: ['xlsx' | 'csv']; result: FilePayload };
  /** CPV codes for a need's title and keywords, best first (at most `limit`, 5 by default). */
  'plan:suggest-cpv': {
    args: [{ text: string; limit?: number }];
    result: CpvSuggestion[];
  };
  /** A CPV code as typed: its 8 digits and label, or the French reason it is refused. */
  'plan:check-cpv': {
    args: [string];
    result: { ok: true; code: string; label: string } | { ok: false; message: string };
  };
  /** The plans kept in the local database, most recently changed first. */
  'plans:list': { args: []; result: StoredPlanSummary[] };
  'plans:get': { args: [string]; result: StoredPlan };
  'plans:create': { args: [NewPlanRequest]; result: StoredPlan };
  /** Applies and persists what changed; refused when made on an older revision. */
  'plans:save': { args: [PlanChanges]; result: PlanSaved };
  'plans:duplicate': { args: [{ planId: string; name: string }]; result: StoredPlan };
  'plans:delete': { args: [string]; result: StoredPlanSummary[] };
  /** A stored plan as a file: the template's .xlsx or .csv, or OCDS JSON (planning). */
  'plans:export': {
    args: [{ planId: string; format: 'xlsx' | 'csv' | 'ocds' }];
    result: FilePayload;
  };
  /** A plan file's header row: each column as recognised, and whether to ask the buyer. */
  'plan:preview-columns': { args: [FilePayload]; result: ColumnPreview };
  /**
   * Imports a plan file with the columns the buyer chose for its header row
   * (one key or null per header cell); the mapping is kept for the same headers.
   */
  'plan:import-mapped': {
    args: [{ file: FilePayload; columns: (PlanColumnKey | null)[] }];
    result: PlanImportResult;
  };
  /** A buyer's named delivery sites, by name. */
  'sites:list': { args: [string]; result: DeliverySite[] };
  /** Saves a site (its place must resolve); answers the buyer's sites. */
  'sites:save': { args: [SiteRequest]; result: DeliverySite[] };
  'sites:delete': { args: [SiteKey]; result: DeliverySite[] };
  'match:run': {
    args: [{ plan: Plan; options?: Partial<MatchOptions> }];
    result: MatchResult;
  };
  /** For one need and any supplier of the catalogue: kept, or the criterion that excluded it. */
  'match:why-not': {
    args: [
      { plan: Plan; needId: string; supplierId: string; options?: Partial<MatchOptions> },
    ];
    result: WhyNot;
  };
  /** Saved score weights, the built-in ones first. */
  'presets:list': { args: []; result: WeightPreset[] };
  'presets:save': { args: [WeightPresetRequest]; result: WeightPreset[] };
  'presets:delete': { args: [string]; result: WeightPreset[] };
  /** Suppliers the buyer keeps, per need, for a stored plan. */
  'shortlist:get': { args: [string]; result: ShortlistEntry[] };
  'shortlist:set': { args: [ShortlistChange]; result: ShortlistEntry[] };
  /** Département and région outlines for the offline map. */
  'map:boundaries': { args: []; result: BoundaryLayers };
  /** Two to five suppliers side by side, distances from the site when it resolves. */
  'compare:suppliers': { args: [ComparisonRequest]; result: SupplierComparison };
  /** The same comparison as a one-sheet workbook « Comparaison ». */
  'compare:report': { args: [ComparisonRequest]; result: FilePayload };
  'report:build': { args: [ReportRequest]; result: FilePayload };
  /** Starts writing a report in the background (one at a time); report:state follows it. */
  'report:start': { args: [ReportRequest]; result: ReportJobState };
  'report:state': { args: []; result: ReportJobState };
  /** Stops the report being written: nothing is kept. */
  'report:cancel': { args: []; result: ReportJobState };
  /** The finished report's file, given once and then forgotten. */
  'report:result': { args: []; result: FilePayload };
  'sync:sources': { args: []; result: SourceStatus[] };
  'sync:save-source': { args: [SourceConfig]; result: SourceStatus[] };
  'sync:remove-source': { args: [string]; result: SourceStatus[] };
  /** A GoGoCarto source's categories seen at its last sync, with their mapping. */
  'sync:categories': { args: [string]; result: MapCategory[] };
  /** Starts a background sync of these sources (default: every enabled one). */
  'sync:start': { args: [{ sourceIds?: string[] }]; result: SyncState };
  'sync:state': { args: []; result: SyncState };
  'sync:cancel': { args: []; result: SyncState };
  'sync:log': { args: [{ limit?: number }]; result: SyncLogEntry[] };
  /** The local catalogue as a `.passerelle` file (docs/catalogue-file.md). */
  'catalogue:export': { args: [{ publisher?: string }]; result: FilePayload };
  /** Checks a `.passerelle` file and applies it; the log entry says what happened. */
  'catalogue:import-file': { args: [FilePayload]; result: SyncLogEntry };
}

export type Channel = keyof IpcContract;

/** Every channel, for the main process and the HTTP bridge to check against. */
export const CHANNELS = [
  'catalogue:summary',
  'catalogue:sectors',
  'catalogue:search',
  'places:resolve',
  'plan:import',
  'plan:template',
  'plan:suggest-cpv',
  'plan:check-cpv',
  'plans:list',
  'plans:get',
  'plans:create',
  'plans:save',
  'plans:duplicate',
  'plans:delete',
  'plans:export',
  'plan:preview-columns',
  'plan:import-mapped',
  'sites:list',
  'sites:save',
  'sites:delete',
  'match:run',
  'match:why-not',
  'presets:list',
  'presets:save',
  'presets:delete',
  'shortlist:get',
  'shortlist:set',
  'map:boundaries',
  'compare:suppliers',
  'compare:report',
  'report:build',
  'report:start',
  'report:state',
  'report:cancel',
  'report:result',
  'sync:sources',
  'sync:save-source',
  'sync:remove-source',
  'sync:categories',
  'sync:start',
  'sync:state',
  'sync:cancel',
  'sync:log',
  'catalogue:export',
  'catalogue:import-file',
] as const satisfies readonly Channel[];

export function isChannel(value: unknown): value is Channel {
  return (CHANNELS as readonly unknown[]).includes(value);
}

/** The services as functions: what main implements and the renderer calls. */
export type PasserelleApi = {
  [C in Channel]: (...args: IpcContract[C]['args']) => Promise<IpcContract[C]['result']>;
};

/** Error shape sent back over IPC or HTTP: a French message for the user. */
export interface ServiceError {
  message: string;
  issues?: {
    file: string;
    row: number;
    column: string;
    value: string;
    message: string;
  }[];
}

/**
 * What a call answers, over IPC (window.passerelle.invoke) and HTTP
 * (POST /api/<channel> body): the result, or a French error for the user.
 */
export type ServiceReply<C extends Channel> =
  { result: IpcContract[C]['result'] } | { error: ServiceError };

/** The bridge the Electron preload exposes as `window.passerelle`. */
export interface PasserelleBridge {
  invoke<C extends Channel>(
    channel: C,
    ...args: IpcContract[C]['args']
  ): Promise<ServiceReply<C>>;
}
