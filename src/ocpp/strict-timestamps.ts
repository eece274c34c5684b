// The RFC 3339 check ocpp-rpc's schema validation misses: its ajv-formats (2.1) passes a date-time without a
// zone ('2026-11-21T10:00:00'), with a space for the T, or with a ±hhmm offset. A zoneless time is ambiguous, and
// `new Date()` would read it in the server's local zone, so a charger's timestamps must be RFC 3339 proper
// (OCPP-J 1.6 §3.1.5) unless its station is lenient on malformedTimestamp (leniency.ts).
import { isRfc3339DateTime } from './leniency-rules.js';
import { formatError, ocpp16Schemas, type JsonSchema } from './rpc-adapter.js';

/** Only the branches of a schema that lead to a date-time field. */
type Plan = { kind: 'dateTime' } | { kind: 'object'; props: Array<[string, Plan]> } | { kind: 'array'; items: Plan };

const MAX_DEPTH = 16; // the OCPP 1.6 schemas nest 5 deep; this only stops a $ref cycle

function compile(node: JsonSchema, root: JsonSchema, depth = 0): Plan | null {
  if (depth > MAX_DEPTH) return null;
  if (node.$ref?.startsWith('#/definitions/')) {
    const target = root.definitions?.[node.$ref.slice('#/definitions/'.length)];
    return target ? compile(target, root, depth + 1) : null;
  }
  if (node.format === 'date-time') return { kind: 'dateTime' };
  if (node.properties) {
    const props = Object.entries(node.properties)
      .map(([name, child]): [string, Plan | null] => [name, compile(child, root, depth + 1)])
      .filter((e): e is [string, Plan] => e[1] !== null);
    return props.length > 0 ? { kind: 'object', props } : null;
  }
  if (node.items) {
    const items = compile(node.items, root, depth + 1);
    return items ? { kind: 'array', items } : null;
  }
  return null;
}

const plans = new Map<string, Plan>(
  ocpp16Schemas().flatMap((s) => {
    const plan = s.$id ? compile(s, s) : null;
    return plan && s.$id ? [[s.$id, plan] as const] : [];
  }),
);

const escapeToken = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON Pointer of the first date-time that is not RFC 3339, or null. It runs on every message from a charger,
 * so the pointer is built on the way back up, only when a loose timestamp was found.
 */
function firstLoose(plan: Plan, value: unknown): string | null {
  switch (plan.kind) {
    case 'dateTime':
      return typeof value === 'string' && !isRfc3339DateTime(value) ? '' : null;
    case 'object': {
      if (value === null || typeof value !== 'object') return null;
      for (const [name, child] of plan.props) {
        const found = firstLoose(child, (value as Record<string, unknown>)[name]);
        if (found !== null) return `/${escapeToken(name)}${found}`;
      }
      return null;
    }
    case 'array': {
      if (!Array.isArray(value)) return null;
      for (let i = 0; i < value.length; i++) {
        const found = firstLoose(plan.items, value[i]);
        if (found !== null) return `/${i}${found}`;
      }
      return null;
    }
  }
}

/** Throws the standard validator's FormationViolation, in its shape, for the first timestamp that is not RFC 3339. */
export function assertRfc3339Timestamps(schemaId: string, params: unknown): void {
  const plan = plans.get(schemaId);
  const path = plan ? firstLoose(plan, params) : null;
  if (path === null) return;
  const message = 'must match format "date-time" (RFC 3339, with a time zone)';
  throw formatError(`data${path} ${message}`,
    [{ keyword: 'format', instancePath: path, params: { format: 'date-time' }, message }], params);
}
