// The demo page: start a job, follow it live, cancel it, look at results and recent jobs.
import { createClient, isTerminal, MediaqueueError } from './mediaqueue-client.js';

const CONFIG_ID = 'demo';
const RECENT_LIMIT = 20;
const API_KEY_STORAGE = 'mediaqueue.apiKey';
const FIELD_INPUTS = { user_input: 'prompt', media_type: 'media-type', priority: 'priority' };
const STATE_TEXT = {
  queued: 'Waiting in the queue…',
  running: 'Generating…',
  completed: 'Done.',
  failed: 'The job failed.',
  cancelled: 'The job was cancelled.',
};

const el = Object.fromEntries([
  'job-form', 'media-type', 'priority', 'prompt', 'api-key', 'form-error', 'start',
  'no-job', 'job-card', 'job-title', 'job-status', 'job-id', 'job-created', 'progress-bar', 'progress-text',
  'status-message', 'queue-position-row', 'queue-position', 'eta-row', 'eta', 'attempt-row', 'attempt',
  'job-error', 'preview', 'cancel', 'announcer',
  'recent-jobs', 'recent-empty', 'recent-error', 'refresh-jobs',
].map((id) => [id, document.getElementById(id)]));

const state = {
  client: null,
  jobId: null,
  status: null,
  watch: null,
  recentRequest: 0,
  recent: new Map(),
};

// ---- client and settings ----------------------------------------------------------------------

function storedApiKey() {
  try {
    return sessionStorage.getItem(API_KEY_STORAGE) ?? '';
  } catch {
    return ''; // storage can be blocked; the key then lives only in the input
  }
}

function useApiKey(apiKey) {
  try {
    if (apiKey) sessionStorage.setItem(API_KEY_STORAGE, apiKey);
    else sessionStorage.removeItem(API_KEY_STORAGE);
  } catch {
    // ignore: see storedApiKey
  }
  state.client = createClient({ apiKey: apiKey || undefined });
}

// ---- starting a job ---------------------------------------------------------------------------

async function startJob(event) {
  event.preventDefault();
  clearFormError();
  const userInput = el.prompt.value.trim();
  if (!userInput) {
    showFormError('Please describe what to generate.', { user_input: 'required' });
    el.prompt.focus();
    return;
  }
  const job = {
    media_type: el['media-type'].value,
    config_id: CONFIG_ID,
    user_input: userInput,
    priority: el.priority.value,
  };
  setStarting(true);
  try {
    const accepted = await state.client.startJob(job);
    open(accepted.job_id, {
      job_id: accepted.job_id, status: accepted.status ?? 'queued', progress: 0, message: null,
      media_type: job.media_type, priority: job.priority, created_at: new Date().toISOString(),
      poll_after_ms: accepted.poll_after_ms,
    });
    refreshRecent();
  } catch (err) {
    const problem = err instanceof MediaqueueError ? err.problem : null;
    showFormError(describeError(err), problem?.errors);
  } finally {
    setStarting(false);
  }
}

function setStarting(starting) {
  el.start.disabled = starting;
  el.start.textContent = starting ? 'Starting…' : 'Start';
  el['job-form'].setAttribute('aria-busy', String(starting));
}

// ---- following a job ----------------------------------------------------------------------------

/** Shows a job (with what is already known of it) and follows it until it is terminal. */
function open(jobId, known) {
  state.watch?.abort();
  state.watch = null;
  state.jobId = jobId;
  state.status = null;
  rememberInUrl(jobId);
  markCurrentInList();
  el['job-error'].hidden = true;
  el.preview.replaceChildren();
  if (known) render(known);
  else showLoading(jobId);
  follow(jobId);
}

function follow(jobId) {
  const controller = new AbortController();
  state.watch = controller;
  state.client.watchJob(jobId, (status) => render(status), { signal: controller.signal })
    .then((final) => {
      render(final);
      refreshRecent();
    })
    .catch((err) => {
      if (err?.name === 'AbortError' || state.jobId !== jobId) return;
      if (!state.status) {
        el['job-status'].textContent = 'unavailable';
        el['status-message'].textContent = '';
      }
      showJobError(describeError(err));
    })
    .finally(() => {
      if (state.watch === controller) state.watch = null;
    });
}

async function cancelJob() {
  const jobId = state.jobId;
  if (!jobId) return;
  el.cancel.disabled = true;
  el.cancel.textContent = 'Cancelling…';
  try {
    render(await state.client.cancelJob(jobId));
  } catch (err) {
    if (state.jobId === jobId) showJobError(describeError(err));
  } finally {
    el.cancel.disabled = false;
    el.cancel.textContent = 'Cancel job';
  }
}

