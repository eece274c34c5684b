// Customers and their tags (#/customers?q=&customerId=&cursor=): customers by name, searched and paged; the one
// chosen (customerId) shows its id tags, which can be blocked or unblocked, and takes a new tag. New customers
// are made here too (POST /api/customers, POST /api/id-tags as those routes allow).
import { el, field, replace } from '../dom.js';
import { api, getPage } from '../api.js';
import { act, resultBox } from '../message.js';
import { href, markLoaded, navigate } from '../router.js';
import { apiPath, filterForm, loadError, pager, queryObject, table, when, newestOnly } from './list-kit.js';

const PATH = '/customers';

/** @type {import('./list-kit.js').FilterField[]} */
const FILTERS = [{ name: 'q', label: 'Search', type: 'search', placeholder: 'start of a name or email' }];

/** A small form that posts and says what happened. @param {string} testid @param {HTMLElement[]} fields @param {string} button
 * @param {() => Promise<unknown>} send @param {(made: any) => string} describe @param {(made: any) => void} onMade */
function postForm(testid, fields, button, send, describe, onMade) {
  const result = resultBox(`${testid}-result`);
  const form = el('form', { class: 'form', 'data-testid': testid },
    el('div', { class: 'fields' }, fields), el('div', { class: 'buttons' }, el('button', { type: 'submit', 'data-testid': `${testid}-submit` }, button)), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const made = await act(result, button, send, describe);
    if (made) { form.reset(); onMade(made); }
  });
  return form;
}

/** @param {URLSearchParams} query */
function newCustomerForm(query) {
  const name = el('input', { name: 'name', required: true, maxlength: 200, 'data-testid': 'customer-new-name' });
  const email = el('input', { name: 'email', type: 'email', maxlength: 254, 'data-testid': 'customer-new-email' });
  const phone = el('input', { name: 'phone', maxlength: 40, 'data-testid': 'customer-new-phone' });
  return postForm('customer-new', [field('Name', name), field('Email', email), field('Phone', phone)], 'Create customer',
    () => api.post('/customers', { name: name.value.trim(), email: email.value.trim() || null, phone: phone.value.trim() || null }),
    (c) => `Customer #${c.id} ${c.name} created`,
    (c) => navigate(href(PATH, { ...queryObject(query), customerId: c.id })));
}

/** Invite to the driver app: a one-time link staff pass on (it is shown here once; only its hash is kept).
 *  @param {import('../types.js').CustomerDetail} c */
function invitePanel(c) {
  const result = resultBox('customer-invite-result');
  const link = el('input', { readonly: true, class: 'wide', 'data-testid': 'customer-invite-url', hidden: true });
  const invite = () => void act(result, 'Invite to the app', () => api.post(`/customers/${c.id}/driver-invitation`),
    (i) => `A link for ${c.name}, valid until ${when(i.expiresAt)}: it works once`).then((i) => {
    if (!i) return;
    link.value = i.url;
    link.hidden = false;
    link.select();
  });
  return el('div', { class: 'buttons' },
    el('button', { type: 'button', 'data-testid': 'customer-invite', onclick: invite }, 'Invite to the driver app'), link, result);
}

/** @param {import('../types.js').CustomerDetail} c @param {() => void} reload */
function tagsPanel(c, reload) {
  const result = resultBox('customer-tags-result');
  const toggle = (/** @type {import('../types.js').IdTagDetail} */ t) => {
    const to = t.status === 'Blocked' ? 'Accepted' : 'Blocked';
    void act(result, `${to === 'Blocked' ? 'Block' : 'Unblock'} ${t.idTag}`, () => api.patch(`/id-tags/${t.id}`, { status: to }),
      () => `${t.idTag} is ${to}`).then((done) => { if (done) reload(); });
  };
  const idTag = el('input', { name: 'idTag', required: true, maxlength: 20, 'data-testid': 'tag-new-idtag' });
  return el('div', { 'data-testid': `customer-detail-${c.id}` },
    el('h3', {}, c.name),
    el('p', { class: 'small muted' }, [c.email, c.phone].filter(Boolean).join(' · ') || 'no contact details', ' · ',
      el('a', { href: href('/sessions', { customerId: c.id }) }, 'sessions'), ' · ', el('a', { href: href('/invoices', { q: c.name }) }, 'invoices')),
    table(`Id tags of ${c.name}`, ['Id tag', 'Status', 'Expires', ''], c.idTags.map((t) =>
      el('tr', { 'data-testid': `customer-tag-${t.id}`, 'data-status': t.status },
        el('td', {}, el('code', {}, t.idTag)), el('td', {}, t.status), el('td', {}, t.expiryDate ? when(t.expiryDate) : 'never'),
        el('td', {}, el('button', { type: 'button', 'data-testid': `customer-tag-toggle-${t.id}`, onclick: () => toggle(t) }, t.status === 'Blocked' ? 'Unblock' : 'Block')))),
    'customer-tags', 'No id tags yet.'),
    invitePanel(c),
    result,
    postForm('tag-new', [field('New id tag (OCPP idTag, ≤ 20 characters)', idTag)], 'Add tag',
      () => api.post('/id-tags', { idTag: idTag.value.trim(), customerId: c.id }), (t) => `Tag ${t.idTag} added`, reload));
}

/** @type {import('../router.js').View} */
export const customersView = {
  name: 'customers', path: /^\/customers\/?$/, title: 'Customers',
  render(root, { query }) {
    root.classList.add('console-view');
    const list = el('div', { 'data-testid': 'customers-list' });
    const detail = el('div', { 'data-testid': 'customers-detail' });
    const chosen = query.get('customerId');
    root.append(el('div', { class: 'split' },
      el('div', { class: 'card' }, el('h2', {}, 'Customers'), filterForm(PATH, FILTERS, query, 'customers-filter'), list,
        el('details', {}, el('summary', {}, 'New customer'), newCustomerForm(query))),
      el('div', { class: 'card' }, el('h2', {}, 'Id tags'), detail)));

    const lists = newestOnly();
    const details = newestOnly();
    async function loadList() {
      const mine = lists.start();
      try {
        const page = await getPage(apiPath(PATH, { q: query.get('q'), cursor: query.get('cursor') }));
        if (!lists.isNewest(mine)) return;
        replace(list, table('Customers', ['Name', 'Email', 'Phone'], page.items.map((/** @type {import('../types.js').CustomerRow} */ c) =>
          el('tr', { 'data-testid': `customers-row-${c.id}`, 'aria-current': String(c.id) === chosen ? 'true' : null },
            el('td', {}, el('a', { href: href(PATH, { ...queryObject(query), customerId: c.id }) }, c.name)),
            el('td', {}, c.email ?? ''), el('td', {}, c.phone ?? ''))), 'customers-table', 'No customer matches.'),
        pager(PATH, query, page.nextCursor, 'customers-pager'));
        markLoaded(root);
      } catch (err) {
        if (lists.isNewest(mine)) replace(list, loadError(err, 'the customers'));
      }
    }
    async function loadDetail() {
      if (!chosen) return replace(detail, el('p', { class: 'muted' }, 'Choose a customer to see their tags.'));
      const mine = details.start();
      try {
        /** @type {import('../types.js').CustomerDetail} */
        const c = await api.get(`/customers/${encodeURIComponent(chosen)}`);
        if (details.isNewest(mine)) replace(detail, tagsPanel(c, () => void loadDetail()));
      } catch (err) {
        if (details.isNewest(mine)) replace(detail, loadError(err, `customer ${chosen}`));
      }
    }
    void loadList();
    void loadDetail();
    return () => { lists.leave(); details.leave(); };
  },
};
