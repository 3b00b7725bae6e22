import type { StationClient } from '../src-main/contract/station-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser (host mode). */
    station?: StationClient;
  }
}

export {};
