/** Which screen is shown: a simple tab state instead of a router. */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Tab = 'catalogue' | 'plan' | 'results' | 'compare';

/** Tab names as the navigation shows them. */
export const TAB_NAMES: Record<Tab, string> = {
  catalogue: 'Catalogue',
  plan: 'Plan d’achats',
  results: 'Résultats',
  compare: 'Comparer',
};

/** Parts of the catalogue screen under its status panel. */
export type CatalogueSection = 'search' | 'sources' | 'log' | 'files';

export const CATALOGUE_SECTION_NAMES: Record<CatalogueSection, string> = {
  search: 'Recherche',
  sources: 'Sources',
  log: 'Journal des synchronisations',
  files: 'Fichiers catalogue',
};

/** The current tab, and the part of the catalogue screen shown (kept across tabs). */
export const useUiStore = defineStore('ui', () => {
  const tab = ref<Tab>('catalogue');
  const catalogueSection = ref<CatalogueSection>('search');
  function open(next: Tab): void {
    tab.value = next;
  }
  function openCatalogueSection(next: CatalogueSection): void {
    catalogueSection.value = next;
  }
  return { tab, open, catalogueSection, openCatalogueSection };
});