// ---- rendering the current job ----------------------------------------------------------------

function render(status) {
  if (!status || status.job_id !== state.jobId) return;
  const previous = state.status;
  // The stream and a cancel answer can cross; a job never leaves a terminal state.
  if (previous && isTerminal(previous) && !isTerminal(status)) return;
  state.status = status;

  const job = status.status;
  const progress = clamp(Math.round(Number(status.progress) || 0), 0, 100);
  const card = el['job-card'];
  card.hidden = false;
  el['no-job'].hidden = true;
  card.dataset.jobId = status.job_id;
  card.dataset.status = job;

  el['job-title'].textContent = [capitalize(status.media_type ?? 'media'), status.priority && `${status.priority} priority`]
    .filter(Boolean).join(' · ');
  el['job-status'].textContent = job;
  el['job-status'].dataset.status = job;
  el['job-id'].textContent = status.job_id;
  el['job-created'].textContent = status.created_at ? `submitted ${relativeTime(status.created_at)}` : '';

  const bar = el['progress-bar'];
  bar.dataset.status = job;
  bar.setAttribute('aria-valuenow', String(progress));
  bar.setAttribute('aria-valuetext', `${progress}% – ${job}`);
  bar.style.setProperty('--progress', `${progress}%`);
  el['progress-text'].textContent = `${progress}%`;

  el['status-message'].textContent = status.message || STATE_TEXT[job] || '';

  const queued = job === 'queued' && status.queue_position != null;
  el['queue-position-row'].hidden = !queued;
  el['queue-position'].textContent = queued ? describeQueuePosition(status.queue_position) : '';
  const eta = !isTerminal(job) && status.eta_seconds != null;
  el['eta-row'].hidden = !eta;
  el.eta.textContent = eta ? `about ${formatDuration(status.eta_seconds)}` : '';
  const retried = Number(status.attempt) > 1;
  el['attempt-row'].hidden = !retried;
  el.attempt.textContent = retried ? String(status.attempt) : '';

  el.cancel.hidden = isTerminal(job);

  if (job === 'failed') {
    showJobError(status.error || 'The job failed.', status.error_type);
  } else {
    el['job-error'].hidden = true;
  }

  renderPreview(status);
  updateListItem(status);
  document.title = isTerminal(job) ? `${capitalize(job)} · mediaqueue` : `${progress}% · mediaqueue`;
  if (previous?.status !== job) el.announcer.textContent = `Job ${job}.`;
}

/** The card for a job whose status has not arrived yet. */
function showLoading(jobId) {
  const card = el['job-card'];
  card.hidden = false;
  el['no-job'].hidden = true;
  card.dataset.jobId = jobId;
  card.dataset.status = '';
  el['job-title'].textContent = 'Job';
  el['job-status'].textContent = 'loading';
  delete el['job-status'].dataset.status;
  el['job-id'].textContent = jobId;
  el['job-created'].textContent = '';
  const bar = el['progress-bar'];
  bar.dataset.status = '';
  bar.setAttribute('aria-valuenow', '0');
  bar.removeAttribute('aria-valuetext');
  bar.style.setProperty('--progress', '0%');
  el['progress-text'].textContent = '';
  el['status-message'].textContent = 'Loading…';
  for (const row of ['queue-position-row', 'eta-row', 'attempt-row']) el[row].hidden = true;
  el.cancel.hidden = true;
}

function renderPreview(status) {
  const preview = el.preview;
  if (status.status === 'completed' && status.result?.output_url) {
    const key = `result:${status.result.output_url}`;
    if (preview.dataset.key !== key) {
      preview.dataset.key = key;
      preview.replaceChildren(resultFigure(status));
    }
  } else if (status.status === 'running' && status.preview_url) {
    const key = `live:${status.preview_url}`;
    if (preview.dataset.key !== key) {
      preview.dataset.key = key;
      preview.replaceChildren(liveFigure(status));
    }
  } else if (status.status !== 'running') {
    delete preview.dataset.key;
    preview.replaceChildren();
  }
}

function resultFigure(status) {
  const { result } = status;
  const src = safeUrl(state.client.resolveUrl(result.output_url));
  const contentType = String(result.content_type || '').toLowerCase();
  const label = `Generated ${status.media_type ?? 'media'}`;
  let media;
  if (contentType.startsWith('image/') || contentType === 'video/gif' || /\.gif($|\?)/i.test(result.output_url)) {
    media = make('img', { src, alt: label, decoding: 'async' });
  } else if (contentType.startsWith('video/')) {
    media = make('video', { src, controls: true, playsInline: true, preload: 'metadata', ariaLabel: label });
  } else if (contentType.startsWith('audio/')) {
    media = make('audio', { src, controls: true, preload: 'metadata', ariaLabel: label });
  }
  const caption = make('figcaption', {}, [
    make('span', { textContent: [contentType, formatBytes(result.size_bytes), describeMetadata(result.metadata)].filter(Boolean).join(' · ') }),
    make('a', { href: src, textContent: 'Open / download', download: '' }),
  ]);
  return make('figure', {}, media ? [media, caption] : [caption]);
}

