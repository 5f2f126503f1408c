/** Errors meant for the person using Passerelle: a French message, maybe issues. */
import type { ImportIssue } from '../../shared/model';
import type { ServiceError } from '../../shared/ipc';

/** A failure the user can understand and fix; its message is shown as is. */
export class UserError extends Error {
  readonly issues: ImportIssue[];

  constructor(message: string, issues: ImportIssue[] = []) {
    super(message);
    this.name = 'UserError';
    this.issues = issues;
  }
}

/** Generic French message for failures that are our fault, not the user's. */
export const UNEXPECTED_ERROR_MESSAGE =
  'Une erreur inattendue est survenue. Réessayez ; si elle persiste, ' +
  'signalez-la avec le journal de l’application.';

/**
 * Turns any thrown value into the error shape sent to the renderer: a UserError
 * keeps its message; anything else is logged with the area and hidden.
 */
export function toServiceError(error: unknown, area: string): ServiceError {
  if (error instanceof UserError) {
    return error.issues.length > 0
      ? { message: error.message, issues: error.issues }
      : { message: error.message };
  }
  console.error(`[${area}]`, error);
  return { message: UNEXPECTED_ERROR_MESSAGE };
}
