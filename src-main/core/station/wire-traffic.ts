import type { LineTransport } from '../devices/line-transport';

export type WireDirection = 'to-board' | 'from-board';
export type WireTrafficListener = (direction: WireDirection, bytes: number) => void;

/**
 * Wraps a transport so every byte that crosses the wire is counted (line endings included: CR LF as
 * the protocol writes them). Used by the benchmarks to compare a run with its wire-time bound.
 */
export function countWireTraffic(transport: LineTransport, listener: WireTrafficListener): LineTransport {
  transport.onLine((line) => listener('from-board', Buffer.byteLength(line, 'latin1') + 2));
  return {
    get name() {
      return transport.name;
    },
    get isOpen() {
      return transport.isOpen;
    },
    writeLine(line) {
      listener('to-board', Buffer.byteLength(line, 'latin1'));
      return transport.writeLine(line);
    },
    onLine: (lineListener) => transport.onLine(lineListener),
    onClose: (closeListener) => transport.onClose(closeListener),
    close: () => transport.close(),
  };
}
