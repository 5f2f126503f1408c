/**
 * The plan editor's view of a need (issue 4, point 7): the text of each
 * field the buyer types, that text read back into the need (or the French
 * reason it cannot be), and what still needs fixing before the need can be
 * matched well.
 */
import { FREQUENCY_NAMES, LABEL_NAMES, type Need } from '../model';
import { parseLabels } from '../labels';
import { formatFrenchNumber, parseFrenchNumber } from './parse-french-number';
import { parseFrenchDate } from './parse-french-date';
import { parsePeriod } from './parse-frequency';
import { pickedSiteName, siteParts } from './resolve-sites';
import { annualise, CANONICAL_UNITS, parseUnit, toCanonical } from './units';

/** Fields typed as text and read without asking the services. */
export type TypedNeedField =
  | 'title'
  | 'keywords'
  | 'quantity'
  | 'unit'
  | 'frequency'
  | 'date'
  | 'budget'
  | 'maxDistance'
  | 'requiredLabels'
  | 'preferredLabels';

/** Every field the editor shows: the typed ones, the CPV code, the sector and the place. */
export type NeedField = TypedNeedField | 'cpv' | 'sector' | 'place';

/** One thing to fix in a need, with the field to go to. */
export interface NeedProblem {
  field: NeedField;
  message: string;
}

/** A field read back: the need with it, or why the text is refused. */
export type FieldRead = { ok: true; need: Need } | { ok: false; message: string };

/** Periods with no Frequency of their own, by times per year. */
const PERIOD_NAMES: Record<number, string> = {
  2: 'semestriel',
  4: 'trimestriel',
  6: 'bimestriel',
};

const euros = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

function labelsText(need: Need, field: 'requiredLabels' | 'preferredLabels'): string {
  return need[field].map((label) => LABEL_NAMES[label]).join(', ');
}

function frequencyText(need: Need): string {
  if (need.frequency) return FREQUENCY_NAMES[need.frequency];
  if (need.timesPerYear === null) return '';
  return PERIOD_NAMES[need.timesPerYear] ?? `${need.timesPerYear} fois par an`;
}

/** The text a field shows in the editor; reading it back gives the same need. */
export function needFieldText(need: Need, field: NeedField): string {
  switch (field) {
    case 'title':
      return need.title;
    case 'keywords':
      return need.keywords.join(', ');
    case 'quantity':
      return need.quantity === null ? '' : formatFrenchNumber(need.quantity, 6);
    case 'unit':
      return need.unit ?? '';
    case 'frequency':
      return frequencyText(need);
    case 'date': {
      const day = need.date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(need.date) : null;
      return day ? `${day[3]}/${day[2]}/${day[1]}` : (need.date ?? '');
    }
    case 'budget':
      return need.budget === null ? '' : euros.format(need.budget);
    case 'maxDistance':
      return formatFrenchNumber(need.maxDistanceKm, 3);
    case 'requiredLabels':
    case 'preferredLabels':
      return labelsText(need, field);
    case 'cpv':
      return need.cpv ?? '';
    case 'sector':
      return need.sector ?? '';
    case 'place':
      return need.placeText;
  }
}

/** The canonical and yearly quantities of a need, from its quantity, unit and period. */
export function withQuantities(need: Need): Need {
  const parsed = need.unit ? parseUnit(need.unit) : null;
  const unit = parsed?.status === 'found' ? parsed.unit : null;
  const normalizedQuantity =
    unit && need.quantity !== null ? toCanonical(need.quantity, unit) : null;
  const perPeriod = unit ? normalizedQuantity : need.quantity;
  return {
    ...need,
    quantityKind: unit?.kind ?? null,
    unitCode: unit ? CANONICAL_UNITS[unit.kind].code : null,
    normalizedQuantity,
    annualQuantity:
      perPeriod === null ? null : annualise(perPeriod, need.timesPerYear ?? 1),
  };
}

function numberProblem(text: string, reason: 'not-a-number' | 'ambiguous'): string {
  return reason === 'ambiguous'
    ? `« ${text} » est ambigu (mille ou un virgule ?) : écrivez 1234 ou 1,234.`
    : `« ${text} » n’est pas un nombre : écrivez par exemple 12 ou 12,5.`;
}

