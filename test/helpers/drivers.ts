// Drivers of the app (issue 19): signed up over the real API, with their token and app id tag.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { api, type ApiClient } from './api.js';

export interface TestDriver {
  customerId: number;
  name: string;
  email: string;
  appIdTag: string;
  token: string;
  /** The driver API as this driver. */
  api: ApiClient;
}

export const DRIVER_PASSWORD = 'correct horse battery';

export async function aDriver(app: App, name = 'Dana Driver'): Promise<TestDriver> {
  const email = `driver-${randomBytes(5).toString('hex')}@example.org`;
  const res = await api(app, null).post('/driver/signup', { name, email, password: DRIVER_PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const { account, token } = res.body as { account: { customerId: number; appIdTag: string }; token: string };
  return { customerId: account.customerId, name, email, appIdTag: account.appIdTag, token, api: api(app, token) };
}
