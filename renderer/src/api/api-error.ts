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

const answeredListeners = new Set<() => void>();

/** Runs `listener` each time the services answer a call (a result or an error of theirs). */
export function onServiceAnswered(listener: () => void): void {
  answeredListeners.add(listener);
}

/** Told by `call` when a reply came: the services are reachable again. */
export function serviceAnswered(): void {
  for (const listener of answeredListeners) listener();
}
