/**
 * A tiny cookie-keeping client for driving the HTML pages over HTTP without a browser: it keeps the
 * session and CSRF cookies and reads each form's CSRF token from the page.
 */
export class PageClient {
  private cookies = new Map<string, string>();
  lastHtml = '';

  constructor(private readonly baseUrl: string) {}

  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair.split('=');
      this.cookies.set(name.trim(), value.join('='));
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { cookie: this.cookieHeader() },
      redirect: 'manual',
    });
    this.remember(response);
    this.lastHtml = await response.text();
    return { status: response.status, html: this.lastHtml, location: response.headers.get('location') };
  }

  /** The value of a cookie the server set. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** A cookie of its own (a session made outside the pages). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** Posts a form with the CSRF token of the page loaded last (`from`: the page, sent as Referer). */
  async post(
    path: string,
    fields: [string, string][],
    from?: string,
  ): Promise<{ status: number; html: string; location: string | null }> {
    const token = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? '';
    const body = new URLSearchParams([['_csrf', token], ...fields]);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        ...(from ? { referer: `${this.baseUrl}${from}` } : {}),
      },
      body: body.toString(),
      redirect: 'manual',
    });
    this.remember(response);
    this.lastHtml = await response.text();
    return { status: response.status, html: this.lastHtml, location: response.headers.get('location') };
  }

  /** Follows a 303 to its page. */
  async follow(result: {
    location: string | null;
  }): Promise<{ status: number; html: string; location: string | null }> {
    if (!result.location) throw new Error('no redirect to follow');
    return this.get(result.location);
  }
}
