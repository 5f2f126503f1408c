/** Domain model shared by main, renderer and CLI: suppliers, needs, matches. */
import type { Allocation } from './allocation/allocation-types';
import type { IndicatorKind, PlanIndicators } from './indicators/indicator-types';
import type { BuyerKind, ProcedureAdvice } from './law/procedure-types';
import type { ReservableCounts } from './law/reservable';
import type { QuantityKind } from './plan/units';

/** Charter labels a supplier can carry and a need can require or prefer. */
export const LABEL_CODES = [
  'insertion',
  'handicap',
  'ess',
  'esus',
  'scop',
  'scic',
  'bio',
  'commerce-equitable',
  'local',
  'reemploi',
] as const;
export type LabelCode = (typeof LABEL_CODES)[number];

/** French names of the labels, as the interface and the plan template write them. */
export const LABEL_NAMES: Record<LabelCode, string> = {
  insertion: 'Insertion (SIAE, GEIQ)',
  handicap: 'Secteur du handicap (ESAT, EA)',
  ess: 'Économie sociale et solidaire',
  esus: 'ESUS',
  scop: 'SCOP',
  scic: 'SCIC',
  bio: 'Agriculture biologique (AB)',
  'commerce-equitable': 'Commerce équitable',
  local: 'Producteur local',
  reemploi: 'Réemploi et réparation',
};

/** Kind of structure (glossary: insertion kinds, disability kinds, others). */
export const SUPPLIER_KINDS = [
  'EI',
  'ACI',
  'AI',
  'ETTI',
  'EITI',
  'GEIQ',
  'EA',
  'ESAT',
  'ESS',
  'ENTREPRISE',
] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];

export const SUPPLIER_KIND_NAMES: Record<SupplierKind, string> = {
  EI: "Entreprise d'insertion (EI)",
  ACI: "Atelier et chantier d'insertion (ACI)",
  AI: 'Association intermédiaire (AI)',
  ETTI: "Entreprise de travail temporaire d'insertion (ETTI)",
  EITI: "Entreprise d'insertion par le travail indépendant (EITI)",
  GEIQ: "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)",
  EA: 'Entreprise adaptée (EA)',
  ESAT: "Établissement et service d'aide par le travail (ESAT)",
  ESS: "Structure de l'économie sociale et solidaire",
  ENTREPRISE: 'Entreprise conventionnelle',
};

/** Period over which a capacity or a need's quantity is counted. */
export type Frequency = 'once' | 'weekly' | 'monthly' | 'yearly';

export const FREQUENCY_NAMES: Record<Frequency, string> = {
  once: 'ponctuel',
  weekly: 'hebdomadaire',
  monthly: 'mensuel',
  yearly: 'annuel',
};

/** Zone d'intervention: where a supplier delivers or works. */
export type ServiceArea =
  | { kind: 'radius'; km: number }
  | { kind: 'departements'; codes: string[] }
  | { kind: 'regions'; codes: string[] }
  | { kind: 'national' };

/** Offre (spécial pro): what a supplier sells to professionals. Unknown values are null. */
export interface Offer {
  id: string;
  label: string;
  unit: string | null;
  minimumOrder: number | null;
  capacity: number | null;
  capacityPeriod: Frequency | null;
  leadTimeDays: number | null;
  /** Price per unit, € HT; absent or null when unknown. */
  unitPrice?: number | null;
  /** Months (1–12) the offer is available; absent or null when unknown or all year. */
  availableMonths?: number[] | null;
}

/** Where a supplier record comes from, and under which licence. */
export interface RecordSource {
  /** Short name of the data set, e.g. "Marché de l'inclusion (fixture)". */
  dataset: string;
  /** Identifier of the record in that data set. */
  recordId: string;
  licence: string;
  url: string | null;
  /**
   * Id of the local catalogue source (shared/feed/sync-types.ts) the record
   * came through, e.g. "embedded" or "flux-national"; set on the merged
   * catalogue, absent in a source's own records.
   */
  sourceId?: string;
  /**
   * Set when the source gave no usable coordinates and the position is the
   * centre of the record's commune (resources/communes.json), not its address.
   */
  locationPrecision?: 'commune-centre';
}

export interface PostalAddress {
  street: string;
  postcode: string;
  city: string;
  inseeCode: string | null;
  departement: string | null;
}

export interface LatLon {
  lat: number;
  lon: number;
}

