/** Registers exactly the channels of shared/ipc.ts, for our renderer only. */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type PasserelleApi, type ServiceReply } from '../shared/ipc';
import { toServiceError } from './services/user-error';
import { isOurRenderer } from './window-security';

/** Handles every channel; answers `{ result }` or `{ error }` (a French ServiceError). */
export function registerIpcHandlers(services: PasserelleApi, rendererUrl: string): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(
      channel,
      async (
        event: IpcMainInvokeEvent,
        ...args: unknown[]
      ): Promise<ServiceReply<typeof channel>> => {
        if (!isOurRenderer(event.senderFrame?.url, rendererUrl)) {
          console.warn('[ipc] refused', channel, 'from', event.senderFrame?.url);
          return { error: { message: 'Appel refusé : il ne vient pas de Passerelle.' } };
        }
        if (!Array.isArray(args)) return { error: { message: 'Arguments invalides.' } };
        try {
          const call = services[channel] as (...a: unknown[]) => Promise<never>;
          return { result: await call(...args) };
        } catch (error) {
          return { error: toServiceError(error, 'ipc') };
        }
      },
    );
  }
}
