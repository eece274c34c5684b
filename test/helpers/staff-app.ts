// A test file's central system with a viewer's and an operator's API token (the admin's is api()'s default).
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './test-app.js';
import { aToken } from './api.js';
import { closeChargers } from './charger.js';

export interface StaffTestApp { app: TestApp; viewer: string; operator: string }

/** Started before the file's tests and given to `started`, stopped after them; simulated chargers closed after each test. */
export function useStaffTestApp(started: (s: StaffTestApp) => void): void {
  let app: TestApp | null = null;
  beforeAll(async () => {
    app = await startTestApp();
    started({ app, viewer: await aToken(app, 'viewer'), operator: await aToken(app, 'operator') });
  });
  afterEach(() => closeChargers());
  afterAll(() => app?.stop());
}
