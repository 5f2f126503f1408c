/** SIRET / SIREN checks (Luhn key). */

/** True when the digits pass the Luhn check. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Why a SIRET is unusable, in French, or null when it is a valid 14-digit SIRET. */
export function siretProblem(siret: string): string | null {
  if (!/^\d+$/.test(siret)) return 'le SIRET contient autre chose que des chiffres';
  if (siret.length !== 14) return `le SIRET a ${siret.length} chiffres au lieu de 14`;
  if (!passesLuhn(siret)) return 'le SIRET ne respecte pas la clé de Luhn';
  return null;
}
