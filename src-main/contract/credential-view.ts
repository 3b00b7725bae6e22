import type { CredentialRecord } from '../core/ledger/ledger-types';
import type { BoardHistory, EnrollmentOverview } from '../core/station/station-core-api';

/**
 * A credential as it crosses the boundary: the certificate as PEM text instead of DER bytes
 * (a Uint8Array would turn into an object of numbered keys in JSON). Public data only.
 */
export type CredentialView = Omit<CredentialRecord, 'certificateDer'> & { certificatePem: string };

export type BoardHistoryView = Omit<BoardHistory, 'credentials'> & { credentials: CredentialView[] };

export type EnrollmentOverviewView = Omit<EnrollmentOverview, 'items'> & { items: CredentialView[] };

export function toCredentialView(record: CredentialRecord): CredentialView {
  const { certificateDer, ...rest } = record;
  return { ...rest, certificatePem: derToPem(certificateDer, 'CERTIFICATE') };
}

export function toBoardHistoryView(history: BoardHistory): BoardHistoryView {
  return { ...history, credentials: history.credentials.map(toCredentialView) };
}

export function toEnrollmentOverviewView(overview: EnrollmentOverview): EnrollmentOverviewView {
  return { ...overview, items: overview.items.map(toCredentialView) };
}

/** PEM without node:buffer (this file is shared with the renderer); 64-character lines. */
export function derToPem(der: Uint8Array, label: string): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const body = btoa(binary).replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
