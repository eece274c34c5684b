// Sites (issue 17): chargers that share one grid connection, and the settings the allocator works with (admin
// writes, viewer reads). A station joins or leaves a site through the stations service (PATCH /stations/{id}).
import * as store from '../store/index.js';
import { inTransaction } from '../store/db.js';
import { AppError } from '../shared/errors.js';
import { siteRuleBroken, type Site, type SiteSettings, type SiteStationView } from '../domain/sites.js';
import type { ServiceDeps } from './deps.js';
import { siteLoad, siteLoadHistory, type SiteLoad } from './site-load-view.js';
import type { LoadPoint } from '../domain/load-decisions.js';

export interface SiteView extends Site {
  /** Its stations, by id. */
  stations: SiteStationView[];
}

/** One site as GET /api/sites/{id} shows it: with its load now and the balancer's latest decisions. */
export interface SiteDetail extends SiteView {
  load: SiteLoad;
}

/** Unknown site ids are NotFound naming siteId throughout. */
export interface SiteService {
  list(): Promise<SiteView[]>;
  get(siteId: number): Promise<SiteDetail>;
  /** BadRequest naming the field when the fields break a rule between them (minCurrentA ≤ maxCurrentA, …). */
  create(settings: SiteSettings): Promise<SiteView>;
  /** The allocated and measured totals at each load-balancer run of the last hours, oldest first. */
  loadHistory(siteId: number, hours: number): Promise<LoadPoint[]>;
  /** Changes the given fields; the rules between fields hold on the result. */
  update(siteId: number, change: Partial<SiteSettings>): Promise<SiteView>;
  /** Conflict naming the stations while any belongs to it: deleting it would leave them without a limit. */
  remove(siteId: number): Promise<void>;
}

function checkRules(settings: SiteSettings, changed: readonly string[]): void {
  const broken = siteRuleBroken(settings, changed);
  if (broken) throw new AppError('BadRequest', `${broken.field}: ${broken.message}`, { fields: [{ field: broken.field, in: 'body', message: broken.message }] });
}

const settingsOf = ({ id: _id, createdAt: _c, updatedAt: _u, ...settings }: Site): SiteSettings => settings;

/** After commit: the load balancer re-balances the site (jobs/load-balancing.ts), dashboards reload it. */
export function announceSite(d: Pick<ServiceDeps, 'events' | 'clock'>, siteId: number, change: 'settings' | 'stations' | 'removed',
  o: { stationId?: number; fields?: string[] } = {}): void {
  d.events.emit('site.updated', { siteId, change, stationId: o.stationId ?? null, fields: o.fields ?? [], at: d.clock.now() });
}

export function makeSiteService(d: ServiceDeps): SiteService {
  const withStations = async (site: Site): Promise<SiteView> => ({ ...site, stations: await store.sites.listSiteStations(d.db, site.id) });
  return {
    async list() {
      const [sites, bySite] = await Promise.all([store.sites.listSites(d.db), store.sites.listStationsBySite(d.db)]);
      return sites.map((site) => ({ ...site, stations: bySite.get(site.id) ?? [] }));
    },
    async get(siteId) {
      const [site, load] = await Promise.all([withStations(await store.sites.getSite(d.db, siteId)), siteLoad(d.db, siteId)]);
      return { ...site, load: load ?? { allocatedA: 0, measuredA: null, sessions: [], decisions: [] } };
    },
    async loadHistory(siteId, hours) {
      await store.sites.getSite(d.db, siteId);
      return siteLoadHistory(d.db, siteId, hours, d.clock.now());
    },
    async create(settings) {
      checkRules(settings, []);
      const site = await store.sites.insertSite(d.db, settings, d.clock.now());
      announceSite(d, site.id, 'settings', { fields: Object.keys(settings) });
      return { ...site, stations: [] };
    },
    async update(siteId, change) {
      const given = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
      const site = await inTransaction(d.db, async (tx) => {
        const merged = { ...settingsOf(await store.sites.getSiteForUpdate(tx, siteId)), ...given };
        checkRules(merged, Object.keys(given));
        return store.sites.updateSite(tx, siteId, merged, d.clock.now());
      });
      announceSite(d, siteId, 'settings', { fields: Object.keys(given) });
      return withStations(site);
    },
    async remove(siteId) {
      await store.sites.deleteSite(d.db, siteId);
      announceSite(d, siteId, 'removed');
    },
  };
}
