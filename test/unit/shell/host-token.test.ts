import { describe, expect, it } from 'vitest';
import { createHostToken, isHostTokenValid, tokenFromRequestUrl } from '../../../src-main/host/host-token';
import { resolveStaticPath } from '../../../src-main/host/static-file-server';

describe('host token', () => {
  it('is 32 random bytes in base64url', () => {
    const token = createHostToken((size) => new Uint8Array(size).fill(0xfb));
    expect(token).toBe(Buffer.alloc(32, 0xfb).toString('base64url'));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('differs between starts', () => {
    expect(createHostToken()).not.toBe(createHostToken());
  });

  it('accepts only the exact token', () => {
    const token = createHostToken();
    expect(isHostTokenValid(token, token)).toBe(true);
    expect(isHostTokenValid(token, `${token}x`)).toBe(false);
    expect(isHostTokenValid(token, token.slice(1))).toBe(false);
    expect(isHostTokenValid('abcDEF', 'ABCdef')).toBe(false);
    expect(isHostTokenValid(token, '')).toBe(false);
    expect(isHostTokenValid(token, null)).toBe(false);
    expect(isHostTokenValid(token, undefined)).toBe(false);
    expect(isHostTokenValid('', '')).toBe(false);
  });

  it('is read from the request URL query', () => {
    expect(tokenFromRequestUrl('/contract?token=abc_-1')).toBe('abc_-1');
    expect(tokenFromRequestUrl('/contract')).toBeNull();
    expect(tokenFromRequestUrl(undefined)).toBeNull();
  });
});

describe('static paths', () => {
  const root = '/srv/renderer';

  it('maps / to index.html and files inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe('/srv/renderer/index.html');
    expect(resolveStaticPath(root, '/?token=abc')).toBe('/srv/renderer/index.html');
    expect(resolveStaticPath(root, '/assets/index-1.js')).toBe('/srv/renderer/assets/index-1.js');
  });

  it('never leaves the root', () => {
    // Dot segments are resolved by URL parsing first, so they end up inside the root.
    expect(resolveStaticPath(root, '/../secret.txt')).toBe('/srv/renderer/secret.txt');
    expect(resolveStaticPath(root, '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/renderer/etc/passwd');
    // Encoded slashes survive URL parsing; decoding them must not escape.
    expect(resolveStaticPath(root, '/assets/..%2f..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveStaticPath(root, '/a%00b')).toBeNull();
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
  });
});
