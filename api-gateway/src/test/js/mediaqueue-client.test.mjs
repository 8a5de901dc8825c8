// Unit tests for the browser client. Run from the repository root: node --test api-gateway/src/test/js/
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  MediaqueueError,
  backoffDelay,
  createClient,
  isTerminal,
  parseRetryAfter,
  statusChanged,
} from '../../main/resources/static/js/mediaqueue-client.js';

const JOB = '5b0c6a7e-1f0e-4a53-9d8e-0c4f1b2a3c4d';
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
const FAST_POLLING = { minMs: 0, defaultMs: 1 };

/** A fetch that answers from a script, one step per call, and records every request. */
function scriptedFetch(...steps) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    const call = { url, init, headers: new Headers(init.headers) };
    calls.push(call);
    const step = steps[Math.min(calls.length, steps.length) - 1];
    return typeof step === 'function' ? step(call) : step.clone();
  };
  return { fetch, calls };
}

function json(status, body, headers = {}) {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ...headers } });
}

function notModified(etag) {
  return new Response(null, { status: 304, headers: { ETag: etag } });
}

function status(state, progress = 0, extra = {}) {
  return { job_id: JOB, status: state, progress, message: `${state} ${progress}`, poll_after_ms: 1, ...extra };
}

const networkDown = () => { throw new TypeError('fetch failed'); };
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('backoffDelay', () => {
  const opts = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles its ceiling per attempt until maxDelayMs', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 20].map((attempt) => backoffDelay(attempt, opts, () => 1));
    assert.deepEqual(ceilings, [100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('draws a full-jitter delay between zero and the ceiling', () => {
    assert.equal(backoffDelay(3, opts, () => 0), 0);
    assert.equal(backoffDelay(3, opts, () => 0.5), 400);
    for (let attempt = 0; attempt < 12; attempt++) {
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, opts);
        assert.ok(delay >= 0 && delay <= Math.min(1_000, 100 * 2 ** attempt), `attempt ${attempt}: ${delay}`);
      }
    }
  });

  it('stays bounded for absurd attempts and bad random values', () => {
    assert.equal(backoffDelay(10_000, opts, () => 1), 1_000);
    assert.equal(backoffDelay(-3, opts, () => 1), 100);
    assert.equal(backoffDelay(2, opts, () => 7), 400);
    assert.equal(backoffDelay(2, opts, () => Number.NaN), 0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');

  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', new Date(now)), 30_000);
    assert.equal(parseRetryAfter('Sat, 28 Nov 2026 11:59:00 GMT', now), 0);
  });

  it('gives null for missing or unreadable values', () => {
    for (const value of [null, undefined, '', 'soon', '-1', '12abc']) {
      assert.equal(parseRetryAfter(value, now), null, String(value));
    }
  });
});

describe('status helpers', () => {
  it('knows the terminal states', () => {
    assert.deepEqual(['queued', 'running', 'completed', 'failed', 'cancelled'].map(isTerminal),
      [false, false, true, true, true]);
    assert.equal(isTerminal({ status: 'failed' }), true);
    assert.equal(isTerminal(null), false);
  });

  it('ignores poll_after_ms and key order when comparing statuses', () => {
    assert.equal(statusChanged({ status: 'running', progress: 5, poll_after_ms: 1 },
      { progress: 5, status: 'running', poll_after_ms: 9 }), false);
    assert.equal(statusChanged({ status: 'running', progress: 5 }, { status: 'running', progress: 6 }), true);
    assert.equal(statusChanged(null, { status: 'queued' }), true);
  });
});

describe('startJob', () => {
  const request = { media_type: 'image', config_id: 'demo', user_input: 'a red house', priority: 'high' };
  const accepted = {
    job_id: JOB, status: 'queued', status_url: `/api/job/${JOB}/status`, events_url: `/api/job/${JOB}/events`,
    cancel_url: `/api/job/${JOB}/cancel`, poll_after_ms: 1000,
  };

  it('posts the job as JSON with the key and the bearer token', async () => {
    const { fetch, calls } = scriptedFetch(json(202, accepted));
    const client = createClient({ baseUrl: 'https://gw.example/', apiKey: 'k-123', fetch });

    assert.deepEqual(await client.startJob(request, { idempotencyKey: 'key-1' }), accepted);
    assert.equal(calls[0].url, 'https://gw.example/api/job/start');
    assert.equal(calls[0].init.method, 'POST');
    assert.deepEqual(JSON.parse(calls[0].init.body), request);
    assert.equal(calls[0].headers.get('content-type'), 'application/json');
    assert.equal(calls[0].headers.get('idempotency-key'), 'key-1');
    assert.equal(calls[0].headers.get('authorization'), 'Bearer k-123');
  });

  it('retries a 429 with the same idempotency key and resolves with the later answer', async () => {
    const { fetch, calls } = scriptedFetch(
      json(429, { title: 'Too Many Requests', status: 429 }, { 'Retry-After': '0' }),
      json(202, accepted));
    const client = createClient({ fetch, retry: FAST_RETRY });

    assert.deepEqual(await client.startJob(request), accepted);
    assert.equal(calls.length, 2);
    const key = calls[0].headers.get('idempotency-key');
    assert.match(key, /^[0-9a-f-]{36}$/, 'a key is generated when none is given');
    assert.equal(calls[1].headers.get('idempotency-key'), key);
    assert.equal(calls[0].headers.get('authorization'), null, 'no token without apiKey');
  });

  it('waits as long as Retry-After asks before retrying', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { fetch, calls } = scriptedFetch(
      json(429, { title: 'Too Many Requests' }, { 'Retry-After': '2' }),
      json(202, accepted));
    const client = createClient({ fetch, timeoutMs: 0, random: () => 0, retry: { baseDelayMs: 10 } });

    const started = client.startJob(request);
    for (let i = 0; i < 19; i++) {
      await nextTurn();
      t.mock.timers.tick(100);
    }
    await nextTurn();
    assert.equal(calls.length, 1, 'still waiting after 1.9 s');
    t.mock.timers.tick(100);
    assert.deepEqual(await started, accepted);
    assert.equal(calls.length, 2);
  });

  it('throws at once when Retry-After asks for longer than maxRetryAfterMs', async () => {
    const { fetch, calls } = scriptedFetch(json(429, { title: 'Too Many Requests' }, { 'Retry-After': '30' }));
    const client = createClient({ fetch, retry: FAST_RETRY });

    const error = await client.startJob(request).catch((e) => e);
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 30_000);
    assert.equal(calls.length, 1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { fetch, calls } = scriptedFetch(json(503, { title: 'Service Unavailable', detail: 'broker down' }));
    const client = createClient({ fetch, retry: FAST_RETRY });

    const error = await client.startJob(request).catch((e) => e);
    assert.ok(error instanceof MediaqueueError);
    assert.equal(error.status, 503);
    assert.equal(error.problem.detail, 'broker down');
    assert.equal(calls.length, 3);
  });

  it('turns a 400 problem into a MediaqueueError without retrying', async () => {
    const problem = {
      type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Unknown field "prority"',
      errors: [{ field: 'prority', message: 'unknown field' }],
    };
    const { fetch, calls } = scriptedFetch(json(400, problem));
    const client = createClient({ fetch, retry: FAST_RETRY });

    const error = await client.startJob({ ...request, prority: 'high' }).catch((e) => e);
    assert.ok(error instanceof MediaqueueError && error instanceof Error);
    assert.equal(error.name, 'MediaqueueError');
    assert.equal(error.status, 400);
    assert.deepEqual(error.problem, problem);
    assert.equal(error.retryAfterMs, null);
    assert.match(error.message, /Unknown field "prority"/);
    assert.equal(error.transient, false);
    assert.equal(calls.length, 1);
  });

  it('does not repeat a POST after a network error when it has no idempotency key', async () => {
    const { fetch, calls } = scriptedFetch(networkDown, json(202, accepted));
    const client = createClient({ fetch, retry: FAST_RETRY });

    const error = await client.startJob(request, { idempotencyKey: null }).catch((e) => e);
    assert.ok(error instanceof MediaqueueError);
    assert.equal(error.status, 0);
    assert.ok(error.cause instanceof TypeError);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].headers.get('idempotency-key'), null);
  });

  it('does not repeat a POST without idempotency key after a proxy failure, and keeps no HTML as problem', async () => {
    const { fetch, calls } = scriptedFetch(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const client = createClient({ fetch, retry: FAST_RETRY });

    const error = await client.startJob(request, { idempotencyKey: null }).catch((e) => e);
    assert.equal(error.status, 502);
    assert.equal(error.problem, null);
    assert.equal(error.transient, true);
    assert.equal(calls.length, 1);
  });

  it('repeats a POST after a network error when it has an idempotency key', async () => {
    const { fetch, calls } = scriptedFetch(networkDown, json(200, accepted));
    const client = createClient({ fetch, retry: FAST_RETRY });

    assert.deepEqual(await client.startJob(request, { idempotencyKey: 'key-2' }), accepted);
    assert.equal(calls.length, 2);
  });
});

