// CSV exports (viewer): text/csv, a header row, amounts in minor units with their currency, ISO 8601 times.
import { z } from 'zod';
import type { Services } from '../../services/index.js';
import type { Table } from '../../services/exports.js';
import { route, type RouteSpec } from '../route.js';
import { toCsv } from '../csv.js';
import { isoDateTime } from '../validation.js';

// Both bounds are required: an export is of a stated period, never "everything".
const Range = z.strictObject({ from: isoDateTime('from'), to: isoDateTime('to') });

function send(res: { type(t: string): unknown; setHeader(n: string, v: string): unknown; send(b: string): unknown }, name: string, t: Table) {
  res.type('text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}"`);
  res.send(toCsv(t));
}

export function exportRoutes(s: Services): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/exports/sessions.csv', tag: 'billing', role: 'viewer', streams: true, contentType: 'text/csv',
      summary: 'Sessions started in [from, to) as CSV, with their invoice number, status, total and currency',
      responseDescription: 'RFC 4180 with a header row. Also takes ?access_token= (a download link)', query: Range,
      async handle({ query, res }) { send(res, 'sessions.csv', await s.exports.sessions(query.from, query.to)); },
    }),
    route({
      method: 'get', path: '/exports/invoices.csv', tag: 'billing', role: 'viewer', streams: true, contentType: 'text/csv',
      summary: 'Invoices issued in [from, to) as CSV: amounts in minor units with their currency',
      responseDescription: 'RFC 4180 with a header row. Also takes ?access_token= (a download link)', query: Range,
      async handle({ query, res }) { send(res, 'invoices.csv', await s.exports.invoices(query.from, query.to)); },
    }),
  ];
}
