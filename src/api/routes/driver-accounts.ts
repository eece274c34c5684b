// Drivers sign up and sign in (issue 19). A wrong email or password is a 401, which counts as a failed login
// for the address (login-limit.ts), exactly as a wrong staff token does.
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RULE } from '../../domain/drivers.js';
import type { DriverAccountService } from '../../services/driver-accounts.js';
import { AppError } from '../../shared/errors.js';
import { driverRoute, publicRoute, type RouteSpec } from '../route.js';
import { DriverAccountResponse, DriverSignInResponse } from '../schemas/drivers.js';

export const DRIVER_LOGIN_PATH = '/driver/login';

const email = z.string({ error: 'email must be a string' }).trim()
  .pipe(z.email({ error: 'email must be an email address' }).max(254, 'email must be at most 254 characters'));
const password = z.string({ error: `password must be a string: ${PASSWORD_RULE}` })
  .min(PASSWORD_MIN, `password: ${PASSWORD_RULE}`).max(PASSWORD_MAX, `password: ${PASSWORD_RULE}`);

const Signup = z.strictObject({
  name: z.string({ error: 'name must be a string' }).trim().min(1, 'name must not be empty').max(200, 'name must be at most 200 characters'),
  email,
  password,
});
const Login = z.strictObject({
  email: z.string({ error: 'email must be a string' }).max(254),
  password: z.string({ error: 'password must be a string' }).max(PASSWORD_MAX),
});

export function driverAccountRoutes(drivers: DriverAccountService): RouteSpec[] {
  return [
    publicRoute({
      method: 'post', path: '/driver/signup', tag: 'driver', status: 201, body: Signup,
      summary: 'Sign up as a driver (DRIVER_SIGNUP=true, the default): a customer account with an app id tag, signed in. '
        + 'The email is unique without regard to case (409 when taken); 403 when sign-up is closed',
      responseDescription: 'The account and a driver token, shown once', response: DriverSignInResponse,
      handle: ({ body }) => drivers.signup(body),
    }),
    publicRoute({
      method: 'post', path: DRIVER_LOGIN_PATH, tag: 'driver', body: Login,
      summary: 'Sign in as a driver: a new driver token (expires after DRIVER_TOKEN_TTL_S). A wrong email or password is a 401, '
        + 'counted toward the address\'s failed logins (429 past the limit)',
      responseDescription: 'The account and a driver token, shown once', response: DriverSignInResponse,
      handle: async ({ body }) => {
        const signedIn = await drivers.login(body.email, body.password);
        if (!signedIn) throw new AppError('Unauthorized', 'wrong email or password');
        return signedIn;
      },
    }),
    driverRoute({
      method: 'get', path: '/driver/me', tag: 'driver', summary: 'The signed-in driver\'s account',
      response: DriverAccountResponse,
      handle: ({ driver }) => drivers.account(driver.customerId),
    }),
    driverRoute({
      method: 'post', path: '/driver/logout', tag: 'driver', status: 204,
      summary: 'Sign out: the driver token this request carries is revoked',
      handle: async ({ driver }) => { await drivers.logout(driver); },
    }),
  ];
}
