/**
 * Turns what a source says about a supplier into a catalogue record with its
 * provenance, or into a rejection that names the record, the field and why.
 * Every source reader fills RecordDrafts; the rules below are the same for all.
 */
import type { RejectedRecord, SourceConfig } from '../../../../shared/feed/sync-types';
import type {
  LabelCode,
  RecordSource,
  Supplier,
  SupplierKind,
} from '../../../../shared/model';
import { nafSectors } from '../../../scripts/catalogue/mappings';
import { passesLuhn, siretProblem } from '../../../../shared/catalogue/siret';
import {
  cpvOfSectors,
  sortLabels,
  sortSectorIds,
} from '../../../scripts/catalogue/supplier-context';
import { httpUrlOrNull, textOrNull } from '../../../../shared/catalogue/text';
import { emailOrNull, phoneOrNull } from '../../../../shared/catalogue/contact';
import {
  placeRecord,
  type PlaceFields,
  type PlaceInput,
  type PlaceNote,
  type Placed,
} from './place-record';
import { foldText } from '../../../../shared/text/fold-text';
import { recordSupplierId } from './record-supplier-id';
import type { SourceContext } from './source-context';
import { kindLabels } from './supplier-kinds';

/** Something to tell the buyer about one field of a kept record. */
export type RecordNote = PlaceNote;

/** A supplier as a source describes it, before the checks. Raw texts are '' when absent. */
export interface RecordDraft extends PlaceInput {
  /** The record's id in its source (a spreadsheet's row number). */
  recordId: string;
  /** Address of the record at its source, if it has one. */
  url: string | null;
  name: string;
  siret: string;
  brand: string | null;
  kind: SupplierKind;
  labels: LabelCode[];
  naf: string;
  sectorIds: number[];
  description: string | null;
  website: string;
  /** Contact e-mail and telephone as the source writes them; absent or '' when not given. */
  email?: string;
  phone?: string;
  street: string;
  /** What the reader noticed on the way, told only if the record is kept. */
  notes?: RecordNote[];
}

/** The source's own names of the fields a problem can be about. */
export interface DraftFields extends PlaceFields {
  name: string;
  siret: string;
  naf: string;
  website: string;
  /** Where the source gives contacts: the e-mail field's name, for warnings. */
  email?: string;
}

/** What a reader returns: the records kept and every record left out, with why. */
export interface SourceReadResult {
  records: Supplier[];
  /** Records left out of the catalogue. */
  rejected: RejectedRecord[];
  /** Records kept, with something the buyer should know (commune by postcode only…). */
  warnings: RejectedRecord[];
  /** Records the source gave, kept or not. */
  read: number;
  /** Records kept at the centre of their commune (no usable coordinates). */
  geocoded: number;
}

type SourceIdentity = Pick<SourceConfig, 'id' | 'name' | 'licence'>;

/** Collects a source's records and rejections while a reader feeds it drafts. */
export class SourceRecords {
  private readonly records: Supplier[] = [];
  private readonly rejected: RejectedRecord[] = [];
  private readonly warnings: RejectedRecord[] = [];
  private read = 0;
  private geocoded = 0;
  private readonly recordIds = new Set<string>();
  private readonly siretOwners = new Map<string, string>();
  /** The first record of each name at each place (to within about 10 m). */
  private readonly namedPlaces = new Map<string, string>();

  constructor(
    private readonly source: SourceIdentity,
    private readonly context: SourceContext,
    private readonly fields: DraftFields,
    /** How messages name another record: « l’enregistrement 12 », « la ligne 12 ». */
    private readonly recordLabel: (recordId: string) => string = (id) =>
      `l’enregistrement ${id}`,
  ) {}

  /** Leaves a record out of the catalogue, saying why. */
  reject(recordId: string, field: string, reason: string): void {
    this.rejected.push({ sourceId: this.source.id, recordId, field, reason });
  }

  /** Keeps a record, with something the buyer should know. */
  warn(recordId: string, field: string, reason: string): void {
    this.warnings.push({ sourceId: this.source.id, recordId, field, reason });
  }

  /** Counts a record the reader could not turn into a draft (and rejected itself). */
  countUnreadable(): void {
    this.read += 1;
  }

  /** Checks a draft and keeps it as a supplier, or rejects it. */
  add(draft: RecordDraft): void {
    this.read += 1;
    const { recordId } = draft;
    if (this.recordIds.has(recordId)) {
      const reason = `identifiant « ${recordId} » déjà donné à un autre enregistrement`;
      this.reject(recordId, 'id', reason);
      return;
    }
    this.recordIds.add(recordId);
    const name = draft.name.trim();
    if (name === '') {
      this.reject(recordId, this.fields.name, 'nom absent');
      return;
    }
    const siret = this.siretOf(draft);
    if (siret === undefined) return;
    const placed = placeRecord(draft, this.context.communes, this.fields);
    if (!placed.ok) {
      this.reject(recordId, placed.problem.field, placed.problem.reason);
      return;
    }
    for (const note of [...(draft.notes ?? []), ...placed.notes]) {
      this.warn(recordId, note.field, note.reason);
    }
    if (placed.place.fromCommune) this.geocoded += 1;
    if (siret) this.siretOwners.set(siret, recordId);
    // Without SIRET, the same name at the same place is most likely one
    // supplier written twice (kept: the merge by name within 200 m only joins
    // sources). With SIRETs, two establishments of one body may share a
    // commune's centre.
    if (!siret) {
      const { lat, lon } = placed.place.location;
      const namedPlace = `${foldText(name)}|${lat.toFixed(4)}|${lon.toFixed(4)}`;
      const twin = this.namedPlaces.get(namedPlace);
      if (twin === undefined) this.namedPlaces.set(namedPlace, recordId);
      else {
        this.warn(
          recordId,
          this.fields.name,
          `même nom et même position que ${this.recordLabel(twin)} : doublon probable, ` +
            'gardé ; retirez-le de la source s’il s’agit du même fournisseur',
        );
      }
    }
    this.records.push(this.supplierOf(draft, name, siret, placed.place));
  }

