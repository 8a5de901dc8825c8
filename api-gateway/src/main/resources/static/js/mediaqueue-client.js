/**
 * mediaqueue client: start media generation jobs and follow them to the end.
 *
 * A plain ES module with no dependencies, for browsers (and Node 20+ with a fetch). Types live in
 * mediaqueue-client.d.ts beside this file; docs/frontend.md shows how to use it from Vue.
 *
 * Every request returns well inside Cloudflare's 100 s origin limit: a job is started with one short
 * POST and then followed over a server-sent event stream that the gateway closes after the terminal
 * state, or by polling a cheap status endpoint with ETags, at the pace the server asks for.
 */

/** Every job state, in lifecycle order. */
export const JOB_STATES = Object.freeze(['queued', 'running', 'completed', 'failed', 'cancelled']);

/** The states a job never leaves. */
export const TERMINAL_STATES = Object.freeze(['completed', 'failed', 'cancelled']);

/** The gateway caps `?wait=` at 30 s. */
export const MAX_WAIT_SECONDS = 30;

const DEFAULT_RETRY = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 10_000,
});

const DEFAULT_POLLING = Object.freeze({
  defaultMs: 2_000,
  minMs: 250,
  maxMs: 30_000,
  maxFailures: 5,
});

const DEFAULT_TIMEOUT_MS = 30_000;
const SSE_MAX_ERRORS = 3;
const EVENT_SOURCE_CLOSED = 2;
// Unnamed events arrive as "message"; a server may also name its events.
const SSE_EVENT_NAMES = Object.freeze(['message', 'status', 'update', 'progress', 'snapshot', ...JOB_STATES]);

/**
 * A failed request: an HTTP error answer (with its RFC 9457 problem body when the server sent one), a
 * network failure or a timeout (`status` 0).
 */
