import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ContractDispatcher } from '../contract/contract-binder';
import type { ContractEventName, ContractEvents } from '../contract/contract-events';
import { errorResult } from '../contract/contract-result';
import { parseInvokeMessage, type EventMessage, type ResultMessage } from '../contract/wire-messages';
import { isHostTokenValid, tokenFromRequestUrl } from './host-token';

/** Largest frame a client may send (a CA import with a long chain fits easily). */
const MAX_FRAME_BYTES = 1024 * 1024;

export interface ContractSocketOptions {
  dispatcher: ContractDispatcher;
  token: string;
  /** The URL path clients connect to. Default '/contract'. */
  path?: string;
}

/**
 * The contract over WebSocket. Upgrades are accepted only on `path` with the right `token` query
 * parameter; anything else gets HTTP 401/404 and the socket is destroyed. Each connection gets every
 * contract event (`broadcast`).
 */
export class ContractSocket {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly path: string;

  constructor(private readonly options: ContractSocketOptions) {
    this.path = options.path ?? '/contract';
    this.server.on('connection', (socket) => this.onConnection(socket));
  }

  /** For http.Server's 'upgrade' event. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname !== this.path) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    if (!isHostTokenValid(this.options.token, tokenFromRequestUrl(request.url))) {
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (client) => this.server.emit('connection', client, request));
  }

  broadcast<Event extends ContractEventName>(event: Event, payload: ContractEvents[Event]): void {
    const frame = JSON.stringify({ kind: 'event', event, payload } satisfies EventMessage);
    for (const client of this.server.clients) {
      if (client.readyState === client.OPEN) client.send(frame);
    }
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, 'text frames only');
        return;
      }
      void this.onMessage(socket, data);
    });
  }

  private async onMessage(socket: WebSocket, data: RawData): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawToText(data));
    } catch {
      socket.close(1007, 'invalid JSON');
      return;
    }
    const message = parseInvokeMessage(parsed);
    if (!message) {
      socket.close(1008, 'not an invoke message');
      return;
    }
    let reply: ResultMessage;
    try {
      reply = { kind: 'result', id: message.id, result: await this.options.dispatcher.invoke(message.name, message.input) };
    } catch {
      reply = {
        kind: 'result',
        id: message.id,
        result: errorResult({ code: 'internal', message: 'The station host failed to run the request.', hint: '' }),
      };
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
  }
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
