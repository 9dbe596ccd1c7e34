/** A small HTTP client for the e2e tests: JSON in, status and JSON (or text) out. */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class Api {
  constructor(
    readonly baseUrl: string,
    private token?: string,
  ) {}

  /** The Authorization header, for requests made with fetch directly (binary bodies, streams). */
  authHeaders(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  as(token: string | undefined): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || body instanceof Uint8Array
            ? body
            : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown, contentType?: string) {
    return this.request<T>('POST', path, body ?? {}, contentType);
  }
  put<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body ?? {});
  }

  async login(email: string, password: string): Promise<Api> {
    const response = await this.post<{ accessToken: string }>('/api/auth/login', { email, password });
    if (response.status !== 200)
      throw new Error(`login as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return this.as(response.body.accessToken);
  }
}
