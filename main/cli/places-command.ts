/** `passerelle places <texte>`: how Passerelle understands a place. */
import type { Place, PlaceResolution } from '../../shared/model';
import { buildPlaceIndex, resolvePlace } from '../../shared/places/place-index';
import { siteParts } from '../../shared/plan/resolve-sites';
import { loadResources } from '../services/load-resources';
import { resourcesDir } from '../services/resource-paths';
import { UserError } from '../services/user-error';
import type { CliOutput } from './match-command';

function describePlace(place: Place): string {
  const codes = [
    place.postcode && !place.label.includes(place.postcode)
      ? `CP ${place.postcode}`
      : null,
    place.inseeCode ? `INSEE ${place.inseeCode}` : null,
    place.departement ? `dép. ${place.departement}` : null,
  ].filter(Boolean);
  const coords = `${place.lat.toFixed(5).replace('.', ',')} ; ${place.lon.toFixed(5).replace('.', ',')}`;
  return `${place.label}${codes.length ? ` (${codes.join(', ')})` : ''} : ${coords}`;
}

/** The lines printed for one place text: the place, or its homonyms. */
function resolutionLines(resolution: PlaceResolution, text: string): string[] {
  if (resolution.status === 'found') return [describePlace(resolution.place)];
  if (resolution.status === 'ambiguous') {
    return [
      `« ${text} » est ambigu ; ${resolution.candidates.length} lieux possibles :`,
      ...resolution.candidates.map((place) => `  - ${describePlace(place)}`),
    ];
  }
  return [resolution.message];
}

/**
 * Resolves `text` and prints the place, the candidates, or why none. A text
 * of several sites (« Harnes ; Lens ») is read as the plan's place cell reads
 * it: each site on its own, fails when one of them is not found.
 */
export async function runPlacesCommand(text: string, io: CliOutput): Promise<void> {
  const resources = await loadResources(resourcesDir());
  const index = buildPlaceIndex(resources.communes);
  const parts = siteParts(text);
  if (parts.length === 1) {
    const resolution = resolvePlace(index, text);
    if (resolution.status === 'not-found') throw new UserError(resolution.message);
    for (const line of resolutionLines(resolution, text)) io.out(line);
    return;
  }
  io.out(`${parts.length} sites de livraison :`);
  const missing: string[] = [];
  parts.forEach((part, position) => {
    const resolution = resolvePlace(index, part);
    const [first, ...rest] = resolutionLines(resolution, part);
    const ordinal = position === 0 ? '1er site' : `${position + 1}e site`;
    const line = `${ordinal} « ${part} » : ${first}`;
    if (resolution.status === 'not-found') missing.push(line);
    io.out(line);
    for (const line of rest) io.out(line);
  });
  if (missing.length > 0) throw new UserError(missing.join(' '));
}
