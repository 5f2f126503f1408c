/** Checks one supplier record of a feed or of a publisher's file, field by field. */
import type { Supplier } from '../../../shared/model';
import { siretProblem } from '../../../shared/catalogue/siret';
import { feedValidators, firstProblem, type SchemaProblem } from './feed-schema';
import { runToEnd, type Steps } from '../run-steps';

/** What is wrong with a record, or null when it can be used. */
export interface RecordProblem extends SchemaProblem {
  /** The record's id when it has a usable one, else « n° <1-based position> ». */
  recordId: string;
  /** The faulty value as text (shortened), '' when absent. */
  value: string;
}

/** The record's id as shown in messages. */
export function recordIdOf(record: unknown, position: number): string {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.trim() !== '' ? id : `n° ${position + 1}`;
}

function valueAt(record: unknown, field: string): string {
  let node: unknown = record;
  for (const part of field.split('.')) {
    if (node === null || typeof node !== 'object') return '';
    node = (node as Record<string, unknown>)[part];
  }
  if (node === undefined) return '';
  const text = typeof node === 'string' ? node : JSON.stringify(node);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * The first problem of `record` (at `position` in its list): the catalogue
 * schema's supplier definition, then the SIRET's Luhn key.
 */
export function checkSupplierRecord(
  record: unknown,
  position: number,
  resources?: string,
): RecordProblem | null {
  const { supplier } = feedValidators(resources);
  const recordId = recordIdOf(record, position);
  if (!supplier(record)) {
    const problem = firstProblem(supplier);
    const field = problem?.field ?? '(fournisseur)';
    const reason = problem?.reason ?? 'non conforme';
    return { recordId, field, reason, value: valueAt(record, field) };
  }
  const siret = (record as Supplier).siret;
  const siretReason = siret === null ? null : siretProblem(siret);
  if (siret !== null && siretReason) {
    return { recordId, field: 'siret', reason: siretReason, value: siret };
  }
  return null;
}

/** Records split into the usable ones and the problems; a repeated id is a problem. */
export function checkSupplierRecords(
  records: readonly unknown[],
  resources?: string,
): { suppliers: Supplier[]; problems: RecordProblem[] } {
  return runToEnd(checkSupplierRecordsSteps(records, resources));
}

/** checkSupplierRecords as steps, one record each (see run-steps). */
export function* checkSupplierRecordsSteps(
  records: readonly unknown[],
  resources?: string,
): Steps<{ suppliers: Supplier[]; problems: RecordProblem[] }> {
  const suppliers: Supplier[] = [];
  const problems: RecordProblem[] = [];
  const checker = new SupplierRecordChecker(resources);
  for (let position = 0; position < records.length; position += 1) {
    yield;
    const checked = checker.check(records[position], position);
    if ('problem' in checked) problems.push(checked.problem);
    else suppliers.push(checked.supplier);
  }
  return { suppliers, problems };
}

/**
 * Checks the records of one list in order: each one's fields, and that no
 * id was given to an earlier record of the list.
 */
export class SupplierRecordChecker {
  private readonly seen = new Set<string>();
  private readonly texts = new Map<string, string>();

  constructor(private readonly resources?: string) {}

  check(
    record: unknown,
    position: number,
  ): { supplier: Supplier } | { problem: RecordProblem } {
    const problem = checkSupplierRecord(record, position, this.resources);
    if (problem) return { problem };
    const supplier = record as Supplier;
    if (this.seen.has(supplier.id)) {
      return {
        problem: {
          recordId: supplier.id,
          field: 'id',
          reason: 'identifiant déjà donné à un fournisseur précédent de la liste',
          value: supplier.id,
        },
      };
    }
    this.seen.add(supplier.id);
    shareProvenanceTexts(supplier, this.texts);
    return { supplier };
  }
}

/**
 * Makes records share one copy of each provenance text. JSON.parse gives
 * every record its own copy of its data set's name, licence and address,
 * the same few hundred characters 100,000 times over in a national feed:
 * tens of megabytes held while the sync applies them.
 */
function shareProvenanceTexts(supplier: Supplier, texts: Map<string, string>): void {
  const shared = (text: string): string => {
    const known = texts.get(text);
    if (known !== undefined) return known;
    texts.set(text, text);
    return text;
  };
  for (const source of supplier.sources) {
    source.dataset = shared(source.dataset);
    source.licence = shared(source.licence);
    if (source.url !== null) source.url = shared(source.url);
  }
}
