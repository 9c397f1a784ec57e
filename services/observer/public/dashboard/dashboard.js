// The observer's dashboard: loads every service's history once, then follows the live stream of rounds.
// The access token stays in this tab's sessionStorage and goes out only as an Authorization header: the stream
// is read with fetch, not EventSource (which cannot send headers), so no token ever appears in a URL.
import { CHARTS, createChart } from './charts.js';

const TOKEN_KEY = 'erp.observer.token';
const API = 'api/v1/observer';
const POINTS = 240;
const RETRY_MS_DEFAULT = 3000;

const elements = {
  login: document.getElementById('login'),
  loginForm: document.getElementById('login-form'),
  loginMessage: document.getElementById('login-message'),
  token: document.getElementById('token'),
  board: document.getElementById('board'),
  services: document.getElementById('services'),
  incidentList: document.getElementById('incident-list'),
  incidentCount: document.getElementById('incident-count'),
  noIncidents: document.getElementById('no-incidents'),
  range: document.getElementById('range'),
  connection: document.getElementById('connection'),
  updated: document.getElementById('updated'),
  reportLinks: document.getElementById('report-links'),
  signOut: document.getElementById('sign-out'),
  template: document.getElementById('service-template'),
};

const state = {
  rangeMin: Number(elements.range.value),
  services: new Map(),
  incidents: new Map(),
  latestReport: null,
  stream: null,
  lastEventId: null,
  generation: 0,
};

class AuthError extends Error {}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function api(path, init = {}) {
  const response = await fetch(`${API}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token()}` } });
  if (response.status === 401 || response.status === 403) {
    const problem = await response.json().catch(() => ({}));
    throw new AuthError(problem.detail ?? `The API answered ${response.status}.`);
  }
  return response;
}

function showLogin(message) {
  state.generation += 1;
  state.stream?.abort();
  elements.board.hidden = true;
  elements.signOut.hidden = true;
  elements.login.hidden = false;
  elements.loginMessage.textContent = message ?? '';
  setConnection('idle', 'not connected');
  elements.token.focus();
}

function setConnection(stateName, text) {
  elements.connection.dataset.state = stateName;
  elements.connection.textContent = text;
}

function statusOf(service) {
  return service.status ?? 'unknown';
}

// Report links: the API needs the token, so a click fetches the report and opens it from memory.
function reportLink(label, path, type) {
  const link = document.createElement('a');
  link.href = '#';
  link.textContent = label;
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    const opened = window.open('', '_blank');
    try {
      const response = await api(path);
      const blob = new Blob([await response.text()], { type });
      if (opened) opened.location.href = URL.createObjectURL(blob);
    } catch (error) {
      opened?.close();
      if (error instanceof AuthError) showLogin(error.message);
    }
  });
  return link;
}

function renderReportLinks(container, report) {
  container.replaceChildren();
  if (!report) {
    container.append(document.createTextNode('no stored report'));
    return;
  }
  const base = `/reports/${encodeURIComponent(report.id)}?format=`;
  container.append(
    document.createTextNode('latest report:'),
    reportLink('HTML', `${base}html`, 'text/html'),
    reportLink('Markdown', `${base}markdown`, 'text/plain'),
    reportLink('JSON', `${base}json`, 'application/json'),
  );
}

function renderTopReportLinks() {
  renderReportLinks(elements.reportLinks, state.latestReport);
  elements.reportLinks.append(reportLink('report now', '/reports/optimization?format=html', 'text/html'));
}

function updateServiceHeader(entry) {
  const { element, view } = entry;
  const status = statusOf(view);
  element.dataset.status = status;
  const badge = element.querySelector('.status');
  badge.dataset.status = status;
  badge.textContent = status;
  const instances = view.instances ?? [];
  const up = view.instances_up ?? instances.filter((instance) => instance.status !== 'unreachable').length;
  element.querySelector('.instances').textContent = `${Math.round(up)} of ${Math.max(instances.length, Math.round(up))} instances up`;
  const open = view.open_incidents ?? 0;
  element.querySelector('.open-incidents').textContent = open > 0 ? `${open} open incident${open === 1 ? '' : 's'}` : '';
}

function renderService(view) {
  const fragment = elements.template.content.cloneNode(true);
  const element = fragment.querySelector('.service');
  element.dataset.service = view.name;
  element.querySelector('.name').textContent = view.name;
  elements.services.append(fragment);
  const chartsElement = element.querySelector('.charts');
  const charts = new Map(CHARTS.map((definition) => [definition.metric, createChart(chartsElement, definition, view.thresholds)]));
  for (const [metric, chart] of charts) chart.set(view.series.t, view.series[metric]);
  const entry = { element, view: { ...view, instances_up: null }, charts };
  updateServiceHeader(entry);
  renderReportLinks(element.querySelector('.service-report'), state.latestReport);
  return entry;
}

