/**
 * The one place that loads @peculiar/x509: its tsyringe container needs the reflect-metadata polyfill
 * loaded first, and the library's crypto provider is pinned to Node's webcrypto.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
