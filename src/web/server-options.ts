import type { AppConfig } from '../config/app-config.js';
import { MAX_BODY_BYTES } from './body-limits.js';

/** Headers must have arrived this soon after a request starts (or within the request timeout, if shorter). */
const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Fastify and Node server options that bound what one client can hold: a request (headers and body) must
 * arrive within `requestTimeoutMs` (Fastify's default, 0, never times a body out, so a client dribbling
 * one byte at a time held a connection and its buffers forever), and its headers within 10 s. Node
 * looks for expired requests every `connectionsCheckingInterval` (30 s by default, which would let one
 * outlive its timeout by that much). The body limit is the default for every parser; body-limits.ts sets
 * each parser's own.
 */
export function serverOptions(config: Pick<AppConfig, 'requestTimeoutMs'>) {
  return {
    bodyLimit: MAX_BODY_BYTES,
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, config.requestTimeoutMs),
      connectionsCheckingInterval: 1000,
    },
  };
}
