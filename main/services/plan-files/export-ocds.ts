/**
 * A plan as Open Contracting Data Standard 1.1 JSON (issue 4, point 9): a
 * release package holding one release of the planning process, tag
 * ['planning'], one tender item per need. Items carry their CPV code, their
 * yearly quantity in the UN/CEFACT unit the import found, and their delivery
 * place (location extension); needs of one CPV group form a lot (lots
 * extension). Amounts are the buyer's budgets, in euros excluding tax.
 */
import type { CpvNomenclature } from '../../../shared/cpv';
import type { FilePayload } from '../../../shared/ipc';
import type { Need, Place } from '../../../shared/model';
import { FREQUENCY_NAMES } from '../../../shared/model';
import type { StoredPlan } from '../../../shared/plan/stored-plans';
import { CANONICAL_UNITS } from '../../../shared/plan/units';
import { exportFileName } from './export-plan';

/**
 * The OCID prefix a publisher gets from the Open Contracting Partnership
 * (« ocds- » and 6 characters). Until the buyer registers one, the ocid
 * carries this placeholder, to be replaced before publishing.
 */
export const OCID_PREFIX_PLACEHOLDER = 'ocds-xxxxxx';

/** The OCDS extensions whose fields the release uses (lots, deliveryAddress/Location). */
export const OCDS_EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json',
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_location_extension/v1.1.5/extension.json',
];

export interface OcdsExportOptions {
  /** The publisher's registered prefix; OCID_PREFIX_PLACEHOLDER when unset. */
  ocidPrefix?: string;
  /** Labels of the CPV codes, as the items' classification descriptions. */
  cpv?: CpvNomenclature;
  /** When the package is published; the release date is the plan's last change. */
  now: Date;
}

type Json = Record<string, unknown>;

const EUR = (amount: number): Json => ({ amount, currency: 'EUR' });

/** A calendar day as the OCDS date-time of its midnight, UTC. */
const dateTime = (day: string): string => `${day}T00:00:00Z`;

/** The commune's name in a place label: « Harnes (62440) » → « Harnes ». */
const communeName = (label: string): string => label.replace(/\s*\([^)]*\)$/, '');

/**
 * The lot of each need: needs whose CPV codes share their first three digits
 * (the CPV « groupe », e.g. 799 for event services) are one lot, the way
 * French law asks homogeneous purchases to be let together; a need without
 * CPV is a lot of its own. No lots at all when every lot would hold one need.
 */
export function lotKeys(needs: readonly Need[]): Map<string, string> | null {
  const keys = new Map(
    needs.map((n) => [
      n.id,
      n.cpv === null ? `need:${n.id}` : `cpv:${n.cpv.slice(0, 3)}`,
    ]),
  );
  const sizes = new Map<string, number>();
  for (const key of keys.values()) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  return [...sizes.values()].some((size) => size > 1) ? keys : null;
}

function sumBudgets(needs: readonly Need[]): number | null {
  const budgets = needs.map((n) => n.budget).filter((b): b is number => b !== null);
  return budgets.length === 0 ? null : budgets.reduce((a, b) => a + b, 0);
}

/** The quantity over a year and its unit: UN/CEFACT when the import knew it. */
function itemQuantity(need: Need): Json {
  if (need.annualQuantity === null) return {};
  if (need.unitCode !== null && need.quantityKind !== null) {
    return {
      quantity: need.annualQuantity,
      unit: {
        scheme: 'UNCEFACT',
        id: need.unitCode,
        name: CANONICAL_UNITS[need.quantityKind].symbol,
      },
    };
  }
  return {
    quantity: need.annualQuantity,
    ...(need.unit === null ? {} : { unit: { name: need.unit } }),
  };
}

/** A commune as an OCDS Location: its label and its centre as a GeoJSON point. */
function siteLocation(place: Place): Json {
  return {
    description: place.label,
    geometry: { type: 'Point', coordinates: [place.lon, place.lat] },
  };
}

/** A commune as an OCDS Address; null for a place without INSEE code (coordinates). */
function siteAddress(place: Place): Json | null {
  if (place.inseeCode === null) return null;
  return {
    locality: communeName(place.label),
    ...(place.postcode === null ? {} : { postalCode: place.postcode }),
    countryName: 'France',
  };
}

/**
 * Where the need is delivered: the commune's address and its centre as a
 * point. A need of several sites (« Harnes ; Lens ») also lists every site in
 * deliveryAddresses/deliveryLocations, the arrays the location extension adds
 * after v1.1.5 to replace the single fields; the single fields keep the first
 * site for readers of v1.1.5.
 */
function itemPlace(need: Need): Json {
  const place = need.place;
  if (place === null) {
    return need.placeText === ''
      ? {}
      : { deliveryLocation: { description: need.placeText } };
  }
  const address = siteAddress(place);
  const single = {
    ...(address === null ? {} : { deliveryAddress: address }),
    deliveryLocation: siteLocation(place),
  };
  const sites = [place, ...(need.additionalPlaces ?? [])];
  if (sites.length === 1) return single;
  const addresses = sites.map(siteAddress).filter((a): a is Json => a !== null);
  return {
    ...single,
    ...(addresses.length === 0 ? {} : { deliveryAddresses: addresses }),
    deliveryLocations: sites.map(siteLocation),
  };
}

