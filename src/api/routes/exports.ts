// CSV exports (viewer): text/csv, a header row, amounts in minor units with their currency, ISO 8601 times.
import type { Services } from '../../services/index.js';
import type { Table } from '../../services/exports.js';
import { route, type RouteSpec } from '../route.js';
import { toCsv } from '../csv.js';
import { InvoiceExportQuery, SessionExportQuery } from '../schemas/exports.js';

function send(res: { type(t: string): unknown; setHeader(n: string, v: string): unknown; send(b: string): unknown }, name: string, t: Table) {
  res.type('text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  res.send(toCsv(t));
}

const RANGE = ' [from, to); without from/to the last 30 days up to now; a date-only bound is a whole day of the server\'s time zone';

export function exportRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/exports/sessions.csv', tag: 'billing', role: 'viewer', streams: true, contentType: 'text/csv',
      summary: `Sessions started in${RANGE}, oldest first, as CSV with their tag's authorization, invoice number, status, total `
        + 'and currency; also takes the filters of GET /sessions (state, stationId, connectorId with stationId, customerId, idTagId, '
        + 'idTag, siteId, q), so the console exports the list it shows',
      responseDescription: 'RFC 4180 with a header row. Also takes ?access_token= (a download link)', query: SessionExportQuery,
      async handle({ query, res }) { send(res, 'sessions.csv', await s.exports.sessions(query)); },
    }),
    route({
      method: 'get', path: '/exports/invoices.csv', tag: 'billing', role: 'viewer', streams: true, contentType: 'text/csv',
      summary: `Invoices issued in${RANGE}, oldest first, as CSV: amounts in minor units with their currency; also takes the `
        + 'filters of GET /invoices (status, stationId, customerId, sessionId, q), so the console exports the list it shows',
      responseDescription: 'RFC 4180 with a header row. Also takes ?access_token= (a download link)', query: InvoiceExportQuery,
      async handle({ query, res }) { send(res, 'invoices.csv', await s.exports.invoices(query)); },
    }),
  ];
}
