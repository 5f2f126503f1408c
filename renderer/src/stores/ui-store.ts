/** Which screen is shown: a simple tab state instead of a router. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Tab = 'catalogue' | 'plan' | 'results';

/** Tab names as the navigation shows them. */
export const TAB_NAMES: Record<Tab, string> = {
  catalogue: 'Catalogue',
  plan: 'Plan d’achats',
  results: 'Résultats',
};

/** The current tab. */
export const useUiStore = defineStore('ui', () => {
  const tab = ref<Tab>('catalogue');
  function open(next: Tab): void {
    tab.value = next;
  }
  return { tab, open };
});