  /** The reader's result so far. */
  result(): SourceReadResult {
    return {
      records: this.records,
      rejected: this.rejected,
      warnings: this.warnings,
      read: this.read,
      geocoded: this.geocoded,
    };
  }

  /** The SIRET to keep; null for none or a lone SIREN; undefined when rejected. */
  private siretOf(draft: RecordDraft): string | null | undefined {
    const raw = draft.siret.replace(/[\s\u00a0]/g, '');
    const field = this.fields.siret;
    if (raw === '') return null;
    if (/^\d{9}$/.test(raw) && passesLuhn(raw)) {
      const reason = `SIREN « ${raw} » seulement : pas d’établissement identifié`;
      this.warn(draft.recordId, field, reason);
      return null;
    }
    const problem = siretProblem(raw);
    if (problem) {
      const reason = `SIRET « ${draft.siret.trim()} » inutilisable : ${problem}`;
      this.reject(draft.recordId, field, reason);
      return undefined;
    }
    const owner = this.siretOwners.get(raw);
    if (owner !== undefined) {
      const reason = `SIRET « ${raw} » en double : déjà donné par ${this.recordLabel(owner)}`;
      this.reject(draft.recordId, field, reason);
      return undefined;
    }
    return raw;
  }

  /** NAF code kept when readable, and the sectors the NAF table gives it. */
  private nafOf(draft: RecordDraft): { naf: string | null; sectorIds: number[] } {
    const raw = draft.naf.trim();
    if (raw === '') return { naf: null, sectorIds: [] };
    const naf = raw.replace(/[.\s]/g, '').toUpperCase();
    if (!/^\d{4}[A-Z]$/.test(naf)) {
      this.warn(
        draft.recordId,
        this.fields.naf,
        `code NAF « ${raw} » illisible : ignoré`,
      );
      return { naf: null, sectorIds: [] };
    }
    const mapping = nafSectors(this.context.mappings, naf);
    if (!mapping) {
      const reason = `code NAF « ${naf} » absent de la table des secteurs par code NAF : aucun secteur déduit`;
      this.warn(draft.recordId, this.fields.naf, reason);
      return { naf, sectorIds: [] };
    }
    return { naf, sectorIds: mapping.sectorIds };
  }

  private websiteOf(draft: RecordDraft): string | null {
    const website = httpUrlOrNull(draft.website);
    if (website === null && draft.website.trim() !== '') {
      const reason = `site « ${draft.website.trim()} » ignoré : ce n’est pas une adresse http(s)`;
      this.warn(draft.recordId, this.fields.website, reason);
    }
    return website;
  }

  /** The e-mail kept when it is an address; otherwise a warning naming it, and none. */
  private emailOf(draft: RecordDraft): string | null {
    const written = (draft.email ?? '').trim();
    const email = emailOrNull(written);
    if (email === null && written !== '') {
      const reason = `courriel « ${written} » ignoré : ce n’est pas une adresse électronique`;
      this.warn(draft.recordId, this.fields.email ?? 'email', reason);
    }
    return email;
  }

  private supplierOf(
    draft: RecordDraft,
    name: string,
    siret: string | null,
    place: Placed,
  ): Supplier {
    const { naf, sectorIds: nafSectorIds } = this.nafOf(draft);
    const sectorIds = sortSectorIds([...draft.sectorIds, ...nafSectorIds]);
    const source: RecordSource = {
      dataset: this.source.name,
      recordId: draft.recordId,
      licence: this.source.licence,
      url: draft.url,
    };
    if (place.fromCommune) source.locationPrecision = 'commune-centre';
    const email = this.emailOf(draft);
    const phone = phoneOrNull(draft.phone);
    return {
      id: siret ? `siret-${siret}` : recordSupplierId(this.source.id, draft.recordId),
      siret,
      name,
      brand: textOrNull(draft.brand ?? ''),
      kind: draft.kind,
      labels: sortLabels([...draft.labels, ...kindLabels(draft.kind)]),
      naf,
      sectorIds,
      cpv: cpvOfSectors(this.context.mappings, sectorIds),
      description: textOrNull(draft.description ?? ''),
      website: this.websiteOf(draft),
      // Only when given: records of sources without contacts keep their bytes (and hashes).
      ...(email === null ? {} : { email }),
      ...(phone === null ? {} : { phone }),
      address: {
        street: draft.street.trim(),
        postcode: place.postcode,
        city: draft.city.trim(),
        inseeCode: place.inseeCode,
        departement: place.departement,
      },
      location: place.location,
      serviceArea: null,
      offers: [],
      sources: [source],
    };
  }
}