function liveFigure(status) {
  const src = safeUrl(state.client.resolveUrl(status.preview_url));
  return make('figure', { className: 'preview-live' }, [
    make('img', { src, alt: 'Preview of the job in progress', decoding: 'async' }),
    make('figcaption', { textContent: 'Live preview' }),
  ]);
}

function showJobError(text, errorType) {
  el['job-error'].textContent = errorType ? `${text} (${errorType.replaceAll('_', ' ')})` : text;
  el['job-error'].hidden = false;
}

// ---- recent jobs ------------------------------------------------------------------------------

async function refreshRecent() {
  const request = ++state.recentRequest;
  el['recent-jobs'].setAttribute('aria-busy', 'true');
  try {
    const jobs = await state.client.listJobs({ limit: RECENT_LIMIT });
    if (request !== state.recentRequest) return;
    el['recent-error'].hidden = true;
    renderRecent(jobs);
  } catch (err) {
    if (request !== state.recentRequest) return;
    el['recent-error'].textContent = `Could not load recent jobs: ${describeError(err)}`;
    el['recent-error'].hidden = false;
  } finally {
    if (request === state.recentRequest) el['recent-jobs'].setAttribute('aria-busy', 'false');
  }
}

function renderRecent(jobs) {
  state.recent = new Map(jobs.filter((job) => job?.job_id).map((job) => [job.job_id, job]));
  // The current job's live status is newer than the list's.
  if (state.status && state.recent.has(state.status.job_id)) state.recent.set(state.status.job_id, state.status);
  el['recent-jobs'].replaceChildren(...[...state.recent.values()].map(listItem));
  el['recent-empty'].hidden = state.recent.size > 0;
  markCurrentInList();
}

function listItem(job) {
  const li = make('li', {});
  li.dataset.jobId = job.job_id;
  fillListItem(li, job);
  return li;
}

function fillListItem(li, job) {
  li.dataset.status = job.status;
  const badge = make('span', { className: 'badge', textContent: job.status });
  badge.dataset.status = job.status;
  const detail = job.status === 'running' ? `${clamp(Math.round(job.progress || 0), 0, 100)}%`
    : job.status === 'failed' ? (job.error || 'failed') : (job.message || '');
  const button = make('button', { type: 'button', className: 'job-link' }, [
    badge,
    make('span', { className: 'job-link-main' }, [
      make('span', { className: 'job-link-title', textContent: `${capitalize(job.media_type ?? 'media')} · ${shortId(job.job_id)}` }),
      make('span', { className: 'job-link-sub', textContent: detail }),
    ]),
    make('time', { className: 'job-link-time', dateTime: job.created_at ?? '', textContent: job.created_at ? relativeTime(job.created_at) : '' }),
  ]);
  button.setAttribute('aria-label', `${capitalize(job.media_type ?? 'media')} job ${shortId(job.job_id)}, ${job.status}${detail ? `, ${detail}` : ''}`);
  li.replaceChildren(button);
}

function updateListItem(status) {
  const li = el['recent-jobs'].querySelector(`li[data-job-id="${CSS.escape(status.job_id)}"]`);
  if (!li || !state.recent.has(status.job_id)) return;
  state.recent.set(status.job_id, status);
  const focused = li.contains(document.activeElement);
  fillListItem(li, status);
  if (focused) li.querySelector('button')?.focus();
}

function markCurrentInList() {
  for (const li of el['recent-jobs'].children) {
    if (li.dataset.jobId === state.jobId) li.setAttribute('aria-current', 'true');
    else li.removeAttribute('aria-current');
  }
}