function readQuantity(need: Need, text: string): FieldRead {
  if (text === '') return { ok: true, need: withQuantities({ ...need, quantity: null }) };
  const number = parseFrenchNumber(text);
  if (!number.ok) {
    const hint = /\d\s*[^\d\s.,]/.test(text) ? ' L’unité va dans sa propre colonne.' : '';
    return { ok: false, message: numberProblem(text, number.reason) + hint };
  }
  if (number.value < 0) {
    return {
      ok: false,
      message: `« ${text} » : une quantité ne peut pas être négative.`,
    };
  }
  return { ok: true, need: withQuantities({ ...need, quantity: number.value }) };
}

function readFrequency(need: Need, text: string): FieldRead {
  if (text === '') {
    return {
      ok: true,
      need: withQuantities({ ...need, frequency: null, timesPerYear: null }),
    };
  }
  const period = parsePeriod(text);
  if (!period.ok) {
    return {
      ok: false,
      message:
        period.reason === 'daily'
          ? `« ${text} » ne dit pas combien de jours par an : indiquez la quantité ` +
            'par semaine, par mois ou par an.'
          : `« ${text} » n’est pas une fréquence reconnue : écrivez ponctuel, ` +
            'hebdomadaire, mensuel, trimestriel ou annuel.',
    };
  }
  const { frequency, timesPerYear } = period;
  return { ok: true, need: withQuantities({ ...need, frequency, timesPerYear }) };
}

function readDate(need: Need, text: string): FieldRead {
  if (text === '') return { ok: true, need: { ...need, date: null } };
  const day = parseFrenchDate(text);
  if (day.ok) return { ok: true, need: { ...need, date: day.iso } };
  return {
    ok: false,
    message:
      day.reason === 'impossible'
        ? `« ${text} » n’existe pas dans le calendrier.`
        : `« ${text} » n’est pas une date : écrivez-la jj/mm/aaaa, par exemple 15/09/2026.`,
  };
}

function readBudget(need: Need, text: string): FieldRead {
  if (text === '') return { ok: true, need: { ...need, budget: null } };
  const number = parseFrenchNumber(text);
  if (!number.ok) return { ok: false, message: numberProblem(text, number.reason) };
  if (number.value < 0) {
    return { ok: false, message: `« ${text} » : un budget ne peut pas être négatif.` };
  }
  return { ok: true, need: { ...need, budget: number.value } };
}

function readDistance(need: Need, text: string): FieldRead {
  if (text === '') {
    return {
      ok: false,
      message: 'Indiquez une distance maximale en km, par exemple 50.',
    };
  }
  const number = parseFrenchNumber(text.replace(/\s*km$/i, ''));
  if (!number.ok) return { ok: false, message: numberProblem(text, number.reason) };
  if (number.value <= 0) {
    return { ok: false, message: `« ${text} » : la distance doit dépasser 0 km.` };
  }
  return { ok: true, need: { ...need, maxDistanceKm: number.value } };
}

function readLabels(
  need: Need,
  field: 'requiredLabels' | 'preferredLabels',
  text: string,
): FieldRead {
  const { labels, unknown } = parseLabels(text);
  if (unknown.length > 0) {
    const names = unknown.map((u) => `« ${u} »`).join(', ');
    return {
      ok: false,
      message:
        `${unknown.length > 1 ? 'Labels inconnus' : 'Label inconnu'} : ${names}. ` +
        'Écrivez par exemple AB, commerce équitable, insertion, ESAT, ESUS.',
    };
  }
  return { ok: true, need: { ...need, [field]: labels } };
}

/**
 * The need with `field` set from the text the buyer typed, or the French
 * reason the text cannot be read (the need is then left as it was).
 */
