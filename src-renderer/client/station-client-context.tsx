import { createContext, useContext, type ReactNode } from 'react';
import type { StationClient } from '../../src-main/contract/station-client';

const StationClientContext = createContext<StationClient | null>(null);

export function StationClientProvider({ client, children }: { client: StationClient; children: ReactNode }) {
  return <StationClientContext.Provider value={client}>{children}</StationClientContext.Provider>;
}

export function useStationClient(): StationClient {
  const client = useContext(StationClientContext);
  if (!client) throw new Error('useStationClient must be used inside StationClientProvider.');
  return client;
}
