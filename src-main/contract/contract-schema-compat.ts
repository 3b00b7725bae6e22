import type { z } from 'zod';
import type { CertificateProfile, PortSettings, RegistrySettings } from '../core/config/station-config';
import type { CredentialSearch } from '../core/ledger/ledger-types';
import type {
  certificateProfileInputSchema,
  credentialSearchInputSchema,
  portSettingsInputSchema,
  registrySettingsInputSchema,
} from './contract-schemas';

/**
 * Compile-time proof that the contract's input schemas produce what the core's settings types accept.
 * Type-only: nothing here exists at run time. If a core type gains a required field, tsc fails here.
 */
type Assignable<From extends To, To> = [From, To];

export type ContractSchemaCompat = [
  Assignable<z.output<typeof certificateProfileInputSchema>, CertificateProfile>,
  Assignable<z.output<typeof registrySettingsInputSchema>, RegistrySettings>,
  Assignable<z.output<typeof portSettingsInputSchema>, PortSettings>,
  Assignable<z.output<typeof credentialSearchInputSchema>, CredentialSearch>,
];
