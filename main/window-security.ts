/** Window security written once: preferences, CSP, allowed external links. */
import type { WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from './server/http-server';

/** The one set of preferences every Passerelle window uses. */
export function windowPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/**
 * The window's CSP: the browser mode's policy; in development only, inline
 * styles are allowed because Vite's dev server injects CSS as <style> tags.
 */
export function rendererCsp(development: boolean): string {
  return development
    ? CONTENT_SECURITY_POLICY.replace(
        "style-src 'self'",
        "style-src 'self' 'unsafe-inline'",
      )
    : CONTENT_SECURITY_POLICY;
}

/** Protocols a link may open in the user's own browser or mail client. */
const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Whether `url` may be handed to shell.openExternal. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return EXTERNAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Whether the frame that sent a message shows our renderer. */
export function isOurRenderer(
  frameUrl: string | undefined,
  rendererUrl: string,
): boolean {
  if (!frameUrl) return false;
  try {
    const frame = new URL(frameUrl);
    const ours = new URL(rendererUrl);
    if (ours.protocol === 'file:')
      return frame.protocol === 'file:' && frame.pathname === ours.pathname;
    return frame.origin === ours.origin;
  } catch {
    return false;
  }
}
