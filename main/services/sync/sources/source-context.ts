/** What every source reader needs besides its input: communes, sectors, the NAF table. */
import { join } from 'node:path';
import type { CommuneRecord, Sector } from '../../../../shared/model';
import { CommuneFinder } from '../../../../shared/catalogue/commune-finder';
import { loadMappings, type Mappings } from '../../../scripts/catalogue/mappings';
import type { Resources } from '../../load-resources';

/** The lookups a reader maps records with; build once, share between syncs. */
export interface SourceContext {
  /** Communes by postcode and name (resources/communes.json). */
  communes: CommuneFinder;
  /** The 154-sector taxonomy with its CPV codes (the embedded catalogue's sectors). */
  sectors: readonly Sector[];
  /** NAF → sectors and sector → CPV tables of resources/mappings/. */
  mappings: Mappings;
}

/** GET a JSON document with these headers; the sync wires fetchJson in here. */
export type GetJson = (url: string, headers: Record<string, string>) => Promise<unknown>;

/** A reader of a source served over HTTP. */
export interface HttpSourceDeps extends SourceContext {
  getJson: GetJson;
}

/** The context from the parts it is made of. */
export function buildSourceContext(parts: {
  communes: readonly CommuneRecord[];
  sectors: readonly Sector[];
  mappings: Mappings;
}): SourceContext {
  return {
    communes: new CommuneFinder([...parts.communes]),
    sectors: parts.sectors,
    mappings: parts.mappings,
  };
}

/**
 * The context from the loaded resources: communes.json, the embedded
 * catalogue's sectors, and the tables of <resources>/mappings/ checked
 * against those sectors and cpv.json.
 */
export function sourceContextFromResources(resources: Resources): SourceContext {
  const sectors = resources.catalogue.sectors;
  const mappings = loadMappings(
    join(resources.dir, 'mappings'),
    new Set(sectors.map((sector) => sector.id)),
    resources.cpv,
  );
  return buildSourceContext({ communes: resources.communes.communes, sectors, mappings });
}
