import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphSignInFailed, GraphUnreachable, type GraphApi } from '../../services/graph/graph-api.js';
import { explainGraphFailure } from '../../services/graph/graph-failure.js';
import { openGraph } from '../../services/graph/open-graph.js';
import { fakeGraphConfig, startFakeGraph, TLS_DIR, type FakeGraph } from '../support/fake-graph/server.js';

const SITE = 'contoso.sharepoint.com,1b1a1b1a-0000-4000-8000-000000000001,2c2c2c2c-0000-4000-8000-000000000002';

/** A tiny area of our own: /things answers with one page per item, each pointing at the next. */
function addThings(fake: FakeGraph, count: number): void {
  fake.routes.add('things', (req) => {
    if (req.path !== '/things') return undefined;
    const page = Number(req.query.get('page') ?? '0');
    const next = page + 1 < count ? { '@odata.nextLink': `${fake.url}/v1.0/things?page=${page + 1}` } : {};
    return { status: 200, body: { value: [{ n: page }], ...next } };
  });
  fake.routes.add('things', (req) => (req.path.startsWith('/things/') ? { status: req.method === 'POST' ? 201 : 200, body: { id: req.path.slice(8), got: req.body ?? null } } : undefined));
}

describe('Microsoft Graph through openGraph, against the fake Graph over https', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let graph: GraphApi;

  beforeEach(async () => {
    fake = await startFakeGraph();
    addThings(fake, 3);
    graph = openGraph(fakeGraphConfig(fake, SITE));
  });
  afterEach(async () => {
    await fake?.close();
  });

  it('signs in as the app, then sends the token it got to Graph as a bearer token', async () => {
    const res = await graph.send<{ id: string }>({ method: 'GET', url: '/things/a' });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, 'a');
    const tokenPosts = fake.requests.filter((r) => r.signIn && r.method === 'POST' && r.path === `/${fake.app.tenantId}/oauth2/v2.0/token`);
    assert.equal(tokenPosts.length, 1);
    assert.equal(tokenPosts[0].status, 200);
    const graphCall = fake.requests.find((r) => !r.signIn);
    assert.ok(graphCall?.authorization, 'Graph request carries an Authorization header');
    const [issued] = [...fake.tokens];
    assert.equal(graphCall.authorization, `Bearer ${issued}`);

    await graph.send({ method: 'GET', url: '/things/b' });
    assert.equal(fake.requests.filter((r) => r.signIn && r.method === 'POST').length, 1, 'the token is reused, not fetched per request');
  });

  it('sends bodies and methods as given, and resolves for every HTTP status', async () => {
    const created = await graph.send<{ got: unknown }>({ method: 'POST', url: '/things/new', body: { fields: { Title: 'x' } } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.got, { fields: { Title: 'x' } });
    const missing = await graph.send({ method: 'GET', url: '/nowhere' });
    assert.equal(missing.status, 400);
    fake.faults.forbidden = () => true;
    const denied = await graph.send({ method: 'PATCH', url: '/things/a', body: {} });
    assert.equal(denied.status, 403);
    assert.match(explainGraphFailure(denied), /Sites\.Selected/);
  });

  it('does not retry by itself: one 429 or 503 is one request, with Retry-After in milliseconds', async () => {
    fake.faults.throttle = () => 7;
    const throttled = await graph.send({ method: 'GET', url: '/things/a' });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.retryAfterMs, 7000);
    fake.faults.throttle = () => undefined;
    fake.faults.down = true;
    fake.faults.downRetryAfterSeconds = 30;
    const down = await graph.send({ method: 'GET', url: '/things/a' });
    assert.equal(down.status, 503);
    assert.equal(down.retryAfterMs, 30_000);
    assert.equal(fake.requests.filter((r) => !r.signIn).length, 2);
  });

  it('gives GraphSignInFailed naming the fix for a wrong or expired secret, an unknown app or tenant, and reaches no Graph route', async () => {
    const attempts: [Partial<ReturnType<typeof fakeGraphConfig>>, RegExp][] = [
      [{ clientSecret: 'not-the-secret' }, /secret is wrong.*Value \(not its Secret ID\).*GRAPH_CLIENT_SECRET/],
      [{ clientId: '99999999-9999-4999-8999-999999999999' }, /GRAPH_CLIENT_ID "99999999-9999-4999-8999-999999999999" is not an app/],
      [{ tenantId: '88888888-8888-4888-8888-888888888888' }, /GRAPH_TENANT_ID "88888888-8888-4888-8888-888888888888" is not a known tenant/],
    ];
    for (const [change, fix] of attempts) {
      await assert.rejects(openGraph(fakeGraphConfig(fake, SITE, change)).send({ method: 'GET', url: '/things/a' }), (e: unknown) => {
        assert.ok(e instanceof GraphSignInFailed, `${JSON.stringify(change)}: ${String(e)}`);
        assert.match(e.fix, fix);
        assert.match(explainGraphFailure(e), /cannot sign in to Microsoft 365/);
        return true;
      });
    }
    fake.faults.secretExpired = true;
    await assert.rejects(openGraph(fakeGraphConfig(fake, SITE)).send({ method: 'GET', url: '/things/a' }), (e: unknown) => e instanceof GraphSignInFailed && /has expired.*new client secret/.test(e.fix));
    assert.equal(fake.requests.filter((r) => !r.signIn).length, 0);
  });

  it('signs in with a certificate (a PEM file with the private key and the certificate) instead of a secret', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'graph-cert-'));
    const pem = path.join(TLS_DIR, 'app-certificate.pem');
    const byCertificate = openGraph(fakeGraphConfig(fake, SITE, { clientSecret: undefined, certificatePath: pem }));
    assert.equal((await byCertificate.send({ method: 'GET', url: '/things/a' })).status, 200);
    const missing = openGraph(fakeGraphConfig(fake, SITE, { clientSecret: undefined, certificatePath: path.join(dir, 'none.pem') }));
    await assert.rejects(missing.send({ method: 'GET', url: '/things/a' }), (e: unknown) => e instanceof GraphSignInFailed && /GRAPH_CERTIFICATE_PATH ".*none\.pem" cannot be used/.test(e.fix));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives GraphUnreachable when nothing answers, for sign-in and for Graph', async () => {
    await graph.send({ method: 'GET', url: '/things/a' });
    const { url } = fake;
    await fake.close();
    await assert.rejects(graph.send({ method: 'GET', url: '/things/a' }), (e: unknown) => e instanceof GraphUnreachable && e.message.includes(url));
    await assert.rejects(openGraph(fakeGraphConfig(fake, SITE)).send({ method: 'GET', url: '/things/a' }), (e: unknown) => e instanceof GraphUnreachable && /sign-in service/.test(e.message));
  });

  it('signs in again once when Graph refuses the token it holds (token service or secret changed while running), and retries that request', async () => {
    assert.equal((await graph.send({ method: 'GET', url: '/things/a' })).status, 200);
    fake.tokens.clear();
    const after = await graph.send<{ id: string }>({ method: 'GET', url: '/things/b' });
    assert.equal(after.status, 200);
    assert.equal(after.body.id, 'b');
    assert.equal(fake.requests.filter((r) => r.signIn && r.method === 'POST' && r.status === 200).length, 2, 'signed in a second time');
    assert.deepEqual(fake.requests.filter((r) => !r.signIn).map((r) => r.status), [200, 401, 200]);
    // Graph goes on refusing every token: one retry, then the 401 with the one wording naming the settings.
    fake.faults.refuseTokens = true;
    const before = fake.requests.length;
    const refused = await graph.send({ method: 'GET', url: '/things/c' });
    assert.equal(refused.status, 401);
    assert.equal(fake.requests.slice(before).filter((r) => !r.signIn).length, 2, 'tried once more, not again and again');
    assert.match(explainGraphFailure(refused), /GRAPH_CLIENT_ID.*GRAPH_ENDPOINT/);
  });

  it('follows @odata.nextLink to the last page', async () => {
    const { items, failed } = await graph.all<{ n: number }>('/things');
    assert.equal(failed, undefined);
    assert.deepEqual(items.map((i) => i.n), [0, 1, 2]);
    fake.faults.throttle = (req) => (req.query.get('page') === '2' ? 3 : undefined);
    const partial = await graph.all<{ n: number }>('/things');
    assert.deepEqual(partial.items.map((i) => i.n), [0, 1]);
    assert.equal(partial.failed?.status, 429);
    assert.equal(partial.failed?.retryAfterMs, 3000);
  });

  describe('$batch', () => {
    it('answers each request in the order given, with inner 429s and their Retry-After', async () => {
      fake.faults.throttle = (req) => (req.inner && req.path === '/things/b' ? 12 : undefined);
      const res = await graph.batch([
        { method: 'GET', url: '/things/a' },
        { method: 'GET', url: '/things/b' },
        { method: 'POST', url: '/things/c', body: { fields: { BotId: 'c' } } },
      ]);
      assert.equal(res.status, 200);
      assert.deepEqual(res.responses.map((r) => r.status), [200, 429, 201]);
      assert.equal(res.responses[1].retryAfterMs, 12_000);
      assert.equal(res.responses[0].retryAfterMs, undefined);
      assert.deepEqual((res.responses[2].body as { got: unknown }).got, { fields: { BotId: 'c' } });
      const outer = fake.requests.filter((r) => !r.signIn && !r.inner);
      assert.deepEqual(outer.map((r) => `${r.method} ${r.path}`), ['POST /$batch']);
      assert.equal(fake.requests.filter((r) => r.inner).length, 3);
    });

    it('gives every request the batch\'s own 429 and Retry-After when the whole batch is refused', async () => {
      fake.faults.throttle = (req) => (req.inner ? undefined : 5);
      const res = await graph.batch([{ method: 'GET', url: '/things/a' }, { method: 'GET', url: '/things/b' }]);
      assert.equal(res.status, 429);
      assert.equal(res.retryAfterMs, 5000);
      assert.deepEqual(res.responses.map((r) => [r.status, r.retryAfterMs]), [[429, 5000], [429, 5000]]);
    });

    it('refuses more than 20 requests before sending anything', async () => {
      const many = Array.from({ length: 21 }, (_, i) => ({ method: 'GET' as const, url: `/things/${i}` }));
      await assert.rejects(graph.batch(many), /at most 20/);
      assert.equal(fake.requests.length, 0);
    });
  });
});