export function readNeedField(
  need: Need,
  field: TypedNeedField,
  text: string,
): FieldRead {
  const trimmed = text.trim();
  switch (field) {
    case 'title':
      return { ok: true, need: { ...need, title: text } };
    case 'keywords':
      return {
        ok: true,
        need: {
          ...need,
          keywords: trimmed
            .split(/[,;]/)
            .map((word) => word.trim())
            .filter((word) => word !== ''),
        },
      };
    case 'quantity':
      return readQuantity(need, trimmed);
    case 'unit':
      return {
        ok: true,
        need: withQuantities({ ...need, unit: trimmed === '' ? null : trimmed }),
      };
    case 'frequency':
      return readFrequency(need, trimmed);
    case 'date':
      return readDate(need, trimmed);
    case 'budget':
      return readBudget(need, trimmed);
    case 'maxDistance':
      return readDistance(need, trimmed);
    case 'requiredLabels':
    case 'preferredLabels':
      return readLabels(need, field, trimmed);
  }
}

function placeProblem(need: Need): NeedProblem | null {
  const text = need.placeText.trim();
  if (need.place) return null;
  if (text === '') {
    return {
      field: 'place',
      message: 'Lieu de livraison manquant : indiquez la commune ou le code postal.',
    };
  }
  if (need.placeCandidates.length > 1) {
    // Only the first site of « Saint-Denis ; Lille » waits for a pick: name it alone.
    const count = `choisissez la bonne parmi les ${need.placeCandidates.length} proposées.`;
    return {
      field: 'place',
      message:
        siteParts(text).length > 1
          ? `${pickedSiteName(text)} : plusieurs communes portent ce nom, ${count}`
          : `Plusieurs communes s’appellent « ${text} » : ${count}`,
    };
  }
  return {
    field: 'place',
    message: `Lieu « ${text} » introuvable : corrigez la commune ou le code postal.`,
  };
}

function unitProblem(need: Need): NeedProblem | null {
  const unit = need.unit?.trim() ?? '';
  if (need.quantity !== null && unit === '') {
    return {
      field: 'unit',
      message:
        `Quantité ${formatFrenchNumber(need.quantity, 6)} sans unité : précisez-la ` +
        '(kg, L, repas, heures, unités…).',
    };
  }
  if (unit === '') return null;
  if (need.quantity === null) {
    return { field: 'quantity', message: `Unité « ${unit} » sans quantité.` };
  }
  const parsed = parseUnit(unit);
  if (parsed.status === 'ambiguous') {
    return {
      field: 'unit',
      message:
        `Unité « ${unit} » ambiguë : écrivez ` +
        `${parsed.units.map((u) => `« ${u.symbol} »`).join(' ou ')}.`,
    };
  }
  if (parsed.status === 'unknown') {
    return {
      field: 'unit',
      message:
        `Unité « ${unit} » non reconnue : la quantité n’est ni convertie ni ` +
        'comparée aux capacités des fournisseurs.',
    };
  }
  return null;
}

/**
 * What still needs fixing in a need, in the order of the table's columns:
 * a title, something that says what is bought (CPV code, sector or
 * keywords, as the import asks), a quantity with a unit known, and a place
 * found and not ambiguous.
 */
export function needProblems(need: Need): NeedProblem[] {
  const problems: NeedProblem[] = [];
  if (need.title.trim() === '') {
    problems.push({ field: 'title', message: 'Intitulé manquant : décrivez l’achat.' });
  }
  const sector = need.sector?.trim() ?? '';
  if (need.cpv === null && sector === '' && need.keywords.length === 0) {
    problems.push({
      field: 'cpv',
      message:
        'Ni code CPV, ni secteur, ni mots-clés : indiquez au moins l’un des trois ' +
        'pour trouver des fournisseurs.',
    });
  }
  const unit = unitProblem(need);
  if (unit) problems.push(unit);
  const place = placeProblem(need);
  if (place) problems.push(place);
  return problems;
}

const problemsByNeed = new WeakMap<Need, readonly NeedProblem[]>();

/**
 * `needProblems`, worked out once per need object: needs are never changed
 * in place (an edit makes a new one), so a plan of thousands of needs only
 * checks the needs an edit made.
 */
export function cachedNeedProblems(need: Need): readonly NeedProblem[] {
  let problems = problemsByNeed.get(need);
  if (!problems) {
    problems = needProblems(need);
    problemsByNeed.set(need, problems);
  }
  return problems;
}
