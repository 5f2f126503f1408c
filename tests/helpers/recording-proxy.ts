/**
 * A tiny HTTP proxy on 127.0.0.1 that records what it is asked to reach, to
 * check that a proxy setting (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) is honoured.
 * It only tunnels (CONNECT, as undici does by default) and only to 127.0.0.1;
 * `refuseWith` makes it answer every CONNECT with that status instead.
 *
 *   const proxy = await startRecordingProxy();
 *   process.env.HTTP_PROXY = proxy.origin;
 *   … download …
 *   expect(proxy.targets).toEqual([`127.0.0.1:${server.port}`]);
 *   await proxy.close();
 */
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface RecordingProxy {
  readonly port: number;
  /** "http://127.0.0.1:<port>" */
  readonly origin: string;
  /** host:port of every CONNECT received, in order. */
  readonly targets: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(
  options: { refuseWith?: number } = {},
): Promise<RecordingProxy> {
  const targets: string[] = [];
  const tunnels = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(501, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Ce proxy de test ne fait que des tunnels (CONNECT).');
  });

  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    targets.push(target);
    const [host, port] = target.split(':');
    if (options.refuseWith || host !== '127.0.0.1') {
      client.end(`HTTP/1.1 ${options.refuseWith ?? 403} Refused\r\n\r\n`);
      return;
    }
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => tunnels.delete(socket));
    }
  });

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    targets,
    close: () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
