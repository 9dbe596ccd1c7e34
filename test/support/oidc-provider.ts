import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';

/** What the issuer says about a person (ID token claims besides `sub`). */
export interface IssuerPerson {
  email?: string;
  email_verified?: boolean;
  hd?: string;
  xms_edov?: boolean;
}

export const CLIENT = { id: 'hearth-test', secret: 'hearth-test-client-secret' };

/**
 * A real OpenID provider (oidc-provider) on a loopback port. Its login step signs in whoever
 * `signInAs` names, without a form, so a test drives the whole flow with fetch.
 */
export class TestIssuer {
  /** The people the issuer knows, by subject; tests change them between sign-ins. */
  readonly people = new Map<string, IssuerPerson>();
  signInAs = '';
  private provider?: Provider;
  private handler?: ReturnType<Provider['callback']>;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Listens first (Hearth needs the issuer's URL to start); `trust` then sets up the client. */
  static async listen(): Promise<TestIssuer> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const issuer = new TestIssuer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      issuer.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    return issuer;
  }

  /** Registers Hearth (at `publicUrl`) as the issuer's one client. */
  trust(publicUrl: string): void {
    const provider = new Provider(this.url, {
      clients: [
        {
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          redirect_uris: [`${publicUrl}/auth/oidc/callback`],
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      pkce: { required: () => true },
      // The e-mail claims go into the ID token itself, as Google and Entra do.
      conformIdTokenClaims: false,
      claims: { openid: ['sub'], email: ['email', 'email_verified', 'hd', 'xms_edov'], profile: ['name'] },
      findAccount: (_context: unknown, sub: string) => ({
        accountId: sub,
        claims: () => ({ sub, ...this.people.get(sub) }),
      }),
      features: { devInteractions: { enabled: false } },
      interactions: {
        url: (_context: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      cookies: { keys: ['test-issuer-cookie-key'] },
    });
    this.provider = provider;
    this.handler = provider.callback();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.provider || !this.handler) {
      res.statusCode = 503;
      res.end();
      return;
    }
    if (!req.url?.startsWith('/interaction/')) {
      this.handler(req, res);
      return;
    }
    // The login and consent prompts at once: `signInAs` grants Hearth the scopes it asked for.
    const details = await this.provider.interactionDetails(req, res);
    const accountId = this.signInAs;
    const grant = new this.provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await this.provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** Cookies per origin, as a browser keeps them for Hearth and the issuer. */
export class CookieJars {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.jars.get(url.origin) ?? [])].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  remember(url: URL, response: Response): void {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    this.jars.set(url.origin, jar);
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair.split('=');
      if (value.join('') === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header))
        jar.delete(name.trim());
      else jar.set(name.trim(), value.join('='));
    }
  }

  /** A GET as a browser would (no redirects followed), keeping cookies. */
  async get(url: URL): Promise<Response> {
    const response = await fetch(url, { headers: { cookie: this.header(url) }, redirect: 'manual' });
    this.remember(url, response);
    return response;
  }
}
