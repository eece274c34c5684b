// Signing in, signing up, and accepting a staff invitation (#/invite/{token}: the token stays in the address's
// fragment, which no server log sees). Each ends with a driver token, kept by driver-api.js; main.js then goes on
// to where the driver was going (a scanned connector).
import { el, replace } from '../../../js/dom.js';
import { markLoaded } from '../../../js/router.js';
import { ApiError, driverApi, driverToken, failureText } from '../driver-api.js';

/** A form whose answer is a driver token. @param {string} testid @param {string} title @param {HTMLElement[]} fields
 *  @param {string} submitText @param {(form: FormData) => Promise<{ token: string }>} send */
function tokenForm(testid, title, fields, submitText, send) {
  const error = el('p', { class: 'error', 'data-testid': `${testid}-error`, role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary big', 'data-testid': `${testid}-submit` }, submitText);
  const form = el('form', { class: 'card', 'data-testid': testid }, el('h1', {}, title), fields, submit, error);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    send(new FormData(form)).then(
      (answer) => { driverToken.set(answer.token); window.dispatchEvent(new Event('chargesync:signed-in')); },
      (err) => { replace(error, failureText(err)); submit.disabled = false; });
  });
  return form;
}

/** @param {string} label @param {string} name @param {string} type @param {Record<string, unknown>} [attrs] */
const field = (label, name, type, attrs = {}) =>
  el('label', {}, label, el('input', { name, type, required: true, 'data-testid': `field-${name}`, ...attrs }));
const text = (/** @type {FormData} */ f, /** @type {string} */ k) => String(f.get(k) ?? '');

export const signInView = {
  name: 'signin', path: /^\/signin$/, title: 'Sign in',
  /** @param {HTMLElement} root */
  render(root) {
    root.append(tokenForm('sign-in', 'Sign in', [
      field('Email', 'email', 'email', { autocomplete: 'email' }),
      field('Password', 'password', 'password', { autocomplete: 'current-password' }),
    ], 'Sign in', (f) => driverApi.post('/login', { email: text(f, 'email'), password: text(f, 'password') })),
    el('p', { class: 'center' }, 'New here? ', el('a', { href: '#/signup', 'data-testid': 'to-sign-up' }, 'Create an account')));
    markLoaded(root);
  },
};

export const signUpView = {
  name: 'signup', path: /^\/signup$/, title: 'Create an account',
  /** @param {HTMLElement} root */
  render(root) {
    root.append(tokenForm('sign-up', 'Create an account', [
      field('Name', 'name', 'text', { autocomplete: 'name' }),
      field('Email', 'email', 'email', { autocomplete: 'email' }),
      field('Password (10 characters or more)', 'password', 'password', { autocomplete: 'new-password', minlength: 10 }),
    ], 'Create account', (f) => driverApi.post('/signup', { name: text(f, 'name'), email: text(f, 'email'), password: text(f, 'password') })),
    el('p', { class: 'center' }, 'Have an account? ', el('a', { href: '#/signin' }, 'Sign in')));
    markLoaded(root);
  },
};

export const inviteView = {
  name: 'invite', path: /^\/invite\/([A-Za-z0-9_-]+)$/, title: 'Your invitation',
  /** @param {HTMLElement} root @param {import('../../../js/router.js').Route} route */
  async render(root, route) {
    const token = route.params[0] ?? '';
    /** @type {{ customerName: string, email: string | null }} */
    let invited;
    try {
      invited = await driverApi.post('/invitations/peek', { token });
    } catch (err) {
      root.append(el('h1', {}, 'Your invitation'), el('p', { class: 'error', 'data-testid': 'invite-invalid' },
        err instanceof ApiError && err.status === 401 ? 'This link is no longer valid: it was used already, or it expired. Ask your operator for a new one.' : failureText(err)));
      markLoaded(root);
      return;
    }
    root.append(tokenForm('invite', `Welcome, ${invited.customerName}`, [
      el('p', { class: 'muted' }, 'Your charging operator invited you. Choose a password to finish your account.'),
      invited.email
        ? field('Email', 'email', 'email', { autocomplete: 'email', value: invited.email })
        : field('Email', 'email', 'email', { autocomplete: 'email' }),
      field('Password (10 characters or more)', 'password', 'password', { autocomplete: 'new-password', minlength: 10 }),
    ], 'Create account', (f) => {
      const email = text(f, 'email').trim();
      return driverApi.post('/invitations/accept', { token, password: text(f, 'password'), ...(email ? { email } : {}) });
    }));
    markLoaded(root);
  },
};