/** What the item says in words beyond its title: keywords, period, budget. */
function itemNotes(need: Need): string | null {
  const notes: string[] = [];
  if (need.keywords.length > 0) notes.push(`Mots-clés : ${need.keywords.join(', ')}`);
  if (need.quantity !== null && need.frequency !== null && need.frequency !== 'once') {
    notes.push(
      `Quantité ${FREQUENCY_NAMES[need.frequency]} : ${need.quantity}` +
        (need.unit === null ? '' : ` ${need.unit}`),
    );
  }
  return notes.length === 0 ? null : notes.join('. ');
}

function tenderItem(need: Need, lotId: string | null, ctx: OcdsExportOptions): Json {
  const notes = itemNotes(need);
  return {
    id: need.id,
    description: notes === null ? need.title : `${need.title}. ${notes}`,
    ...(need.cpv === null
      ? {}
      : {
          classification: {
            scheme: 'CPV',
            id: need.cpv,
            ...(ctx.cpv?.label(need.cpv) ? { description: ctx.cpv.label(need.cpv) } : {}),
          },
        }),
    ...itemQuantity(need),
    ...itemPlace(need),
    ...(lotId === null ? {} : { relatedLot: lotId }),
  };
}

function tenderLots(needs: readonly Need[], keys: Map<string, string>): Json[] {
  const members = new Map<string, Need[]>();
  for (const need of needs) {
    const key = keys.get(need.id) ?? '';
    members.set(key, [...(members.get(key) ?? []), need]);
  }
  return [...members.values()].map((group, index) => {
    const amount = sumBudgets(group);
    const first = group[0] as Need;
    return {
      id: `lot-${index + 1}`,
      title: group.length === 1 ? first.title : `Lot ${index + 1} : ${first.title}`,
      description: group.map((n) => n.title).join(' ; '),
      status: 'planning',
      ...(amount === null ? {} : { value: EUR(amount) }),
    };
  });
}

/** The lot id of each need, in the order tenderLots numbers them. */
function lotIds(needs: readonly Need[], keys: Map<string, string>): Map<string, string> {
  const numbers = new Map<string, number>();
  const ids = new Map<string, string>();
  for (const need of needs) {
    const key = keys.get(need.id) ?? '';
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
    ids.set(need.id, `lot-${numbers.get(key)}`);
  }
  return ids;
}

/** One planning milestone per dated need: when the buyer needs it delivered. */
function deliveryMilestones(
  needs: readonly Need[],
  lots: Map<string, string> | null,
): Json[] {
  return needs
    .filter((n) => n.date !== null)
    .map((n) => ({
      id: `livraison-${n.id}`,
      title: `Date de besoin : ${n.title}`,
      type: 'delivery',
      dueDate: dateTime(n.date as string),
      status: 'scheduled',
      ...(lots?.has(n.id) ? { relatedLots: [lots.get(n.id)] } : {}),
    }));
}

/** The buyer as typed, or the plan's name when none was. */
const buyerName = (plan: StoredPlan): string =>
  plan.buyer.trim() === '' ? plan.name : plan.buyer;

/** The OCDS release of a stored plan's planning process. */
export function planRelease(plan: StoredPlan, ctx: OcdsExportOptions): Json {
  const prefix = ctx.ocidPrefix ?? OCID_PREFIX_PLACEHOLDER;
  const ocid = `${prefix}-${plan.id}`;
  const keys = lotKeys(plan.needs);
  const lots = keys === null ? null : lotIds(plan.needs, keys);
  const total = sumBudgets(plan.needs);
  const buyer = { id: 'acheteur', name: buyerName(plan) };
  const milestones = deliveryMilestones(plan.needs, lots);
  return {
    ocid,
    id: `${ocid}-${plan.revision}`,
    date: plan.updatedAt,
    tag: ['planning'],
    initiationType: 'tender',
    language: 'fr',
    parties: [{ ...buyer, roles: ['buyer'] }],
    buyer,
    planning: {
      rationale: `Plan d’achats « ${plan.name} » : ${plan.needs.length} besoins.`,
      ...(total === null
        ? {}
        : {
            budget: {
              description: 'Budgets estimés des besoins, HT',
              amount: EUR(total),
            },
          }),
      ...(milestones.length === 0 ? {} : { milestones }),
    },
    tender: {
      id: plan.id,
      title: plan.name,
      status: 'planning',
      ...(total === null ? {} : { value: EUR(total) }),
      items: plan.needs.map((n) => tenderItem(n, lots?.get(n.id) ?? null, ctx)),
      ...(keys === null ? {} : { lots: tenderLots(plan.needs, keys) }),
    },
  };
}

/** The release in a release package, which declares the extensions it uses. */
export function planReleasePackage(plan: StoredPlan, ctx: OcdsExportOptions): Json {
  return {
    uri: `urn:passerelle:plan:${plan.id}:${plan.revision}`,
    version: '1.1',
    extensions: OCDS_EXTENSIONS,
    publishedDate: ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    publisher: { name: buyerName(plan) },
    releases: [planRelease(plan, ctx)],
  };
}

/** The OCDS JSON of a plan, as a file payload. */
export function exportPlanOcds(plan: StoredPlan, ctx: OcdsExportOptions): FilePayload {
  const text = `${JSON.stringify(planReleasePackage(plan, ctx), null, 2)}\n`;
  return {
    name: exportFileName(plan.name, 'ocds.json'),
    base64: Buffer.from(text, 'utf8').toString('base64'),
  };
}
