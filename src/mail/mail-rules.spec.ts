import { describe, expect, it } from '@jest/globals';
import { classify, describe as describeError, outageDelayMs, retryDelayMs } from './mail-rules.js';

describe('mail delivery rules', () => {
  it('backs a message off from 30 s, doubling, capped', () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(2)).toBe(60_000);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it('pauses the sender from 1 s, doubling, capped at 15 s', () => {
    expect(outageDelayMs(1)).toBe(1_000);
    expect(outageDelayMs(3)).toBe(4_000);
    expect(outageDelayMs(10)).toBe(15_000);
  });

  it('tells a refusal from a delay from an outage', () => {
    expect(classify({ code: 'EENVELOPE', responseCode: 550 })).toBe('permanent');
    expect(classify({ code: 'EENVELOPE', responseCode: 451 })).toBe('temporary');
    expect(classify({ code: 'ECONNREFUSED' })).toBe('outage');
    expect(classify({ code: 'ETIMEDOUT' })).toBe('outage');
  });

  it('keeps credentials out of the reason', () => {
    expect(describeError({ code: 'ESOCKET', message: 'smtp://user:secretpass@host failed' })).not.toContain(
      'secretpass',
    );
  });
});
