import { describe, expect, it } from 'vitest';
import {
  isOurRenderer,
  isSafeExternalUrl,
  rendererCsp,
  windowPreferences,
} from '../../../main/window-security';

describe('window security', () => {
  it('locks the window down', () => {
    expect(windowPreferences('/app/preload/index.js')).toMatchObject({
      preload: '/app/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('opens only http(s) and mailto links outside', () => {
    expect(isSafeExternalUrl('https://lemarche.inclusion.beta.gouv.fr/')).toBe(true);
    expect(isSafeExternalUrl('mailto:achats@harnes.fr')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
  });

  it('accepts IPC only from our renderer page or dev server', () => {
    const file = 'file:///opt/passerelle/out/renderer/index.html';
    expect(isOurRenderer(`${file}#/plan`, file)).toBe(true);
    expect(isOurRenderer('file:///tmp/evil.html', file)).toBe(false);
    expect(isOurRenderer('https://evil.example/', file)).toBe(false);
    expect(isOurRenderer(undefined, file)).toBe(false);
    const dev = 'http://localhost:5173';
    expect(isOurRenderer('http://localhost:5173/catalogue', dev)).toBe(true);
    expect(isOurRenderer('http://localhost:5174/', dev)).toBe(false);
  });

  it('relaxes inline styles in development only', () => {
    expect(rendererCsp(false)).toContain("style-src 'self';");
    expect(rendererCsp(true)).toContain("style-src 'self' 'unsafe-inline';");
    expect(rendererCsp(true)).toContain("script-src 'self';");
  });
});
