import keytar from 'keytar';
import { StationError } from '../errors';
import { STATION_KEYCHAIN_SERVICE, type SecretStore } from './secret-store';

const UNAVAILABLE_HINT =
  'On macOS and Windows the system keychain is used. On a Linux station: log in to a desktop session, or ' +
  '(headless) install gnome-keyring and dbus and run the station inside its own session: ' +
  `dbus-run-session -- sh -c 'printf %s "$KEYRING_PASSPHRASE" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec station …' ` +
  '(the same non-empty passphrase every time opens the same keyring). See the README, "The OS keychain".';

/**
 * The OS keychain through keytar (libsecret on Linux, Keychain on macOS, Credential Vault on Windows).
 * keytar's own errors are replaced by `keychain-unavailable`: they can echo D-Bus details but never
 * the secret, and the operator needs the hint more than the D-Bus text.
 */
export class KeytarSecretStore implements SecretStore {
  readonly description = 'OS keychain (keytar: libsecret / Keychain / Credential Vault)';

  constructor(private readonly service: string = STATION_KEYCHAIN_SERVICE) {}

  async get(account: string): Promise<string | null> {
    return this.call('read', () => keytar.getPassword(this.service, account));
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call('write', () => keytar.setPassword(this.service, account, secret));
  }

  async delete(account: string): Promise<boolean> {
    return this.call('delete', () => keytar.deletePassword(this.service, account));
  }

  async checkAvailable(): Promise<void> {
    await this.call('reach', () => keytar.findCredentials(`${this.service}:probe`));
  }

  private async call<T>(verb: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
      throw new StationError('keychain-unavailable', `Could not ${verb} the OS keychain: ${reason}.`, {
        hint: UNAVAILABLE_HINT,
      });
    }
  }
}
