/**
 * Pieces of a secret worth searching for: the whole value, its base64 body without PEM armour or line
 * breaks, and the 32-character slices of that body starting every 8 characters, so any leaked run of
 * 40 or more body characters (a re-wrapped or partly copied key) contains one of them.
 */
export function secretFragments(secret: string): string[] {
  const body = secret.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  const fragments = new Set<string>([secret, body]);
  for (let start = 0; start + 32 <= body.length; start += 8) fragments.add(body.slice(start, start + 32));
  return [...fragments].filter((fragment) => fragment.length >= 16);
}
