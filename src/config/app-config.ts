import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRealDate } from '../common/clock.js';
import { DEFAULT_JOB_ROLES, type JobRole, parseJobRoles } from './job-roles.js';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/**
 * TRUST_PROXY: IPv4/IPv6 addresses or CIDR ranges, or proxy-addr's names for well-known ranges. Never
 * `true`: believing every X-Forwarded-For lets anyone pick their address (and dodge the
 * sign-in throttle).
 */
const PROXY_ADDRESS = String.raw`(?:[0-9a-fA-F.:]+(?:/\d{1,3})?|loopback|linklocal|uniquelocal)`;
const TRUST_PROXY = new RegExp(String.raw`^(?:false|${PROXY_ADDRESS}(?:\s*,\s*${PROXY_ADDRESS})*)$`);

/** The raw environment, validated variable by variable; names match the contract. */
class EnvironmentVariables {
  /** HTTP port. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT?: number;

  /** sqlite:PATH, sqlite::memory: or postgres://user:pass@host:port/db */
  @IsOptional()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'DATABASE_URL must look like sqlite:PATH, sqlite::memory: or postgres://user:pass@host:port/db',
  })
  DATABASE_URL?: string;

  /** Where the Markdown courses live. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  COURSES_DIR?: string;

  /** Base of the verification links printed on certificates. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'PUBLIC_URL must be an http:// or https:// URL',
  })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsEmail({}, { message: 'HEARTH_ADMIN_EMAIL must be an email address' })
  HEARTH_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'HEARTH_ADMIN_PASSWORD must be at least 10 characters long' })
  @MaxLength(200, { message: 'HEARTH_ADMIN_PASSWORD must be at most 200 characters long' })
  HEARTH_ADMIN_PASSWORD?: string;

  /** A fixed date used instead of the clock for due dates and reports. */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'HEARTH_TODAY must be a date written YYYY-MM-DD' })
  HEARTH_TODAY?: string;

  /** Printed on pages and certificates. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200, { message: 'HEARTH_DISTRICT_NAME must be at most 200 characters long' })
  HEARTH_DISTRICT_NAME?: string;

  /** Seed a demo district into an empty database on start (default: true unless HEARTH_ADMIN_EMAIL is set). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => parseBoolean(value))
  @IsBoolean({ message: 'HEARTH_DEMO must be true or false' })
  HEARTH_DEMO?: boolean;

  /** Reload the courses whenever a file under COURSES_DIR changes (for authors; default false). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => parseBoolean(value))
  @IsBoolean({ message: 'HEARTH_WATCH_COURSES must be true or false' })
  HEARTH_WATCH_COURSES?: boolean;

  /** Shown beside every content note: where staff can find support. */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'HEARTH_SUPPORT_TEXT must be at most 1000 characters' })
  HEARTH_SUPPORT_TEXT?: string;

  /** A link for the support text (e.g. the employee assistance program's page). */
  @IsOptional()
  @Matches(/^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:[+0-9 ()-]+)$/, {
    message: 'HEARTH_SUPPORT_URL must be an http(s)://, mailto: or tel: link',
  })
  HEARTH_SUPPORT_URL?: string;

  /**
   * The reverse proxies whose X-Forwarded-For Hearth believes: addresses or CIDR ranges, comma-separated
   * (`10.0.0.5`, `10.0.0.0/8`, `loopback`). Unset: none (every client's address is the connection's).
   */
  @IsOptional()
  @Matches(TRUST_PROXY, {
    message: 'TRUST_PROXY must list the proxies’ addresses or ranges, e.g. 10.0.0.5,10.0.0.0/8 or loopback',
  })
  TRUST_PROXY?: string;
  /** Seconds a client may take to send one whole request, headers and body (default 30). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsInt({ message: 'HEARTH_REQUEST_TIMEOUT must be a whole number of seconds' })
  @Min(1, { message: 'HEARTH_REQUEST_TIMEOUT must be between 1 and 3600 seconds' })
  @Max(3600, { message: 'HEARTH_REQUEST_TIMEOUT must be between 1 and 3600 seconds' })
  HEARTH_REQUEST_TIMEOUT?: number;

  /** The district's job_role values, `id` or `id=Label`, comma-separated (default: the contract's five). */
  @IsOptional()
  @IsString()
  @MaxLength(4000, { message: 'HEARTH_JOB_ROLES must be at most 4000 characters long' })
  HEARTH_JOB_ROLES?: string;

  /** smtp://[user:pass@]host:port or smtps://…; unset: no mail leaves the outbox. */
  @IsOptional()
  @Matches(/^smtps?:\/\/([^\s@/]+@)?[^\s@/:]+(:\d{1,5})?\/?$/, {
    message: 'SMTP_URL must look like smtp://[user:pass@]host:port or smtps://[user:pass@]host:port',
  })
  SMTP_URL?: string;

  /** The sender of every message: `address` or `Name <address>`. */
  @IsOptional()
  @Matches(/^([^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
    message:
      'MAIL_FROM must be an email address, or a name and an address like Hearth <no-reply@district.org>',
  })
  MAIL_FROM?: string;

  /** An OpenID Connect issuer (discovery at /.well-known/openid-configuration). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'OIDC_ISSUER must be an http:// or https:// URL' })
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'OIDC_CLIENT_ID must be at most 500 characters long' })
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'OIDC_CLIENT_SECRET must be at most 2000 characters long' })
  OIDC_CLIENT_SECRET?: string;

  /** The sign-in button says "Sign in with …". */
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'OIDC_LABEL must be at most 100 characters long' })
  OIDC_LABEL?: string;

  /** Comma-separated e-mail domains accepted from the issuer. */
  @IsOptional()
  @Matches(/^\s*[a-z0-9.-]+\.[a-z]{2,}(\s*,\s*[a-z0-9.-]+\.[a-z]{2,})*\s*$/i, {
    message:
      'OIDC_ALLOWED_DOMAINS must be e-mail domains separated by commas, e.g. district.org,staff.district.org',
  })
  OIDC_ALLOWED_DOMAINS?: string;

  /** false: only admins may sign in with a password; everyone else uses single sign-on. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => parseBoolean(value))
  @IsBoolean({ message: 'HEARTH_PASSWORD_SIGNIN must be true or false' })
  HEARTH_PASSWORD_SIGNIN?: boolean;

  /** Log level: error, warn, log, debug. */
  @IsOptional()
  @Matches(/^(error|warn|log|debug)$/, { message: 'HEARTH_LOG_LEVEL must be one of error, warn, log, debug' })
  HEARTH_LOG_LEVEL?: string;
}

