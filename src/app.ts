// startApp(deps) builds the whole central system on an open database and listens; nothing happens at import.
// Tests start it on port 0; main.ts starts it from configuration.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Server as NetServer } from 'node:net';
import cluster from 'node:cluster';
import { SERVER_POOL_SIZE, type Database } from './store/db.js';
import { EventBus } from './shared/events.js';
import { systemClock, type Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';
import { createServices, type Services } from './services/index.js';
import { createOcppServer, type OcppServer } from './ocpp/server.js';
import { StationRegistry } from './ocpp/registry.js';
import { OcppCommands } from './ocpp/commands.js';
import { makeChargerPort } from './ocpp/charger-port.js';
import { createHttpApp } from './api/http-app.js';
import { allRoutes } from './api/routes/index.js';
import type { RouteSpec } from './api/route.js';
import { startJobs, type Jobs } from './jobs/index.js';
import { watchSlots } from './services/slot-watch.js';
import { EventStream } from './realtime/event-stream.js';
import type { Config } from './config.js';
import { createTlsServer, loadTlsMaterial } from './tls.js';
import { loadChargePointCa } from './charge-point-ca.js';
import { createObservability } from './observability/index.js';
import { logActivity } from './observability/activity-log.js';
import { openCluster, type Cluster, type ClusterDeps } from './cluster/index.js';
import { parseTrustedProxies } from './shared/trusted-proxies.js';
import { paymentProvider } from './payments/index.js';
import { addAcceptHandles } from './shared/accept-handles.js';
import { descriptorsInUse, openFilesLimit } from './shared/open-files.js';
import { chargerCapacity } from './ocpp/connection-capacity.js';

export interface AppDeps {
  config: Pick<Config, 'port' | 'host' | 'ocpp' | 'shutdownGraceMs' | 'adminToken' | 'bookings' | 'authFailures'> & {
    tls?: Config['tls']; metricsToken?: Config['metricsToken'];
    /** CPO_NAME, CP_CA_CERT_FILE, CP_CA_KEY_FILE: the CA that signs chargers' certificates; none: SignCertificate Rejected. */
    chargePointCa?: Config['chargePointCa'];
    /** Cluster mode (NATS_URL): with the PostgreSQL server's URL, which every node shares. */
    cluster?: Config['cluster']; database?: Config['database'];
    /** TRUSTED_PROXIES: whose X-Forwarded-For and X-Forwarded-Proto count (shared/trusted-proxies.ts). */
    trustedProxies?: Config['trustedProxies'];
    /** LOAD_BALANCE_INTERVAL_S; 30 s when absent. */
    loadBalancing?: Config['loadBalancing'];
    /** API_CHECK_RESPONSES; off when absent. */
    api?: Config['api'];
    /** DRIVER_SIGNUP, DRIVER_TOKEN_TTL_S, PAYMENT_PROVIDER, DRIVER_INVITATION_TTL_S; sign-up open, 30-day tokens, the test provider and 7-day invitations when absent. */
    drivers?: Config['drivers'];
    /** PUBLIC_URL: the origin of QR codes and invitation links; the request's own when absent or null. */
    publicUrl?: Config['publicUrl'];
  };
  /** Run the periodic jobs on their schedules (tests run them by hand with their own clock). */
  scheduleJobs?: boolean;
  database: Database;
  log: Logger;
  clock?: Clock;
}

export interface App {
  url: string;
  ocppUrl: string;
  port: number;
  /** The TLS listener (https + wss, same API and OCPP endpoint), or null when TLS is not configured. */
  tlsUrl: string | null;
  wssUrl: string | null;
  services: Services;
  events: EventBus;
  ocpp: OcppServer;
  /** Every staff API route, as served and documented. */
  routes: RouteSpec[];
  jobs: Jobs;
  close(): Promise<void>;
}

export async function startApp(d: AppDeps): Promise<App> {
  const joined: { cluster: Cluster | null } = { cluster: null };
  try {
    return await buildApp(d, joined);
  } catch (err) {
    // A start that fails after joining the cluster (the port taken, say) must not leave this node in it: its
    // beats, NATS connection, event publisher and job lock connection would outlive the failed start.
    await joined.cluster?.close();
    throw err;
  }
}

/** startApp's work; `joined` gets the cluster as soon as it is joined, for startApp to close on a failure. */
async function buildApp(d: AppDeps, joined: { cluster: Cluster | null }): Promise<App> {
  const clock = d.clock ?? systemClock;
  // First, before anything is written: a bad TLS or CA file stops the start naming its key.
  const chargePointCa = d.config.chargePointCa ? loadChargePointCa(d.config.chargePointCa) : null;
  const tlsMaterial = d.config.tls ? loadTlsMaterial(d.config.tls, chargePointCa?.certPem ?? null) : null;
  const trustedProxies = parseTrustedProxies(d.config.trustedProxies ?? []); // a bad entry stops the start naming it
  const events = new EventBus(d.log);
  // The operator's console: one line per thing that happened (observability/activity-log.ts).
  const stopActivityLog = logActivity(events, d.log);
  // Outbound OCPP is inverted (STYLE.md): the registry exists first, so the services get the commands that
  // work on it, and the OCPP server fills it with connections.
  const registry = new StationRegistry();
  const callTimeoutMs = d.config.ocpp.callTimeoutMs;
  // First: the OCPP edge and the database report into it; the services it reads are called at scrape time only.
  const observability = createObservability({
    database: d.database, log: d.log, metricsToken: d.config.metricsToken ?? null,
    activeSessions: () => services.sessions.countActive(),
    natsConnected: d.config.cluster ? () => cluster?.link.connected ?? false : undefined,
  });
  const local = new OcppCommands({ registry, callTimeoutMs, log: d.log, metrics: observability.metrics.ocpp });
  const cluster = await joinCluster(d, { registry, local, events, clock });
  joined.cluster = cluster;
  const commands = makeChargerPort(cluster?.commands ?? local);
  const services = createServices({ db: d.database.db, clock, events, log: d.log, nodeId: cluster?.nodeId ?? null }, {
    autoRegister: d.config.ocpp.autoRegister, maxPendingStations: d.config.ocpp.maxPendingStations, heartbeatIntervalS: d.config.ocpp.heartbeatIntervalS, adminToken: d.config.adminToken,
    noShowGraceMs: d.config.bookings.noShowGraceMs, clientCertificates: Boolean(tlsMaterial?.ca), chargePointCa,
    loadBalanceIntervalS: d.config.loadBalancing?.intervalS,
    ...(d.config.drivers ? { drivers: d.config.drivers } : {}), publicUrl: d.config.publicUrl ?? null, paymentProvider: paymentProvider(d.config.drivers?.paymentProvider ?? 'test'),
  }, { commands, callTimeoutMs });
  // On one node every open connection row is the previous run's; in a cluster the others' are live, and a dead
  // node's are closed by the node beats (cluster/node-beats.ts).
  const stale = cluster ? 0 : await services.chargers.closeStaleConnections();
  if (stale > 0) d.log.info({ connections: stale }, 'closed connections left open by the previous run');

  const ocpp = createOcppServer({
    services, registry, events, clock, log: d.log, offlineAfterS: d.config.ocpp.offlineAfterS, callTimeoutMs,
    limits: d.config.ocpp, handshakeFailures: d.config.authFailures, metrics: observability.metrics.ocpp, trustedProxies,
  });
  const jobs = await startJobs({
    bookings: services.bookings, slots: watchSlots({ db: d.database.db, clock, events, log: d.log }), events, clock, log: d.log,
    bookingIntervalS: d.config.bookings.jobIntervalS, schedule: d.scheduleJobs ?? true,
    runsJobs: cluster ? () => cluster.jobLock.acquire() : undefined,
    loadBalancing: {
      balancer: services.loadBalancer, profiles: services.chargingProfiles, sites: services.sites, stations: services.stations,
      intervalS: d.config.loadBalancing?.intervalS ?? 30,
    },
  });
  const stream = new EventStream(events, d.log, { backlogSize: 1_000, keepAliveMs: 15_000 }, cluster?.events ?? null);
  const routes = allRoutes({ services, events: stream, publicUrl: d.config.publicUrl ?? null });
  const httpApp = createHttpApp({ log: d.log, onlineStations: () => ocpp.registry.size, routes, staff: services.staff, drivers: services.drivers,
    authFailures: d.config.authFailures, clock, probes: observability.probes, trustedProxies, nodeId: cluster?.nodeId ?? null,
    checkResponses: d.config.api?.checkResponses ?? false });
  const http = createServer(httpApp);
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (ocpp.isOcppPath(req.url)) return ocpp.handleUpgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  };
  http.on('upgrade', onUpgrade);
  const { port, acceptors } = await listen(http, d.config.port, d.config.host, d.log);
  const host = d.config.host === '0.0.0.0' || d.config.host === '::' ? '127.0.0.1' : d.config.host;
  const url = `http://${host}:${port}`;
  // The same express app and upgrade handling on the TLS port; the handshake auth tells the two apart per station.
  const https = tlsMaterial ? createTlsServer(tlsMaterial, httpApp) : null;
  https?.on('upgrade', onUpgrade);
  const tlsListening = https && d.config.tls ? await listen(https, d.config.tls.port, d.config.host, d.log) : null;
  const tlsPort = tlsListening?.port ?? null;
  const allAcceptors = [...acceptors, ...(tlsListening?.acceptors ?? [])];
  setChargerCapacity(ocpp, d.config.ocpp.maxConnections, d.log);

  return {
    url, ocppUrl: `ws://${host}:${port}/ocpp`, port, services, events, ocpp, routes, jobs,
    tlsUrl: tlsPort === null ? null : `https://${host}:${tlsPort}`,
    wssUrl: tlsPort === null ? null : `wss://${host}:${tlsPort}/ocpp`,
    async close() {
      for (const acceptor of allAcceptors) acceptor.close();
      http.close();
      https?.close();
      await jobs.stop();
      stream.close();
      await ocpp.close(d.config.shutdownGraceMs);
      // After the handlers in flight, before the caller closes the database.
      await jobs.settled();
      http.closeAllConnections();
      https?.closeAllConnections();
      await cluster?.close();
      observability.close();
      stopActivityLog(); // last: the disconnects of the shutdown are still told
    },
  };
}

