import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../src-main/core/devices/station-link/frame-codec';
import { JobLog, redactDataFrame } from '../../../src-main/core/devices/station-link/job-log';

describe('job log', () => {
  it('records entries with the injected clock, without line endings', () => {
    const log = new JobLog(() => new Date('2026-01-02T03:04:05.000Z'));
    const seen: string[] = [];
    log.onEntry((entry) => seen.push(entry.text));
    log.record('sent', '@1 HELLO*00000000\r\n');
    expect(log.entries()).toEqual([{ at: '2026-01-02T03:04:05.000Z', direction: 'sent', text: '@1 HELLO*00000000' }]);
    expect(seen).toEqual(['@1 HELLO*00000000']);
  });

  it('redacts the b64 value of a DATA frame to its length', () => {
    const secret = Buffer.from('private key bytes').toString('base64');
    const redacted = redactDataFrame(encodeFrame(7, 'DATA', [['off', '0'], ['b64', secret]]));
    expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(new RegExp(`^@7 DATA off=0 b64=<redacted ${secret.length} chars>\\*[0-9A-F]{8}\\r\\n$`));
  });
});
