/** Kinds of structure as sources write them, and the labels a kind carries. */
import {
  SUPPLIER_KIND_NAMES,
  SUPPLIER_KINDS,
  type LabelCode,
  type SupplierKind,
} from '../../../../shared/model';
import { INSERTION_KINDS } from '../../../../shared/indicators/supplier-kinds';
import { DISABILITY_KINDS, ESS_LABELS } from '../../../../shared/law/reservable';
import { foldText } from '../../../../shared/text/fold-text';

/** Labels a kind of structure carries by law: insertion or disability sector. */
export function kindLabels(kind: SupplierKind): LabelCode[] {
  if (INSERTION_KINDS.includes(kind)) return ['insertion'];
  if (DISABILITY_KINDS.includes(kind)) return ['handicap'];
  return [];
}

/** The kind of a record whose source does not say it: ESS when a label says so. */
export function kindFromLabels(labels: readonly LabelCode[]): SupplierKind {
  return labels.some((label) => ESS_LABELS.includes(label)) ? 'ESS' : 'ENTREPRISE';
}

/** A kind written as a code ("EI", "ETTI") or as its French name; EATT counts as EA. */
export function parseKind(text: string): SupplierKind | null {
  const folded = foldText(text);
  if (folded === '') return null;
  if (folded === 'eatt') return 'EA';
  const byCode = SUPPLIER_KINDS.find((kind) => kind.toLowerCase() === folded);
  if (byCode) return byCode;
  return (
    SUPPLIER_KINDS.find((kind) => {
      const name = SUPPLIER_KIND_NAMES[kind].replace(/\s*\([^)]*\)\s*$/, '');
      return foldText(name) === folded;
    }) ?? null
  );
}
