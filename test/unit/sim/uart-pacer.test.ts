import { afterEach, describe, expect, it, vi } from 'vitest';
import { UartPacer } from '../../../src-main/core/sim/uart-pacer';

describe('the UART pacer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands bytes on no faster than baud/10 per second, and catches up after a late tick', () => {
    vi.useFakeTimers();
    let clock = 0;
    const received: number[] = [];
    const pacer = new UartPacer((bytes) => received.push(bytes.length), 10_000, () => clock);
    pacer.write(Buffer.alloc(100)); // 10 000 baud = 1 byte per ms: 100 bytes take 100 ms

    clock = 20; // the pacer wakes at most 20 ms ahead
    vi.advanceTimersByTime(20);
    expect(received.reduce((a, b) => a + b, 0)).toBe(20);

    clock = 70; // the timer ran late: every byte due by now goes at once
    vi.advanceTimersByTime(20);
    expect(received.reduce((a, b) => a + b, 0)).toBe(70);

    clock = 100;
    vi.advanceTimersByTime(30);
    expect(received.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('passes bytes straight through at baud 0 and drops everything after close', () => {
    const received: Buffer[] = [];
    const pacer = new UartPacer((bytes) => received.push(bytes), 0);
    pacer.write(Buffer.from('abc'));
    pacer.close();
    pacer.write(Buffer.from('def'));
    expect(Buffer.concat(received).toString()).toBe('abc');
  });

  it('refuses a negative baud', () => {
    expect(() => new UartPacer(() => undefined, -1)).toThrow(TypeError);
  });
});
