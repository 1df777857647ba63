import { request } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/demo/index.ts';

/**
 * A signed-in API session for setup that other journeys already cover through the pages
 * (a project taken to recruiting, say), so each test spends its browser time on its own pages.
 */
export async function apiAs(baseUrl: string, login: string) {
  const api = await request.newContext({ baseURL: baseUrl });
  const signIn = await api.post('/api/auth/sign-in', { data: { login, password: DEMO_PASSWORD } });
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  return {
    async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, data?: unknown): Promise<T> {
      const response = await api.fetch(path, { method, data, headers: { 'x-csrf-token': csrfToken } });
      if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
      // Some writes answer 204 with no body (an account's own settings, say).
      return (response.status() === 204 ? undefined : await response.json()) as T;
    },
    dispose: () => api.dispose(),
  };
}

export type ApiSession = Awaited<ReturnType<typeof apiAs>>;
