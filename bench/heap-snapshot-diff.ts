// What a V8 heap snapshot holds, grouped as DevTools' "Comparison" view groups it: by node type and name (a
// constructor, a closure's function name, a system type), with each group's count and self size. Two snapshots
// of one server, before and after N chargers connected, give each group's bytes per connection.
import { readFileSync } from 'node:fs';

export interface Group { count: number; bytes: number }

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
  locations?: number[];
}

/** Groups keyed `type name`; a closure's key adds its source position (script id:line:column) so anonymous
 * arrows of different files stay apart. */
export function groupsOf(file: string): Map<string, Group> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const where = locationsOf(s);
  const groups = new Map<string, Group>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt] as number] ?? '?';
    let name = s.strings[s.nodes[i + nameAt] as number] ?? '?';
    if (type === 'closure') name = `${name || '(anonymous)'} ${where.get(i) ?? ''}`;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '';
    const key = `${type} ${name.slice(0, 120)}`;
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count += 1;
    g.bytes += s.nodes[i + sizeAt] as number;
    groups.set(key, g);
  }
  return groups;
}

// snapshot.locations: [node offset in `nodes`, script id, line, column] per closure (0-based line and column).
function locationsOf(s: Snapshot): Map<number, string> {
  const out = new Map<number, string>();
  const l = s.locations ?? [];
  for (let i = 0; i + 3 < l.length; i += 4) {
    out.set(l[i] as number, `@${l[i + 1]}:${(l[i + 2] as number) + 1}:${(l[i + 3] as number) + 1}`);
  }
  return out;
}

export interface Row { key: string; countPerConnection: number; bytesPerConnection: number }

/** The groups that grew from `before` to `after`, per connection, biggest first. */
export function perConnection(before: Map<string, Group>, after: Map<string, Group>, connections: number): Row[] {
  const rows: Row[] = [];
  for (const [key, a] of after) {
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    const bytes = a.bytes - b.bytes;
    if (bytes <= 0) continue;
    rows.push({ key, countPerConnection: (a.count - b.count) / connections, bytesPerConnection: bytes / connections });
  }
  return rows.sort((x, y) => y.bytesPerConnection - x.bytesPerConnection);
}
