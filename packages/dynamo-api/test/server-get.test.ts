import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApiServer, type ApiContext, type LocalNodesScope } from '@dynaring/dynamo-api';

describe('GET endpoints', () => {
  let server: Server;
  let url: string;
  const scopes: LocalNodesScope[] = [];
  beforeAll(async () => {
    const context = {} as unknown as ApiContext;
    server = createApiServer({
      context,
      localNodes: (scope) => {
        scopes.push(scope);
        return ['127.0.0.2', '127.0.0.1'];
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers /localnodes with a JSON list, passing its dc and rack query options on', async () => {
    const plain = await fetch(`${url}/localnodes`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual(['127.0.0.2', '127.0.0.1']);
    await (await fetch(`${url}/localnodes?dc=dc2&rack=r%201`)).text();
    await (await fetch(`${url}/localnodes?dc=&rack=`)).text();
    expect(scopes).toEqual([{ dc: undefined, rack: undefined }, { dc: 'dc2', rack: 'r 1' }, { dc: undefined, rack: undefined }]);
  });

  it('answers the health check with the host the client used', async () => {
    const res = await fetch(`${url}/?probe=1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`healthy: ${new URL(url).host}`);
  });
});