/** Once listening, every descriptor of our own is open but the pool's later ones (ocpp/connection-capacity.ts). */
function setChargerCapacity(ocpp: OcppServer, configured: number | null, log: Logger): void {
  const budget = { openFilesLimit: openFilesLimit(), inUse: descriptorsInUse(), databaseConnections: SERVER_POOL_SIZE };
  const capacity = chargerCapacity(configured, budget);
  ocpp.capacity.setCapacity(capacity);
  log.info({ chargers: Number.isFinite(capacity) ? capacity : null, ...budget }, 'OCPP connections: capacity');
}

/** Cluster mode: joins the cluster before the services are built, as they send commands through it. */
async function joinCluster(d: AppDeps, parts: Pick<ClusterDeps, 'registry' | 'local' | 'events' | 'clock'>): Promise<Cluster | null> {
  const config = d.config.cluster;
  if (!config) return null;
  const databaseUrl = d.config.database?.url;
  if (!databaseUrl) throw new Error('cluster mode needs DATABASE_URL (config.ts refuses the embedded database)');
  return openCluster({
    ...parts, config, databaseUrl, db: d.database.db, log: d.log,
    offlineAfterS: d.config.ocpp.offlineAfterS, callTimeoutMs: d.config.ocpp.callTimeoutMs,
  });
}

