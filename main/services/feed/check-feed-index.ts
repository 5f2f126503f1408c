/** Checks a feed's index (feed.json): its schema and that its files follow on. */
import type { FeedFileRef, FeedIndex } from '../../../shared/feed/feed-format';
import { FEED_INDEX_FILE, FEED_INDEX_FORMAT } from '../../../shared/feed/feed-format';
import { UserError } from '../user-error';
import { feedValidators, firstProblem } from './feed-schema';
import { checkFormat, readFeedJson } from './read-feed-json';

function fail(name: string, problem: string): never {
  throw new UserError(`L’index « ${name} » du flux est refusé : ${problem}.`);
}

function checkSnapshotRef(index: FeedIndex, name: string): void {
  const { snapshot } = index;
  if (snapshot.from !== null) {
    fail(name, 'l’instantané qu’il annonce part d’un curseur (« from » doit être null)');
  }
  if (snapshot.cursor !== index.cursor || snapshot.sequence !== index.sequence) {
    fail(
      name,
      `son instantané est au curseur « ${snapshot.cursor} » et non au curseur ` +
        `du flux « ${index.cursor} »`,
    );
  }
  if (snapshot.supplierCount !== index.supplierCount) {
    fail(
      name,
      `il annonce ${index.supplierCount} fournisseur(s) et son instantané ` +
        `${snapshot.supplierCount}`,
    );
  }
}

function checkChain(changes: readonly FeedFileRef[], index: FeedIndex, name: string) {
  changes.forEach((change, i) => {
    const previous = changes[i - 1];
    if (change.from === null) {
      fail(
        name,
        `le fichier de changements « ${change.path} » n’indique pas son curseur de départ`,
      );
    }
    if (
      previous &&
      (change.from !== previous.cursor || change.sequence !== previous.sequence + 1)
    ) {
      fail(
        name,
        `le fichier de changements « ${change.path} » ne suit pas « ${previous.path} » ` +
          `(il part de « ${change.from} » au lieu de « ${previous.cursor} »)`,
      );
    }
  });
  const last = changes[changes.length - 1];
  if (last && (last.cursor !== index.cursor || last.sequence !== index.sequence)) {
    fail(
      name,
      `son dernier fichier de changements mène au curseur « ${last.cursor} » ` +
        `et non au curseur du flux « ${index.cursor} »`,
    );
  }
}

/**
 * Parses and checks feed.json: not a web page, JSON, the index format, the
 * schema, then the snapshot at the index's cursor and change sets that follow
 * one another up to it. Throws a UserError with one French message.
 */
export function checkFeedIndex(
  bytes: Uint8Array,
  options: { shownName?: string; resources?: string } = {},
): FeedIndex {
  const name = options.shownName ?? FEED_INDEX_FILE;
  const data = readFeedJson(bytes, name);
  checkFormat(data, FEED_INDEX_FORMAT, 'l’index d’un flux Passerelle', name);
  const { index: validate } = feedValidators(options.resources);
  if (!validate(data)) {
    const problem = firstProblem(validate);
    fail(name, `champ « ${problem?.field} » : ${problem?.reason ?? 'non conforme'}`);
  }
  const index = data as FeedIndex;
  checkSnapshotRef(index, name);
  checkChain(index.changes, index, name);
  return index;
}
