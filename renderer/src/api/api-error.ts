/** A failed service call, with the French message and issues the person sees. */
import type { ServiceError } from '../../../shared/ipc';

/** Error thrown by `call`: `message` is French and shown as is. */
export class ApiError extends Error {
  readonly issues: NonNullable<ServiceError['issues']>;

  constructor(message: string, issues: ServiceError['issues'] = []) {
    super(message);
    this.name = 'ApiError';
    this.issues = issues;
  }
}

/** Message shown when the services cannot be reached at all. */
export const UNREACHABLE_MESSAGE =
  'Le service Passerelle ne répond pas. Vérifiez qu’il est démarré, puis réessayez.';
