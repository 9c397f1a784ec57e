/**
 * A minimal browser over fetch: follows nothing by itself, keeps cookies per origin (ignoring paths,
 * which the provider's distinct cookie names make unnecessary) and sends them back.
 */
export class Browser {
  readonly #cookies = new Map<string, Map<string, string>>();

  async get(url: URL | string, headers: Record<string, string> = {}): Promise<Response> {
    return this.#send(new URL(url), { method: 'GET', headers });
  }

  async postForm(url: URL | string, form: Record<string, string>): Promise<Response> {
    return this.#send(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  cookie(origin: string, name: string): string | undefined {
    return this.#cookies.get(origin)?.get(name);
  }

  async #send(url: URL, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
    const jar = this.#cookies.get(url.origin) ?? new Map<string, string>();
    this.#cookies.set(url.origin, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, headers: { ...init.headers, ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
}

function isRedirect(response: Response): boolean {
  return response.status >= 300 && response.status < 400 && response.headers.has('location');
}

/**
 * Walks through the provider from its authorization endpoint: signs in as `accountId` on the development
 * login form, consents, and returns where the provider finally sends the browser (the callback).
 * `abort` cancels at the login form instead, as a user pressing "cancel" would.
 */
export async function signInAtProvider(browser: Browser, authorizationUrl: URL, accountId: string, options: { abort?: boolean } = {}): Promise<URL> {
  let url = authorizationUrl;
  let response = await browser.get(url);
  for (let step = 0; step < 12; step += 1) {
    if (isRedirect(response)) {
      url = new URL(response.headers.get('location') ?? '', url);
      if (url.origin !== authorizationUrl.origin) return url;
      response = await browser.get(url);
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (response.status !== 200 || !prompt) throw new Error(`unexpected provider answer ${response.status}: ${html.slice(0, 500)}`);
    if (options.abort) response = await browser.get(new URL(`${url.pathname}/abort`, url));
    else response = await browser.postForm(url, prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt });
  }
  throw new Error('the provider did not redirect back within 12 steps');
}
