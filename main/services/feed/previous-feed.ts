/** The feed already in a publishing folder, checked as a client would check it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedIndex, FeedSnapshot } from '../../../shared/feed/feed-format';
import { FEED_INDEX_FILE } from '../../../shared/feed/feed-format';
import { UserError } from '../user-error';
import { checkFeedIndex } from './check-feed-index';
import { checkFeedPayload } from './check-feed-payload';

/** The last publication: its index and its snapshot as written (records unfiltered). */
export interface PreviousFeed {
  index: FeedIndex;
  snapshot: FeedSnapshot;
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erreur inconnue';
    throw new UserError(`Le fichier « ${path} » ne peut pas être lu (${code}).`);
  }
}

/** The feed in `folder`, or null when it holds none; throws UserError when it is damaged. */
export function readPreviousFeed(
  folder: string,
  resources?: string,
): PreviousFeed | null {
  const indexPath = join(folder, FEED_INDEX_FILE);
  if (!existsSync(indexPath)) {
    const published = readdirSync(folder)
      .sort()
      .find((name) => /^(?:snapshot-\d+|changes-.+)\.json$/.test(name));
    if (published !== undefined) {
      // Starting again at n° 1 would make every buyer refuse the feed as gone back.
      throw new UserError(
        `Le dossier « ${folder} » contient déjà un flux publié (« ${published} ») mais ` +
          `plus son index « ${FEED_INDEX_FILE} » : rien n’est écrit. Remettez l’index ` +
          'publié en place, ou publiez dans un dossier vide (les postes devront alors ' +
          'retirer puis ajouter de nouveau la source).',
      );
    }
    return null;
  }
  try {
    const index = checkFeedIndex(readBytes(indexPath), {
      shownName: indexPath,
      resources,
    });
    const snapshotPath = join(folder, index.snapshot.path);
    const bytes = readBytes(snapshotPath);
    const checked = checkFeedPayload(bytes, index.snapshot, {
      sourceId: 'publication',
      shownName: snapshotPath,
      resources,
    });
    if (checked.kind === 'snapshot' && checked.rejected.length === 0) {
      return { index, snapshot: checked.snapshot };
    }
    // The diff needs every record as published, even one today's schema refuses.
    return { index, snapshot: JSON.parse(bytes.toString('utf8')) as FeedSnapshot };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(
      `Le dossier « ${folder} » contient un flux endommagé : ` +
        `${error.message.charAt(0).toLowerCase()}${error.message.slice(1)} ` +
        'Restaurez-le depuis votre sauvegarde : un flux recommencé dans un dossier ' +
        'vide repartirait du n° 1, que les acheteurs déjà synchronisés refuseraient.',
    );
  }
}
