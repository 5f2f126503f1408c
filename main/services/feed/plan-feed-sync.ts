/** Which files of a feed a client needs, from the cursor it last applied (docs/feed.md). */
import type { FeedFileRef, FeedIndex } from '../../../shared/feed/feed-format';
import { UserError } from '../user-error';

/** What the client holds from this feed: nothing yet, or the last cursor it applied. */
export interface AppliedCursor {
  cursor: string | null;
  sequence: number | null;
}

export type FeedSyncPlan =
  | { kind: 'up-to-date' }
  | { kind: 'snapshot'; file: FeedFileRef }
  | { kind: 'changes'; files: FeedFileRef[] };

/**
 * Plans a sync from a checked index (checkFeedIndex):
 * - nothing applied yet → the snapshot;
 * - the index's sequence below the applied one → refused: the feed went back
 *   (a stale mirror or cache), and applying it would lose newer records;
 * - same cursor → nothing to do;
 * - the applied cursor starts one of the change sets → that one and the
 *   following ones, unless together they weigh more than the snapshot;
 * - otherwise (change sets pruned, or a feed rebuilt at the same sequence) → the snapshot.
 */
export function planFeedSync(index: FeedIndex, applied: AppliedCursor): FeedSyncPlan {
  const snapshot: FeedSyncPlan = { kind: 'snapshot', file: index.snapshot };
  if (applied.cursor === null || applied.sequence === null) return snapshot;
  if (index.sequence < applied.sequence) {
    throw new UserError(
      `Le flux « ${index.title} » est revenu en arrière : il est au n° ${index.sequence} ` +
        `(curseur ${index.cursor}) alors que le catalogue local a déjà appliqué le ` +
        `n° ${applied.sequence} (curseur ${applied.cursor}). Rien n’est appliqué ; ` +
        'si le serveur sert une ancienne copie, réessayez plus tard ; si l’éditeur a ' +
        'recommencé son flux, retirez la source puis ajoutez-la de nouveau.',
    );
  }
  if (index.cursor === applied.cursor) return { kind: 'up-to-date' };
  const start = index.changes.findIndex((change) => change.from === applied.cursor);
  if (start < 0) return snapshot;
  const files = index.changes.slice(start);
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  return bytes > index.snapshot.bytes ? snapshot : { kind: 'changes', files };
}
