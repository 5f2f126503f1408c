/** Preload: exposes window.passerelle.invoke for the channels of shared/ipc.ts only. */
import { contextBridge, ipcRenderer } from 'electron';
import { isChannel, type Channel, type PasserelleBridge } from '../../shared/ipc';

const bridge: PasserelleBridge = {
  invoke(channel: Channel, ...args: unknown[]) {
    if (!isChannel(channel)) {
      return Promise.resolve({
        error: { message: `Service inconnu : « ${String(channel)} ».` },
      });
    }
    return ipcRenderer.invoke(channel, ...args);
  },
} as PasserelleBridge;

contextBridge.exposeInMainWorld('passerelle', bridge);
