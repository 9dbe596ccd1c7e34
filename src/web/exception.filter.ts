import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestPath } from '../common/request-path.js';
import { databaseUnavailable, RETRY_AFTER_SECONDS } from '../database/unavailable.js';
import { isApiRequest, SESSION_COOKIE } from '../identity/access.guard.js';
import { SessionsService } from '../identity/sessions.service.js';
import { BodyRefused } from './body-limits.js';
import { ViewService } from './view.service.js';

const PAGE_MESSAGES: Record<number, { title: string; text: string }> = {
  400: { title: 'Something in the form needs attention', text: 'Please go back and check what you entered.' },
  403: { title: 'Not available to you', text: 'Your account does not have access to this page.' },
  404: { title: 'Page not found', text: 'There is no page at this address.' },
  409: { title: 'That cannot be done now', text: 'Hearth could not do that as things stand.' },
  413: { title: 'That file is too large', text: 'Please upload a smaller file.' },
  429: { title: 'Too many attempts', text: 'Please wait a minute and try again.' },
  500: { title: 'Something went wrong', text: 'Hearth could not finish that. Please try again in a moment.' },
  503: {
    title: 'Hearth is not available right now',
    text: 'Hearth cannot reach its database, so what you just did was not saved. Please try again in a few minutes.',
  },
};

/**
 * API errors stay JSON (Nest's shape); page errors become a page in the layout, and a page that needs
 * a signed-in person redirects to the sign-in page.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(
    private readonly views: ViewService,
    private readonly sessions: SessionsService,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The database cannot work right now (read-only, unwritable, locked, full, unreachable): 503, and
    // the client may try again, rather than a 500 that looks like a bug.
    const unavailable = exception instanceof HttpException ? undefined : databaseUnavailable(exception);
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : unavailable
          ? HttpStatus.SERVICE_UNAVAILABLE
          : this.statusOf(exception);
    if (unavailable)
      this.logger.error(
        `Database unavailable (${unavailable}): ${this.messageOf(exception)}; ${request.method} ${requestPath(request)} answered 503`,
      );
    // A deliberate 503 (the health check) has said why already.
    else if (status >= 500 && !(exception instanceof ServiceUnavailableException))
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    if (status === (HttpStatus.SERVICE_UNAVAILABLE as number) && !reply.sent)
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    // The sign-in throttle says when its window ends.
    const retryAfter = retryAfterOf(exception);
    if (status === (HttpStatus.TOO_MANY_REQUESTS as number) && retryAfter && !reply.sent)
      reply.header('retry-after', String(retryAfter));

    if (isApiRequest(request) || reply.sent) {
      if (reply.sent) return;
      const body =
        exception instanceof HttpException
          ? exception.getResponse()
          : {
              statusCode: status,
              message: unavailable
                ? 'The database is not available right now. Try again in a moment.'
                : status >= 500
                  ? 'Internal server error'
                  : this.messageOf(exception),
            };
      await reply
        .status(status)
        .send(shortened(typeof body === 'string' ? { statusCode: status, message: body } : body));
      return;
    }
    if (status === (HttpStatus.UNAUTHORIZED as number)) {
      await reply.redirect(`/login?${signInQuery(request)}`, 303);
      return;
    }
    // A route that does not exist never reached the AccessGuard: look the session up so the layout is right.
    const token = request.cookies?.[SESSION_COOKIE];
    if (!request.principal && token)
      request.principal = await this.sessions.resolve(token).catch(() => undefined);
    const message = PAGE_MESSAGES[status] ?? PAGE_MESSAGES[status >= 500 ? 500 : 400];
    // A form post refused for a reason of its own says it (a ticked person who is not assigned, no mail).
    const refusedPost =
      request.method === 'POST' && exception instanceof HttpException && (status === 404 || status === 409);
    // A body refused before parsing says why (too many fields, a field too large).
    const text = exception instanceof BodyRefused || refusedPost ? exception.message : message.text;
    const title = refusedPost && status === 404 ? 'Not found' : message.title;
    await this.views.render(request, reply, 'error', { title, text, status }, status);
  }

  /** Fastify's own errors (body too large, bad content type) carry a statusCode. */
  private statusOf(exception: unknown): number {
    const code = (exception as { statusCode?: unknown } | null)?.statusCode;
    return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
  }

  private messageOf(exception: unknown): string {
    return exception instanceof Error ? exception.message : 'Request failed';
  }
}

function retryAfterOf(exception: unknown): number | undefined {
  if (!(exception instanceof HttpException)) return undefined;
  const body = exception.getResponse() as { retryAfterSeconds?: unknown };
  return typeof body.retryAfterSeconds === 'number' ? Math.max(1, body.retryAfterSeconds) : undefined;
}

/** An error answer lists at most this many problems, each at most this long. */
const MAX_MESSAGES = 20;
const MAX_MESSAGE_LENGTH = 300;

const clip = (text: unknown) =>
  typeof text === 'string' && text.length > MAX_MESSAGE_LENGTH
    ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…`
    : text;

/**
 * Keeps an error answer short whatever the request held: a body with a thousand unknown keys would
 * otherwise be answered with a thousand messages (validation lists every one).
 */
function shortened(body: object): object {
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return { ...body, message: clip(message) };
  if (!Array.isArray(message)) return body;
  const shown = message.slice(0, MAX_MESSAGES).map(clip);
  if (message.length > MAX_MESSAGES) shown.push(`… and ${message.length - MAX_MESSAGES} more problems`);
  return { ...body, message: shown };
}

/**
 * Where sign-in leads back to. A form posted after the session ended goes back to the page it was on
 * (its Referer, on this site), not to the URL it posted to, which has no page. `ended` tells the sign-in
 * page to say the session ended, and for a form, that what it sent was not saved.
 */
function signInQuery(request: FastifyRequest): string {
  const posted = request.method !== 'GET' && request.method !== 'HEAD';
  let next = request.url;
  if (posted) {
    next = '/';
    try {
      const from = new URL(request.headers.referer ?? '');
      if (from.host === request.headers.host) next = `${from.pathname}${from.search}`;
    } catch {
      // No Referer, or not a URL: start from the home page.
    }
  }
  const query = new URLSearchParams({ next });
  if (request.cookies?.[SESSION_COOKIE]) query.set('ended', posted ? 'unsaved' : 'yes');
  return query.toString();
}
