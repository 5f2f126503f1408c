/** What the progress bar shows for one SyncProgress: its value, its maximum, its words. */
import type { SyncProgress } from '../../../shared/feed/sync-types';
import { formatBytes, formatNumber } from '../../../shared/format/french-format';

export interface ProgressView {
  /** Value and maximum of the <progress>; null value: indeterminate. */
  value: number | null;
  max: number;
  text: string;
}

/** Bytes while downloading (« 1,2 Mo sur 4,4 Mo »), then suppliers applied. */
export function progressView(progress: SyncProgress | null): ProgressView {
  if (!progress) return { value: null, max: 1, text: 'Démarrage…' };
  switch (progress.phase) {
    case 'download': {
      const { bytes, totalBytes } = progress;
      if (bytes === 0 && totalBytes === null) {
        return { value: null, max: 1, text: 'Connexion à la source…' };
      }
      if (totalBytes === null || totalBytes <= 0) {
        return { value: null, max: 1, text: `${formatBytes(bytes)} reçus` };
      }
      return {
        value: Math.min(bytes, totalBytes),
        max: totalBytes,
        text: `${formatBytes(bytes)} sur ${formatBytes(totalBytes)}`,
      };
    }
    case 'check':
      return { value: null, max: 1, text: 'Vérification du contenu reçu…' };
    case 'apply': {
      const { applied, total } = progress;
      if (total === null || total <= 0) {
        return {
          value: null,
          max: 1,
          text: `${formatNumber(applied)} fiches appliquées`,
        };
      }
      return {
        value: Math.min(applied, total),
        max: total,
        text: `${formatNumber(applied)} sur ${formatNumber(total)} fiches`,
      };
    }
    case 'save':
      return { value: null, max: 1, text: 'Enregistrement du catalogue…' };
    case 'done':
      return { value: 1, max: 1, text: 'Terminé' };
    case 'failed':
      return { value: 1, max: 1, text: 'Échec' };
    case 'cancelled':
      return { value: 1, max: 1, text: 'Annulée' };
  }
}
