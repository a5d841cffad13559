import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.ts';
import { createSequelize } from '../../src/db/database.ts';
import { createStores } from '../../src/db/stores.ts';
import { IDENTIFIER_PATTERN } from '../../src/domain/grant-policy.ts';
import { MAX_JSON_DEPTH, MAX_JSON_LENGTH } from '../../src/domain/json-bounds.ts';
import { parseGrantReference } from '../../src/domain/short-code.ts';
import { apiFields } from '../../src/http/api-fields.ts';
import { apiRoutes } from '../../src/http/api-routes.ts';
import { encodeEventCursor } from '../../src/http/event-cursor.ts';
import { openApiDocument, SESSION_ID_PATTERN } from '../../src/http/openapi.ts';
import { createLogger } from '../../src/logger.ts';
import { randomIds, systemClock } from '../../src/system-clock.ts';
import { InMemoryTracker, StaticAccess, testPolicy } from '../support/services-harness.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: { scopes?: string[] } }[] };
  handle: { stack?: Layer[] };
}

/** Every route the router really registers, with the scopes its guard enforces (express 5 / router 2 internals). */
function registeredRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const scopes = layer.route.stack.find((l) => l.handle.scopes)?.handle.scopes ?? [];
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${path} [${scopes.join(' ')}]`);
    }
    return layer.handle.stack ? registeredRoutes(layer.handle.stack) : [];
  });
}

function documentedRoutes(): string[] {
  return Object.entries(openApiDocument.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const scopes = operation['x-grantdesk-scopes'] ?? [];
      return `${method.toUpperCase()} ${path} [${scopes.join(' ')}]`;
    }),
  );
}

describe('the OpenAPI document', () => {
  // Building the routes needs services but no connection: nothing here queries the database.
  const sequelize = createSequelize('postgres://127.0.0.1:9/unused');
  const stores = createStores(sequelize, randomIds);
  const services = createServices({
    sequelize,
    stores,
    tracker: new InMemoryTracker(),
    access: new StaticAccess(),
    clock: systemClock,
    ids: randomIds,
    policy: testPolicy,
    ticketPolicy: { allowedProjects: [], requireOpen: true },
  });
  const router = apiRoutes({
    services,
    tokens: stores.tokens,
    clock: systemClock,
    logger: createLogger('silent'),
  }).router as unknown as {
    stack: Layer[];
  };

  it('documents every registered route, with the scopes it enforces, and nothing else', () => {
    const registered = registeredRoutes(router.stack).sort();
    expect(registered).toHaveLength(14);
    expect(documentedRoutes().sort()).toEqual(registered);
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(openApiDocument).match(/"#\/components\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const [, , kind, name] = JSON.parse(ref).split('/');
      const components = openApiDocument.components as Record<string, Record<string, unknown>>;
      expect(components[kind]?.[name], ref).toBeDefined();
    }
  });

  const operations = Object.entries(openApiDocument.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as unknown as Record<string, unknown> })),
  );

  it('states every status each operation can answer', () => {
    for (const { path, method, op } of operations) {
      if (path === '/api/v1/openapi.json') continue;
      const statuses = Object.keys(op.responses as object);
      const what = `${method.toUpperCase()} ${path}`;
      expect(statuses, what).toEqual(expect.arrayContaining(['401', '403', '422', '500']));
      if (method === 'post') expect(statuses, what).toEqual(expect.arrayContaining(['400', '413', '415']));
      if (path.includes('{sessionId}')) expect(statuses, what).toEqual(expect.arrayContaining(['400', '404']));
    }
    const use = openApiDocument.paths['/api/v1/impersonation/sessions/{sessionId}/use']?.post;
    expect(use?.requestBody).toMatchObject({ required: false });
    expect(openApiDocument.paths['/api/v1/audit/events']?.post?.requestBody).toMatchObject({ required: true });
  });

  it('states the bounds the validation enforces', () => {
    const pattern = new RegExp(SESSION_ID_PATTERN);
    const ids = [randomIds.uuid(), randomIds.uuid().toUpperCase(), 'G-7K3M9Q', 'g-7k3m9q', '7K3M9Q', 'G-7K3M9U', 'G-1'];
    for (const id of [...ids, 'G-7K3M9Q1', '%FF', 'x\u0000y', '']) {
      expect(pattern.test(id), id).toBe(parseGrantReference(id) !== undefined);
    }
    const consoleAction = openApiDocument.components.schemas.ConsoleAction as {
      properties: Record<string, { pattern?: string }>;
    };
    expect(consoleAction.properties.tenant?.pattern).toBe(IDENTIFIER_PATTERN.source);
    for (const field of ['details', 'before', 'after'] as const) {
      expect(consoleAction.properties[field], field).toMatchObject({
        'x-grantdesk-max-depth': MAX_JSON_DEPTH,
        'x-grantdesk-max-length': MAX_JSON_LENGTH,
      });
    }
    const tenantParams = operations.flatMap(({ op }) =>
      ((op.parameters as { name: string; schema: { pattern?: string } }[] | undefined) ?? []).filter(
        (p) => p.name === 'tenant',
      ),
    );
    expect(tenantParams.length).toBeGreaterThan(4);
    for (const param of tenantParams) expect(param.schema.pattern).toBe(IDENTIFIER_PATTERN.source);
  });

  const queryParam = (name: string) =>
    operations
      .flatMap(({ op }) => (op.parameters as { name: string; schema: Record<string, unknown> }[] | undefined) ?? [])
      .find((p) => p.name === name)?.schema;

  it('states the whole-number bounds that validation enforces, as integers', () => {
    for (const [name, field] of Object.entries({
      page: apiFields.page,
      size: apiFields.size,
      limit: apiFields.limit,
    })) {
      const schema = queryParam(name) as { type: string; minimum: number; maximum: number; default: number };
      expect(schema.type, name).toBe('integer');
      expect(field.parse(String(schema.minimum)), name).toBe(schema.minimum);
      expect(field.parse(String(schema.maximum)), name).toBe(schema.maximum);
      expect(field.parse(undefined), name).toBe(schema.default);
      expect(field.safeParse(String(schema.maximum + 1)).success, name).toBe(false);
      if (schema.minimum > 0) expect(field.safeParse(String(schema.minimum - 1)).success, name).toBe(false);
    }
  });

  it('states the cursor pattern every cursor of the API matches', () => {
    const pattern = new RegExp(queryParam('cursor')?.pattern as string);
    for (const seq of [0, 1, 62, 1_000_000, Number.MAX_SAFE_INTEGER])
      expect(pattern.test(encodeEventCursor(seq))).toBe(true);
    expect(pattern.test('not/a+cursor=')).toBe(false);
  });
});
