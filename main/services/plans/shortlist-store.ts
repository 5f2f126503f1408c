/**
 * The suppliers the buyer keeps for each need of a stored plan, for the
 * report: the `shortlist` table of plans.sqlite (migration 3), dropped with
 * the plan or the need by the migration's triggers.
 */
import type { Database, SqlValue } from 'sql.js';
import type {
  ShortlistChange,
  ShortlistEntry,
} from '../../../shared/plan/weight-presets';
import { UserError } from '../user-error';

const MAX_ID = 200;

function entryOf([planId, needId, supplierId, addedAt]: SqlValue[]): ShortlistEntry {
  return {
    planId: String(planId),
    needId: String(needId),
    supplierId: String(supplierId),
    addedAt: String(addedAt),
  };
}

function checkId(value: unknown, what: string): string {
  const id = typeof value === 'string' ? value.trim() : '';
  if (id === '') throw new UserError(`Présélection : aucun ${what} n’est indiqué.`);
  if (id.length > MAX_ID) {
    throw new UserError(
      `Présélection : l’identifiant du ${what} « ${id.slice(0, 40)}… » est trop long ` +
        `(${MAX_ID} caractères au plus).`,
    );
  }
  return id;
}

/** The plan's name; a French refusal when the plan does not exist. */
function planName(db: Database, planId: string): string {
  const row = db.exec('SELECT name FROM plans WHERE id = ?', [planId])[0]?.values[0];
  if (!row) {
    throw new UserError(
      `Le plan « ${planId} » n’existe pas (ou plus) : il a peut-être été supprimé.`,
    );
  }
  return String(row[0]);
}

/** The plan's shortlist, in the order of its needs, then as kept. */
export function getShortlist(db: Database, planId: unknown): ShortlistEntry[] {
  const id = checkId(planId, 'plan');
  planName(db, id);
  return (
    db.exec(
      'SELECT s.plan_id, s.need_id, s.supplier_id, s.added_at FROM shortlist s ' +
        'JOIN plan_needs n ON n.plan_id = s.plan_id AND n.need_id = s.need_id ' +
        'WHERE s.plan_id = ? ORDER BY n.position, s.added_at, s.supplier_id',
      [id],
    )[0]?.values ?? []
  ).map(entryOf);
}

/**
 * Keeps a supplier for a need of a plan, or lets it go; keeping it again
 * keeps its first date. `isKnownSupplier` checks the catalogue for a new
 * entry only: one a later sync removed can still be let go.
 */
export function setShortlistEntry(
  db: Database,
  change: ShortlistChange,
  now: Date,
  isKnownSupplier: (supplierId: string) => boolean,
): ShortlistEntry[] {
  if (change === null || typeof change !== 'object') {
    throw new UserError('Présélection reçue illisible : rien n’est enregistré.');
  }
  const planId = checkId(change.planId, 'plan');
  const needId = checkId(change.needId, 'besoin');
  const supplierId = checkId(change.supplierId, 'fournisseur');
  if (typeof change.kept !== 'boolean') {
    throw new UserError(
      `Présélection : « kept » vaut « ${String(change.kept)} » ; vrai ou faux est attendu.`,
    );
  }
  const name = planName(db, planId);
  if (
    !db.exec('SELECT 1 FROM plan_needs WHERE plan_id = ? AND need_id = ?', [
      planId,
      needId,
    ])[0]
  ) {
    throw new UserError(
      `Le besoin « ${needId} » n’est pas (ou plus) dans le plan « ${name} » : ` +
        'rechargez le plan.',
    );
  }
  if (!change.kept) {
    db.run(
      'DELETE FROM shortlist WHERE plan_id = ? AND need_id = ? AND supplier_id = ?',
      [planId, needId, supplierId],
    );
    return getShortlist(db, planId);
  }
  if (!isKnownSupplier(supplierId)) {
    throw new UserError(
      `Le fournisseur « ${supplierId} » n’est pas (ou plus) dans le catalogue : ` +
        'relancez le rapprochement avant de le présélectionner.',
    );
  }
  db.run(
    'INSERT OR IGNORE INTO shortlist (plan_id, need_id, supplier_id, added_at) ' +
      'VALUES (?, ?, ?, ?)',
    [planId, needId, supplierId, now.toISOString()],
  );
  return getShortlist(db, planId);
}
