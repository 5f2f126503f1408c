/** The Electron preload's bridge; absent in the browser mode. */
import type { PasserelleBridge } from '../../shared/ipc';

declare global {
  interface Window {
    passerelle?: PasserelleBridge;
  }
}

export {};