const VARIABLES = [
  'PORT',
  'DATABASE_URL',
  'COURSES_DIR',
  'PUBLIC_URL',
  'HEARTH_ADMIN_EMAIL',
  'HEARTH_ADMIN_PASSWORD',
  'HEARTH_TODAY',
  'HEARTH_DISTRICT_NAME',
  'HEARTH_DEMO',
  'HEARTH_LOG_LEVEL',
  'HEARTH_WATCH_COURSES',
  'HEARTH_SUPPORT_TEXT',
  'HEARTH_SUPPORT_URL',
  'TRUST_PROXY',
  'HEARTH_REQUEST_TIMEOUT',
  'HEARTH_JOB_ROLES',
  'SMTP_URL',
  'MAIL_FROM',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_LABEL',
  'OIDC_ALLOWED_DOMAINS',
  'HEARTH_PASSWORD_SIGNIN',
] as const;

function trustProxyOf(value: string | undefined): false | string {
  return value === undefined || value.trim() === 'false' ? false : value.replace(/\s+/g, '');
}

function parseBoolean(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return value === '' ? undefined : value;
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value;
}

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
export type LogLevel = 'error' | 'warn' | 'log' | 'debug';

/** Single sign-on with an OpenID Connect issuer (set when OIDC_ISSUER and the client are configured). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button says "Sign in with {label}". */
  label: string;
  /** Lower-case e-mail domains accepted; empty: any domain the issuer vouches for. */
  allowedDomains: string[];
}

