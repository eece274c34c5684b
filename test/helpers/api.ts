// The staff API over real HTTP.
import { randomBytes } from 'node:crypto';
import type { App } from '../../src/app.js';
import type { Role } from '../../src/domain/staff.js';
import { TEST_ADMIN_TOKEN } from './test-app.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

export interface ApiClient {
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = any>(path: string): Promise<ApiResponse<T>>;
}

/** A client for /api with the given token (the bootstrap admin's by default; null sends none). */
export function api(app: App, token: string | null = TEST_ADMIN_TOKEN): ApiClient {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body ?? {}, headers),
    patch: (path, body) => call('PATCH', path, body ?? {}),
    delete: (path) => call('DELETE', path),
  };
}

/** A new staff account of that role and a token for it. */
export async function aToken(app: App, role: Role): Promise<string> {
  const admin = api(app);
  const account = await admin.post('/accounts', { name: `${role}-${randomBytes(4).toString('hex')}`, role });
  if (account.status !== 201) throw new Error(`could not create account: ${JSON.stringify(account.body)}`);
  const token = await admin.post(`/accounts/${account.body.id}/tokens`, { label: 'test' });
  return token.body.token as string;
}
