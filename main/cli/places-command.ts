/** `passerelle places <texte>`: how Passerelle understands a place. */
import type { Place } from '../../shared/model';
import { buildPlaceIndex, resolvePlace } from '../../shared/places/place-index';
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

/** Resolves `text` and prints the place, the candidates, or why none. */
export async function runPlacesCommand(text: string, io: CliOutput): Promise<void> {
  const resources = await loadResources(resourcesDir());
  const resolution = resolvePlace(buildPlaceIndex(resources.communes), text);
  if (resolution.status === 'found') {
    io.out(describePlace(resolution.place));
  } else if (resolution.status === 'ambiguous') {
    io.out(`« ${text} » est ambigu ; ${resolution.candidates.length} lieux possibles :`);
    for (const place of resolution.candidates) io.out(`  - ${describePlace(place)}`);
  } else {
    throw new UserError(resolution.message);
  }
}
