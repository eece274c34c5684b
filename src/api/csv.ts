// RFC 4180 CSV: CRLF line ends, a field holding a comma, quote, CR or LF is quoted, quotes inside doubled.
import type { Cell, Table } from '../services/exports.js';

function field(value: Cell): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(t: Table): string {
  return [t.header, ...t.rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
