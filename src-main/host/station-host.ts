import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bindContract } from '../contract/contract-binder';
import { forwardCoreEvents } from '../contract/contract-events';
import type { StationCoreApi } from '../core/station/station-core-api';
import { ContractSocket } from './contract-socket';
import { createHostToken } from './host-token';
import { serveStaticFile } from './static-file-server';

export interface StationHostOptions {
  core: StationCoreApi;
  /** TCP port; default 0 (the OS picks a free one). */
  port?: number;
  /** Interface to bind. Default and recommended '127.0.0.1': the host has no TLS. */
  host?: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Fixed token (tests); default a fresh random one per start. */
  token?: string;
}

export interface StationHost {
  /** Open this in a browser: http://127.0.0.1:PORT/?token=… */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Stops serving and unsubscribes from the core; does not close the core. */
  close(): Promise<void>;
}

/**
 * Serves the built renderer as static files and the contract over a WebSocket at /contract, for
 * browser tests and a remote view of a station. Failure: rejects when the port cannot be bound.
 */
export async function startStationHost(options: StationHostOptions): Promise<StationHost> {
  const token = options.token ?? createHostToken();
  const bindHost = options.host ?? '127.0.0.1';
  const socket = new ContractSocket({ dispatcher: bindContract(options.core), token });
  const allowedHosts = new Set<string>();
  const server = http.createServer((request, response) => {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      // NOTE: a page on another name that resolves to 127.0.0.1 (DNS rebinding) gets nothing.
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request\n');
      return;
    }
    serveStaticFile(options.rendererDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on('upgrade', (request, duplex, head) => {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      duplex.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      duplex.destroy();
      return;
    }
    socket.handleUpgrade(request, duplex, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const unsubscribe = forwardCoreEvents(options.core, (event, payload) => socket.broadcast(event, payload));
  const { port } = server.address() as AddressInfo;
  const urlHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  for (const name of [urlHost, 'localhost', '127.0.0.1', '[::1]']) allowedHosts.add(`${name}:${port}`);

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
