import { describe, expect, it } from 'vitest';
import {
  compareRequest,
  compareSuppliers,
  serviceAreaText,
  type ComparisonSite,
} from '../../../shared/compare/compare-suppliers';
import {
  comparisonRows,
  monthsText,
  offerTexts,
} from '../../../shared/compare/comparison-rows';
import type { PlaceResolution, Supplier } from '../../../shared/model';
import { HARNES, makeBareSupplier, makeOffer } from '../../helpers/make-supplier';

/** Intl's French number separators: narrow no-break space, and no-break space before €. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';

/** The test site: HARNES of the helpers, placed at 50° N 3° E. */
const SITE: ComparisonSite = { label: HARNES.label, lat: HARNES.lat, lon: HARNES.lon };

/*
 * Distances worked by hand with the haversine, R = 6371.0088 km (Turf's):
 * - north 0.1° (50.1 N, 3 E), on the meridian: R × 0.1 × π/180
 *   = 6371.0088 × 0.00174533 = 11.1195 km → 11,1 km;
 * - east 0.1° (50 N, 3.1 E): 2R × asin(cos 50° × sin 0.05°)
 *   = 12742.0176 × asin(0.642788 × 0.000872665) = 12742.0176 × 0.000560941
 *   = 7.1475 km → 7,1 km (a degree of longitude is shorter at 50° N);
 * - south 0.5° (49.5 N, 3 E): R × 0.5 × π/180 = 55.5975 km → 55,6 km.
 */
const NORTH = makeBareSupplier({
  id: 'nord',
  name: 'Jardins du Nord',
  siret: '12345678901234',
  kind: 'ACI',
  labels: ['insertion', 'bio'],
  location: { lat: 50.1, lon: 3 },
  serviceArea: { kind: 'radius', km: 30 },
  website: 'https://jardins-du-nord.example',
  email: 'contact@jardins-du-nord.example',
  phone: '03 21 00 00 00',
  offers: [
    makeOffer({
      label: 'Paniers de légumes bio',
      unit: 'panier',
      unitPrice: 12.5,
      minimumOrder: 10,
      capacity: 1500,
      capacityPeriod: 'monthly',
      leadTimeDays: 3,
      availableMonths: [5, 6, 7, 8, 9],
    }),
    makeOffer({ id: 'o2', label: 'Confitures', unit: 'pot', unitPrice: 4 }),
  ],
});
const EAST = makeBareSupplier({
  id: 'est',
  name: 'Atelier de l’Est',
  brand: 'Les Paniers de l’Est',
  kind: 'ESAT',
  location: { lat: 50, lon: 3.1 },
  serviceArea: { kind: 'departements', codes: ['59', '62'] },
  offers: [makeOffer({ label: 'Légumes de saison' })],
});
const SOUTH = makeBareSupplier({
  id: 'sud',
  name: 'Coopérative du Sud',
  kind: 'ESS',
  labels: ['scop'],
  location: { lat: 49.5, lon: 3 },
  serviceArea: { kind: 'national' },
});

const CATALOGUE = new Map<string, Supplier>([NORTH, EAST, SOUTH].map((s) => [s.id, s]));
const find = (id: string): Supplier | undefined => CATALOGUE.get(id);

function compared(ids: string[], site: ComparisonSite | null = SITE) {
  const outcome = compareSuppliers(ids, find, site);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.comparison;
}

