/**
 * The buyer's purchase plans, in their own database file (`plans.sqlite`
 * beside the catalogue): what the buyer typed is never mixed with a
 * catalogue a sync may roll back or replace. One row per plan, one per
 * need (its JSON and its place in the plan's order), so that a save writes
 * the needs that changed, not the whole plan.
 */
import { randomUUID } from 'node:crypto';
import type { Database, SqlValue } from 'sql.js';
import type { ImportIssue, Need } from '../../../shared/model';
import type {
  NewPlanRequest,
  PlanChanges,
  PlanSaved,
  StoredPlan,
  StoredPlanSummary,
} from '../../../shared/plan/stored-plans';
import type { Migration } from '../database/migrations';
import { inTransaction } from '../sync/apply-records';
import { UserError } from '../user-error';

/** The schema of plans.sqlite. Never edit a released migration: add the next. */
export const PLAN_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'plans d’achats : plans et besoins, réglages (journal)',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        buyer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        source_file TEXT,
        revision INTEGER NOT NULL,
        rows_read INTEGER NOT NULL,
        import_issues TEXT NOT NULL
      );
      CREATE TABLE plan_needs (
        plan_id TEXT NOT NULL,
        need_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (plan_id, need_id)
      );
      CREATE INDEX plan_needs_order ON plan_needs (plan_id, position);
    `,
  },
  {
    version: 2,
    description: 'sites de livraison nommés de chaque acheteur',
    sql: `
      CREATE TABLE sites (
        buyer TEXT NOT NULL,
        name TEXT NOT NULL,
        place_text TEXT NOT NULL,
        place TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (buyer, name)
      );
    `,
  },
  {
    version: 3,
    description:
      'jeux de pondérations enregistrés ; présélection de fournisseurs par besoin',
    // The triggers drop a deleted plan's or need's shortlist (foreign keys are
    // off in sql.js by default). A need saved again goes through INSERT OR
    // REPLACE, whose implicit delete fires no trigger (recursive_triggers is
    // off): editing a need keeps its shortlist.
    sql: `
      CREATE TABLE weight_presets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        sector INTEGER NOT NULL,
        labels INTEGER NOT NULL,
        distance INTEGER NOT NULL,
        capacity INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE shortlist (
        plan_id TEXT NOT NULL,
        need_id TEXT NOT NULL,
        supplier_id TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (plan_id, need_id, supplier_id)
      );
      CREATE TRIGGER plans_drop_shortlist AFTER DELETE ON plans
      BEGIN
        DELETE FROM shortlist WHERE plan_id = OLD.id;
      END;
      CREATE TRIGGER plan_needs_drop_shortlist AFTER DELETE ON plan_needs
      BEGIN
        DELETE FROM shortlist WHERE plan_id = OLD.plan_id AND need_id = OLD.need_id;
      END;
    `,
  },
];

const MAX_NAME = 200;

const SUMMARY_SQL =
  'SELECT p.id, p.name, p.buyer, p.created_at, p.updated_at, p.source_file, p.revision, ' +
  '(SELECT count(*) FROM plan_needs n WHERE n.plan_id = p.id) FROM plans p';

function summaryOf(row: SqlValue[]): StoredPlanSummary {
  const [id, name, buyer, createdAt, updatedAt, sourceFile, revision, needCount] = row;
  return {
    id: String(id),
    name: String(name),
    buyer: String(buyer),
    createdAt: String(createdAt),
    updatedAt: String(updatedAt),
    sourceFile:
      sourceFile === null || sourceFile === undefined ? null : String(sourceFile),
    revision: Number(revision),
    needCount: Number(needCount),
  };
}

/** The plans, most recently changed first. */
export function listPlans(db: Database): StoredPlanSummary[] {
  return (
    db.exec(`${SUMMARY_SQL} ORDER BY p.updated_at DESC, p.id`)[0]?.values ?? []
  ).map(summaryOf);
}

function missing(planId: string): UserError {
  return new UserError(
    `Le plan « ${planId} » n’existe pas (ou plus) : il a peut-être été supprimé.`,
  );
}

/** The plan `planId`, its needs in order. */
export function getPlan(db: Database, planId: string): StoredPlan {
  const row = db.exec(`${SUMMARY_SQL} WHERE p.id = ?`, [planId])[0]?.values[0];
  if (!row) throw missing(planId);
  const extra = db.exec('SELECT rows_read, import_issues FROM plans WHERE id = ?', [
    planId,
  ])[0]?.values[0];
  const needs = (
    db.exec('SELECT json FROM plan_needs WHERE plan_id = ? ORDER BY position', [
      planId,
    ])[0]?.values ?? []
  ).map(([json]) => JSON.parse(String(json)) as Need);
  return {
    ...summaryOf(row),
    needs,
    rowsRead: Number(extra?.[0] ?? 0),
    importIssues: JSON.parse(String(extra?.[1] ?? '[]')) as ImportIssue[],
  };
}

/** A plan or buyer name: trimmed, not empty, not too long. */
function checkName(value: unknown, what: 'nom du plan' | 'acheteur'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (what === 'nom du plan' && text === '') {
    throw new UserError('Donnez un nom au plan d’achats.');
  }
  if (text.length > MAX_NAME) {
    throw new UserError(
      `Le ${what} « ${text.slice(0, 40)}… » est trop long (${MAX_NAME} caractères au plus).`,
    );
  }
  return text;
}

/** A need received from the renderer: the fields every reader relies on. */
function checkNeed(need: unknown): Need {
  const n = need as Need | null;
  const ok =
    n !== null &&
    typeof n === 'object' &&
    typeof n.id === 'string' &&
    n.id.trim() !== '' &&
    typeof n.title === 'string' &&
    Array.isArray(n.keywords) &&
    Array.isArray(n.sectorIds) &&
    Array.isArray(n.requiredLabels) &&
    Array.isArray(n.preferredLabels) &&
    Array.isArray(n.placeCandidates) &&
    typeof n.maxDistanceKm === 'number';
  if (!ok) {
    const id = typeof n?.id === 'string' ? ` « ${n.id} »` : '';
    throw new UserError(
      `Le besoin${id} reçu est incomplet : la modification n’est pas enregistrée.`,
    );
  }
  return n;
}

function writeNeeds(db: Database, planId: string, needs: readonly Need[], from: number) {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO plan_needs (plan_id, need_id, position, json) VALUES (?, ?, ?, ?)',
  );
  try {
    needs.forEach((need, i) => {
      insert.run([planId, need.id, from + i, JSON.stringify(need)]);
    });
  } finally {
    insert.free();
  }
}

/** Makes a plan from an import, or an empty one. */
export function createPlan(db: Database, request: NewPlanRequest, now: Date): StoredPlan {
  const name = checkName(request?.name, 'nom du plan');
  const buyer = checkName(request?.buyer ?? '', 'acheteur');
  const imported = request.imported;
  const needs = (imported?.plan.needs ?? []).map(checkNeed);
  const ids = new Set(needs.map((n) => n.id));
  if (ids.size !== needs.length) {
    throw new UserError('Deux besoins du plan reçu ont le même identifiant.');
  }
  const id = `plan-${randomUUID()}`;
  const at = now.toISOString();
  inTransaction(db, () => {
    db.run(
      'INSERT INTO plans (id, name, buyer, created_at, updated_at, source_file, revision, ' +
        'rows_read, import_issues) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
      [
        id,
        name,
        buyer,
        at,
        at,
        imported?.plan.sourceFile ?? null,
        imported?.rowsRead ?? 0,
        JSON.stringify(imported?.issues ?? []),
      ],
    );
    writeNeeds(db, id, needs, 0);
  });
  return getPlan(db, id);
}

/**
 * Applies what changed in a plan, in one transaction: refused whole when
 * made on another revision than the stored one (another window saved in
 * between), or when the new order does not list exactly the plan's needs.
 */
export function savePlanChanges(
  db: Database,
  changes: PlanChanges,
  now: Date,
): PlanSaved {
  const planId = typeof changes?.planId === 'string' ? changes.planId : '';
  const row = db.exec('SELECT revision FROM plans WHERE id = ?', [planId])[0]?.values[0];
  if (!row) throw missing(planId);
  const revision = Number(row[0]);
  if (changes.baseRevision !== revision) {
    throw new UserError(
      'Ce plan a été enregistré depuis une autre fenêtre : rechargez-le avant de le ' +
        'modifier, pour ne rien écraser.',
    );
  }
  const upserts = (Array.isArray(changes.upserts) ? changes.upserts : []).map(checkNeed);
  const removals = Array.isArray(changes.removals) ? changes.removals.map(String) : [];
  const updatedAt = now.toISOString();
  inTransaction(db, () => {
    const remove = db.prepare('DELETE FROM plan_needs WHERE plan_id = ? AND need_id = ?');
    try {
      for (const id of removals) remove.run([planId, id]);
    } finally {
      remove.free();
    }
    const positions = new Map(
      (
        db.exec('SELECT need_id, position FROM plan_needs WHERE plan_id = ?', [planId])[0]
          ?.values ?? []
      ).map(([id, position]) => [String(id), Number(position)]),
    );
    let next = Math.max(-1, ...positions.values()) + 1;
    const update = db.prepare(
      'INSERT OR REPLACE INTO plan_needs (plan_id, need_id, position, json) VALUES (?, ?, ?, ?)',
    );
    try {
      for (const need of upserts) {
        const position = positions.get(need.id) ?? next++;
        positions.set(need.id, position);
        update.run([planId, need.id, position, JSON.stringify(need)]);
      }
    } finally {
      update.free();
    }
    if (changes.order) applyOrder(db, planId, changes.order, positions);
    const sets = ['revision = revision + 1', 'updated_at = ?'];
    const values: SqlValue[] = [updatedAt];
    if (changes.name !== undefined) {
      sets.push('name = ?');
      values.push(checkName(changes.name, 'nom du plan'));
    }
    if (changes.buyer !== undefined) {
      sets.push('buyer = ?');
      values.push(checkName(changes.buyer, 'acheteur'));
    }
    db.run(`UPDATE plans SET ${sets.join(', ')} WHERE id = ?`, [...values, planId]);
  });
  return { planId, revision: revision + 1, updatedAt };
}

function applyOrder(
  db: Database,
  planId: string,
  order: readonly string[],
  positions: ReadonlyMap<string, number>,
): void {
  const listed = new Set(order);
  if (
    listed.size !== order.length ||
    listed.size !== positions.size ||
    order.some((id) => !positions.has(id))
  ) {
    throw new UserError(
      'Le nouvel ordre des besoins ne correspond pas aux besoins du plan : la ' +
        'modification n’est pas enregistrée, rechargez le plan.',
    );
  }
  const move = db.prepare(
    'UPDATE plan_needs SET position = ? WHERE plan_id = ? AND need_id = ?',
  );
  try {
    order.forEach((id, position) => {
      if (positions.get(id) !== position) move.run([position, planId, id]);
    });
  } finally {
    move.free();
  }
}

/** A copy of a plan under a new name, its needs and import report with it. */
export function duplicatePlan(
  db: Database,
  request: { planId: string; name: string },
  now: Date,
): StoredPlan {
  const source = getPlan(db, request?.planId);
  return createPlan(
    db,
    {
      name: request.name,
      buyer: source.buyer,
      imported: {
        plan: {
          name: request.name,
          sourceFile: source.sourceFile,
          importedAt: now.toISOString(),
          needs: source.needs,
        },
        rowsRead: source.rowsRead,
        issues: source.importIssues,
      },
    },
    now,
  );
}

/** Deletes a plan and its needs; returns the plans left. */
export function deletePlan(db: Database, planId: string): StoredPlanSummary[] {
  if (!db.exec('SELECT 1 FROM plans WHERE id = ?', [planId])[0]) throw missing(planId);
  inTransaction(db, () => {
    db.run('DELETE FROM plan_needs WHERE plan_id = ?', [planId]);
    db.run('DELETE FROM plans WHERE id = ?', [planId]);
  });
  return listPlans(db);
}
