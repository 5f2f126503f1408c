/** The services behind every channel of shared/ipc.ts, wired to the real parts. */
import { dirname, join } from 'node:path';
import type {
  CatalogueSummary,
  FilePayload,
  PasserelleApi,
  ReportRequest,
} from '../../shared/ipc';
import { buildCpvNomenclature, parseCpv } from '../../shared/cpv';
import { buildCpvSuggester } from '../../shared/plan/suggest-cpv';
import { DEFAULT_MATCH_OPTIONS, matchPlan } from '../../shared/matching/match-plan';
import { whyNot } from '../../shared/matching/why-not';
import {
  compareRequest,
  type SupplierComparison,
} from '../../shared/compare/compare-suppliers';
import type {
  Catalogue,
  ImportIssue,
  MatchOptions,
  MatchResult,
  Plan,
  PlanImportResult,
  Supplier,
} from '../../shared/model';
import type { SheetRows } from '../../shared/plan/sheet';
import { buildPlaceIndex, resolvePlace } from '../../shared/places/place-index';
import { needsFromSheet, type PlanContext } from '../../shared/plan/needs-from-sheet';
import { chooseColumnMapping } from '../../shared/plan/column-mapping';
import {
  headerCellsOf,
  mappingsForSheet,
  previewColumns,
} from '../../shared/plan/column-preview';
import { openDatabase } from './database/open-database';
import { loadBoundaries, loadResources } from './load-resources';
import { openCatalogue } from './open-catalogue';
import { readPlanPayload } from './plan-files/read-plan-file';
import {
  createPlan,
  deletePlan,
  duplicatePlan,
  getPlan,
  listPlans,
  PLAN_MIGRATIONS,
  savePlanChanges,
} from './plans/plan-store';
import {
  checkColumnChoice,
  readColumnMappings,
  saveColumnMapping,
} from './plans/column-mappings-store';
import { deleteSite, listSites, saveSite } from './plans/sites-store';
import { deletePreset, listPresets, savePreset } from './plans/presets-store';
import { getShortlist, setShortlistEntry } from './plans/shortlist-store';
import { buildPlanTemplate } from './plan-files/plan-template';
import { exportPlanFile } from './plan-files/export-plan';
import { exportPlanOcds } from './plan-files/export-ocds';
import type { PlanImportInfo } from './report/build-sourcing-report';
import { shortlistKey, type ReportInput } from './report/report-input';
import {
  buildReportPayload,
  createReportJobs,
  reportOrder,
  type ReportOrder,
} from './report/report-job';
import { comparisonFileName, writeComparisonWorkbook } from './report/comparison-sheet';
import { collect } from './report/build-sourcing-report';
import { resourcesDir } from './resource-paths';
import { searchCatalogue } from './search-catalogue';
import { UNEXPECTED_ERROR_MESSAGE, UserError } from './user-error';
import { analysePlan } from './analyse-plan';
import { checkMatchOptions, checkNeedPlaces } from './validate-match-request';
import type { SyncJobs } from './sync/sync-jobs';
import { createSyncServices, type SyncServicesOptions } from './sync/sync-services';

/** Default maximum distance of a need that gives none, km. */
export const DEFAULT_MAX_DISTANCE_KM = 50;

export interface ServicesOptions {
  /** Database file; null keeps it in memory (CLI, tests). */
  databasePath: string | null;
  /** The resources/ folder; default: resourcesDir(). */
  resourcesDir?: string;
  /** A catalogue to use instead of the embedded one (already validated). */
  catalogue?: Catalogue;
  /** Maximum distance given to needs that state none, km (default 50). */
  defaultMaxDistanceKm?: number;
  /** Clock, for reproducible reports and tests. */
  now?: () => Date;
  /**
   * The user data folder (signature settings, downloads in progress);
   * default: the database's folder, none when the database is in memory.
   */
  dataDir?: string | null;
  /** Network settings of the syncs; tests shorten them. */
  http?: SyncServicesOptions['http'];
}

/** The services plus what the CLI and the shells need beside the channels. */
export interface Services extends PasserelleApi {
  /** French notes from start-up (e.g. the backup database was used). */
  notices: string[];
  /** The background sync runner (the CLI waits on it). */
  syncJobs: SyncJobs;
  /** plan:import for rows already read (the CLI reads the file itself). */
  importSheet(sheet: SheetRows): PlanImportResult;
  /** The catalogue's suppliers with this SIRET (the CLI's --comparer takes SIRETs). */
  suppliersBySiret(siret: string): Supplier[];
  close(): void;
}

