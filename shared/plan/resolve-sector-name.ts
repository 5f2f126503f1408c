/** Finding a taxonomy sector from the name a buyer wrote. */
import type { Sector } from '../model';
import { foldText } from '../text/fold-text';

export type SectorNameResolution =
  | { ok: true; sector: Sector }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'ambiguous'; sectors: Sector[] };

/**
 * Exact folded name first; otherwise the one sector whose folded name contains
 * the written words (whole words); several such sectors → ambiguous.
 */
export function resolveSectorName(
  text: string,
  sectors: readonly Sector[],
): SectorNameResolution {
  const wanted = foldText(text);
  if (wanted === '') return { ok: false, reason: 'unknown' };
  const exact = sectors.find((s) => foldText(s.name) === wanted);
  if (exact) return { ok: true, sector: exact };
  const containing = sectors.filter((s) =>
    ` ${foldText(s.name)} `.includes(` ${wanted} `),
  );
  const only = containing.length === 1 ? containing[0] : undefined;
  if (only) return { ok: true, sector: only };
  return containing.length === 0
    ? { ok: false, reason: 'unknown' }
    : { ok: false, reason: 'ambiguous', sectors: containing };
}
