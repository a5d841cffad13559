/**
 * Checks real answers of the API against the OpenAPI document it serves: the status must be documented for the
 * operation, the media type among the documented ones, and a JSON body valid against the documented schema (ajv,
 * JSON Schema 2020-12, as OpenAPI 3.1 uses). Remembers which (operation, status) pairs were seen, so a test can
 * require that every documented answer was produced at least once.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

interface Response {
  $ref?: string;
  content?: Record<string, { schema: object }>;
}
interface Operation {
  responses: Record<string, Response>;
}
export interface ServedDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, Response> };
}

/** `METHOD /path/{template}`, as the document spells it. */
export type OperationKey = string;

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export class DocumentedResponses {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly seen = new Map<OperationKey, Set<string>>();

  constructor(private readonly document: ServedDocument) {
    // ajv-formats is CommonJS; its function is both the module and its `default`.
    formats.default(this.ajv);
    this.ajv.addSchema(document, 'openapi');
  }

  /** Every operation of the document, as keys. */
  operations(): OperationKey[] {
    return Object.entries(this.document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  documentedStatuses(key: OperationKey): string[] {
    return Object.keys(this.operation(key).responses).sort();
  }

  seenStatuses(key: OperationKey): string[] {
    return [...(this.seen.get(key) ?? [])].sort();
  }

  /** What is wrong with this answer of `key` by the document; empty when it conforms. */
  problems(key: OperationKey, answer: { status: number; contentType: string | null; body: unknown }): string[] {
    const status = String(answer.status);
    const [method, path] = key.split(' ') as [string, string];
    let response = this.operation(key).responses[status];
    if (!response) return [`${key} answered ${status}, which the document does not state`];
    this.seen.set(key, new Set([...(this.seen.get(key) ?? []), status]));
    let at = pointer('paths', path, method.toLowerCase(), 'responses', status);
    if (response.$ref) {
      const name = response.$ref.replace('#/components/responses/', '');
      response = this.document.components.responses[name] ?? {};
      at = pointer('components', 'responses', name);
    }
    const media = (answer.contentType ?? '').split(';')[0]!.trim();
    const documented = Object.keys(response.content ?? {});
    if (!documented.includes(media)) return [`${key} ${status} answered ${media}, documented: ${documented}`];
    if (media !== 'application/json') return [];
    const validate = this.ajv.getSchema(`openapi#/${at}/${pointer('content', media, 'schema')}`);
    if (!validate) return [`no schema at ${at}`];
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map((e) => `${key} ${status}: ${e.instancePath || '(body)'} ${e.message}`);
  }

  /** What is wrong with `value` by the named schema of components.schemas; empty when it conforms. */
  schemaProblems(name: string, value: unknown): string[] {
    const validate = this.ajv.getSchema(`openapi#/${pointer('components', 'schemas', name)}`);
    if (!validate) return [`no schema ${name}`];
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || '(value)'} ${e.message}`);
  }

  private operation(key: OperationKey): Operation {
    const [method, path] = key.split(' ') as [string, string];
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the document has no operation ${key}`);
    return operation;
  }
}
