/**
 * What can go wrong while downloading a file, and the one French sentence the
 * buyer reads about it. The fetcher records a DownloadFailure; the message is
 * written once the retries are over, so that it can say how many were made.
 */
import { formatFrenchNumber } from '../../../shared/plan/parse-french-number';
import { UserError } from '../user-error';

export type DownloadFailure =
  | { kind: 'address' }
  | { kind: 'cancelled' }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'status'; status: number; retryAfterMs: number | null }
  /** Bytes as sent on the wire (before gzip is undone), like Content-Length. */
  | { kind: 'truncated'; received: number; expected: number | null }
  | { kind: 'network'; code: string | null; proxyStatus: number | null }
  /** `problem` ends the sentence « La réponse de <url> est inutilisable : … ». */
  | { kind: 'content'; problem: string }
  | { kind: 'disk'; code: string | null; dir: string };

/** A failed download: a UserError whose `failure` says what happened. */
export class FetchError extends UserError {
  readonly failure: DownloadFailure;

  constructor(failure: DownloadFailure, url: string, attempts = 1) {
    super(describeFailure(failure, url, attempts));
    this.name = 'FetchError';
    this.failure = failure;
  }
}

/** Failures worth another try: the network, a busy or broken server. */
export function isRetryable(failure: DownloadFailure): boolean {
  switch (failure.kind) {
    case 'timeout':
    case 'truncated':
      return true;
    case 'network':
      // A certificate refused now will be refused in a second too.
      return !isCertificateProblem(failure.code);
    case 'status':
      return failure.status >= 500 || failure.status === 429 || failure.status === 408;
    default:
      return false;
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'requête refusée',
  401: 'authentification requise',
  403: 'accès refusé',
  404: 'fichier introuvable',
  408: 'délai de requête dépassé',
  410: 'fichier supprimé',
  429: 'trop de requêtes',
  500: 'erreur interne du serveur',
  502: 'passerelle en erreur',
  503: 'service indisponible',
  504: 'délai de la passerelle dépassé',
};

const NETWORK_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connexion refusée',
  ENOTFOUND: 'serveur introuvable ; vérifiez la connexion au réseau',
  EAI_AGAIN: 'serveur introuvable ; vérifiez la connexion au réseau',
  ECONNRESET: 'connexion coupée par le serveur',
  EPIPE: 'connexion coupée par le serveur',
  UND_ERR_SOCKET: 'connexion coupée par le serveur',
  ETIMEDOUT: 'le serveur ne répond pas',
  UND_ERR_CONNECT_TIMEOUT: 'le serveur ne répond pas',
  ENETUNREACH: 'réseau inaccessible',
  EHOSTUNREACH: 'réseau inaccessible',
  ENETDOWN: 'réseau inaccessible',
};

const DISK_PROBLEMS: Record<string, string> = {
  ENOSPC: 'disque plein',
  EACCES: 'accès refusé',
  EPERM: 'accès refusé',
  EROFS: 'disque en lecture seule',
  ENOTDIR: 'ce n’est pas un dossier',
  EEXIST: 'ce n’est pas un dossier',
};

/** The sentence for one failure at `url`, after `attempts` tries. */
export function describeFailure(
  failure: DownloadFailure,
  url: string,
  attempts: number,
): string {
  const tries = attempts > 1 ? ` (${attempts} tentatives)` : '';
  switch (failure.kind) {
    case 'address':
      return (
        `Adresse non valide : « ${url} » ` +
        '(une adresse web commence par http:// ou https://).'
      );
    case 'cancelled':
      return 'Synchronisation annulée.';
    case 'timeout': {
      const seconds = formatFrenchNumber(failure.timeoutMs / 1000, 1);
      return `Délai dépassé : ${url} n’a rien envoyé pendant ${seconds} s${tries}.`;
    }
    case 'status': {
      const name = STATUS_NAMES[failure.status];
      const status = name ? `${failure.status} (${name})` : String(failure.status);
      return `Le serveur a répondu ${status} pour ${url}${tries}.`;
    }
    case 'truncated': {
      const expected =
        failure.expected === null
          ? ''
          : ` sur ${formatFrenchBytes(failure.expected)} attendus`;
      return (
        `Connexion interrompue après ${formatFrenchBytes(failure.received)}` +
        `${expected} en téléchargeant ${url}${tries}.`
      );
    }
    case 'network':
      return `Impossible de joindre ${url} : ${networkProblem(failure)}${tries}.`;
    case 'content':
      return `La réponse de ${url} est inutilisable : ${failure.problem}.`;
    case 'disk': {
      const problem =
        DISK_PROBLEMS[failure.code ?? ''] ??
        (failure.code ? `erreur ${failure.code}` : 'erreur d’écriture');
      return (
        `Impossible d’écrire le téléchargement de ${url} dans le dossier ` +
        `« ${failure.dir} » : ${problem}.`
      );
    }
  }
}

/** The TLS layer refused the server (its certificate, or the handshake). */
function isCertificateProblem(code: string | null): boolean {
  return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code ?? '');
}

function networkProblem(failure: { code: string | null; proxyStatus: number | null }) {
  if (failure.proxyStatus !== null) {
    return `le proxy a refusé la connexion (réponse ${failure.proxyStatus})`;
  }
  const code = failure.code ?? '';
  if (isCertificateProblem(code)) {
    return (
      'certificat de sécurité du serveur non valide (si votre organisation a sa ' +
      'propre autorité de certification, indiquez son certificat à Passerelle par ' +
      'la variable d’environnement NODE_EXTRA_CA_CERTS)'
    );
  }
  return NETWORK_PROBLEMS[code] ?? `erreur réseau${code ? ` (${code})` : ''}`;
}

/** A size as the buyer reads it: "512 octets", "12,5 ko", "1,2 Mo" (1 ko = 1 000 octets). */
export function formatFrenchBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} octet${bytes > 1 ? 's' : ''}`;
  if (bytes < 1e6) return `${formatFrenchNumber(bytes / 1e3, 1)} ko`;
  if (bytes < 1e9) return `${formatFrenchNumber(bytes / 1e6, 1)} Mo`;
  return `${formatFrenchNumber(bytes / 1e9, 1)} Go`;
}
