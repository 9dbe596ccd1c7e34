import { Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { AuditService } from '../../audit/audit.service.js';
import { AppConfig, type OidcSettings } from '../../config/app-config.js';
import { Database } from '../../database/database.js';
import { AccountsRepository } from '../accounts.repository.js';
import type { Role } from '../roles.js';
import { hashToken } from '../secrets.js';
import { landingAfterSignIn } from '../session-cookie.js';
import { SessionsService } from '../sessions.service.js';
import { SingleSignOnRepository } from './single-sign-on.repository.js';

/** How long a started sign-in may take at the issuer. */
export const FLOW_MINUTES = 10;

/** The person may not sign in this way; `reason` is shown on the page and logged (it holds no secret). */
export class SsoRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** The issuer cannot be reached or described itself wrongly: try again later (503). */
export class SsoUnavailable extends Error {}

/** Single sign-on with the district's OpenID Connect issuer (authorization code flow with PKCE). */
@Injectable()
export class SingleSignOnService {
  private readonly logger = new Logger('SingleSignOn');
  /** The issuer's discovered metadata, once per process; forgotten on failure so the next try retries. */
  private discovered?: Promise<client.Configuration>;

  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
    private readonly repository: SingleSignOnRepository,
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/oidc/callback`;
  }

  /** Records a new sign-in and answers where to send the browser, and the state its cookie keeps. */
  async start(settings: OidcSettings, returnTo: string): Promise<{ url: string; state: string }> {
    const configuration = await this.configuration(settings);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const now = new Date();
    await this.database.transaction(async () => {
      await this.repository.purgeExpiredFlows(now);
      await this.repository.startFlow(
        hashToken(state),
        { codeVerifier, nonce, returnTo },
        now,
        new Date(now.getTime() + FLOW_MINUTES * 60_000),
      );
    });
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * Checks the issuer's answer and opens a session for the roster's account; throws SsoRefusal for
   * anyone the roster does not let in. `browserState` is the state the start page left in the cookie.
   * `returnTo` is where the sign-in lands: the page wanted at the start, or the person's role's home.
   */
  async finish(
    settings: OidcSettings,
    callbackUrl: URL,
    browserState: string | undefined,
  ): Promise<{ token: string; returnTo: string }> {
    const state = callbackUrl.searchParams.get('state');
    if (!state || state !== browserState)
      throw new SsoRefusal('This sign-in was not started in this browser, or its link was changed.');
    // Deleted before the code is used: a replayed callback finds no flow.
    const flow = await this.repository.consumeFlow(hashToken(state), new Date());
    if (!flow) throw new SsoRefusal('This sign-in has expired or was already used.');
    const configuration = await this.configuration(settings);
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(
        configuration,
        callbackUrl,
        {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: this.redirectUri },
      );
      claims = tokens.claims();
    } catch (error) {
      throw new SsoRefusal(
        `The district's sign-in service did not confirm who you are (${failedCheck(error)}).`,
      );
    }
    if (!claims) throw new SsoRefusal("The district's sign-in service sent no ID token.");
    const email = this.checkedEmail(settings, claims);
    const { token, roles } = await this.database.transaction(() =>
      this.signIn(claims.iss, claims.sub, email),
    );
    return { token, returnTo: landingAfterSignIn(flow.returnTo, roles) };
  }

  /** Logs a refusal at warn level: one line, the reason only. */
  logRefusal(refusal: SsoRefusal): void {
    this.logger.warn(`Single sign-on refused: ${refusal.reason}`);
  }

  private checkedEmail(settings: OidcSettings, claims: client.IDToken): string {
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw new SsoRefusal("The district's sign-in service did not send your e-mail address.");
    // Entra often leaves email_verified out; its xms_edov says the e-mail's domain is verified.
    if (claims.email_verified !== true && claims.xms_edov !== true)
      throw new SsoRefusal("The district's sign-in service has not verified your e-mail address.");
    const allowed = settings.allowedDomains;
    if (allowed.length > 0) {
      const domain = email.slice(email.lastIndexOf('@') + 1);
      if (!allowed.includes(domain))
        throw new SsoRefusal(`E-mail addresses at ${domain} may not sign in to Hearth.`);
      // Google's hosted domain: the Workspace the account belongs to.
      if (
        claims.hd !== undefined &&
        (typeof claims.hd !== 'string' || !allowed.includes(claims.hd.toLowerCase()))
      )
        throw new SsoRefusal('Accounts of this Google Workspace may not sign in to Hearth.');
    }
    return email;
  }

  /** In one transaction: the account by its link or the roster's e-mail, the link if new, the session. */
  private async signIn(
    issuer: string,
    subject: string,
    email: string,
  ): Promise<{ token: string; roles: Role[] }> {
    const now = new Date();
    const linked = await this.repository.linkedAccount(issuer, subject);
    if (linked) {
      if (!linked.active) throw new SsoRefusal('The roster shows you no longer work for the district.');
      await this.repository.touch(issuer, subject, now);
      return { token: await this.sessions.open(linked.accountId), roles: linked.roles };
    }
    const account = await this.accounts.activeByEmail(email);
    if (!account)
      throw new SsoRefusal('Your e-mail address does not belong to a current staff member on the roster.');
    // An account already linked to someone else at this issuer is not taken over by a matching e-mail.
    if (await this.repository.isLinkedAt(account.id, issuer))
      throw new SsoRefusal('Your Hearth account is linked to another account at the sign-in service.');
    await this.repository.link(account.id, issuer, subject, now);
    await this.audit.record(
      { accountId: account.id, email: account.email },
      { action: 'sso.link', target: account.email, details: { issuer, subject } },
    );
    return { token: await this.sessions.open(account.id), roles: account.roles };
  }

  private configuration(settings: OidcSettings): Promise<client.Configuration> {
    const issuer = new URL(settings.issuer);
    // Plain http only for an issuer on this machine (the tests' provider); real issuers are https.
    const loopback =
      issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    this.discovered ??= client
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        undefined,
        loopback ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.discovered = undefined;
        this.logger.warn(
          `Discovery at ${settings.issuer} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw new SsoUnavailable();
      });
    return this.discovered;
  }
}

/** The check that failed, in the words of openid-client's underlying error (fixed text, no token content). */
function failedCheck(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  return error.cause instanceof Error ? error.cause.message : error.message;
}