function renderIncidents() {
  const items = [...state.incidents.values()].sort((a, b) => b.opened_at.localeCompare(a.opened_at));
  elements.incidentList.replaceChildren(
    ...items.map((incident) => {
      const item = document.createElement('li');
      item.dataset.incident = incident.id;
      const where = incident.route ?? incident.instance_url ?? '';
      const opened = new Date(incident.opened_at).toLocaleString();
      item.textContent = `${incident.service} · ${incident.metric}${where ? ` · ${where}` : ''} · since ${opened} · ${incident.detail}`;
      return item;
    }),
  );
  elements.incidentCount.textContent = String(items.length);
  elements.incidentCount.classList.toggle('nonzero', items.length > 0);
  elements.noIncidents.hidden = items.length > 0;
}

async function load() {
  const generation = ++state.generation;
  state.stream?.abort();
  setConnection('idle', 'loading…');
  const response = await api(`/dashboard?range_min=${state.rangeMin}&points=${POINTS}`);
  if (!response.ok) throw new Error(`The dashboard API answered ${response.status}.`);
  const overview = await response.json();
  if (generation !== state.generation) return;
  elements.login.hidden = true;
  elements.board.hidden = false;
  elements.signOut.hidden = false;
  state.latestReport = overview.latest_report;
  renderTopReportLinks();
  elements.services.replaceChildren();
  state.services = new Map(overview.services.map((view) => [view.name, renderService(view)]));
  state.incidents = new Map(overview.incidents.map((incident) => [incident.id, incident]));
  renderIncidents();
  elements.updated.textContent = `loaded ${new Date(overview.observed_at).toLocaleTimeString()}`;
  state.lastEventId = String(Date.parse(overview.range.to));
  void follow(generation);
}

function applyRound(round) {
  const oldestT = Date.now() / 1000 - state.rangeMin * 60;
  let unknownService = false;
  for (const update of round.services) {
    const entry = state.services.get(update.name);
    if (!entry) {
      unknownService = true;
      continue;
    }
    for (const [metric, chart] of entry.charts) chart.append(update.t, update.values[metric], oldestT);
    entry.view = { ...entry.view, status: update.status, open_incidents: update.open_incidents, instances_up: update.instances_up };
    updateServiceHeader(entry);
  }
  for (const incident of round.incidents.opened) state.incidents.set(incident.id, incident);
  for (const incident of round.incidents.resolved) state.incidents.delete(incident.id);
  renderIncidents();
  elements.updated.textContent = `last round ${new Date(round.at).toLocaleTimeString()}`;
  elements.board.dataset.lastRound = round.at;
  // A service the page has not seen yet (a new entry in observer_config.json): load everything again.
  if (unknownService) void load().catch(handleError);
}

// Server-sent events read from a fetch body: lines up to a blank line make one event.
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { event: 'message', data: '', id: null };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.event = text;
        else if (field === 'data') event.data += event.data ? `\n${text}` : text;
        else if (field === 'id') event.id = text;
      }
      if (event.data) onEvent(event);
      end = buffer.indexOf('\n\n');
    }
  }
}

async function follow(generation) {
  while (generation === state.generation) {
    const controller = new AbortController();
    state.stream = controller;
    let retryMs = RETRY_MS_DEFAULT;
    try {
      const headers = state.lastEventId ? { 'last-event-id': state.lastEventId } : {};
      const response = await api('/stream', { headers, signal: controller.signal });
      if (response.ok && response.body) {
        await readEvents(response.body, (event) => {
          if (event.id) state.lastEventId = event.id;
          if (event.event === 'ready') setConnection('live', 'live');
          if (event.event === 'round') applyRound(JSON.parse(event.data));
        });
      } else {
        retryMs = Number(response.headers.get('retry-after') ?? 0) * 1000 || RETRY_MS_DEFAULT;
        setConnection('retrying', `stream refused (${response.status}), retrying`);
        await response.body?.cancel();
      }
    } catch (error) {
      if (error instanceof AuthError) return showLogin(error.message);
      if (controller.signal.aborted) return;
    }
    if (generation !== state.generation) return;
    setConnection('retrying', 'reconnecting…');
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}

function handleError(error) {
  if (error instanceof AuthError) showLogin(error.message);
  else setConnection('failed', error.message);
}

elements.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, elements.token.value.trim().replace(/^Bearer\s+/i, ''));
  elements.token.value = '';
  load().catch(handleError);
});

elements.signOut.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showLogin('Signed out.');
});

elements.range.addEventListener('change', () => {
  state.rangeMin = Number(elements.range.value);
  load().catch(handleError);
});

if (token()) load().catch(handleError);
else showLogin();
