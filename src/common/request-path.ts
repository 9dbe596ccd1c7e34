import type { FastifyRequest } from 'fastify';

/**
 * The request's path as the router understood it, without the query: the matched route's own path, or
 * for a path no route matches, the URL's path decoded once. Decide by this, never by the raw URL:
 * the router decodes `/%61pi/staff` to the route `/api/staff`, which the raw URL does not start with.
 */
export function requestPath(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  if (route) return route;
  const raw = request.url.split('?')[0];
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
