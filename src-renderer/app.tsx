import { useState } from 'react';
import { EnrollmentScreen } from './features/enrollment/enrollment-screen';
import { LedgerScreen } from './features/ledger/ledger-screen';
import { SetupScreen } from './features/setup/setup-screen';
import { StationScreen } from './features/station/station-screen';

const SCREENS = [
  { id: 'station', label: 'Station' },
  { id: 'setup', label: 'Setup' },
  { id: 'ledger', label: 'Ledger' },
  { id: 'enrollment', label: 'Enrollment' },
] as const;

type ScreenId = (typeof SCREENS)[number]['id'];

export function App() {
  const [screen, setScreen] = useState<ScreenId>('station');
  return (
    <div className="app">
      <nav className="app-nav" aria-label="Screens">
        <span className="app-title">Provisioning Station</span>
        {SCREENS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            className={entry.id === screen ? 'nav-button nav-button-active' : 'nav-button'}
            aria-current={entry.id === screen ? 'page' : undefined}
            data-testid={`nav-${entry.id}`}
            onClick={() => setScreen(entry.id)}
          >
            {entry.label}
          </button>
        ))}
      </nav>
      <main className="app-main">
        {screen === 'station' && <StationScreen />}
        {screen === 'setup' && <SetupScreen />}
        {screen === 'ledger' && <LedgerScreen />}
        {screen === 'enrollment' && <EnrollmentScreen />}
      </main>
    </div>
  );
}
