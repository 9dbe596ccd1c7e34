import { jest } from '@jest/globals';

// Each e2e and browser test may take this long unless it says otherwise (see jest.config.js).
jest.setTimeout(30_000);
