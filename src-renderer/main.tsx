import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createStationClient } from './client/create-station-client';
import { StationClientProvider } from './client/station-client-context';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <StationClientProvider client={createStationClient()}>
      <App />
    </StationClientProvider>
  </StrictMode>,
);
