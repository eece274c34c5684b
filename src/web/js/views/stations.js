// Stations (#/stations): the table of chargers (being built).
import { el } from '../dom.js';
import { markLoaded } from '../router.js';

/** @type {import('../router.js').View} */
export const stationsView = {
  name: 'stations', path: /^\/stations$/, title: 'Stations',
  render(root) {
    root.append(el('h2', {}, 'Stations'));
    markLoaded(root);
  },
};