/**
 * Connections the kernel holds for us until we accept them. Node's default, 511, overflows in a connect storm
 * (a fleet reconnecting at 1,000 chargers a second while we serve the ones already in): every SYN past it is
 * dropped and the charger tries again only after 1, 3, 7 s. The kernel caps it at net.core.somaxconn.
 */
const LISTEN_BACKLOG = 4_096;

/** Listening handles of one socket (shared/accept-handles.ts): in a storm, one accept per handle per turn of the
 * loop. Each is a file descriptor taken from the chargers' budget (ocpp/connection-capacity.ts): with 64, a limit
 * of 20,000 held 19,865 chargers; with 16, all 19,900 of `steady --chargers 19900`. Getting them costs ~140 ms
 * at start. */
const ACCEPT_HANDLES = 16;

async function listen(server: Server, port: number, host: string, log: Logger): Promise<{ port: number; acceptors: NetServer[] }> {
  const bound = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => resolve((server.address() as AddressInfo).port));
  });
  // A cluster worker's socket is the primary's (node:cluster accepts there and hands connections over).
  if (cluster.isWorker) return { port: bound, acceptors: [] };
  // Without them we serve as before, only slower to accept in a storm: not a reason to refuse to start.
  const acceptors = await addAcceptHandles(server, ACCEPT_HANDLES - 1, LISTEN_BACKLOG).catch((err: unknown) => {
    log.warn({ err }, 'extra accept handles unavailable: accepting one connection per turn of the event loop');
    return [];
  });
  return { port: bound, acceptors };
}
