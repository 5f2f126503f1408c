/**
 * Child process of tests/integration/kill-during-save.spec.ts: opens the
 * database file, applies a big snapshot of the source « flux » and saves,
 * saying on stdout where it is, so that the test can kill it at any point.
 *
 *   node --import tsx tests/helpers/kill-during-save-child.ts <database> <count>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../main/services/database/open-database';
import { resourcesDir } from '../../main/services/resource-paths';
import { applySnapshot } from '../../main/services/sync/apply-records';
import { movedCopies, KILL_TEST_CURSOR } from './kill-test-records';
import type { Catalogue } from '../../shared/model';

const [path, countText] = process.argv.slice(2);
if (!path || !countText)
  throw new Error('usage: kill-during-save-child <database> <count>');
const catalogue = JSON.parse(
  readFileSync(join(resourcesDir(), 'catalogue.json'), 'utf8'),
) as Catalogue;
const records = movedCopies(catalogue.suppliers, Number(countText));
const handle = await openDatabase(path);
process.stdout.write('applying\n');
applySnapshot(handle.db, {
  sourceId: 'flux',
  records,
  cursor: KILL_TEST_CURSOR,
  sequence: 2,
});
process.stdout.write('saving\n');
handle.save();
process.stdout.write('saved\n');
handle.close();
