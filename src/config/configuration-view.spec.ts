import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './app-config.js';
import { configurationInForce, HIDDEN, withoutSecrets } from './configuration-view.js';
import { VARIABLES } from './environment-variables.js';

/** Every secret a district may configure, each unlike any other text the page shows. */
const SECRETS = {
  adminPassword: 'Kq7vXzW2pLm9',
  clientSecret: 'Ws3jNqT8vRb4',
  smtpUser: 'Zu8kYq3',
  smtpPassword: 'Rt5gJw2YxV',
  databaseUser: 'Qb4nHj7',
  databasePassword: 'Pg9xK@w/Vq?Z',
  queryPassword: 'Xy2fTq7Wk',
  lrsSecret: 'Hn6cVt3Lq8',
};

const ENV = {
  DATABASE_URL: `postgres://${SECRETS.databaseUser}:${SECRETS.databasePassword}@db.district.org:5432/hearth?sslmode=require&password=${SECRETS.queryPassword}`,
  HEARTH_ADMIN_EMAIL: 'admin@district.org',
  HEARTH_ADMIN_PASSWORD: SECRETS.adminPassword,
  SMTP_URL: `smtps://${SECRETS.smtpUser}:${SECRETS.smtpPassword}@mail.district.org:465`,
  OIDC_ISSUER: 'https://login.district.org',
  OIDC_CLIENT_ID: 'hearth-client',
  OIDC_CLIENT_SECRET: SECRETS.clientSecret,
  HEARTH_PASSWORD_SIGNIN: 'false',
  XAPI_ENDPOINT: 'https://lrs.district.org/xapi',
  XAPI_USERNAME: 'hearth',
  XAPI_PASSWORD: SECRETS.lrsSecret,
};

const rowsOf = (env: Record<string, string>) =>
  configurationInForce(loadConfig(env)).flatMap((section) => section.rows);

describe('configurationInForce', () => {
  it('shows every variable Hearth reads, once', () => {
    expect(
      rowsOf({})
        .map((row) => row.variable)
        .sort(),
    ).toEqual([...VARIABLES].sort());
  });

  it('never shows a secret, not even four characters of one', () => {
    const shown = rowsOf(ENV)
      .map((row) => `${row.variable} ${row.meaning} ${row.value}`)
      .join('\n');
    const leaks = Object.entries(SECRETS).flatMap(([name, secret]) =>
      [...Array(secret.length - 3).keys()]
        .map((at) => secret.slice(at, at + 4))
        .filter((piece) => shown.includes(piece))
        .map((piece) => `${name}: ${piece}`),
    );
    expect(leaks).toEqual([]);
  });

  it('says a password or secret is set, and nothing more', () => {
    const rows = rowsOf(ENV).filter((row) => /_PASSWORD$|_SECRET$/.test(row.variable));
    expect(rows.map((row) => [row.variable, row.value])).toEqual([
      ['HEARTH_ADMIN_PASSWORD', HIDDEN],
      ['OIDC_CLIENT_SECRET', HIDDEN],
      ['XAPI_PASSWORD', HIDDEN],
    ]);
    expect(
      rowsOf({})
        .filter((row) => /PASSWORD$|SECRET$/.test(row.variable))
        .map((row) => row.value),
    ).toEqual(['Not set', 'Not set', 'Not set']);
  });

  it('shows the servers behind the URLs, and what is set against what is default', () => {
    const rows = new Map(rowsOf(ENV).map((row) => [row.variable, row]));
    expect(rows.get('DATABASE_URL')).toMatchObject({
      value: 'postgres://(credentials hidden)@db.district.org:5432/hearth?(options hidden)',
      set: true,
    });
    expect(rows.get('SMTP_URL')?.value).toBe('smtps://(credentials hidden)@mail.district.org:465');
    expect(rows.get('PORT')).toMatchObject({ value: '3000', set: false });
    expect(rows.get('OIDC_CLIENT_ID')?.value).toBe('hearth-client');
  });
});

describe('withoutSecrets', () => {
  it.each([
    ['sqlite:./data/hearth.sqlite', 'sqlite:./data/hearth.sqlite'],
    ['smtp://mail.example.org:25', 'smtp://mail.example.org:25'],
    ['smtp://user@mail.example.org:25', 'smtp://(credentials hidden)@mail.example.org:25'],
    // An unescaped @, / or ? in a password: everything up to the last @ goes.
    ['postgres://u:p@s/s?w@db:5432/x', 'postgres://(credentials hidden)@db:5432/x'],
    ['postgres://db/x?password=secret', 'postgres://db/x?(options hidden)'],
  ])('%s → %s', (url, shown) => {
    expect(withoutSecrets(url)).toBe(shown);
  });
});
