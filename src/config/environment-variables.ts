import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/**
 * TRUST_PROXY: IPv4/IPv6 addresses or CIDR ranges, or proxy-addr's names for well-known ranges. Never
 * `true`: believing every X-Forwarded-For lets anyone pick their address (and dodge the
 * sign-in throttle).
 */
const PROXY_ADDRESS = String.raw`(?:[0-9a-fA-F.:]+(?:/\d{1,3})?|loopback|linklocal|uniquelocal)`;
const TRUST_PROXY = new RegExp(String.raw`^(?:false|${PROXY_ADDRESS}(?:\s*,\s*${PROXY_ADDRESS})*)$`);

/** The raw environment, validated variable by variable; names match the contract. */
export class EnvironmentVariables {
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

  /** A PNG or JPEG file (at most 2 MB): the district's logo, in every page's header and atop certificates. */
  @IsOptional()
  @IsString()
  @MaxLength(4096, { message: 'HEARTH_DISTRICT_LOGO must be a file path' })
  HEARTH_DISTRICT_LOGO?: string;

  /** Printed under the signature line of every certificate. */
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'HEARTH_CERTIFICATE_SIGNER_NAME must be at most 200 characters long' })
  HEARTH_CERTIFICATE_SIGNER_NAME?: string;

  /** The signer's title, under their name (needs HEARTH_CERTIFICATE_SIGNER_NAME). */
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'HEARTH_CERTIFICATE_SIGNER_TITLE must be at most 200 characters long' })
  HEARTH_CERTIFICATE_SIGNER_TITLE?: string;

  /** A PNG or JPEG file (at most 2 MB) of the signer's signature, above the signature line. */
  @IsOptional()
  @IsString()
  @MaxLength(4096, { message: 'HEARTH_CERTIFICATE_SIGNATURE must be a file path' })
  HEARTH_CERTIFICATE_SIGNATURE?: string;

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

  /** {{district.reporting_procedure}} in course text: how staff here make a child-abuse report. */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'HEARTH_REPORTING_PROCEDURE must be at most 1000 characters' })
  HEARTH_REPORTING_PROCEDURE?: string;

  /** {{district.mckinney_vento_liaison}}: the homeless-education liaison and how to reach them. */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'HEARTH_MCKINNEY_VENTO_LIAISON must be at most 1000 characters' })
  HEARTH_MCKINNEY_VENTO_LIAISON?: string;

  /** {{district.state_hotline}}: the state's child-abuse hotline. */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'HEARTH_STATE_HOTLINE must be at most 1000 characters' })
  HEARTH_STATE_HOTLINE?: string;

  /** {{district.eap}}: the employee assistance program (default: HEARTH_SUPPORT_TEXT). */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'HEARTH_EAP must be at most 1000 characters' })
  HEARTH_EAP?: string;

  /** {{district.crisis_line}} (default: 988, the Suicide & Crisis Lifeline). */
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'HEARTH_CRISIS_LINE must be at most 1000 characters' })
  HEARTH_CRISIS_LINE?: string;

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

  /** false: no reminder digests are computed or sent (the command says so and does nothing). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => parseBoolean(value))
  @IsBoolean({ message: 'HEARTH_REMINDERS must be true or false' })
  HEARTH_REMINDERS?: boolean;

  /** The local hour (0-23, the server's time zone) from which the server runs the day's reminders. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsInt({ message: 'HEARTH_REMINDER_HOUR must be a whole hour from 0 to 23' })
  @Min(0, { message: 'HEARTH_REMINDER_HOUR must be a whole hour from 0 to 23' })
  @Max(23, { message: 'HEARTH_REMINDER_HOUR must be a whole hour from 0 to 23' })
  HEARTH_REMINDER_HOUR?: number;

  /** The month (1-12) the school year starts in, for PD transcripts and hours: 7, July to June. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsInt({ message: 'HEARTH_SCHOOL_YEAR_START must be a month from 1 (January) to 12 (December)' })
  @Min(1, { message: 'HEARTH_SCHOOL_YEAR_START must be a month from 1 (January) to 12 (December)' })
  @Max(12, { message: 'HEARTH_SCHOOL_YEAR_START must be a month from 1 (January) to 12 (December)' })
  HEARTH_SCHOOL_YEAR_START?: number;

  /** The file holding the credential-signing keys' private halves (made on first use, mode 0600). */
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'HEARTH_CREDENTIAL_KEY_FILE must be a file path' })
  HEARTH_CREDENTIAL_KEY_FILE?: string;
  /**
   * The fewest answers a survey figure may describe (3 to 1000, default 10): smaller groups are hidden
   * in the survey report, and so is whatever would let one subtract down to them.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? undefined : Number(value),
  )
  @IsInt({ message: 'HEARTH_SURVEY_MIN_GROUP must be a whole number from 3 to 1000' })
  @Min(3, { message: 'HEARTH_SURVEY_MIN_GROUP must be a whole number from 3 to 1000' })
  @Max(1000, { message: 'HEARTH_SURVEY_MIN_GROUP must be a whole number from 3 to 1000' })
  HEARTH_SURVEY_MIN_GROUP?: number;

  /** An xAPI 1.0.3 learning record store's base URL (statements go to its /statements resource). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#@/]+(\/[^\s?#@]*)?$/, {
    message:
      'XAPI_ENDPOINT must be an http:// or https:// URL without credentials (they go in XAPI_USERNAME and XAPI_PASSWORD)',
  })
  XAPI_ENDPOINT?: string;

  /** The store's Basic credentials (its key and secret). */
  @IsOptional()
  @IsString()
  XAPI_USERNAME?: string;

  @IsOptional()
  @IsString()
  XAPI_PASSWORD?: string;

  /** How statements name the person: `account` (the employee id; the default) or `email`. */
  @IsOptional()
  @IsIn(['account', 'email'], { message: 'XAPI_ACTOR must be account or email' })
  XAPI_ACTOR?: string;

  /** Log level: error, warn, log, debug. */
  @IsOptional()
  @Matches(/^(error|warn|log|debug)$/, { message: 'HEARTH_LOG_LEVEL must be one of error, warn, log, debug' })
  HEARTH_LOG_LEVEL?: string;
}

