import os from 'node:os';
import path from 'node:path';

/**
 * Where a station keeps its files. `--data-dir` wins, then STATION_DATA_DIR, then the platform's
 * application-data folder (the same folder Electron's app.getPath('userData') would give).
 */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.STATION_DATA_DIR) return path.resolve(env.STATION_DATA_DIR);
  return defaultDataDir(env);
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const appName = 'provisioning-station';
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), appName);
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support', appName);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), appName);
  }
}

/** Every file the station writes under its data directory. None of them ever holds a private key. */
export function dataDirPaths(dataDir: string) {
  return {
    dataDir,
    ledger: path.join(dataDir, 'ledger.sqlite'),
    config: path.join(dataDir, 'station-config.json'),
    caDir: path.join(dataDir, 'ca'),
    /** The CA certificate (PEM), then its issuers up to the root. */
    caChain: path.join(dataDir, 'ca', 'ca-chain.pem'),
    /** A CSR waiting for an offline root's signature (`ca init --csr`). */
    caPendingCsr: path.join(dataDir, 'ca', 'ca-pending.csr'),
    logs: path.join(dataDir, 'logs'),
  };
}

export type DataDirPaths = ReturnType<typeof dataDirPaths>;
