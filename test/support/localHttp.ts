/** JSON requests to a local-mode API (`startLocalMode`'s url), as the frontend makes them. */
export function localHttp(baseUrl: () => string) {
  return {
    async post(path: string, body: unknown): Promise<{ status: number; json: any }> {
      const res = await fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: await res.json() };
    },
    async get(pathAndQuery: string): Promise<{ status: number; json: any }> {
      const res = await fetch(`${baseUrl()}${pathAndQuery}`);
      return { status: res.status, json: await res.json() };
    },
  };
}