export const VARIABLES = [
  'PORT',
  'DATABASE_URL',
  'COURSES_DIR',
  'PUBLIC_URL',
  'HEARTH_ADMIN_EMAIL',
  'HEARTH_ADMIN_PASSWORD',
  'HEARTH_TODAY',
  'HEARTH_DISTRICT_NAME',
  'HEARTH_DISTRICT_LOGO',
  'HEARTH_CERTIFICATE_SIGNER_NAME',
  'HEARTH_CERTIFICATE_SIGNER_TITLE',
  'HEARTH_CERTIFICATE_SIGNATURE',
  'HEARTH_DEMO',
  'HEARTH_LOG_LEVEL',
  'HEARTH_WATCH_COURSES',
  'HEARTH_SUPPORT_TEXT',
  'HEARTH_SUPPORT_URL',
  'HEARTH_REPORTING_PROCEDURE',
  'HEARTH_MCKINNEY_VENTO_LIAISON',
  'HEARTH_STATE_HOTLINE',
  'HEARTH_EAP',
  'HEARTH_CRISIS_LINE',
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
  'HEARTH_REMINDERS',
  'HEARTH_REMINDER_HOUR',
  'HEARTH_SCHOOL_YEAR_START',
  'HEARTH_CREDENTIAL_KEY_FILE',
  'HEARTH_SURVEY_MIN_GROUP',
  'XAPI_ENDPOINT',
  'XAPI_USERNAME',
  'XAPI_PASSWORD',
  'XAPI_ACTOR',
] as const;

function parseBoolean(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return value === '' ? undefined : value;
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  return value;
}