export interface MailSettings {
  /** Unset: nothing is sent; messages stay held in the outbox. */
  smtpUrl?: string;
  /** The From header of every message. */
  from: string;
}

/** Hearth's configuration, read once at boot; the only reader of process.env is `loadConfig`. */
export class AppConfig {
  readonly port: number;
  readonly database: DatabaseTarget;
  readonly coursesDir: string;
  readonly publicUrl: string;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  /** YYYY-MM-DD, when the clock is frozen. */
  readonly today?: string;
  readonly districtName: string;
  readonly demo: boolean;
  readonly watchCourses: boolean;
  /** Where staff can find support, shown with content notes. */
  readonly support: { text: string; url?: string };
  readonly logLevel: LogLevel;
  /** Fastify's `trustProxy`: false (the default) or a comma-separated list of addresses and ranges. */
  readonly trustProxy: false | string;
  /** How long a client may take to send one whole request, headers and body (ms). */
  readonly requestTimeoutMs: number;
  /** Templates shipped with the code (layouts, pages, certificates). */
  readonly templatesDir: string;
  /** The district's job roles (HEARTH_JOB_ROLES): the roster's job_role values, course audiences, reports. */
  readonly jobRoles: readonly JobRole[];
  readonly mail: MailSettings;
  /** Unset: no single sign-on. */
  readonly oidc?: OidcSettings;
  /** false (HEARTH_PASSWORD_SIGNIN): only admins sign in with a password. */
  readonly passwordSignIn: boolean;

  constructor(values: Omit<AppConfig, 'secureCookies' | 'jobRoleIds' | 'roleLabel'>) {
    Object.assign(this, values);
  }

  get jobRoleIds(): string[] {
    return this.jobRoles.map((role) => role.id);
  }

  /** How reports name a job role's group ("Teachers"); an unknown one by its id. */
  roleLabel(id: string): string {
    return this.jobRoles.find((role) => role.id === id)?.label ?? id;
  }

  /** Session cookies carry `Secure` when the public URL is https. */
  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https://');
  }
}

export class ConfigError extends Error {}

/** Project root: two levels above this file in both `src/config` and `dist/src/config`. */
function projectRoot(): string {
  // import.meta.dirname is not set inside Jest's VM modules; the URL is.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../..'), resolve(here, '../../..')];
  return candidates.find((dir) => existsSync(resolve(dir, 'templates'))) ?? process.cwd();
}

