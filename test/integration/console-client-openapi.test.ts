import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrantdeskClient, OPERATIONS } from '../../clients/console/src/grantdesk-client.ts';
import { CONSOLE_TYPES_PATH, consoleTypesSource } from '../../scripts/generate-console-types.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { type ApiHarness, createApiHarness } from '../support/api-harness.ts';

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness();
});
afterAll(async () => {
  await api?.close();
});

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('the console client against the OpenAPI document Grantdesk serves', () => {
  it('has a typed call for every operation, under its operationId, with its method and path, and no other', async () => {
    const client = new GrantdeskClient({ baseUrl: api.baseUrl, token: api.secrets.auditReader });
    const document = (await client.getOpenApi()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const served = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => `${operation.operationId} ${method.toUpperCase()} ${path}`),
    );
    const inClient = Object.entries(OPERATIONS).map(([id, { method, path }]) => `${id} ${method} ${path}`);
    expect(inClient.sort()).toEqual(served.sort());
    for (const id of Object.keys(OPERATIONS)) {
      expect(typeof (client as unknown as Record<string, unknown>)[id], id).toBe('function');
    }
  });

  it('types its shapes from the served document: the committed openapi-types.ts is what the generator writes now', async () => {
    const client = new GrantdeskClient({ baseUrl: api.baseUrl, token: api.secrets.auditReader });
    const served = (await client.getOpenApi()) as { components: { schemas: Record<string, unknown> } };
    // The generator reads the document the app serves, not a copy of it.
    expect(served.components.schemas).toEqual(JSON.parse(JSON.stringify(openApiDocument.components.schemas)));
    const committed = await readFile(new URL(`../../${CONSOLE_TYPES_PATH}`, import.meta.url), 'utf8');
    // On a difference: run `npm run generate:console-types` and commit the file it writes.
    expect(committed).toBe(consoleTypesSource());
    for (const name of Object.keys(served.components.schemas)) {
      expect(committed, name).toMatch(new RegExp(`^export (interface|type) ${name}\\b`, 'm'));
    }
  });
});