/** A Plan or MatchResult received from outside, checked for the fields we read. */
function checkPlan(plan: unknown): Plan {
  const p = plan as Plan | null;
  if (
    !p ||
    typeof p !== 'object' ||
    !Array.isArray(p.needs) ||
    typeof p.name !== 'string'
  ) {
    throw new UserError('Le plan d’achats reçu est incomplet : importez-le à nouveau.');
  }
  return p;
}

function checkMatch(match: unknown): MatchResult {
  const m = match as MatchResult | null;
  if (!m || typeof m !== 'object' || !Array.isArray(m.needs) || !m.options) {
    throw new UserError('Le résultat du rapprochement reçu est incomplet : relancez-le.');
  }
  return m;
}

/** The optional import issues and row count of a report request, checked. */
function checkImportInfo(request: ReportRequest): PlanImportInfo {
  const { issues, rowsRead } = request;
  if (issues !== undefined && !Array.isArray(issues)) {
    throw new UserError(
      'Les remarques d’import reçues sont illisibles : importez le plan à nouveau.',
    );
  }
  if (
    rowsRead !== undefined &&
    (typeof rowsRead !== 'number' || !Number.isInteger(rowsRead) || rowsRead < 0)
  ) {
    throw new UserError(`Le nombre de lignes lues « ${String(rowsRead)} » est invalide.`);
  }
  const info: PlanImportInfo = {};
  if (issues) info.issues = issues.map(checkIssue);
  if (request.shortlist !== undefined) info.kept = checkShortlist(request.shortlist);
  if (rowsRead !== undefined) info.rowsRead = rowsRead;
  return info;
}

/** The kept suppliers of a report request, as keys; anything else is refused. */
function checkShortlist(shortlist: unknown): Set<string> {
  const entries = Array.isArray(shortlist) ? (shortlist as unknown[]) : null;
  const valid = entries?.every((e) => {
    const entry = (e ?? {}) as Record<string, unknown>;
    return typeof entry['needId'] === 'string' && typeof entry['supplierId'] === 'string';
  });
  if (!entries || !valid) {
    throw new UserError(
      'La présélection reçue est illisible : rouvrez le plan et enregistrez le rapport à nouveau.',
    );
  }
  return new Set(
    (entries as { needId: string; supplierId: string }[]).map((e) =>
      shortlistKey(e.needId, e.supplierId),
    ),
  );
}

/** An issue from outside, as plain text fields (a report cell never gets an object). */
function checkIssue(issue: unknown): ImportIssue {
  const i = (issue ?? {}) as Record<string, unknown>;
  const text = (value: unknown): string =>
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return {
    file: text(i['file']),
    row: typeof i['row'] === 'number' && Number.isInteger(i['row']) ? i['row'] : 0,
    column: text(i['column']),
    value: text(i['value']),
    message: text(i['message']),
    severity: i['severity'] === 'warning' ? 'warning' : 'error',
  };
}

/** DEFAULT_MATCH_OPTIONS with the caller's changes, weights merged one by one. */
export function mergeMatchOptions(
  options: Partial<MatchOptions> | undefined,
): MatchOptions {
  return {
    ...DEFAULT_MATCH_OPTIONS,
    ...options,
    weights: { ...DEFAULT_MATCH_OPTIONS.weights, ...options?.weights },
  };
}

/** Wraps each service so that unexpected failures are logged and become one French message. */
function guarded<T extends object>(api: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api)) {
    if (typeof fn !== 'function') {
      wrapped[name] = fn;
      continue;
    }
    wrapped[name] = async (...args: unknown[]): Promise<unknown> => {
      try {
        return await (fn as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        if (error instanceof UserError) throw error;
        console.error(`[services] ${name} failed:`, error);
        throw new UserError(UNEXPECTED_ERROR_MESSAGE);
      }
    };
  }
  return wrapped as T;
}