describe('compareSuppliers', () => {
  it('measures each distance from the site, km to one decimal (worked above)', () => {
    const { suppliers } = compared(['nord', 'est', 'sud']);
    expect(suppliers.map((s) => s.distanceKm)).toEqual([11.1, 7.1, 55.6]);
  });

  it('keeps the order picked, the kind and labels in French, the contacts', () => {
    const [north, east] = compared(['nord', 'est']).suppliers;
    expect(north?.kindName).toBe("Atelier et chantier d'insertion (ACI)");
    expect(north?.labelNames).toEqual([
      'Insertion (SIAE, GEIQ)',
      'Agriculture biologique (AB)',
    ]);
    expect(north?.serviceArea).toBe('Rayon de 30 km');
    expect(north?.email).toBe('contact@jardins-du-nord.example');
    expect(north?.phone).toBe('03 21 00 00 00');
    expect(east?.kindName).toBe("Établissement et service d'aide par le travail (ESAT)");
    expect(east?.serviceArea).toBe('Départements 59, 62');
    expect(east?.website).toBeNull();
    expect(east?.email).toBeNull();
  });

  it('leaves unknown offer values null, never 0', () => {
    const [, east] = compared(['nord', 'est']).suppliers;
    expect(east?.offers).toEqual([
      {
        label: 'Légumes de saison',
        unit: 'kg',
        unitPrice: null,
        minimumOrder: null,
        capacity: null,
        capacityPeriod: null,
        leadTimeDays: null,
        availableMonths: null,
      },
    ]);
  });

  it('writes service areas in French, régions by name', () => {
    expect(serviceAreaText({ kind: 'regions', codes: ['32', '28'] })).toBe(
      'Régions Hauts-de-France, Normandie',
    );
    expect(serviceAreaText({ kind: 'radius', km: 12.5 })).toBe('Rayon de 12,5 km');
    expect(serviceAreaText(null)).toBeNull();
  });

  it('has no distances without a site', () => {
    const { suppliers, site } = compared(['nord', 'est'], null);
    expect(site).toBeNull();
    expect(suppliers.map((s) => s.distanceKm)).toEqual([null, null]);
  });

  it('refuses fewer than two, more than five, and unknown suppliers, in French', () => {
    const one = compareSuppliers(['nord', 'nord'], find);
    expect(one).toEqual({
      ok: false,
      message: 'Choisissez au moins 2 fournisseurs à comparer (1 fournisseur choisi).',
    });
    const six = compareSuppliers(['a', 'b', 'c', 'd', 'e', 'f'], find);
    expect(six).toEqual({
      ok: false,
      message:
        'On compare au plus 5 fournisseurs à la fois (6 fournisseurs choisis) : ' +
        'retirez-en 1.',
    });
    const unknown = compareSuppliers(['nord', 'x1', 'x2'], find);
    expect(unknown).toEqual({
      ok: false,
      message:
        'Fournisseurs « x1 », « x2 » absents du catalogue : retirez-les de la ' +
        'comparaison et choisissez-en d’autres.',
    });
  });
});

describe('compareRequest', () => {
  const found: PlaceResolution = { status: 'found', place: HARNES };
  const ambiguous: PlaceResolution = {
    status: 'ambiguous',
    candidates: [
      { ...HARNES, label: 'Saint-Denis (93)' },
      { ...HARNES, label: 'Saint-Denis (974)' },
    ],
  };
  const notFound: PlaceResolution = {
    status: 'not-found',
    message: 'Lieu « Xyzzy » introuvable : indiquez une commune.',
  };

  it('resolves the typed site and measures from it', () => {
    const outcome = compareRequest(
      { supplierIds: ['nord', 'est'], site: ' Harnes ' },
      find,
      (text) => (text === 'Harnes' ? found : notFound),
    );
    expect(outcome.ok && outcome.comparison.site).toEqual(SITE);
    expect(outcome.ok && outcome.comparison.suppliers.map((s) => s.distanceKm)).toEqual([
      11.1, 7.1,
    ]);
  });

  it('an ambiguous or unknown site: no distances, a French note, the candidates', () => {
    const a = compareRequest(
      { supplierIds: ['nord', 'est'], site: 'Saint-Denis' },
      find,
      () => ambiguous,
    );
    if (!a.ok) throw new Error(a.message);
    expect(a.comparison.site).toBeNull();
    expect(a.comparison.siteNote).toBe(
      'Plusieurs communes correspondent à « Saint-Denis » : choisissez-en une pour ' +
        'voir les distances.',
    );
    expect(a.comparison.siteCandidates.map((p) => p.label)).toEqual([
      'Saint-Denis (93)',
      'Saint-Denis (974)',
    ]);
    expect(a.comparison.suppliers.map((s) => s.distanceKm)).toEqual([null, null]);

    const n = compareRequest(
      { supplierIds: ['nord', 'est'], site: 'Xyzzy' },
      find,
      () => notFound,
    );
    expect(n.ok && n.comparison.siteNote).toBe(
      'Lieu « Xyzzy » introuvable : indiquez une commune. Distances non calculées.',
    );
  });

  it('refuses a request that is not a list of ids', () => {
    expect(compareRequest({ supplierIds: 'nord' }, find, () => found)).toEqual({
      ok: false,
      message:
        'Demande de comparaison illisible : une liste de fournisseurs est attendue.',
    });
    expect(
      compareRequest({ supplierIds: ['nord', 'est'], site: 12 }, find, () => found),
    ).toEqual({
      ok: false,
      message: 'Le site de comparaison doit être un texte.',
    });
  });
});

