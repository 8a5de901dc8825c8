/**
 * Types for mediaqueue-client.js: a dependency-free client for the mediaqueue gateway
 * (start media generation jobs, follow them over SSE or polling, cancel and list them).
 *
 * @example
 * import { createClient } from './mediaqueue-client.js'
 * const client = createClient()
 * const { job_id } = await client.startJob({ media_type: 'video', config_id: 'demo', user_input: 'a red house' })
 * const final = await client.watchJob(job_id, (s) => console.log(s.status, s.progress))
 */

/** A job's state, lower case on the wire. */
export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** The states a job never leaves. */
export type TerminalJobState = 'completed' | 'failed' | 'cancelled';

/** The kind of media a job produces; each has its own queue and workers. */
export type MediaType = 'image' | 'video' | 'audio';

/** A job's priority tier; the gateway may cap it to the caller's allowance. */
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/**
 * Why a job failed. `permanent`: the generator refused the input; `transient`: the backend failed and
 * attempts ran out; `timed_out`: ran longer than its media type allows; `expired`: could not start
 * before its deadline; `rejected`: the broker did not take it; `max_attempts`: workers were lost too
 * often; `invalid`: unusable job message; `internal`: anything else.
 */
export type ErrorType =
  | 'permanent' | 'transient' | 'timed_out' | 'expired' | 'rejected' | 'max_attempts' | 'invalid' | 'internal';

/** What a completed job produced. */
export interface JobResult {
  /** Where the gateway serves the (first) output file, e.g. `/exports/<job>.png`. */
  output_url: string;
  /** The output's media type, e.g. `image/png`, `image/gif`, `video/mp4`, `audio/wav`. */
  content_type: string;
  /** The output file's size in bytes. */
  size_bytes: number;
  /** Small generator facts: dimensions, duration, seed, model, further outputs. */
  metadata: Record<string, unknown>;
}

/**
 * A job's status, as `GET /api/job/{id}/status` and the event stream send it. Fields that do not
 * apply are `null`.
 */
export interface JobStatus {
  job_id: string;
  status: JobState;
  /** 0–100. */
  progress: number;
  /** Human-readable progress text, e.g. "Generating frame 15/30". */
  message: string | null;
  /** Set when `status` is `completed`. */
  result: JobResult | null;
  /** Human-readable failure text, set when `status` is `failed`. */
  error: string | null;
  error_type: ErrorType | null;
  /** ISO-8601 instants. */
  created_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  updated_at: string | null;
  media_type: MediaType | null;
  priority: Priority | null;
  /** Grows when a job is requeued after its worker was lost. */
  attempt: number;
  /** Jobs ahead of this one in its queue, or null when not queued or unknown. */
  queue_position: number | null;
  /** Estimated seconds until the job completes, or null when unknowable. */
  eta_seconds: number | null;
  /** An intermediate preview while running, if the generator offers one. */
  preview_url: string | null;
  /** The batch this job belongs to, or null. */
  batch_id?: string | null;
  /** How long to wait before polling again (pacing advice; ignored when comparing statuses). */
  poll_after_ms?: number;
}

/** The body of `POST /api/job/start`. Unknown fields are rejected by the gateway with 400. */
export interface StartJobRequest {
  /** Required unless the gateway derives it from `config_id`. */
  media_type?: MediaType;
  /** The frontend's configuration (workflow) id. */
  config_id?: string;
  /** The prompt. */
  user_input: string;
  /** The prompt's language tag, e.g. `de`. */
  language?: string;
  /** Default `normal`. */
  priority?: Priority;
  /** Generator parameters. */
  params?: Record<string, unknown>;
}

/** The answer to `POST /api/job/start` (202 for a new job, 200 for a repeated idempotency key). */
export interface JobAccepted {
  job_id: string;
  status: 'queued';
  status_url: string;
  events_url: string;
  cancel_url: string;
  /** How long to wait before the first poll. */
  poll_after_ms: number;
}

/** One offending field of a validation problem. */
export interface ProblemFieldError {
  /** The field's JSON name (a dotted path for nested fields), e.g. `user_input`. */
  field?: string;
  /** What is wrong with it, e.g. "must not be blank". */
  detail?: string;
  message?: string;
  [member: string]: unknown;
}

