import { decodeCsrInput, type DecodedCsr } from './csr-input-decoder';
import { CsrRejectedError, type CsrRejectReason } from './csr-rejected-error';
import { checkCsrPolicy, type AcceptedCsr } from './csr-validators';
import { x509 } from './x509-runtime';

/** What `station csr check` prints: the verdict the line's default policy gives a CSR. */
export interface CsrVerdict {
  verdict: 'accept' | 'reject';
  reason: CsrRejectReason | null;
  message: string;
}

/**
 * Decodes and checks a CSR against the CSR-only policy (no CA, no ledger needed): encoding, size, key
 * type, signature algorithm, proof of possession. Never throws for a bad CSR; other errors propagate.
 */
export function checkCsr(input: Uint8Array | string): CsrVerdict & { accepted: AcceptedCsr | null } {
  try {
    const accepted = checkCsrPolicy(decodeCsrInput(input));
    const normalized = accepted.hadNullSignatureParameters
      ? ' The signature algorithm carried explicit NULL parameters (normalized).'
      : '';
    return {
      verdict: 'accept',
      reason: null,
      message: `The CSR for ${describeSubject(accepted.csr)} is acceptable: EC P-256, ecdsa-with-SHA256, signature valid.${normalized}`,
      accepted,
    };
  } catch (error) {
    if (error instanceof CsrRejectedError) {
      return { verdict: 'reject', reason: error.reason, message: `${error.message} ${error.hint}`, accepted: null };
    }
    throw error;
  }
}

/** The CSR's subject as an RFC 4514 string ("CN=SN-D00001, O=Acme"), or "an empty subject". */
export function describeSubject(csr: DecodedCsr): string {
  try {
    const text = new x509.Name(new Uint8Array(csr.subjectDer)).toString();
    return text.length > 0 ? text : 'an empty subject';
  } catch {
    return 'an unreadable subject';
  }
}