/** Fournisseur, structure: one entry of the catalogue. */
export interface Supplier {
  /** Stable across rebuilds: derived from the source and its record id. */
  id: string;
  siret: string | null;
  name: string;
  brand: string | null;
  kind: SupplierKind;
  labels: LabelCode[];
  /** NAF rev. 2 code without dot, e.g. "5621Z". */
  naf: string | null;
  /** Ids of sectors of the 154-sector taxonomy. */
  sectorIds: number[];
  /** CPV codes (8 digits, no check digit) derived from the sectors. */
  cpv: string[];
  description: string | null;
  website: string | null;
  /** Contact address (a bare e-mail, shown as a mailto: link); absent when unknown. */
  email?: string | null;
  /** Telephone number as the source writes it; absent when unknown. */
  phone?: string | null;
  address: PostalAddress;
  location: LatLon;
  serviceArea: ServiceArea | null;
  offers: Offer[];
  sources: RecordSource[];
}

/** One sector of the inclusive-sourcing taxonomy, with the CPV codes it covers. */
export interface Sector {
  id: number;
  name: string;
  slug: string;
  group: string;
  cpv: string[];
}

/** The documented, versioned catalogue format (resources/catalogue.schema.json). */
export interface Catalogue {
  format: 'passerelle-catalogue';
  formatVersion: 1;
  /** Version of the content, e.g. "2026.12.04-1". */
  version: string;
  generatedAt: string;
  datasets: { name: string; licence: string; url: string | null; records: number }[];
  sectors: Sector[];
  suppliers: Supplier[];
}

/** A resolved place: a commune centre or explicit coordinates. */
export interface Place {
  label: string;
  inseeCode: string | null;
  postcode: string | null;
  departement: string | null;
  lat: number;
  lon: number;
}

export type PlaceResolution =
  | { status: 'found'; place: Place }
  | { status: 'ambiguous'; candidates: Place[] }
  | { status: 'not-found'; message: string };

/** Besoin, ligne d'achat: one planned purchase. */
export interface Need {
  id: string;
  /** Row of the source file (1-based, header = 1), null when typed in the app. */
  row: number | null;
  title: string;
  /** CPV code, 8 digits without check digit. */
  cpv: string | null;
  /** Sector name as written, and the taxonomy ids it resolved to. */
  sector: string | null;
  sectorIds: number[];
  keywords: string[];
  /** Quantity per period, as written. */
  quantity: number | null;
  /** Unit as written (from the unit column, the quantity cell or its header). */
  unit: string | null;
  frequency: Frequency | null;
  /** What the unit measures; null when the unit is missing or not recognised. */
  quantityKind: QuantityKind | null;
  /** UN/CEFACT Rec 20 code of the kind's canonical unit (KGM, LTR, C62, Q3…). */
  unitCode: string | null;
  /** The quantity per period in that canonical unit (500 g → 0.5 KGM). */
  normalizedQuantity: number | null;
  /** Times the need recurs in a year (weekly 52, quarterly 4); null when unsaid. */
  timesPerYear: number | null;
  /**
   * Quantity over a year, a need without frequency counting once: in the
   * canonical unit when unitCode is set, else in the unit as written.
   */
  annualQuantity: number | null;
  /** Calendar day, ISO yyyy-mm-dd. */
  date: string | null;
  placeText: string;
  place: Place | null;
  /**
   * Further delivery sites of the same need, beyond `place` (a need written
   * « Harnes ; Lens »); absent or empty when there is one site.
   */
  additionalPlaces?: Place[];
  /** Filled when the place is ambiguous: the buyer picks one. */
  placeCandidates: Place[];
  maxDistanceKm: number;
  requiredLabels: LabelCode[];
  preferredLabels: LabelCode[];
  budget: number | null;
}

/** A problem in an imported file, precise enough to find and fix it. */
export interface ImportIssue {
  file: string;
  /** 1-based row as the spreadsheet shows it; 0 for the whole file. */
  row: number;
  column: string;
  value: string;
  message: string;
  /**
   * 'error': the row (or the file) was not imported; 'warning': imported
   * anyway (ignored column, ambiguous place to pick, unknown preferred label).
   */
  severity?: 'error' | 'warning';
}

/** Plan d'achats as imported from a file. */
export interface Plan {
  name: string;
  sourceFile: string | null;
  importedAt: string;
  needs: Need[];
}

export interface PlanImportResult {
  plan: Plan;
  rowsRead: number;
  issues: ImportIssue[];
}

export type ScoreCriterion = 'sector' | 'labels' | 'distance' | 'capacity';

/** One part of a candidate's score, with its French explanation. */
export interface ScorePart {
  criterion: ScoreCriterion;
  points: number;
  max: number;
  explanation: string;
}

