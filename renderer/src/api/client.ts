/** Typed calls to the services: Electron IPC when present, else the HTTP bridge. */
import type { Channel, IpcContract, ServiceReply } from '../../../shared/ipc';
import { ApiError, serviceAnswered, UNREACHABLE_MESSAGE } from './api-error';

async function invokeOverHttp<C extends Channel>(
  channel: C,
  args: IpcContract[C]['args'],
): Promise<ServiceReply<C>> {
  let response: Response;
  try {
    response = await fetch(`./api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args }),
    });
  } catch (error) {
    console.error('[renderer] fetch failed', channel, error);
    throw new ApiError(UNREACHABLE_MESSAGE);
  }
  try {
    return (await response.json()) as ServiceReply<C>;
  } catch {
    throw new ApiError(
      `Réponse illisible du service (code HTTP ${response.status}). Réessayez.`,
    );
  }
}

/** Calls one service; resolves with its result or rejects with an ApiError. */
export async function call<C extends Channel>(
  channel: C,
  ...args: IpcContract[C]['args']
): Promise<IpcContract[C]['result']> {
  const reply = window.passerelle
    ? // IPC cannot clone Vue's reactive proxies: send plain data.
      await window.passerelle.invoke(
        channel,
        ...(JSON.parse(JSON.stringify(args)) as IpcContract[C]['args']),
      )
    : await invokeOverHttp(channel, args);
  serviceAnswered();
  if ('error' in reply) {
    console.warn('[renderer]', channel, reply.error.message);
    throw new ApiError(reply.error.message, reply.error.issues);
  }
  return reply.result;
}