function onRecentClick(event) {
  const li = event.target.closest('li[data-job-id]');
  if (!li || !el['recent-jobs'].contains(li)) return;
  const jobId = li.dataset.jobId;
  if (jobId === state.jobId && state.watch) return; // already following it
  open(jobId, state.recent.get(jobId));
  el['job-card'].scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

// ---- form errors ------------------------------------------------------------------------------

function showFormError(text, fieldErrors) {
  const box = el['form-error'];
  const items = normaliseFieldErrors(fieldErrors);
  const listed = items.length > 0 && !(items.length === 1 && items[0].message === 'required');
  // The problem's detail already names every field; the list says it more readably.
  box.replaceChildren(make('span', { textContent: listed ? 'The job was not accepted:' : text }));
  if (listed) {
    box.append(make('ul', {}, items.map(({ field, message }) => make('li', { textContent: field ? `${field} ${message}` : message }))));
  }
  for (const { field } of items) {
    const input = document.getElementById(FIELD_INPUTS[field] ?? '');
    input?.setAttribute('aria-invalid', 'true');
  }
  box.hidden = false;
}

function clearFormError() {
  el['form-error'].hidden = true;
  el['form-error'].replaceChildren();
  for (const id of Object.values(FIELD_INPUTS)) document.getElementById(id)?.removeAttribute('aria-invalid');
}

/** Validation problems name fields as a list of {field, message} or as a map; accept both. */
function normaliseFieldErrors(errors) {
  if (!errors) return [];
  if (Array.isArray(errors)) {
    return errors.map((e) => (typeof e === 'string' ? { field: null, message: e }
      : { field: e?.field ?? e?.name ?? e?.pointer ?? null, message: e?.message ?? e?.detail ?? e?.reason ?? 'invalid' }));
  }
  if (typeof errors === 'object') {
    return Object.entries(errors).map(([field, message]) => ({ field, message: [].concat(message).join(', ') }));
  }
  return [];
}

function describeError(err) {
  if (!(err instanceof MediaqueueError)) return err?.message || 'Something went wrong.';
  if (err.status === 0) return 'Cannot reach the server. Check your connection and try again.';
  if (err.status === 401 || err.status === 403) {
    return `${err.problem?.detail || 'Not authorised.'} Set an API key under “Connection”.`;
  }
  if (err.status === 429) {
    const wait = err.retryAfterMs ? ` Try again in ${formatDuration(Math.ceil(err.retryAfterMs / 1000))}.` : ' Please wait a moment.';
    return `${err.problem?.detail || 'Too many requests.'}${wait}`;
  }
  return err.problem?.detail || err.problem?.title || err.message;
}

// ---- small helpers ----------------------------------------------------------------------------

function make(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'ariaLabel') node.setAttribute('aria-label', value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

/** Only http(s) and same-origin URLs reach src and href. */
function safeUrl(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : 'about:blank';
  } catch {
    return 'about:blank';
  }
}

function rememberInUrl(jobId) {
  const url = new URL(location.href);
  url.searchParams.set('job', jobId);
  history.replaceState(null, '', url);
}

function describeQueuePosition(ahead) {
  if (ahead <= 0) return 'next up';
  return ahead === 1 ? '1 job ahead' : `${ahead} jobs ahead`;
}

function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.round(Number(totalSeconds) || 0));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function formatBytes(bytes) {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n <= 0) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
  return `${(n / 1024 ** i).toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function describeMetadata(metadata) {
  if (!metadata || typeof metadata !== 'object') return '';
  const parts = [];
  if (metadata.width && metadata.height) parts.push(`${metadata.width}×${metadata.height}`);
  const duration = metadata.duration_seconds ?? metadata.duration;
  if (Number(duration) > 0) parts.push(formatDuration(duration));
  return parts.join(' · ');
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
function relativeTime(iso) {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.round((at - Date.now()) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [Infinity, 'day']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relativeFormat.format(value, unit);
    value = Math.round(value / size);
  }
  return '';
}

function shortId(id) {
  return String(id).slice(0, 8);
}

function capitalize(text) {
  const s = String(text);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function clamp(n, min, max) {
  return Math.min(max, Math.max(min, n));
}

// ---- wiring -----------------------------------------------------------------------------------

function init() {
  const apiKey = storedApiKey();
  el['api-key'].value = apiKey;
  useApiKey(apiKey);

  el['job-form'].addEventListener('submit', startJob);
  el.prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) el['job-form'].requestSubmit();
  });
  el.prompt.addEventListener('input', () => el.prompt.removeAttribute('aria-invalid'));
  el['api-key'].addEventListener('change', () => {
    useApiKey(el['api-key'].value.trim());
    refreshRecent();
    if (state.jobId && !isTerminal(state.status)) open(state.jobId, state.status);
  });
  el.cancel.addEventListener('click', cancelJob);
  el['recent-jobs'].addEventListener('click', onRecentClick);
  el['refresh-jobs'].addEventListener('click', refreshRecent);

  el.start.disabled = false;

  const jobInUrl = new URL(location.href).searchParams.get('job');
  if (jobInUrl) open(jobInUrl);
  refreshRecent();
}

init();