describe('getStatus', () => {
  it('sends If-None-Match and reports 304 as not modified with the ETag', async () => {
    const { fetch, calls } = scriptedFetch(json(200, status('running', 10), { ETag: '"v1"' }), notModified('"v1"'));
    const client = createClient({ fetch });

    const first = await client.getStatus(JOB);
    assert.deepEqual(first, { status: status('running', 10), etag: '"v1"', notModified: false });
    assert.equal(calls[0].url, `/api/job/${JOB}/status`);
    assert.equal(calls[0].headers.get('if-none-match'), null);

    const second = await client.getStatus(JOB, { etag: first.etag });
    assert.deepEqual(second, { status: null, etag: '"v1"', notModified: true });
    assert.equal(calls[1].headers.get('if-none-match'), '"v1"');
    assert.equal(calls[1].init.cache, 'no-store');
  });

  it('asks for a long poll, capped at 30 s', async () => {
    const { fetch, calls } = scriptedFetch(json(200, status('queued')));
    const client = createClient({ fetch });

    await client.getStatus(JOB, { waitSeconds: 20 });
    await client.getStatus(JOB, { waitSeconds: 90 });
    assert.equal(calls[0].url, `/api/job/${JOB}/status?wait=20`);
    assert.equal(calls[1].url, `/api/job/${JOB}/status?wait=30`);
  });

  it('retries network errors and 429 but not 404', async () => {
    const notFound = json(404, { title: 'Not Found', status: 404, detail: 'No job x' });
    const { fetch, calls } = scriptedFetch(networkDown, json(429, {}), json(200, status('queued')), notFound);
    const client = createClient({ fetch, retry: FAST_RETRY });

    assert.equal((await client.getStatus(JOB)).status.status, 'queued');
    assert.equal(calls.length, 3);
    const error = await client.getStatus(JOB).catch((e) => e);
    assert.equal(error.status, 404);
    assert.equal(calls.length, 4);
  });

  it('retries a proxy failure such as Cloudflare 524', async () => {
    const { fetch, calls } = scriptedFetch(new Response('<html>524</html>', { status: 524 }), json(200, status('running', 5)));
    const client = createClient({ fetch, retry: FAST_RETRY });

    assert.equal((await client.getStatus(JOB)).status.progress, 5);
    assert.equal(calls.length, 2);
  });

  it('times out a request that hangs and counts it as a network failure', async () => {
    const hang = ({ init }) => new Promise((_, reject) => {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    const { fetch, calls } = scriptedFetch(hang);
    const client = createClient({ fetch, timeoutMs: 20, retry: { ...FAST_RETRY, maxAttempts: 2 } });

    const error = await client.getStatus(JOB).catch((e) => e);
    assert.ok(error instanceof MediaqueueError);
    assert.equal(error.status, 0);
    assert.match(error.message, /timed out/);
    assert.equal(calls.length, 2);
  });
});

describe('cancelJob and listJobs', () => {
  it('answers a 409 with the job status the problem carries', async () => {
    const done = status('completed', 100);
    const { fetch, calls } = scriptedFetch(json(409, { title: 'Conflict', status: done, detail: 'already completed' }));
    const client = createClient({ fetch });

    assert.deepEqual(await client.cancelJob(JOB), done);
    assert.equal(calls[0].url, `/api/job/${JOB}/cancel`);
    assert.equal(calls[0].init.method, 'POST');
  });

  it('throws on a 409 without a job status', async () => {
    const { fetch } = scriptedFetch(json(409, { title: 'Conflict', status: 409, detail: 'job is completed' }));
    const error = await createClient({ fetch }).cancelJob(JOB).catch((e) => e);
    assert.ok(error instanceof MediaqueueError);
    assert.equal(error.status, 409);
  });

  it('lists jobs from an object or an array, with the filters as query', async () => {
    const jobs = [status('running', 10), status('completed', 100)];
    const { fetch, calls } = scriptedFetch(json(200, { jobs }), json(200, jobs));
    const client = createClient({ fetch });

    assert.deepEqual(await client.listJobs({ status: 'running', media_type: 'video', limit: 5 }), jobs);
    assert.deepEqual(await client.listJobs(), jobs);
    assert.equal(calls[0].url, '/api/jobs?status=running&media_type=video&limit=5');
    assert.equal(calls[1].url, '/api/jobs');
  });
});

describe('watchJob by polling', { timeout: 5_000 }, () => {
  it('reports each change once and resolves with the final status', async () => {
    const { fetch, calls } = scriptedFetch(
      json(200, status('queued', 0, { queue_position: 2 }), { ETag: '"1"' }),
      notModified('"1"'),
      json(200, status('running', 40), { ETag: '"2"' }),
      json(200, status('running', 40, { poll_after_ms: 3 }), { ETag: '"2"' }),
      json(200, status('completed', 100, { result: { output_url: '/exports/x.png', content_type: 'image/png' } }),
        { ETag: '"3"' }));
    const client = createClient({ fetch, EventSource: undefined, polling: FAST_POLLING });
    const updates = [];

    const final = await client.watchJob(JOB, (s) => updates.push(`${s.status} ${s.progress}`));

    assert.deepEqual(updates, ['queued 0', 'running 40', 'completed 100']);
    assert.equal(final.status, 'completed');
    assert.equal(final.result.output_url, '/exports/x.png');
    assert.equal(calls.length, 5);
    assert.deepEqual(calls.map((c) => c.headers.get('if-none-match')), [null, '"1"', '"1"', '"2"', '"2"']);
  });

  it('polls instead of streaming when an apiKey is set', async () => {
    let streams = 0;
    class NoStream { constructor() { streams += 1; } addEventListener() {} close() {} }
    const { fetch, calls } = scriptedFetch(json(200, status('failed', 30, { error: 'GPU on fire' })));
    const client = createClient({ fetch, apiKey: 'k', EventSource: NoStream, polling: FAST_POLLING });

    const final = await client.watchJob(JOB, () => {});
    assert.equal(final.error, 'GPU on fire');
    assert.equal(streams, 0);
    assert.equal(calls[0].headers.get('authorization'), 'Bearer k');
  });

  it('stops polling and rejects when aborted', async () => {
    const { fetch, calls } = scriptedFetch(json(200, status('running', 10)));
    const client = createClient({ fetch, EventSource: undefined, polling: { minMs: 5, defaultMs: 5 } });
    const controller = new AbortController();
    const updates = [];

    const watching = client.watchJob(JOB, (s) => {
      updates.push(s.status);
      controller.abort();
    }, { signal: controller.signal });

    await assert.rejects(watching, { name: 'AbortError' });
    const callsAtAbort = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(calls.length, callsAtAbort, 'no request after the abort');
    assert.deepEqual(updates, ['running']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { fetch, calls } = scriptedFetch(json(200, status('running', 10)));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(createClient({ fetch }).watchJob(JOB, () => {}, { signal: controller.signal }),
      { name: 'AbortError' });
    assert.equal(calls.length, 0);
  });

  it('rejects when the job does not exist', async () => {
    const { fetch } = scriptedFetch(json(404, { title: 'Not Found', status: 404 }));
    const client = createClient({ fetch, EventSource: undefined });
    await assert.rejects(client.watchJob(JOB, () => {}), { name: 'MediaqueueError', status: 404 });
  });

  it('keeps watching through a transient outage', async () => {
    const { fetch, calls } = scriptedFetch(
      json(200, status('running', 10)), networkDown, networkDown, networkDown, json(200, status('completed', 100)));
    const client = createClient({ fetch, EventSource: undefined, polling: FAST_POLLING, retry: { ...FAST_RETRY, maxAttempts: 2 } });

    assert.equal((await client.watchJob(JOB, () => {})).status, 'completed');
    assert.equal(calls.length, 5);
  });
});

describe('watchJob by server-sent events', { timeout: 5_000 }, () => {
  /** A stand-in for EventSource that the test drives. */
  class FakeEventSource {
    static instances = [];
    constructor(url, options) {
      this.url = url;
      this.options = options;
      this.readyState = 0;
      this.listeners = new Map();
      this.closed = false;
      FakeEventSource.instances.push(this);
    }
    addEventListener(name, listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    }
    close() { this.closed = true; this.readyState = 2; }
    emit(name, data) {
      for (const listener of this.listeners.get(name) ?? []) listener({ type: name, data: JSON.stringify(data) });
    }
    fail(readyState = 0) {
      this.readyState = readyState;
      for (const listener of this.listeners.get('error') ?? []) listener({ type: 'error' });
    }
  }

  it('follows the stream, reports changes once and closes it after the terminal state', async () => {
    FakeEventSource.instances = [];
    const { fetch, calls } = scriptedFetch(json(500, {}));
    const client = createClient({ baseUrl: '/gw', fetch, EventSource: FakeEventSource });
    const updates = [];

    const watching = client.watchJob(JOB, (s) => updates.push(`${s.status} ${s.progress}`));
    const [source] = FakeEventSource.instances;
    assert.equal(source.url, `/gw/api/job/${JOB}/events`);
    source.emit('message', status('queued'));
    source.emit('message', status('running', 50));
    source.emit('message', status('running', 50, { poll_after_ms: 7 }));
    source.emit('status', status('completed', 100));

    assert.equal((await watching).status, 'completed');
    assert.deepEqual(updates, ['queued 0', 'running 50', 'completed 100']);
    assert.ok(source.closed);
    assert.equal(calls.length, 0, 'no polling while the stream works');
  });

  it('falls back to polling when the stream keeps failing', async () => {
    FakeEventSource.instances = [];
    const { fetch, calls } = scriptedFetch(json(200, status('completed', 100)));
    const client = createClient({ fetch, EventSource: FakeEventSource, polling: FAST_POLLING });
    const updates = [];

    const watching = client.watchJob(JOB, (s) => updates.push(s.status));
    const [source] = FakeEventSource.instances;
    source.emit('message', status('running', 20));
    source.fail();
    source.fail();
    source.fail();

    assert.equal((await watching).status, 'completed');
    assert.deepEqual(updates, ['running', 'completed']);
    assert.ok(source.closed);
    assert.equal(calls.length, 1);
  });

  it('falls back to polling at once when the stream is refused', async () => {
    FakeEventSource.instances = [];
    const { fetch, calls } = scriptedFetch(json(200, status('cancelled', 0)));
    const client = createClient({ fetch, EventSource: FakeEventSource, polling: FAST_POLLING });

    const watching = client.watchJob(JOB, () => {});
    FakeEventSource.instances[0].fail(2);
    assert.equal((await watching).status, 'cancelled');
    assert.equal(calls.length, 1);
  });
});
