/**
 * The public shapes the renderer reads, re-exported so src-renderer imports only from contract/.
 * RUN_STEPS is the one value: the ordered step names for the station tiles.
 */
export { RUN_STEPS } from '../core/station/station-core-api';
export type {
  CaSummary,
  PortTile,
  ProvisionMode,
  RegistryView,
  RunStep,
  ShiftCounters,
  StationOverview,
  TileState,
} from '../core/station/station-core-api';
export type { CertificateProfile, PortSettings, RegistrySettings } from '../core/config/station-config';
export type {
  ChainVerification,
  CredentialSearch,
  CredentialStatus,
  EnrollmentStatus,
  EventRecord,
  RunRecord,
  StepRecord,
} from '../core/ledger/ledger-types';
export type { BoardHistoryView, CredentialView, EnrollmentOverviewView } from './credential-view';
