/** The folded text the catalogue's keyword search looks into. */
import type { Supplier } from '../../../shared/model';
import { foldText } from '../../../shared/text/fold-text';

/**
 * Folded words a supplier is found by: name, brand, city, postcode,
 * description and the names of its sectors (so « espaces verts » finds the
 * suppliers of the sector « Création et entretien des espaces verts »).
 */
export function supplierSearchText(
  supplier: Supplier,
  sectorNames: ReadonlyMap<number, string>,
): string {
  return foldText(
    [
      supplier.name,
      supplier.brand ?? '',
      supplier.address.city,
      supplier.address.postcode,
      supplier.description ?? '',
      ...supplier.sectorIds.map((id) => sectorNames.get(id) ?? ''),
    ].join(' '),
  );
}
