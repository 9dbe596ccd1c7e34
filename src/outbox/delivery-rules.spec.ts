import { describe, expect, it } from '@jest/globals';
import { outageDelayMs, retryDelayMs } from './delivery-rules.js';

describe('outbox delivery rules', () => {
  it('backs an item off from 30 s, doubling, capped at an hour', () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(2)).toBe(60_000);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it('pauses the sender from 1 s, doubling, capped at 15 s', () => {
    expect(outageDelayMs(1)).toBe(1_000);
    expect(outageDelayMs(3)).toBe(4_000);
    expect(outageDelayMs(10)).toBe(15_000);
  });
});