/** How the supplier's activity fits the need, most precise first. */
export type SectorFitLevel =
  'code' | 'category' | 'class' | 'group' | 'division' | 'sector' | 'keyword';

export interface Candidate {
  rank: number;
  supplierId: string;
  supplierName: string;
  siret: string | null;
  kind: SupplierKind;
  labels: LabelCode[];
  city: string;
  inseeCode: string | null;
  /** The supplier's point (Supplier.location), for the map. */
  location: LatLon;
  distanceKm: number;
  score: number;
  parts: ScorePart[];
  sectorFit: SectorFitLevel;
  /** What the catalogue does not know and the buyer must check ("à confirmer"). */
  toConfirm: string[];
  /** The supplier's offer whose capacity and minimum were checked; null when none. */
  offerId: string | null;
  /**
   * That offer's capacity over a year in the need's unit (Need.unitCode, else
   * the unit as written); null when unknown or not comparable: « à confirmer ».
   */
  annualCapacity: number | null;
}

export interface NeedMatch {
  needId: string;
  candidates: Candidate[];
  /** Suppliers that fit the sector, before distance and labels filters. */
  sectorMatches: number;
  /** Why there is no candidate, in French, when there is none. */
  note: string | null;
  /**
   * Suppliers passing every filter (activity, labels, distance…), before the
   * cut to topN, and how many of them count for each indicator kind.
   */
  inRange: {
    total: number;
    byKind: Record<IndicatorKind, number>;
    /**
     * Of them, those a reserved contract may go to (shared/law/reservable.ts),
     * counting only suppliers whose activity fits more precisely than the CPV
     * division (isPreciseFit: code, category, class, group, sector or keyword
     * fit; a division-only fit is « correspondance large, à vérifier »), so
     * `total` and `byKind` may count more suppliers than these:
     * `siae` an SIAE kind (EI, ACI, AI, ETTI, EITI; not GEIQ), L2113-13;
     * `disability` an EA or ESAT or the disability-sector label, L2113-12;
     * `ess` the ESS kind or an ESS, ESUS, SCOP or SCIC label, L2113-15.
     */
    reservable: ReservableCounts;
  };
}

/** Weights of the score's parts, in points; they sum to 100 by default. */
export interface ScoreWeights {
  sector: number;
  labels: number;
  distance: number;
  capacity: number;
}

export interface MatchOptions {
  weights: ScoreWeights;
  topN: number;
  defaultMaxDistanceKm: number;
  /**
   * Road distance over great-circle distance (1.3 typical in France); absent
   * means 1, distances as the crow flies.
   */
  roadFactor?: number;
  /** Whose procurement thresholds apply; absent means local authorities. */
  buyerKind?: BuyerKind;
}

export interface MatchResult {
  generatedAt: string;
  catalogueVersion: string;
  options: MatchOptions;
  needs: NeedMatch[];
  /** Volumes assigned to suppliers (shared/allocation), when computed. */
  allocation?: Allocation;
  /** SPASER / EGalim indicators (shared/indicators), when computed. */
  indicators?: PlanIndicators;
  /** Thresholds, lots, reservations and clauses (shared/law), when computed. */
  procedures?: ProcedureAdvice;
}

/** One commune of resources/communes.json (COG 2024, with its postcodes). */
export interface CommuneRecord {
  insee: string;
  /** Name without article, e.g. "Garenne-Colombes". */
  name: string;
  /** Full name with article, e.g. "La Garenne-Colombes". */
  fullName: string;
  postcodes: string[];
  departement: string;
  region: string;
  lat: number;
  lon: number;
  /** COM commune, ARM arrondissement, COMD commune déléguée. */
  type: 'COM' | 'ARM' | 'COMD';
  /** For ARM and COMD, the INSEE code of the parent commune. */
  parent: string | null;
  population: number | null;
  /**
   * Names of the communes déléguées this commune took in (communes merged
   * into a commune nouvelle: Arbignieu in Arboys-en-Bugey), where they differ
   * from its own; absent when none.
   */
  formerNames?: string[];
}

/** resources/communes.json */
export interface CommunesFile {
  source: string;
  licence: string;
  communes: CommuneRecord[];
}

/** One code of resources/cpv.json: 8 digits, its check digit, its French label. */
export interface CpvEntry {
  code: string;
  check: string;
  label: string;
}

/** resources/cpv.json */
export interface CpvFile {
  source: string;
  licence: string;
  codes: CpvEntry[];
}
