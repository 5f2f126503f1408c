/** The one place errors a person must see are kept, shown by ErrorBanner. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, onServiceAnswered, UNREACHABLE_MESSAGE } from '../api/api-error';
import type { ServiceError } from '../../../shared/ipc';

/** An error shown in the banner. */
export interface ShownError {
  id: number;
  message: string;
  issues: NonNullable<ServiceError['issues']>;
}

const UNEXPECTED =
  'Une erreur inattendue est survenue dans l’interface. Réessayez ; si elle persiste, ' +
  'rechargez la fenêtre.';

/** Errors shown to the person, newest last; each can be dismissed. */
export const useErrorStore = defineStore('errors', () => {
  const errors = ref<ShownError[]>([]);
  let nextId = 1;

  function show(message: string, issues: ShownError['issues'] = []): void {
    errors.value.push({ id: nextId++, message, issues });
  }

  /** Shows any thrown value: ApiError messages as is, anything else generically. */
  function report(error: unknown): void {
    if (error instanceof ApiError) {
      show(error.message, error.issues);
      return;
    }
    console.error('[renderer]', error);
    show(UNEXPECTED);
  }

  function dismiss(id: number): void {
    errors.value = errors.value.filter((e) => e.id !== id);
  }

  function clear(): void {
    errors.value = [];
  }

  // The services answer again (restarted after a stop): « ne répond pas » is over.
  onServiceAnswered(() => {
    if (errors.value.some((e) => e.message === UNREACHABLE_MESSAGE)) {
      errors.value = errors.value.filter((e) => e.message !== UNREACHABLE_MESSAGE);
    }
  });

  return { errors, show, report, dismiss, clear };
});
