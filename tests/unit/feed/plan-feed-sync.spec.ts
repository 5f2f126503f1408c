import { describe, expect, it } from 'vitest';
import type { FeedFileRef, FeedIndex } from '../../../shared/feed/feed-format';
import { planFeedSync } from '../../../main/services/feed/plan-feed-sync';
import { UserError } from '../../../main/services/user-error';

function ref(sequence: number, from: string | null, bytes: number): FeedFileRef {
  return {
    path:
      from === null
        ? `snapshot-${sequence}.json`
        : `changes-${sequence - 1}-${sequence}.json`,
    from,
    cursor: `${sequence}-${'a'.repeat(12)}`,
    sequence,
    generatedAt: '2026-12-04T10:00:00.000Z',
    supplierCount: 100,
    sha256: 'b'.repeat(64),
    bytes,
  };
}

const cursor = (sequence: number): string => `${sequence}-${'a'.repeat(12)}`;

/** A feed at n° 4 whose change sets 1→2, 2→3, 3→4 weigh 10 bytes each; snapshot 25 bytes. */
const index: FeedIndex = {
  format: 'passerelle-feed',
  formatVersion: 1,
  title: 'Flux de test',
  generatedAt: '2026-12-04T10:00:00.000Z',
  cursor: cursor(4),
  sequence: 4,
  supplierCount: 100,
  snapshot: ref(4, null, 25),
  changes: [ref(2, cursor(1), 10), ref(3, cursor(2), 10), ref(4, cursor(3), 10)],
};

describe('planFeedSync', () => {
  it('takes the snapshot when nothing was applied yet', () => {
    expect(planFeedSync(index, { cursor: null, sequence: null })).toEqual({
      kind: 'snapshot',
      file: index.snapshot,
    });
  });

  it('has nothing to do at the same cursor', () => {
    expect(planFeedSync(index, { cursor: cursor(4), sequence: 4 })).toEqual({
      kind: 'up-to-date',
    });
  });

  it('takes the change sets from the applied cursor while lighter than the snapshot', () => {
    expect(planFeedSync(index, { cursor: cursor(2), sequence: 2 })).toEqual({
      kind: 'changes',
      files: index.changes.slice(1),
    });
    // 1→4 is 30 bytes, more than the 25-byte snapshot.
    expect(planFeedSync(index, { cursor: cursor(1), sequence: 1 }).kind).toBe('snapshot');
  });

  it('takes the snapshot when the applied cursor is not in the index', () => {
    const pruned = { ...index, changes: index.changes.slice(2) };
    expect(planFeedSync(pruned, { cursor: cursor(2), sequence: 2 }).kind).toBe(
      'snapshot',
    );
  });

  it('refuses a feed that went back', () => {
    expect(() => planFeedSync(index, { cursor: cursor(5), sequence: 5 })).toThrow(
      UserError,
    );
    expect(() => planFeedSync(index, { cursor: cursor(5), sequence: 5 })).toThrow(
      /revenu en arrière : il est au n° 4 .* déjà appliqué le n° 5/,
    );
  });
});