describe('offerTexts', () => {
  it('agrees the unit with each quantity: « / heure », « 10,5 heures », « 1 heure »', () => {
    const texts = offerTexts({
      label: 'Heures de ménage',
      unit: 'heures',
      unitPrice: 28.4,
      minimumOrder: 10.5,
      capacity: 1,
      capacityPeriod: 'yearly',
      leadTimeDays: 7,
      availableMonths: null,
    });
    // The price is per one unit; 10,5 is plural from 2 on; 1 is singular.
    expect(texts.price).toBe('28,40\u00a0€ HT / heure');
    expect(texts.minimum).toBe('10,5 heures');
    expect(texts.capacity).toBe('1 heure par an');
    // A unit Passerelle does not know stays as the catalogue writes it.
    expect(offerTexts({ ...OFFER_BOXES }).minimum).toBe('3 cagettes');
  });
});

const OFFER_BOXES = {
  label: 'Légumes',
  unit: 'cagettes',
  unitPrice: null,
  minimumOrder: 3,
  capacity: null,
  capacityPeriod: null,
  leadTimeDays: null,
  availableMonths: null,
};

describe('comparisonRows', () => {
  it('words every value in French, « à confirmer » where unknown', () => {
    const rows = comparisonRows(compared(['nord', 'est', 'sud']));
    const byCriterion = new Map(rows.map((r) => [r.criterion, r.values]));
    expect(byCriterion.get('Distance à Harnes')).toEqual([
      '11,1 km',
      '7,1 km',
      '55,6 km',
    ]);
    expect(rows[0]?.criterion).toBe('Nom commercial');
    expect(byCriterion.get('Nom commercial')).toEqual([
      'Non renseigné',
      'Les Paniers de l’Est',
      'Non renseigné',
    ]);
    expect(byCriterion.get('Labels')).toEqual([
      'Insertion (SIAE, GEIQ), Agriculture biologique (AB)',
      'Aucun label',
      'SCOP',
    ]);
    expect(byCriterion.get('Zone d’intervention')).toEqual([
      'Rayon de 30 km',
      'Départements 59, 62',
      'Toute la France',
    ]);
    // Nord has two offers, Est one, Sud none: offer 1 then offer 2 rows.
    expect(byCriterion.get('Offre 1')).toEqual([
      'Paniers de légumes bio',
      'Légumes de saison',
      'Aucune offre connue du catalogue : à confirmer',
    ]);
    expect(byCriterion.get('Offre 1 : prix unitaire')).toEqual([
      `12,50${NBSP}€ HT / panier`,
      'à confirmer',
      null,
    ]);
    expect(byCriterion.get('Offre 1 : minimum de commande')).toEqual([
      '10 panier',
      'à confirmer',
      null,
    ]);
    // 1 500 paniers a month: the thousands separated by a narrow no-break space.
    expect(byCriterion.get('Offre 1 : capacité')).toEqual([
      `1${NNBSP}500 panier par mois`,
      'à confirmer',
      null,
    ]);
    expect(byCriterion.get('Offre 1 : délai de livraison')).toEqual([
      '3 jours',
      'à confirmer',
      null,
    ]);
    expect(byCriterion.get('Offre 1 : disponibilité')).toEqual([
      'de mai à septembre',
      'à confirmer',
      null,
    ]);
    expect(byCriterion.get('Offre 2')).toEqual(['Confitures', null, null]);
    expect(byCriterion.get('Offre 2 : prix unitaire')).toEqual([
      `4,00${NBSP}€ HT / pot`,
      null,
      null,
    ]);
    expect(byCriterion.get('Courriel')).toEqual([
      'contact@jardins-du-nord.example',
      'Non renseigné',
      'Non renseigné',
    ]);
  });

  it('writes the months as runs, the whole year, or « à confirmer »', () => {
    expect(monthsText([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).toBe('toute l’année');
    // Two following months are listed, not written as a run.
    expect(monthsText([12, 1, 2, 6])).toBe('janvier, février, juin, décembre');
    expect(monthsText([3, 4, 5, 9])).toBe('de mars à mai, septembre');
    expect(monthsText(null)).toBe('à confirmer');
  });
});
