import net from 'node:net';

/**
 * A TCP relay to a real server that a test can cut and restore, to play a dependency going
 * away (Redis lost while running) or not being there yet (unreachable at start). Nothing is
 * mocked: while up, every byte goes to the real server.
 */
export interface TcpProxy {
  port: number;
  /** Accept connections again on the same port. */
  up(): Promise<void>;
  /** Stop listening and cut every open connection. */
  down(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, opts: { port?: number; startDown?: boolean } = {}): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = opts.port ?? 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => sock.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const stop = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  if (opts.startDown) {
    // Reserve a port nobody listens on yet.
    await listen();
    await stop();
  } else await listen();

  return {
    get port() {
      return port;
    },
    up: listen,
    down: stop,
    close: stop,
  };
}
