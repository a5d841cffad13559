import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/services.ts';
import { createSequelize } from '../../src/db/database.ts';
import { apiRoutes } from '../../src/http/api-routes.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
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
      const scopes = 'x-grantdesk-scopes' in operation ? operation['x-grantdesk-scopes'] : [];
      return `${method.toUpperCase()} ${path} [${scopes.join(' ')}]`;
    }),
  );
}

describe('the OpenAPI document', () => {
  // Building the routes needs services but no connection: nothing here queries the database.
  const services = createServices({
    sequelize: createSequelize('postgres://127.0.0.1:9/unused'),
    tracker: new InMemoryTracker(),
    access: new StaticAccess(),
    clock: systemClock,
    ids: randomIds,
    policy: testPolicy,
    ticketPolicy: { allowedProjects: [], requireOpen: true },
  });
  const router = apiRoutes({ services, clock: systemClock, logger: createLogger('silent') }) as unknown as {
    stack: Layer[];
  };

  it('documents every registered route, with the scopes it enforces, and nothing else', () => {
    const registered = registeredRoutes(router.stack).sort();
    expect(registered).toHaveLength(12);
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
});
