import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import { ValidationPipe } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import handlebars from 'handlebars';
import helmet from 'helmet';
import { longDate, longMoment } from '../common/clock.js';
import { requestPath } from '../common/request-path.js';
import type { AppConfig } from '../config/app-config.js';
import { isApiRequest } from '../identity/access.guard.js';
import { SessionsService } from '../identity/sessions.service.js';
import { BodyRefused, registerBodyParsers } from './body-limits.js';
import { HttpErrorFilter } from './exception.filter.js';
import { ViewService } from './view.service.js';

/** Fastify plugins, views, validation, CSRF and the OpenAPI document, in the order they must be registered. */
export async function configureHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();

  // Security headers on every answer. The pages use no script, no inline style and no other origin, so
  // the policy can be strict; upgrades to https and HSTS only when Hearth is served over https. Each
  // policy is built once: building one per request (what @fastify/helmet does) cost a tenth of an API call.
  const strict = securityHeaders(config, "'self'");
  // The API documentation (Swagger UI, a third-party page) sets inline styles; only it may.
  const docs = securityHeaders(config, "'self' 'unsafe-inline'");
  fastify.addHook('onRequest', (request, reply, done) => {
    const documentation = requestPath(request).startsWith('/api/docs');
    // API answers carry personal data: no cache keeps them unless a route says otherwise (its own
    // cache-control replaces this one). Pages say the same through the view service.
    if (!documentation && isApiRequest(request)) reply.header('cache-control', 'no-store');
    (documentation ? docs : strict)(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: 'hearth_csrf',
    cookieOpts: { httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
    getToken: (request: FastifyRequest) => {
      const value = (request.body as Record<string, unknown> | undefined)?._csrf;
      return typeof value === 'string' ? value : ((value as { value?: string } | undefined)?.value ?? '');
    },
  });
  await registerBodyParsers(app);
  await app.register(fastifyStatic, {
    root: join(config.templatesDir, 'static'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });

  // Every page form (anything posted outside /api, which takes bearer tokens only) must carry the CSRF token.
  fastify.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || isApiRequest(request)) return done();
    fastify.csrfProtection(request, reply, done);
  });
  // Errors raised by Fastify itself, before Nest sees the request (CSRF, body too large, bad content type).
  fastify.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (isApiRequest(request))
      return reply
        .status(status)
        .send({ statusCode: status, message: status >= 500 ? 'Internal server error' : error.message });
    const text =
      error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET'
        ? 'This form has expired. Go back, reload the page and try again.'
        : error instanceof BodyRefused
          ? error.message
          : status === 413
            ? 'That file is too large.'
            : 'Hearth could not handle that request.';
    return reply.status(status).type('text/html; charset=utf-8').send(plainPage(text));
  });

  registerPartials(join(config.templatesDir, 'partials'));
  app.setViewEngine({ engine: { handlebars }, templates: config.templatesDir, layout: 'layouts/main.hbs' });

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter(app.get(ViewService), app.get(SessionsService)));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hearth API')
      .setDescription(
        'Trauma-informed professional development: roster, courses, completion, certificates, compliance.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

function securityHeaders(config: AppConfig, styleSrc: string) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: styleSrc.split(' '),
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000 } : false,
  });
}

function registerPartials(dir: string): void {
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // Dates for people in the one style of common/clock.ts: {{longDate dueDate}}, {{longMoment at}}.
  const dated = (write: (value: string | Date) => string) => (value: unknown) =>
    typeof value === 'string' || value instanceof Date ? write(value) : '';
  handlebars.registerHelper('longDate', dated(longDate));
  handlebars.registerHelper('longMoment', dated(longMoment));
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.hbs'))) {
    handlebars.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(dir, file), 'utf8'));
  }
}

function plainPage(text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hearth</title></head><body><main><h1>Hearth</h1><p>${text}</p><p><a href="/">Back to Hearth</a></p></main></body></html>`;
}