/**
 * Validates the environment. Throws a ConfigError whose message is one line naming every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(VARIABLES.map((name) => [name, env[name] === '' ? undefined : env[name]]));
  const vars = plainToInstance(EnvironmentVariables, known);
  // One message per variable: the most basic rule it breaks (a non-number PORT is "not a whole number").
  const problems = validateSync(vars).flatMap((error) => {
    const constraints = error.constraints ?? {};
    const key =
      ['isInt', 'isBoolean', 'isString', 'isEmail', 'matches'].find((name) => name in constraints) ??
      Object.keys(constraints)[0];
    return key ? [constraints[key]] : [];
  });
  if (
    vars.HEARTH_TODAY &&
    problems.every((p) => !p.startsWith('HEARTH_TODAY')) &&
    !isRealDate(vars.HEARTH_TODAY)
  ) {
    problems.push('HEARTH_TODAY must be a real calendar date (YYYY-MM-DD)');
  }
  const proxies = trustProxyOf(vars.TRUST_PROXY);
  if (typeof proxies === 'string' && problems.every((p) => !p.startsWith('TRUST_PROXY'))) {
    const bad = proxies
      .split(',')
      .find((item) => !['loopback', 'linklocal', 'uniquelocal'].includes(item) && !isIP(item.split('/')[0]));
    if (bad) problems.push(`TRUST_PROXY: "${bad}" is not an IP address or range`);
  }
  let jobRoles: readonly JobRole[] = DEFAULT_JOB_ROLES;
  if (vars.HEARTH_JOB_ROLES !== undefined && problems.every((p) => !p.startsWith('HEARTH_JOB_ROLES'))) {
    const parsed = parseJobRoles(vars.HEARTH_JOB_ROLES);
    if ('problems' in parsed) problems.push(...parsed.problems);
    else jobRoles = parsed.roles;
  }
  if (Boolean(vars.HEARTH_ADMIN_EMAIL) !== Boolean(vars.HEARTH_ADMIN_PASSWORD)) {
    problems.push('HEARTH_ADMIN_EMAIL and HEARTH_ADMIN_PASSWORD must be set together');
  }
  const oidcParts = [vars.OIDC_ISSUER, vars.OIDC_CLIENT_ID, vars.OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  if (vars.HEARTH_PASSWORD_SIGNIN === false && !vars.OIDC_ISSUER) {
    problems.push(
      'HEARTH_PASSWORD_SIGNIN=false needs single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)',
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }

  const port = vars.PORT ?? 3000;
  const url = vars.DATABASE_URL ?? 'sqlite:./data/hearth.sqlite';
  const database: DatabaseTarget = url.startsWith('sqlite:')
    ? { kind: 'sqlite', path: url.slice('sqlite:'.length) }
    : { kind: 'postgres', url };
  const publicUrl = (vars.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return new AppConfig({
    port,
    database,
    coursesDir: resolve(vars.COURSES_DIR ?? './courses'),
    publicUrl,
    adminEmail: vars.HEARTH_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: vars.HEARTH_ADMIN_PASSWORD,
    today: vars.HEARTH_TODAY,
    districtName: vars.HEARTH_DISTRICT_NAME ?? 'Hearth School District',
    // A real district (its first admin configured) gets the demo only when it asks for it.
    demo: vars.HEARTH_DEMO ?? !vars.HEARTH_ADMIN_EMAIL,
    watchCourses: vars.HEARTH_WATCH_COURSES ?? false,
    support: {
      text:
        vars.HEARTH_SUPPORT_TEXT ??
        'If this brings up something hard for you, free and confidential support is available through your district’s employee assistance program (EAP).',
      url: vars.HEARTH_SUPPORT_URL,
    },
    logLevel: (vars.HEARTH_LOG_LEVEL as LogLevel | undefined) ?? 'log',
    trustProxy: proxies,
    requestTimeoutMs: (vars.HEARTH_REQUEST_TIMEOUT ?? 30) * 1000,
    templatesDir: resolve(projectRoot(), 'templates'),
    jobRoles,
    mail: { smtpUrl: vars.SMTP_URL, from: vars.MAIL_FROM ?? defaultSender(publicUrl) },
    oidc:
      vars.OIDC_ISSUER && vars.OIDC_CLIENT_ID && vars.OIDC_CLIENT_SECRET
        ? {
            issuer: vars.OIDC_ISSUER.replace(/\/+$/, ''),
            clientId: vars.OIDC_CLIENT_ID,
            clientSecret: vars.OIDC_CLIENT_SECRET,
            label: vars.OIDC_LABEL ?? 'your district account',
            allowedDomains: (vars.OIDC_ALLOWED_DOMAINS ?? '')
              .split(',')
              .map((domain) => domain.trim().toLowerCase())
              .filter(Boolean),
          }
        : undefined,
    passwordSignIn: vars.HEARTH_PASSWORD_SIGNIN ?? true,
  });
}

/** `Hearth <no-reply@HOST>` for the host of the public URL. */
function defaultSender(publicUrl: string): string {
  return `Hearth <no-reply@${new URL(publicUrl).hostname}>`;
}
