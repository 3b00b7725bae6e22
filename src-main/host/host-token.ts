import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The per-start secret that guards the host's WebSocket: 32 random bytes, base64url. Anyone who can
 * reach 127.0.0.1 could otherwise drive the station from a browser tab.
 */
export function createHostToken(random: (size: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(32)).toString('base64url');
}

/** Constant-time comparison; false for a missing, empty or differently sized token. */
export function isHostTokenValid(expected: string, presented: string | null | undefined): boolean {
  if (!presented || expected.length === 0) return false;
  const expectedBytes = Buffer.from(expected, 'utf8');
  const presentedBytes = Buffer.from(presented, 'utf8');
  if (expectedBytes.length !== presentedBytes.length) return false;
  return timingSafeEqual(expectedBytes, presentedBytes);
}

/** The token from a request URL such as `/contract?token=…` (null when absent or unparsable). */
export function tokenFromRequestUrl(requestUrl: string | undefined): string | null {
  if (!requestUrl) return null;
  try {
    return new URL(requestUrl, 'http://127.0.0.1').searchParams.get('token');
  } catch {
    return null;
  }
}
