import { parse as parseForm } from 'node:querystring';
import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';

/**
 * The largest roster upload accepted, a CSV or a OneRoster ZIP: 10,000 staff are about 1 MB of CSV, the
 * largest districts' 200,000 about 21 MB, so three times that.
 */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;
/**
 * The largest JSON or form body, and form field, accepted. The largest real one is a quiz attempt:
 * about 30 bytes a question, so 64 KB holds a quiz of 2,000 questions.
 */
export const MAX_BODY_BYTES = 64 * 1024;
/**
 * Object keys and array items in one JSON body, counted together (fields, for a form). A quiz attempt is
 * the widest real body: a key per question plus the options chosen, 600 for 100 questions of five
 * options. Validation (whitelist, forbidNonWhitelisted) costs the square of the key count: at 1,000
 * it takes a few milliseconds, at 60,000 it held the server for seconds.
 */
export const MAX_BODY_ENTRIES = 1000;
/** Nested objects and arrays in one JSON body. The deepest real one is 3: `{answers: {q1: ["a"]}}`. */
export const MAX_BODY_DEPTH = 8;

/** A body refused for its shape (400) or size (413) before it is parsed. */
export class BodyRefused extends Error {
  readonly code = 'HEARTH_BODY_REFUSED';

  constructor(
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const AMPERSAND = 0x26;
const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Why a JSON text is refused, before JSON.parse (whose recursion a deep enough text overflows) and
 * validation see it: too many keys and items, or too deep. One pass over the bytes without recursion,
 * stopping at the first bound crossed; UTF-8 never puts these ASCII bytes inside another character.
 * Exact for valid JSON; invalid JSON is left for JSON.parse to refuse.
 */
export function jsonShapeProblem(text: Uint8Array): string | undefined {
  let depth = 0;
  let entries = 0;
  // Right after `{` or `[`: the next token, unless it closes the container, is its first entry.
  let first = false;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (isSpace(byte)) continue;
    if (first && byte !== CLOSE_OBJECT && byte !== CLOSE_ARRAY) entries++;
    first = false;
    if (byte === QUOTE) inString = true;
    else if (byte === COMMA) entries++;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > MAX_BODY_DEPTH) return `The JSON body is nested more than ${MAX_BODY_DEPTH} levels deep`;
      first = true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
    if (entries > MAX_BODY_ENTRIES)
      return `The JSON body has more than ${MAX_BODY_ENTRIES} keys and items in all`;
  }
  return undefined;
}

/** Why a form (application/x-www-form-urlencoded) is refused before it is parsed: too many fields. */
export function formShapeProblem(body: Uint8Array): string | undefined {
  let fields = body.length > 0 ? 1 : 0;
  for (let i = 0; i < body.length; i++) if (body[i] === AMPERSAND) fields++;
  return fields > MAX_BODY_ENTRIES ? `The form has more than ${MAX_BODY_ENTRIES} fields` : undefined;
}

/** A multipart field cut short at MAX_BODY_BYTES (@fastify/multipart marks it and goes on). */
function hasTruncatedField(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  return Object.values(body).some((value) =>
    (Array.isArray(value) ? value : [value]).some(
      (part) => (part as { valueTruncated?: boolean } | undefined)?.valueTruncated === true,
    ),
  );
}

/**
 * Every request body Hearth reads is parsed here, each kind bounded in size, and in shape before any
 * parsing or validation can take long: JSON and forms (the API and the page forms), multipart (the
 * roster upload page) and CSV (the roster API). Other content types are refused (415).
 */
export async function registerBodyParsers(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: MAX_BODY_BYTES },
    (request, body, done) => {
      const problem = jsonShapeProblem(body);
      if (problem) return done(new BodyRefused(problem), undefined);
      void parseJson(request, body.toString(), done);
    },
  );
  app.useBodyParser<RawServerDefault>(
    'application/x-www-form-urlencoded',
    { bodyLimit: MAX_BODY_BYTES },
    (_request, body, done) => {
      const problem = formShapeProblem(body);
      if (problem) return done(new BodyRefused(problem), undefined);
      // An object without a prototype: `__proto__` would be an ordinary key, but copied onto another
      // object it would replace that object's prototype.
      const form = parseForm(body.toString(), '&', '=', { maxKeys: MAX_BODY_ENTRIES });
      if (Object.hasOwn(form, '__proto__'))
        return done(new BodyRefused('The form has a field named __proto__'), undefined);
      done(null, form);
    },
  );
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    limits: {
      fileSize: MAX_CSV_BYTES,
      files: 1,
      fields: 10,
      parts: 11,
      fieldSize: MAX_BODY_BYTES,
    },
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.isMultipart() && hasTruncatedField(request.body))
      return done(new BodyRefused(`A form field is too large (over ${MAX_BODY_BYTES / 1024} KB)`, 413));
    done();
  });
  fastify.addContentTypeParser(
    // A roster: the CSV, or a OneRoster package (a ZIP of CSV files).
    ['text/csv', 'application/csv', 'application/zip'],
    { parseAs: 'buffer', bodyLimit: MAX_CSV_BYTES },
    (_request, body, done) => done(null, body),
  );
}
