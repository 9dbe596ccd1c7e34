import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRealDate } from '../common/clock.js';
import {
  DEFAULT_DISTRICT_SETTINGS,
  DEFAULT_SUPPORT_TEXT,
  DISTRICT_KEYS,
  DISTRICT_VARIABLES,
  type DistrictSettings,
} from './district-settings.js';
import { type Branding, loadBranding } from './branding.js';
import { DEFAULT_JOB_ROLES, type JobRole, parseJobRoles } from './job-roles.js';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables, VARIABLES } from './environment-variables.js';

function trustProxyOf(value: string | undefined): false | string {
  return value === undefined || value.trim() === 'false' ? false : value.replace(/\s+/g, '');
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

/** A learning record store that receives xAPI statements (set when XAPI_ENDPOINT is). */
export interface XapiSettings {
  /** The store's base URL, without a trailing slash. */
  endpoint: string;
  username?: string;
  password?: string;
  /** `account`: the person is the employee id under PUBLIC_URL; `email`: their address (mbox). */
  actor: 'account' | 'email';
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
  /** The logo and the certificates' signer (HEARTH_DISTRICT_LOGO, HEARTH_CERTIFICATE_*), read at boot. */
  readonly branding: Branding;
  readonly demo: boolean;
  readonly watchCourses: boolean;
  /** Where staff can find support, shown with content notes. */
  readonly support: { text: string; url?: string };
  /** The facts `{{district.KEY}}` placeholders in course text stand for (HEARTH_REPORTING_PROCEDURE, …). */
  readonly district: DistrictSettings;
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
  /** HEARTH_REMINDERS and HEARTH_REMINDER_HOUR: whether digests go out, and from which local hour. */
  readonly reminders: { enabled: boolean; hour: number };
  /** HEARTH_SCHOOL_YEAR_START: the month (1-12) a school year starts, for transcripts and PD hours. */
  readonly schoolYearStartMonth: number;
  /** HEARTH_CREDENTIAL_KEY_FILE: where the Open Badges signing keys' private halves are kept. */
  readonly credentialKeyFile: string;
  /** HEARTH_SURVEY_MIN_GROUP: the fewest answers a survey figure may describe. */
  readonly surveyMinGroup: number;
  /** Unset: no xAPI statements are written or sent. */
  readonly xapi?: XapiSettings;
  /** The variables the environment set (the rest are at their defaults), for the configuration page. */
  readonly setVariables: readonly string[];

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
  if (Boolean(vars.XAPI_USERNAME) !== Boolean(vars.XAPI_PASSWORD)) {
    problems.push('XAPI_USERNAME and XAPI_PASSWORD must be set together');
  }
  if ((vars.XAPI_USERNAME || vars.XAPI_ACTOR) && !vars.XAPI_ENDPOINT) {
    problems.push('XAPI_USERNAME, XAPI_PASSWORD and XAPI_ACTOR need XAPI_ENDPOINT');
  }
  const demo = vars.HEARTH_DEMO ?? !vars.HEARTH_ADMIN_EMAIL;
  const templatesDir = resolve(projectRoot(), 'templates');
  // Read even when other variables are bad, so that one start lists every problem.
  const branding = loadBranding(vars, { demo, templatesDir });
  if ('problems' in branding) problems.push(...branding.problems);
  if (problems.length > 0 || 'problems' in branding) {
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
    branding: branding.branding,
    // A real district (its first admin configured) gets the demo only when it asks for it.
    demo,
    watchCourses: vars.HEARTH_WATCH_COURSES ?? false,
    support: {
      text: vars.HEARTH_SUPPORT_TEXT ?? DEFAULT_SUPPORT_TEXT,
      url: vars.HEARTH_SUPPORT_URL,
    },
    district: districtSettings(vars),
    logLevel: (vars.HEARTH_LOG_LEVEL as LogLevel | undefined) ?? 'log',
    trustProxy: proxies,
    requestTimeoutMs: (vars.HEARTH_REQUEST_TIMEOUT ?? 30) * 1000,
    templatesDir,
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
    reminders: { enabled: vars.HEARTH_REMINDERS ?? true, hour: vars.HEARTH_REMINDER_HOUR ?? 7 },
    schoolYearStartMonth: vars.HEARTH_SCHOOL_YEAR_START ?? 7,
    // Beside the SQLite file by default (one folder to back up); ./data with PostgreSQL.
    credentialKeyFile:
      vars.HEARTH_CREDENTIAL_KEY_FILE ??
      join(
        database.kind === 'sqlite' && database.path !== ':memory:' ? dirname(database.path) : './data',
        'credential-keys.json',
      ),
    surveyMinGroup: vars.HEARTH_SURVEY_MIN_GROUP ?? 10,
    xapi: vars.XAPI_ENDPOINT
      ? {
          endpoint: vars.XAPI_ENDPOINT.replace(/\/+$/, ''),
          username: vars.XAPI_USERNAME,
          password: vars.XAPI_PASSWORD,
          actor: vars.XAPI_ACTOR === 'email' ? 'email' : 'account',
        }
      : undefined,
    setVariables: VARIABLES.filter((name) => known[name] !== undefined),
  });
}

/** Each fact from its variable, else its default; the EAP falls back to the support text first. */
function districtSettings(vars: EnvironmentVariables): DistrictSettings {
  const fallback: DistrictSettings = {
    ...DEFAULT_DISTRICT_SETTINGS,
    eap: vars.HEARTH_SUPPORT_TEXT ?? DEFAULT_DISTRICT_SETTINGS.eap,
  };
  const values = DISTRICT_KEYS.map((key) => {
    const value = vars[DISTRICT_VARIABLES[key] as keyof EnvironmentVariables];
    return [key, typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback[key]];
  });
  return Object.fromEntries(values) as DistrictSettings;
}

/** `Hearth <no-reply@HOST>` for the host of the public URL. */
function defaultSender(publicUrl: string): string {
  return `Hearth <no-reply@${new URL(publicUrl).hostname}>`;
}
