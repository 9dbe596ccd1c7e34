import type { AppConfig } from './app-config.js';
import type { BrandImage } from './branding.js';
import { DISTRICT_VARIABLES, type DistrictKey } from './district-settings.js';
import { VARIABLES } from './environment-variables.js';
import { MONTHS } from '../common/clock.js';

type Variable = (typeof VARIABLES)[number];

/** One variable as the configuration page shows it: what is in force, never a secret. */
export interface ConfigurationRow {
  variable: Variable;
  meaning: string;
  /** What Hearth runs with: the value, its default, or for a secret only whether it is set. */
  value: string;
  /** Set in the environment (else the default is in force). */
  set: boolean;
}

export interface ConfigurationSection {
  title: string;
  rows: ConfigurationRow[];
}

/** What the page says for a secret: whether it is set, nothing of it. */
export const HIDDEN = 'Set (hidden)';

/**
 * A URL with whatever may carry a secret taken out: everything between `scheme://` and the last `@`
 * (user and password, even one holding an unescaped `@`, `/` or `?`), and the query and fragment
 * (a PostgreSQL URL may carry `?password=`). When unsure it hides more, never less.
 */
export function withoutSecrets(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  let rest = url.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  const credentials = at >= 0;
  if (credentials) rest = rest.slice(at + 1);
  const cut = rest.search(/[?#]/);
  const options = cut >= 0;
  if (options) rest = rest.slice(0, cut);
  return `${scheme}${credentials ? '(credentials hidden)@' : ''}${rest}${options ? '?(options hidden)' : ''}`;
}

const DISTRICT_MEANINGS: Record<DistrictKey, string> = {
  reporting_procedure: 'How staff make a child-abuse report ({{district.reporting_procedure}} in courses)',
  mckinney_vento_liaison: 'The homeless-education liaison ({{district.mckinney_vento_liaison}})',
  state_hotline: 'The state’s child-abuse hotline ({{district.state_hotline}})',
  eap: 'The employee assistance program ({{district.eap}})',
  crisis_line: 'The crisis line ({{district.crisis_line}})',
};

/**
 * The configuration in force, by topic, for the admin's read-only page. Built from the validated
 * AppConfig (what Hearth runs with), not from the environment. Secrets are never shown, not even in
 * part: passwords and client secrets only as set or not, URLs without their credentials and options,
 * the credential key file by its path only (its contents are private keys).
 */
export function configurationInForce(config: AppConfig): ConfigurationSection[] {
  const row = (variable: Variable, meaning: string, value: string): ConfigurationRow => ({
    variable,
    meaning,
    value,
    set: config.setVariables.includes(variable),
  });
  const secret = (variable: Variable, meaning: string): ConfigurationRow =>
    row(variable, meaning, config.setVariables.includes(variable) ? HIDDEN : 'Not set');
  const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
  const { logo, signer, demoSamples } = config.branding;
  const sample = (part: 'logo' | 'signer') => (demoSamples.includes(part) ? ' (the demo’s sample)' : '');
  const logoText = logo
    ? imageText(logo) + sample('logo')
    : 'Not set: the header shows the district’s name only';
  const oidc = config.oidc;
  const database = config.database;
  return [
    {
      title: 'Server',
      rows: [
        row('PORT', 'The HTTP port', String(config.port)),
        row(
          'PUBLIC_URL',
          'The address people use; links in mail and on certificates',
          withoutSecrets(config.publicUrl),
        ),
        row('TRUST_PROXY', 'Reverse proxies whose X-Forwarded-For is believed', config.trustProxy || 'None'),
        row(
          'HEARTH_REQUEST_TIMEOUT',
          'How long a client may take to send one request',
          `${config.requestTimeoutMs / 1000} seconds`,
        ),
        row('HEARTH_LOG_LEVEL', 'How much the server logs', config.logLevel),
      ],
    },
    {
      title: 'Data and courses',
      rows: [
        row(
          'DATABASE_URL',
          'Where Hearth keeps its data',
          database.kind === 'sqlite' ? `sqlite:${database.path}` : withoutSecrets(database.url),
        ),
        row('COURSES_DIR', 'Where the Markdown courses live', config.coursesDir),
        row('HEARTH_WATCH_COURSES', 'Reload courses when a file changes', yesNo(config.watchCourses)),
        row(
          'HEARTH_CREDENTIAL_KEY_FILE',
          'The file with the private keys that sign Open Badges credentials (its contents are never shown)',
          config.credentialKeyFile,
        ),
      ],
    },
    {
      title: 'District',
      rows: [
        row('HEARTH_DISTRICT_NAME', 'The district’s name on pages and certificates', config.districtName),
        row('HEARTH_DISTRICT_LOGO', 'The logo in every page’s header and atop certificates', logoText),
        row(
          'HEARTH_CERTIFICATE_SIGNER_NAME',
          'The name under the signature line of certificates',
          signer ? signer.name + sample('signer') : 'Not set: certificates have no signature line',
        ),
        row(
          'HEARTH_CERTIFICATE_SIGNER_TITLE',
          'The signer’s title, under their name',
          signer?.title ?? 'Not set',
        ),
        row(
          'HEARTH_CERTIFICATE_SIGNATURE',
          'The signature image above the line',
          signer?.signature ? imageText(signer.signature) : 'Not set',
        ),
        row('HEARTH_TODAY', 'A fixed date instead of the clock', config.today ?? 'Not set: the clock'),
        row('HEARTH_DEMO', 'The demo district', yesNo(config.demo)),
        row(
          'HEARTH_JOB_ROLES',
          'The roster’s job roles',
          config.jobRoles.map((role) => `${role.id} (${role.label})`).join(', '),
        ),
        row(
          'HEARTH_SCHOOL_YEAR_START',
          'The month a school year starts (transcripts, PD hours)',
          MONTHS[config.schoolYearStartMonth - 1],
        ),
        row(
          'HEARTH_SURVEY_MIN_GROUP',
          'The fewest answers a survey figure may describe',
          String(config.surveyMinGroup),
        ),
        row('HEARTH_SUPPORT_TEXT', 'Where staff find support, beside content notes', config.support.text),
        row('HEARTH_SUPPORT_URL', 'A link for the support text', config.support.url ?? 'Not set'),
        ...(Object.entries(DISTRICT_VARIABLES) as [DistrictKey, Variable][]).map(([key, variable]) =>
          row(variable, DISTRICT_MEANINGS[key], config.district[key]),
        ),
      ],
    },
    {
      title: 'Sign-in',
      rows: [
        row(
          'HEARTH_ADMIN_EMAIL',
          'The first admin, made on start if there is no admin',
          config.adminEmail ?? 'Not set',
        ),
        secret('HEARTH_ADMIN_PASSWORD', 'The first admin’s password'),
        row(
          'HEARTH_PASSWORD_SIGNIN',
          'Who may sign in with a password',
          config.passwordSignIn ? 'Everyone' : 'Admins and community learners only',
        ),
        row(
          'OIDC_ISSUER',
          'The single sign-on issuer',
          oidc ? withoutSecrets(oidc.issuer) : 'Not set: no single sign-on',
        ),
        row('OIDC_CLIENT_ID', 'The client registered with the issuer', oidc?.clientId ?? 'Not set'),
        secret('OIDC_CLIENT_SECRET', 'The client’s secret'),
        row('OIDC_LABEL', 'The sign-in button says “Sign in with …”', oidc?.label ?? 'Not used'),
        row(
          'OIDC_ALLOWED_DOMAINS',
          'E-mail domains accepted from the issuer',
          !oidc ? 'Not used' : oidc.allowedDomains.join(', ') || 'Any the issuer vouches for',
        ),
      ],
    },
    {
      title: 'Mail and reminders',
      rows: [
        row(
          'SMTP_URL',
          'The mail server',
          config.mail.smtpUrl ? withoutSecrets(config.mail.smtpUrl) : 'Not set: mail is held in the outbox',
        ),
        row('MAIL_FROM', 'The sender of every message', config.mail.from),
        row('HEARTH_REMINDERS', 'Send reminder digests', yesNo(config.reminders.enabled)),
        row('HEARTH_REMINDER_HOUR', 'The local hour reminders go out from', `${config.reminders.hour}:00`),
      ],
    },
    {
      title: 'Learning record store (xAPI)',
      rows: [
        row(
          'XAPI_ENDPOINT',
          'Where xAPI statements are sent',
          config.xapi ? withoutSecrets(config.xapi.endpoint) : 'Not set: no statements are written',
        ),
        row('XAPI_USERNAME', 'The store’s key', config.xapi?.username ?? 'Not set'),
        secret('XAPI_PASSWORD', 'The store’s secret'),
        row(
          'XAPI_ACTOR',
          'How statements name a person',
          !config.xapi ? 'Not used' : config.xapi.actor === 'email' ? 'By e-mail address' : 'By employee id',
        ),
      ],
    },
  ];
}

/** An image by its file, type and size: `/srv/logo.png (PNG, 240 × 80 pixels)`. */
function imageText(image: BrandImage): string {
  return `${image.path} (${image.type === 'image/png' ? 'PNG' : 'JPEG'}, ${image.width} × ${image.height} pixels)`;
}
