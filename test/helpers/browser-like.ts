import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * A client over app.inject that keeps cookies and finds the CSRF token in the last page,
 * so tests post forms the way a browser does.
 */
export class BrowserLike {
  readonly cookies = new Map<string, string>();
  lastCsrf: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...options.headers },
    });
    for (const c of response.cookies) {
      if (c.maxAge === 0 || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.lastCsrf = token;
    return response;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  /** Posts a form with the CSRF token of the last page fetched (unless the payload sets its own). */
  post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    if (this.lastCsrf && !('_csrf' in form)) body.append('_csrf', this.lastCsrf);
    for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) body.append(k, item);
    return this.request({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** Posts a multipart form (fields and files), with the CSRF token of the last page fetched. */
  postMultipart(
    url: string,
    fields: Record<string, string>,
    files: Record<string, { name: string; type: string; data: Uint8Array }>,
  ) {
    const boundary = `----egov${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    const all = this.lastCsrf && !('_csrf' in fields) ? { _csrf: this.lastCsrf, ...fields } : fields;
    for (const [k, v] of Object.entries(all))
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const [k, f] of Object.entries(files)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${f.name}"\r\n` +
            `Content-Type: ${f.type}\r\n\r\n`,
        ),
        Buffer.from(f.data),
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.request({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }
}