export class MediaqueueError extends Error {
  /**
   * @param {string} message
   * @param {{status?: number, problem?: object|null, retryAfterMs?: number|null, url?: string, method?: string, cause?: unknown}} [details]
   */
  constructor(message, { status = 0, problem = null, retryAfterMs = null, url, method, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'MediaqueueError';
    this.status = status;
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
    this.url = url;
    this.method = method;
  }

  /** Whether trying again later may succeed (network failure, timeout, 429 or a 5xx answer). */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/**
 * The delay before retry number `attempt` (0 for the first retry): exponential backoff with full
 * jitter, a random duration between 0 and `min(maxDelayMs, baseDelayMs * 2^attempt)`.
 *
 * @param {number} attempt
 * @param {{baseDelayMs?: number, maxDelayMs?: number}} [opts]
 * @param {() => number} [random] returns a number in [0, 1)
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, opts = {}, random = Math.random) {
  const baseDelayMs = nonNegative(opts?.baseDelayMs, DEFAULT_RETRY.baseDelayMs);
  const maxDelayMs = nonNegative(opts?.maxDelayMs, DEFAULT_RETRY.maxDelayMs);
  const exponent = Math.min(Math.max(0, Math.floor(Number(attempt)) || 0), 30);
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent);
  const fraction = Math.min(Math.max(Number(random()) || 0, 0), 1);
  return Math.round(ceiling * fraction);
}

/**
 * The wait a `Retry-After` header asks for: delay-seconds or an HTTP date.
 *
 * @param {string|null|undefined} value the header value
 * @param {number|Date} [now] the current time, for HTTP dates
 * @returns {number|null} milliseconds (never negative), or null when absent or unreadable
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null) return null;
  const text = String(value).trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP dates always name a day or month; this keeps Date.parse away from bare numbers like "-1".
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  const nowMs = now instanceof Date ? now.getTime() : Number(now);
  return Math.max(0, at - nowMs);
}

/**
 * Whether a job state (or a status body) is terminal.
 *
 * @param {string|{status?: string}|null|undefined} status
 */
export function isTerminal(status) {
  const state = typeof status === 'string' ? status : status?.status;
  return TERMINAL_STATES.includes(state);
}

/**
 * Whether `next` tells something `prev` did not: any field differs, ignoring `poll_after_ms` (pacing
 * advice, not job state) and the order of keys.
 *
 * @param {object|null|undefined} prev
 * @param {object|null|undefined} next
 */
export function statusChanged(prev, next) {
  if (prev == null || next == null) return prev !== next;
  return JSON.stringify(canonical(prev)) !== JSON.stringify(canonical(next));
}

/**
 * Creates a client for one gateway.
 *
 * @param {object} [options] see mediaqueue-client.d.ts (ClientOptions)
 */
export function createClient({
  baseUrl = '',
  apiKey,
  fetch: fetchImpl = globalThis.fetch,
  EventSource: EventSourceImpl = globalThis.EventSource,
  retry = {},
  polling = {},
  timeoutMs = DEFAULT_TIMEOUT_MS,
  credentials,
  random = Math.random,
  now = Date.now,
} = {}) {
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('mediaqueue: no fetch implementation; pass one as createClient({ fetch })');
  }
  const retryOpts = { ...DEFAULT_RETRY, ...definedOnly(retry) };
  const pollOpts = { ...DEFAULT_POLLING, ...definedOnly(polling) };
  const base = String(baseUrl).replace(/\/+$/, '');

  function url(path, query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
    }
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  function jobPath(jobId, action) {
    if (jobId === undefined || jobId === null || String(jobId) === '') {
      throw new TypeError('mediaqueue: a job id is required');
    }
    return `/api/job/${encodeURIComponent(String(jobId))}/${action}`;
  }

  /** One HTTP exchange, body read in full, bounded by the timeout and the caller's signal. */
  async function sendOnce(target, init, signal, timeout) {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(abortReason(signal));
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    const timer = timeout > 0
      ? setTimeout(() => { timedOut = true; controller.abort(); }, timeout)
      : undefined;
    try {
      const response = await fetchImpl(target, { ...init, signal: controller.signal });
      const text = await response.text();
      return { status: response.status, statusText: response.statusText, headers: response.headers, text };
    } catch (err) {
      if (timedOut && !signal?.aborted) {
        throw new MediaqueueError(`Request timed out after ${timeout} ms`, { status: 0, url: target, method: init.method, cause: err });
      }
      throw err;
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Sends a request, retrying 429 and 503 answers; network failures, timeouts and proxy failures (502,
   * 504, 520–524) only when the request is safe to repeat. Resolves with 2xx and 304 answers, throws
   * MediaqueueError otherwise.
   */
  async function request(method, path, { query, body, headers = {}, signal, repeatable = method === 'GET', extraTimeoutMs = 0 } = {}) {
    const target = url(path, query);
    const allHeaders = { Accept: 'application/json, application/problem+json', ...headers };
    if (apiKey) allHeaders.Authorization = `Bearer ${apiKey}`;
    const init = { method, headers: allHeaders, cache: 'no-store' };
    if (credentials) init.credentials = credentials;
    if (body !== undefined) {
      allHeaders['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const timeout = timeoutMs > 0 ? timeoutMs + extraTimeoutMs : 0;
    const maxAttempts = Math.max(1, Math.floor(retryOpts.maxAttempts) || 1);

    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      let answer;
      try {
        answer = await sendOnce(target, init, signal, timeout);
      } catch (err) {
        if (signal?.aborted) throw abortReason(signal);
        const failure = asNetworkFailure(err, target, method);
        if (!failure) throw err;
        if (!repeatable || attempt >= maxAttempts) throw failure;
        await sleep(backoffDelay(attempt - 1, retryOpts, random), signal);
        continue;
      }
      if ((answer.status >= 200 && answer.status < 300) || answer.status === 304) return answer;

      const error = errorFrom(answer, target, method, now());
      if (attempt >= maxAttempts || !isRetryableStatus(answer.status, repeatable)) throw error;
      if (error.retryAfterMs !== null && error.retryAfterMs > retryOpts.maxRetryAfterMs) throw error;
      await sleep(Math.max(error.retryAfterMs ?? 0, backoffDelay(attempt - 1, retryOpts, random)), signal);
    }
  }

  async function startJob(job, { idempotencyKey, signal } = {}) {
    if (!job || typeof job !== 'object') throw new TypeError('mediaqueue: startJob needs a job request object');
    // A key makes the POST safe to repeat after a network failure: the gateway answers a repeated key
    // and body with the original job instead of starting a second one.
    const key = idempotencyKey === undefined ? newIdempotencyKey() : idempotencyKey || null;
    const headers = key ? { 'Idempotency-Key': String(key) } : {};
    const answer = await request('POST', '/api/job/start', { body: job, headers, signal, repeatable: Boolean(key) });
    return jsonBody(answer, 'POST /api/job/start');
  }

  async function getStatus(jobId, { etag, waitSeconds, signal } = {}) {
    const path = jobPath(jobId, 'status');
    const wait = waitSeconds > 0 ? Math.min(MAX_WAIT_SECONDS, Math.ceil(waitSeconds)) : undefined;
    const headers = etag ? { 'If-None-Match': etag } : {};
    const answer = await request('GET', path, {
      query: { wait }, headers, signal, extraTimeoutMs: (wait ?? 0) * 1000,
    });
    const responseEtag = answer.headers.get('etag');
    if (answer.status === 304) return { status: null, etag: responseEtag ?? etag ?? null, notModified: true };
    return { status: jsonBody(answer, `GET ${path}`), etag: responseEtag ?? null, notModified: false };
  }

  async function cancelJob(jobId, { signal } = {}) {
    const path = jobPath(jobId, 'cancel');
    try {
      // Cancelling twice does no harm, so the POST may be repeated.
      return jsonBody(await request('POST', path, { signal, repeatable: true }), `POST ${path}`);
    } catch (err) {
      const current = err instanceof MediaqueueError && err.status === 409 ? jobStatusIn(err.problem) : null;
      if (current) return current;
      throw err;
    }
  }

  async function listJobs({ status, media_type, limit, ...rest } = {}, { signal } = {}) {
    const answer = await request('GET', '/api/jobs', { query: { status, media_type, limit, ...rest }, signal });
    const body = jsonBody(answer, 'GET /api/jobs');
    if (Array.isArray(body)) return body;
    if (body && Array.isArray(body.jobs)) return body.jobs;
    return [];
  }

  function watchJob(jobId, onUpdate, { signal, preferSse = true, waitSeconds } = {}) {
    return new Promise((resolve, reject) => {
      const eventsPath = jobPath(jobId, 'events'); // throws (and so rejects) without an id
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      let last = null;
      let finished = false;
      let source = null;
      const stop = new AbortController();

      const finish = (error, status) => {
        if (finished) return;
        finished = true;
        signal?.removeEventListener('abort', onAbort);
        closeSource();
        stop.abort();
        if (error) reject(error);
        else resolve(status);
      };
      const onAbort = () => finish(abortReason(signal));
      signal?.addEventListener('abort', onAbort, { once: true });

      function closeSource() {
        if (source) source.close();
        source = null;
      }

      /** Takes a status; true when watching is over. */
      function accept(status) {
        if (finished) return true;
        if (!status || typeof status !== 'object' || typeof status.status !== 'string') return false;
        const changed = statusChanged(last, status);
        last = status;
        if (changed && typeof onUpdate === 'function') {
          try {
            onUpdate(status);
          } catch (err) {
            finish(err);
            return true;
          }
        }
        if (isTerminal(status)) {
          finish(null, status);
          return true;
        }
        return false;
      }

      function followStream() {
        let errorsInARow = 0;
        try {
          source = new EventSourceImpl(url(eventsPath), credentials === 'include' ? { withCredentials: true } : undefined);
        } catch {
          source = null;
          poll();
          return;
        }
        const current = source;
        const onMessage = (event) => {
          if (finished || current !== source) return;
          errorsInARow = 0;
          let data;
          try {
            data = JSON.parse(event.data);
          } catch {
            return;
          }
          accept(data);
        };
        for (const name of SSE_EVENT_NAMES) current.addEventListener(name, onMessage);
        current.addEventListener('error', (event) => {
          if (finished || current !== source) return;
          // A server-sent event named "error" carries data; a connection failure does not.
          if (typeof event?.data === 'string' && event.data !== '') {
            onMessage(event);
            return;
          }
          errorsInARow += 1;
          // EventSource reconnects by itself (and the gateway sends a fresh snapshot each time); give up
          // when it stopped (HTTP error, wrong content type) or keeps failing.
          if (current.readyState === EVENT_SOURCE_CLOSED || errorsInARow >= SSE_MAX_ERRORS) {
            closeSource();
            poll();
          }
        });
      }

      async function poll() {
        let etag = null;
        let failures = 0;
        try {
          while (!finished) {
            const startedAt = now();
            let answer;
            try {
              answer = await getStatus(jobId, { etag, waitSeconds, signal: stop.signal });
              failures = 0;
            } catch (err) {
              if (finished) return;
              failures += 1;
              if (!(err instanceof MediaqueueError && err.transient) || failures >= pollOpts.maxFailures) throw err;
              await sleep(Math.max(err.retryAfterMs ?? 0, backoffDelay(failures, retryOpts, random)), stop.signal);
              continue;
            }
            if (finished) return;
            if (answer.notModified) {
              etag = answer.etag ?? etag;
            } else {
              etag = answer.etag;
              if (accept(answer.status)) return;
            }
            // A long poll the server held for a while already paced us; otherwise wait as told.
            const held = waitSeconds > 0 && now() - startedAt >= 1_000;
            await sleep(held ? 0 : pollDelay(last), stop.signal);
          }
        } catch (err) {
          finish(err);
        }
      }

      const canStream = preferSse && typeof EventSourceImpl === 'function' && !apiKey;
      if (canStream) followStream();
      else poll();
    });
  }

  async function runJob(job, onUpdate, { idempotencyKey, signal, preferSse, waitSeconds, onStart } = {}) {
    const accepted = await startJob(job, { idempotencyKey, signal });
    if (typeof onStart === 'function') onStart(accepted);
    return watchJob(accepted.job_id, onUpdate, { signal, preferSse, waitSeconds });
  }

  function resolveUrl(path) {
    if (path == null || path === '') return path;
    const text = String(path);
    return /^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//') ? text : `${base}${text.startsWith('/') ? '' : '/'}${text}`;
  }

  function pollDelay(status) {
    const advised = Number(status?.poll_after_ms);
    const ms = Number.isFinite(advised) && advised > 0 ? advised : pollOpts.defaultMs;
    return Math.min(pollOpts.maxMs, Math.max(pollOpts.minMs, ms));
  }

  return Object.freeze({ startJob, getStatus, watchJob, cancelJob, listJobs, runJob, resolveUrl });
}

// ---- internals ---------------------------------------------------------------------------------

// 502/504 and Cloudflare's 520–524: a proxy lost the origin or its answer, so the request may have run.
const PROXY_FAILURES = Object.freeze([502, 504, 520, 521, 522, 523, 524]);

function isRetryableStatus(status, repeatable) {
  if (status === 429 || status === 503) return true; // the server refused before doing anything
  return repeatable && PROXY_FAILURES.includes(status);
}

function asNetworkFailure(err, url, method) {
  if (err instanceof MediaqueueError) return err; // our own timeout
  if (err instanceof TypeError) {
    return new MediaqueueError(`Network error: ${err.message}`, { status: 0, url, method, cause: err });
  }
  return null;
}

function errorFrom(answer, url, method, nowMs) {
  const problem = parseProblem(answer);
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), nowMs);
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const reason = problem?.detail || problem?.title
    || `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
  return new MediaqueueError(`${reason} (${method} ${path})`, { status: answer.status, problem, retryAfterMs, url, method });
}

function parseProblem(answer) {
  const type = answer.headers.get('content-type') ?? '';
  if (!answer.text || !(type.includes('json') || /^\s*\{/.test(answer.text))) return null;
  try {
    const value = JSON.parse(answer.text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function jsonBody(answer, what) {
  if (!answer.text) return null;
  try {
    return JSON.parse(answer.text);
  } catch (err) {
    throw new MediaqueueError(`Unreadable JSON answer to ${what}`, { status: answer.status, cause: err });
  }
}

/** The job status a 409 problem carries, if any (`status` in RFC 9457 is a number, so look around). */
function jobStatusIn(problem) {
  if (!problem) return null;
  for (const candidate of [problem.status, problem.job, problem.job_status, problem.current]) {
    if (candidate && typeof candidate === 'object' && typeof candidate.status === 'string') return candidate;
  }
  return null;
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      if (key !== 'poll_after_ms' && value[key] !== undefined) out[key] = canonical(value[key]);
    }
    return out;
  }
  return value;
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function throwIfAborted(signal) {
  if (signal?.aborted) throw abortReason(signal);
}

function abortReason(signal) {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function newIdempotencyKey() {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  if (typeof crypto?.getRandomValues !== 'function') return null; // no good randomness: send no key
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function nonNegative(value, fallback) {
  const number = Number(value);
  return value !== undefined && value !== null && Number.isFinite(number) && number >= 0 ? number : fallback;
}

function definedOnly(object) {
  return Object.fromEntries(Object.entries(object ?? {}).filter(([, value]) => value !== undefined && value !== null));
}
