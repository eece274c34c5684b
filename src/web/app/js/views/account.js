// The driver's account: who is signed in, their app tag, and Sign out (the token is revoked, not only forgotten).
import { el } from '../../../js/dom.js';
import { markLoaded } from '../../../js/router.js';
import { driverApi, failureText } from '../driver-api.js';

export const accountView = {
  name: 'account', path: /^\/account$/, title: 'Account',
  /** @param {HTMLElement} root */
  async render(root) {
    const out = el('button', { type: 'button', class: 'secondary', 'data-testid': 'sign-out' }, 'Sign out');
    out.addEventListener('click', () => {
      const done = () => window.dispatchEvent(new Event('chargesync:signed-out'));
      driverApi.post('/logout').then(done, done);
    });
    try {
      const me = await driverApi.get('/me');
      root.append(el('h1', {}, me.name), el('p', { 'data-testid': 'account-email' }, me.email),
        el('p', { class: 'small muted' }, `App tag ${me.appIdTag}`), out);
    } catch (err) {
      root.append(el('p', { class: 'error' }, failureText(err)), out);
    }
    markLoaded(root);
  },
};