/** An RFC 9457 `application/problem+json` body. */
export interface Problem {
  type?: string;
  title?: string;
  /** The HTTP status code (some answers, such as a 409 on cancel, may carry the job status instead). */
  status?: number | JobStatus;
  detail?: string;
  instance?: string;
  /** For validation problems: the offending fields. */
  errors?: ProblemFieldError[] | Record<string, string | string[]>;
  [member: string]: unknown;
}

/** Retry policy for 429, 503, network errors and timeouts. */
export interface RetryOptions {
  /** Attempts in all, including the first. Default 5. */
  maxAttempts?: number;
  /** Ceiling of the first backoff; doubles per retry. Default 500. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 10 000. */
  maxDelayMs?: number;
  /**
   * A `Retry-After` longer than this is not waited for: the error is thrown at once, carrying
   * `retryAfterMs`, so a UI can say "try again in 30 s" instead of hanging. Default 10 000.
   */
  maxRetryAfterMs?: number;
}

/** Pacing of `watchJob`'s polling. */
export interface PollingOptions {
  /** Delay when a status carries no `poll_after_ms`. Default 2 000. */
  defaultMs?: number;
  /** Lower bound on any poll delay. Default 250. */
  minMs?: number;
  /** Upper bound on any poll delay. Default 30 000. */
  maxMs?: number;
  /** Consecutive failed status reads (each already retried) before `watchJob` gives up. Default 5. */
  maxFailures?: number;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Origin and path prefix of the gateway, e.g. `https://media.example.com`. Default `''` (same origin). */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer <apiKey>`. With a key, `watchJob` polls (EventSource cannot send headers). */
  apiKey?: string;
  /** The fetch to use. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** The EventSource to use (pass `undefined` to always poll). Default `globalThis.EventSource`. */
  EventSource?: { new (url: string, init?: { withCredentials?: boolean }): EventSourceLike } | undefined;
  retry?: RetryOptions;
  polling?: PollingOptions;
  /** Per-attempt timeout; a long poll adds its wait. 0 disables. Default 30 000. */
  timeoutMs?: number;
  /** Fetch credentials mode; `'include'` also opens the event stream with credentials. */
  credentials?: RequestCredentials;
  /** Source of randomness for jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** The part of EventSource the client uses. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

/** Options shared by all calls. */
export interface CallOptions {
  /** Aborts the call (and its retry waits); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface StartJobOptions extends CallOptions {
  /**
   * Sent as `Idempotency-Key`. Default: a fresh random key per call, which makes retries after network
   * errors safe. Pass `null` to send none (then network errors are not retried).
   */
  idempotencyKey?: string | null;
}

export interface GetStatusOptions extends CallOptions {
  /** Sent as `If-None-Match`; an unchanged status then answers 304. */
  etag?: string | null;
  /** Long poll: the server holds the request up to this many seconds (capped at 30) until the status changes. */
  waitSeconds?: number;
}

/** The answer of {@link MediaqueueClient.getStatus}. */
export interface StatusResponse {
  /** The status, or null when the server answered 304 Not Modified. */
  status: JobStatus | null;
  /** The ETag to send next time. */
  etag: string | null;
  notModified: boolean;
}

export interface WatchJobOptions extends CallOptions {
  /** Use the event stream when possible (no apiKey, EventSource available). Default true. */
  preferSse?: boolean;
  /** When polling, long-poll each status read for up to this many seconds. Default: plain polling. */
  waitSeconds?: number;
}

export interface RunJobOptions extends WatchJobOptions, StartJobOptions {
  /** Called with the start answer before watching begins (e.g. to remember the job id for cancel). */
  onStart?: (accepted: JobAccepted) => void;
}

/** Filters of {@link MediaqueueClient.listJobs}; further keys are sent as query parameters too. */
export interface ListJobsFilter {
  status?: JobState;
  media_type?: MediaType;
  limit?: number;
  [param: string]: string | number | boolean | undefined | null;
}

/** A client for one gateway. All methods throw {@link MediaqueueError} on failure. */
export interface MediaqueueClient {
  /**
   * `POST /api/job/start`. Resolves once the gateway accepted the job (the broker confirmed it).
   * @throws {MediaqueueError} e.g. 400 with `problem.errors` for invalid input, 422 for a reused key.
   */
  startJob(job: StartJobRequest, options?: StartJobOptions): Promise<JobAccepted>;

  /** `GET /api/job/{id}/status`, optionally conditional (`etag`) and long-polled (`waitSeconds`). */
  getStatus(jobId: string, options?: GetStatusOptions): Promise<StatusResponse>;

  /**
   * Follows a job until it is terminal and resolves with its final status (completed, failed or
   * cancelled: a failed job resolves, it does not reject). `onUpdate` is called once per change.
   * Uses the event stream, falling back to ETag polling paced by `poll_after_ms`. Rejects on abort,
   * on an unknown job (404) or when the gateway stays unreachable.
   */
  watchJob(jobId: string, onUpdate?: ((status: JobStatus) => void) | null, options?: WatchJobOptions): Promise<JobStatus>;

  /**
   * `POST /api/job/{id}/cancel`. Resolves with the status after the request (a running job becomes
   * `cancelled` shortly after; watch it). A 409 (already terminal) resolves with the job status when the
   * problem carries one, and throws otherwise.
   */
  cancelJob(jobId: string, options?: CallOptions): Promise<JobStatus>;

  /** `GET /api/jobs`: the caller's recent jobs, newest first. */
  listJobs(filter?: ListJobsFilter, options?: CallOptions): Promise<JobStatus[]>;

  /** `startJob` then `watchJob`. */
  runJob(job: StartJobRequest, onUpdate?: ((status: JobStatus) => void) | null, options?: RunJobOptions): Promise<JobStatus>;

  /** Resolves a gateway path such as `result.output_url` against `baseUrl`; absolute URLs pass through. */
  resolveUrl(path: string): string;
  resolveUrl<T extends null | undefined | ''>(path: T): T;
}

/**
 * A failed call: an HTTP error answer, or a network failure or timeout (`status` 0). An abort is not a
 * MediaqueueError: it rejects with the signal's reason (an `AbortError` DOMException by default).
 */
export class MediaqueueError extends Error {
  constructor(message: string, details?: {
    status?: number; problem?: Problem | null; retryAfterMs?: number | null; url?: string; method?: string; cause?: unknown;
  });
  readonly name: 'MediaqueueError';
  /** The HTTP status, or 0 for a network failure or timeout. */
  readonly status: number;
  /** The RFC 9457 problem body, or null when the answer had none (e.g. a proxy's HTML error page). */
  readonly problem: Problem | null;
  /** What `Retry-After` asked for, in milliseconds, or null. */
  readonly retryAfterMs: number | null;
  readonly url?: string;
  readonly method?: string;
  /** Whether trying again later may succeed: network failure, timeout, 429 or 5xx. */
  readonly transient: boolean;
}

/** Creates a client for one gateway. */
export function createClient(options?: ClientOptions): MediaqueueClient;

/**
 * The delay before retry number `attempt` (0-based): full jitter, a random value in
 * `[0, min(maxDelayMs, baseDelayMs * 2^attempt)]`.
 * @param random returns a number in [0, 1); default `Math.random`
 */
export function backoffDelay(attempt: number, opts?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random?: () => number): number;

/**
 * The wait a `Retry-After` header asks for, in milliseconds (never negative): delay-seconds or an
 * HTTP date relative to `now`. Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now?: number | Date): number | null;

/** Whether a state, or a status body, is terminal. */
export function isTerminal(status: JobState | string | { status?: string } | null | undefined): boolean;

/** Whether `next` differs from `prev`, ignoring `poll_after_ms` and key order. */
export function statusChanged(prev: object | null | undefined, next: object | null | undefined): boolean;

/** Every job state, in lifecycle order. */
export const JOB_STATES: readonly JobState[];
/** The terminal states. */
export const TERMINAL_STATES: readonly TerminalJobState[];
/** The gateway's cap on `?wait=`, in seconds. */
export const MAX_WAIT_SECONDS: 30;
