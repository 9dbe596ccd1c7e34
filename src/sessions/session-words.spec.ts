import { describe, expect, it } from '@jest/globals';
import { whenText } from './session-words.js';

// Local-time constructors: the words are in the server's time zone, whatever the test machine's is.
const at = (date: number, hours: number, minutes = 0) => new Date(2026, 11, date, hours, minutes);

describe('whenText', () => {
  it('writes a session within one day as its start in words and the time it ends', () => {
    expect(whenText({ startsAt: at(10, 15, 30), endsAt: at(10, 17) })).toBe('December 10, 2026, 15:30–17:00');
  });

  it('writes the end’s day too when the session runs past midnight', () => {
    expect(whenText({ startsAt: at(10, 22), endsAt: at(11, 1, 15) })).toBe(
      'December 10, 2026, 22:00–December 11, 2026, 01:15',
    );
  });
});
