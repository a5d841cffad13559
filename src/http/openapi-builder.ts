/**
 * Builds the OpenAPI 3.1 document from the zod schemas the routes validate with (zod's own JSON Schema output), so
 * the document cannot state other bounds than the validation enforces. openapi.ts says what each operation is.
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path';
  required: boolean;
  schema: JsonSchema;
  description?: string;
}
export interface OpenApiResponse {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  security: Record<string, string[]>[];
  'x-grantdesk-scopes'?: readonly string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

/** The served document, as tests and clients read it. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Partial<Record<'get' | 'post', OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, object>;
    responses: Record<string, OpenApiResponse>;
    schemas: Record<string, Record<string, unknown>>;
  };
}

/** A request is described as the client sends it, an answer as the API writes it. */
type Io = 'input' | 'output';

/** zod writes a standalone schema; inside the document `$schema` and `$id` only get in the way. */
function bare(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * A query or path parameter arrives as text. It is shown as the value it stands for when that is plain JSON (a
 * whole number, with its bounds), else as the text to send (a moment, a cursor, a list of types).
 */
function parameterSchema(field: z.ZodType): JsonSchema {
  try {
    return bare(z.toJSONSchema(field, { io: 'output' }) as JsonSchema);
  } catch {
    return bare(z.toJSONSchema(field, { io: 'input' }) as JsonSchema);
  }
}

export function parametersOf(where: 'query' | 'path', params: z.ZodObject): OpenApiParameter[] {
  const whole = z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' });
  const required = new Set(whole.required ?? []);
  return Object.entries(params.shape).map(([name, field]) => {
    const { description, ...schema } = parameterSchema(field as z.ZodType);
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

/**
 * Statuses every operation can answer, whatever its own: any request's query may hold text that cannot be stored
 * (422), any token may exceed its rate (429); any POST's body may be malformed (400), too large (413) or in another
 * charset or encoding (415); a session path may hold a malformed id (400) or an unknown one (404).
 */
const EVERY_OPERATION = ['422', '429', '500'];
const EVERY_POST = ['400', '413', '415'];
const BY_PATH = ['400', '404'];

export interface OperationSpec {
  id: string;
  summary: string;
  /** Alternatives: any one suffices (admin has them all). */
  scopes: readonly string[];
  post?: boolean;
  path?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may be left out altogether. */
  bodyOptional?: boolean;
  /** Each success: a JSON schema, or `media` types of text. */
  ok: Record<string, { description: string; schema?: z.ZodType; media?: string[] }>;
  errors: string[];
}

/** The named schemas of components.schemas, and operations that refer to them by $ref. */
export class OpenApiBuilder {
  private readonly names = new Map<z.ZodType, string>();

  constructor(private readonly named: { requests: Record<string, z.ZodType>; responses: Record<string, z.ZodType> }) {
    for (const schemas of [named.requests, named.responses]) {
      for (const [name, schema] of Object.entries(schemas)) this.names.set(schema, name);
    }
  }

  /** components.schemas: each group converted with its own direction, named schemas as $refs to each other. */
  schemas(): Record<string, JsonSchema> {
    return { ...this.convert(this.named.requests, 'input'), ...this.convert(this.named.responses, 'output') };
  }

  operation(spec: OperationSpec): OpenApiOperation {
    const errors = new Set([
      ...spec.errors,
      ...(spec.path ? BY_PATH : []),
      ...EVERY_OPERATION,
      ...(spec.post ? EVERY_POST : []),
    ]);
    const parameters = [
      ...(spec.path ? parametersOf('path', spec.path) : []),
      ...(spec.query ? parametersOf('query', spec.query) : []),
    ];
    const ok = Object.entries(spec.ok).map(([status, { description, schema, media }]) => {
      const content = schema
        ? this.json(schema, 'output')
        : Object.fromEntries((media ?? []).map((type) => [type, { schema: { type: 'string' } }]));
      return [status, { description, content }] as const;
    });
    return {
      operationId: spec.id,
      summary: spec.summary,
      security: [{ bearerToken: [] }],
      'x-grantdesk-scopes': spec.scopes,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: !spec.bodyOptional, content: this.json(spec.body, 'input') } } : {}),
      responses: {
        ...Object.fromEntries(ok),
        401: { $ref: '#/components/responses/Unauthenticated' },
        403: { $ref: '#/components/responses/Forbidden' },
        ...Object.fromEntries(
          [...errors].sort().map((status) => [status, { $ref: `#/components/responses/Status${status}` }]),
        ),
      },
    };
  }

  /** `application/json` content: a $ref to a named schema, or the schema itself. */
  json(schema: z.ZodType, io: Io): Record<string, { schema: JsonSchema }> {
    const name = this.names.get(schema);
    const json = name ? { $ref: `#/components/schemas/${name}` } : bare(z.toJSONSchema(schema, { io }) as JsonSchema);
    return { 'application/json': { schema: json } };
  }

  private convert(schemas: Record<string, z.ZodType>, io: Io): Record<string, JsonSchema> {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
    const converted = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
    return Object.fromEntries(Object.entries(converted.schemas).map(([id, schema]) => [id, bare(schema)]));
  }
}
