// Real answers checked against the schemas of /api/openapi.json with a JSON Schema validator of its own (ajv,
// draft 2020-12 as OpenAPI 3.1 has it), so the document is tested as a client generator reads it, not through the
// zod schemas it was made from.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Json = Record<string, any>;

export interface DocumentedAnswer {
  /** The JSON schema of the operation's success body; undefined: none ({}) or not JSON (a stream, a 204). */
  schema: Json | undefined;
  headers: Record<string, unknown>;
}

export class OpenApiAnswers {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: Json) {}

  /** Every operation of the document as 'get /api/stations/{stationId}'. */
  operations(): Array<{ method: string; path: string }> {
    return Object.entries(this.doc.paths as Json).flatMap(([path, ops]) => Object.keys(ops as Json).map((method) => ({ method, path })));
  }

  /** The success response the document promises for the operation. */
  documented(method: string, path: string): DocumentedAnswer {
    const op = this.doc.paths[path]?.[method];
    if (!op) throw new Error(`the document has no ${method} ${path}`);
    const [, success] = Object.entries(op.responses as Json).find(([status]) => status.startsWith('2'))!;
    const schema = success.content?.['application/json']?.schema as Json | undefined;
    return { schema: schema && Object.keys(schema).length > 0 ? schema : undefined, headers: success.headers ?? {} };
  }

  /**
   * The validator's complaints about a success body (empty: it matches); throws when the operation has no schema
   * to check it against, so a test cannot pass by checking nothing.
   */
  errors(method: string, path: string, body: unknown): string[] {
    const key = `${method} ${path}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const { schema } = this.documented(method, path);
      if (!schema) throw new Error(`${key} has no response schema in the document`);
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