/** Opens the database (loading the catalogue on first start) and returns the services. */
export async function createServices(options: ServicesOptions): Promise<Services> {
  const now = options.now ?? ((): Date => new Date());
  const resources = await loadResources(options.resourcesDir ?? resourcesDir());
  const catalogue = options.catalogue ?? resources.catalogue;
  const open = await openCatalogue(options.databasePath, catalogue, now());
  // The buyer's plans live in their own file beside the catalogue (plan-store.ts).
  const plans = await openDatabase(
    options.databasePath === null
      ? null
      : join(dirname(options.databasePath), 'plans.sqlite'),
    PLAN_MIGRATIONS,
  ).catch((error: unknown) => {
    open.handle.close();
    throw error;
  });
  /** Runs a change to the plans and persists it before answering. */
  const writePlans = <T>(change: () => T): T => {
    const result = change();
    plans.save();
    return result;
  };
  const places = buildPlaceIndex(resources.communes);
  const cpv = buildCpvNomenclature(resources.cpv);
  const cpvSuggester = buildCpvSuggester(resources.cpv);
  const { jobs, ...syncChannels } = createSyncServices(open, resources, {
    dataDir:
      options.dataDir !== undefined
        ? options.dataDir
        : options.databasePath === null
          ? null
          : dirname(options.databasePath),
    now,
    ...(options.http ? { http: options.http } : {}),
  });

  const summary = (): CatalogueSummary => ({
    version: open.meta.version,
    generatedAt: open.meta.generatedAt,
    loadedAt: open.meta.loadedAt,
    supplierCount: open.suppliers.length,
    datasets: open.meta.datasets,
    databasePath: open.handle.path,
    notices: [...open.handle.notices],
  });
  const planContext = (): PlanContext => ({
    places,
    cpv,
    sectors: open.sectors,
    defaultMaxDistanceKm: options.defaultMaxDistanceKm ?? DEFAULT_MAX_DISTANCE_KM,
    now: now(),
  });
  /** Reads a plan sheet with the column mappings the buyer chose for its headers. */
  const importRows = (sheet: SheetRows): PlanImportResult => {
    const saved = readColumnMappings(plans.db);
    const columnMappings = mappingsForSheet(sheet, saved.mappings);
    const result = needsFromSheet(sheet, { ...planContext(), columnMappings });
    if (saved.problem) {
      const { fileName: file } = sheet;
      const note = { file, row: 0, column: '', value: '', message: saved.problem };
      result.issues.unshift({ ...note, severity: 'warning' });
    }
    return result;
  };

  /** Two to five suppliers side by side, the site resolved like a plan's places. */
  const comparisonFor = (request: unknown): SupplierComparison => {
    const outcome = compareRequest(
      request,
      (id) => open.suppliersById.get(id),
      (text) => resolvePlace(places, text),
    );
    if (!outcome.ok) throw new UserError(outcome.message);
    return outcome.comparison;
  };
  const reportJobs = createReportJobs();
  /** The newest sync (or catalogue file) that gave the catalogue records, if any. */
  const lastSyncAt = async (): Promise<string | null> => {
    const log = await syncChannels['sync:log']({ limit: 500 });
    return (
      log.find((e) => e.status === 'ok' || e.status === 'unchanged')?.endedAt ?? null
    );
  };
  /** A report request checked, with everything its sheets are built from. */
  const checkReportRequest = async (request: ReportRequest): Promise<ReportOrder> => {
    const input: ReportInput = {
      plan: checkPlan(request?.plan),
      match: checkMatch(request.match),
      catalogue: {
        summary: summary(),
        suppliers: open.suppliersById,
        lastSyncAt: await lastSyncAt(),
      },
      now: now(),
      imported: checkImportInfo(request),
      comparison:
        request.comparison === undefined ? null : comparisonFor(request.comparison),
    };
    return reportOrder(request, input);
  };

  const api: PasserelleApi = {
    'catalogue:summary': async () => summary(),
    'catalogue:sectors': async () => open.sectors,
    'catalogue:search': async (query) =>
      searchCatalogue(
        {
          db: open.handle.db,
          places,
          sectors: open.sectors,
          suppliersById: open.suppliersById,
        },
        query,
      ),
    'places:resolve': async (text) => {
      if (typeof text !== 'string') throw new UserError('Le lieu doit être un texte.');
      return resolvePlace(places, text);
    },
    'plan:import': async (payload) => importRows(await readPlanPayload(payload)),
    'plan:preview-columns': async (payload) => {
      const sheet = await readPlanPayload(payload);
      const saved = readColumnMappings(plans.db);
      return previewColumns(sheet, saved.mappings, saved.problem);
    },
    'plan:import-mapped': async (request) => {
      const columns = checkColumnChoice(request?.columns);
      const sheet = await readPlanPayload(request.file);
      const preview = previewColumns(sheet, readColumnMappings(plans.db).mappings);
      const choice = chooseColumnMapping(headerCellsOf(sheet, preview), columns, now());
      if (!choice.ok) {
        throw new UserError(`Fichier « ${sheet.fileName} » : ${choice.message}`);
      }
      writePlans(() => saveColumnMapping(plans.db, choice.mapping));
      return importRows(sheet);
    },
    'plan:template': async (format) => {
      if (format !== 'xlsx' && format !== 'csv') {
        throw new UserError('Format de modèle inconnu : choisissez « xlsx » ou « csv ».');
      }
      return buildPlanTemplate(format);
    },
    'plan:suggest-cpv': async (request) => {
      const limit = request?.limit ?? 5;
      if (typeof request?.text !== 'string' || !Number.isInteger(limit) || limit < 1) {
        throw new UserError('Demande de codes CPV illisible : un texte est attendu.');
      }
      return cpvSuggester.suggest(request.text, Math.min(limit, 50));
    },
    'plan:check-cpv': async (text) => {
      const parsed = parseCpv(String(text ?? ''), cpv);
      return parsed.ok
        ? { ok: true, code: parsed.code, label: cpv.label(parsed.code) ?? '' }
        : parsed;
    },
    'plans:list': async () => listPlans(plans.db),
    'plans:get': async (planId) => getPlan(plans.db, String(planId)),
    'plans:create': async (request) =>
      writePlans(() => createPlan(plans.db, request, now())),
    'plans:save': async (changes) =>
      writePlans(() => savePlanChanges(plans.db, changes, now())),
    'plans:duplicate': async (request) =>
      writePlans(() => duplicatePlan(plans.db, request, now())),
    'plans:delete': async (planId) =>
      writePlans(() => deletePlan(plans.db, String(planId))),
    'plans:export': async (request) => {
      const format = request?.format;
      if (format !== 'xlsx' && format !== 'csv' && format !== 'ocds') {
        throw new UserError(
          'Format d’export inconnu : choisissez « xlsx », « csv » ou « ocds ».',
        );
      }
      const plan = getPlan(plans.db, String(request.planId));
      return format === 'ocds'
        ? exportPlanOcds(plan, { cpv, now: now() })
        : exportPlanFile(plan, format, { cpv, places });
    },
    'sites:list': async (buyer) => listSites(plans.db, buyer),
    'sites:save': async (request) =>
      writePlans(() => saveSite(plans.db, places, request, now())),
    'sites:delete': async (key) => writePlans(() => deleteSite(plans.db, key)),
    'match:run': async (request) => {
      const plan = checkPlan(request?.plan);
      const catalogueView = {
        version: open.meta.version,
        sectors: open.sectors,
        suppliers: open.suppliers,
      };
      const options = mergeMatchOptions(request.options);
      checkMatchOptions(request.options, options);
      checkNeedPlaces(plan);
      const date = now();
      return analysePlan(plan, matchPlan(plan, catalogueView, options, date), {
        suppliersById: open.suppliersById,
        now: date,
        cpvLabel: (code) => cpv.label(code) ?? undefined,
      });
    },
    'match:why-not': async (request) => {
      const plan = checkPlan(request?.plan);
      const options = mergeMatchOptions(request.options);
      checkMatchOptions(request.options, options);
      checkNeedPlaces(plan);
      const needId = String(request.needId);
      const need = plan.needs.find((n) => n.id === needId);
      if (!need) {
        throw new UserError(
          `Besoin « ${needId} » introuvable dans le plan « ${plan.name} » : ` +
            'relancez le rapprochement.',
        );
      }
      const supplier = open.suppliersById.get(String(request.supplierId));
      if (!supplier) {
        throw new UserError(
          `Fournisseur « ${String(request.supplierId)} » introuvable dans le ` +
            `catalogue (version ${open.meta.version}) : relancez la recherche.`,
        );
      }
      const catalogueView = {
        version: open.meta.version,
        sectors: open.sectors,
        suppliers: open.suppliers,
      };
      return whyNot({ plan, needId }, supplier, catalogueView, options, now());
    },
    'presets:list': async () => listPresets(plans.db),
    'presets:save': async (request) =>
      writePlans(() => savePreset(plans.db, request, now())),
    'presets:delete': async (presetId) =>
      writePlans(() => deletePreset(plans.db, presetId)),
    'shortlist:get': async (planId) => getShortlist(plans.db, planId),
    'shortlist:set': async (change) =>
      writePlans(() =>
        setShortlistEntry(plans.db, change, now(), (id) => open.suppliersById.has(id)),
      ),
    'map:boundaries': async () => loadBoundaries(resources.dir),
    'compare:suppliers': async (request) => comparisonFor(request),
    'compare:report': async (request) => {
      const comparison = comparisonFor(request);
      const date = now();
      const bytes = await collect((output) =>
        writeComparisonWorkbook(comparison, date, output),
      );
      return { name: comparisonFileName(date), base64: bytes.toString('base64') };
    },
    'report:build': async (request): Promise<FilePayload> =>
      buildReportPayload(await checkReportRequest(request)),
    'report:start': async (request) =>
      reportJobs.start(await checkReportRequest(request)),
    'report:state': async () => reportJobs.state(),
    'report:cancel': async () => reportJobs.cancel(),
    'report:result': async () => reportJobs.result(),
    ...syncChannels,
  };
  return {
    ...guarded(api),
    notices: open.handle.notices,
    syncJobs: jobs,
    importSheet: importRows,
    suppliersBySiret: (siret) => open.suppliers.filter((s) => s.siret === siret),
    close: () => {
      jobs.cancel();
      reportJobs.cancel();
      open.handle.close();
      plans.close();
    },
  };
}
