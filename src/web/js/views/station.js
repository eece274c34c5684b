// One station (#/stations/{id}) (being built).
import { el } from '../dom.js';
import { markLoaded } from '../router.js';

/** @type {import('../router.js').View} */
export const stationView = {
  name: 'station', nav: 'stations', path: /^\/stations\/(\d+)$/, title: 'Station',
  render(root, { params }) {
    root.append(el('h2', {}, `Station ${params[0]}`));
    markLoaded(root);
  },
};
