'use strict';
/*
 * Leadflow rep console: plain JavaScript, no build step, no third-party code. It talks to routing-service only:
 *   GET  /api/v1/me                                who the token names (rep id, name, teams managed, server time)
 *   GET  /api/v1/reps/{repId}/assignments, /tasks  what stands now (read again on every (re)connection)
 *   WS   /ws/reps/{repId}?access_token=...         what happens live; pending assignments and tasks are replayed on
 *                                                  connecting with the same ids, so everything is keyed by id
 *   POST /api/v1/assignments/{id}/accept|decline|outcome, PUT /api/v1/reps/{repId}/presence
 * The token lives in sessionStorage (this tab only). Everything shown is set with textContent, never as HTML.
 */
(() => {
  const TOKEN_KEY = 'leadflow.console.token';
  const URGENT_MS = 30_000;
  const FIRST_RETRY_MS = 1_000;
  const MAX_RETRY_MS = 30_000;
  const NOTICE_MS = 10_000;

  const state = {
    token: null,
    me: null,
    skewMs: 0,            // service clock minus this browser's clock: deadlines are counted on the service's clock
    seq: 0,               // increases with every change, to tell entries older than a refresh from newer ones
    pending: new Map(),   // assignmentId -> assignment waiting for acceptance
    accepted: new Map(),  // assignmentId -> accepted assignment without a final outcome
    tasks: new Map(),     // taskId -> open task
    escalations: new Map(),
    socket: null,
    retryMs: FIRST_RETRY_MS,
    timers: { reconnect: null, tick: null, expiry: null, notice: null },
  };

  const $ = (id) => document.getElementById(id);

  // ---- HTTP ----

  class ApiError extends Error {
    constructor(status, problem) {
      super(describeProblem(status, problem));
      this.status = status;
      this.problem = problem;
    }
  }

  function describeProblem(status, problem) {
    if (status === 0) {
      return 'The routing service cannot be reached. Check your connection and try again.';
    }
    if (problem && Array.isArray(problem.errors) && problem.errors.length) {
      return problem.errors.map((e) => `${e.field} ${e.message}`).join('; ');
    }
    return (problem && (problem.detail || problem.title)) || `The request failed (HTTP ${status}).`;
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${state.token}` };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new ApiError(0, null);
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (response.status === 401) {
      signOut('Your session has ended: the token expired or is not trusted. Sign in again with a valid token.');
      throw new ApiError(401, json);
    }
    if (!response.ok) {
      throw new ApiError(response.status, json);
    }
    return json;
  }

  // ---- Sign-in and sign-out ----

  /** The claims of a JWT, read without checking it (the service checks it): only to show and plan its expiry. */
  function claimsOf(token) {
    const parts = token.split('.');
    if (parts.length !== 3) {
      return null;
    }
    try {
      const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = decodeURIComponent(Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')),
        (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
      return JSON.parse(json);
    } catch (e) {
      return null;
    }
  }

  async function signIn(token) {
    showSignInError(null);
    const claims = claimsOf(token);
    if (!claims) {
      showSignInError('This is not an access token: paste the whole JWT (three parts separated by dots).');
      return;
    }
    state.token = token;
    let me;
    try {
      const sent = Date.now();
      me = await api('GET', '/api/v1/me');
      state.skewMs = Date.parse(me.serverTime) - (sent + Date.now()) / 2;
    } catch (e) {
      if (e.status !== 401) {
        state.token = null;
        showSignInError(e.status === 403 ? 'This token has no role the console accepts (it needs the rep role).'
          : e.message);
      }
      return;
    }
    if (!me.repId) {
      state.token = null;
      showSignInError('This token names no rep known to routing: a rep token names its rep by its rep_id claim '
        + 'or its subject.');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    state.me = me;
    $('token').value = '';
    $('sign-in').hidden = true;
    $('console').hidden = false;
    $('session').hidden = false;
    $('rep-name').textContent = me.name;
    $('presence').value = me.presence === 'away' ? 'away' : 'online';
    $('escalations-panel').hidden = me.managerOf.length === 0;
    if (claims.exp) {
      // setTimeout holds at most ~24 days; a longer-lived token is simply not planned for.
      const left = claims.exp * 1000 - Date.now();
      if (left < 2 ** 31) {
        state.timers.expiry = setTimeout(() => signOut('Your token expired. Sign in again with a new one.'),
          Math.max(left, 0));
      }
    }
    state.timers.tick = setInterval(tick, 1000);
    render();
    connect();
  }

  function signOut(message) {
    state.token = null;
    state.me = null;
    sessionStorage.removeItem(TOKEN_KEY);
    const socket = state.socket;
    state.socket = null;
    if (socket) {
      socket.close(1000, 'signed out');
    }
    Object.keys(state.timers).forEach((name) => {
      clearTimeout(state.timers[name]);
      clearInterval(state.timers[name]);
      state.timers[name] = null;
    });
    state.retryMs = FIRST_RETRY_MS;
    [state.pending, state.accepted, state.tasks, state.escalations].forEach((map) => map.clear());
    ['pending', 'accepted', 'tasks', 'escalations'].forEach((id) => $(id).replaceChildren());
    $('console').hidden = true;
    $('session').hidden = true;
    $('notice').hidden = true;
    $('sign-in').hidden = false;
    showSignInError(message || null);
  }

  function showSignInError(message) {
    $('sign-in-error').textContent = message || '';
    $('sign-in-error').hidden = !message;
  }

  // ---- Live feed ----

  function connect() {
    clearTimeout(state.timers.reconnect);
    if (!state.token) {
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws/reps/${encodeURIComponent(state.me.repId)}`
      + `?access_token=${encodeURIComponent(state.token)}`);
    state.socket = socket;
    setConnection('connecting', 'connecting…');
    socket.onopen = () => {
      if (socket !== state.socket) {
        return;
      }
      state.retryMs = FIRST_RETRY_MS;
      setConnection('live', 'live');
      // The replay brings what is pending; the lists also catch what changed while the socket was down.
      refresh().catch(report);
    };
    socket.onmessage = (event) => {
      if (socket === state.socket) {
        try {
          handle(JSON.parse(event.data));
        } catch (e) {
          console.warn('Unreadable message on the live feed', e);
        }
      }
    };
    socket.onclose = (event) => {
      if (socket !== state.socket) {
        return;
      }
      state.socket = null;
      if (!state.token) {
        return;
      }
      if (event.code === 1008) {
        // Refused: an expired token signs out (api() does it on 401); anything else is retried.
        api('GET', '/api/v1/me').then(scheduleReconnect, (e) => {
          if (e.status !== 401) {
            scheduleReconnect();
          }
        });
      } else {
        scheduleReconnect();
      }
    };
  }

  /** Exponential back-off with jitter, so a restarted service is not hit by every console at once. */
  function scheduleReconnect() {
    if (!state.token) {
      return;
    }
    const delay = Math.round(state.retryMs * (0.75 + Math.random() * 0.5));
    state.retryMs = Math.min(state.retryMs * 2, MAX_RETRY_MS);
    setConnection('offline', `offline, retrying in ${Math.ceil(delay / 1000)} s`);
    state.timers.reconnect = setTimeout(connect, delay);
  }

  function setConnection(stateName, text) {
    $('connection').dataset.state = stateName;
    $('connection').textContent = text;
  }

  function handle(message) {
    const seq = ++state.seq;
    switch (message.type) {
      case 'assignment':
        if (!state.accepted.has(message.assignmentId)) {
          state.pending.set(message.assignmentId, { ...message, seq });
        }
        break;
      case 'revoked': {
        const known = state.pending.get(message.assignmentId) || state.accepted.get(message.assignmentId);
        state.pending.delete(message.assignmentId);
        state.accepted.delete(message.assignmentId);
        if (known) {
          const why = message.reason === 'ack_timeout' ? 'it was not accepted in time'
            : message.reason === 'manager' ? 'a manager reassigned it' : message.reason || 'it was reassigned';
          notice(`${leadName(message)} moved to another rep: ${why}.`);
        }
        break;
      }
      case 'escalation':
        state.escalations.set(`${message.leadId}|${message.reason}`, { ...message, seq, at: Date.now() });
        $('escalations-panel').hidden = false;
        break;
      case 'task':
        state.tasks.set(message.taskId, {
          ...state.tasks.get(message.taskId), taskId: message.taskId, leadId: message.leadId, lead: message.lead,
          channel: message.reason, dueAt: message.acceptBy, seq,
        });
        break;
      default:
        return; // a type this console does not know yet
    }
    render();
  }

  /** Reads the rep's lists; drops what they no longer hold, unless it arrived on the socket after the read began. */
  async function refresh() {
    const mark = state.seq;
    const repId = encodeURIComponent(state.me.repId);
    const [assignments, tasks] = await Promise.all([
      api('GET', `/api/v1/reps/${repId}/assignments`), api('GET', `/api/v1/reps/${repId}/tasks`)]);
    const pending = new Set();
    const accepted = new Set();
    for (const a of assignments) {
      if (a.status === 'assigned') {
        pending.add(a.assignmentId);
        state.pending.set(a.assignmentId, { ...state.pending.get(a.assignmentId), ...a, seq: ++state.seq });
      } else if (a.status === 'accepted' && !a.closedAt) {
        accepted.add(a.assignmentId);
        state.pending.delete(a.assignmentId);
        state.accepted.set(a.assignmentId, a);
      }
    }
    dropStale(state.pending, pending, mark);
    [...state.accepted.keys()].filter((id) => !accepted.has(id)).forEach((id) => state.accepted.delete(id));
    const open = new Set();
    for (const t of tasks) {
      open.add(t.taskId);
      state.tasks.set(t.taskId, { ...state.tasks.get(t.taskId), ...t, seq: ++state.seq });
    }
    dropStale(state.tasks, open, mark);
    render();
  }

  function dropStale(map, current, mark) {
    for (const [id, entry] of [...map]) {
      if (!current.has(id) && entry.seq <= mark) {
        map.delete(id);
      }
    }
  }

  // ---- Actions ----

  async function act(card, work) {
    const buttons = [...card.querySelectorAll('button')];
    buttons.forEach((b) => { b.disabled = true; });
    setCardError(card, null);
    try {
      await work();
    } catch (e) {
      if (e.status === 401) {
        return;
      }
      if (e.status === 409 || e.status === 404) {
        // Moved on meanwhile (time-out, a manager): the lists say where things stand now.
        notice(e.message);
        refresh().catch(report);
      } else {
        setCardError(card, e.message);
      }
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  function accept(card, id) {
    return act(card, async () => {
      const view = await api('POST', `/api/v1/assignments/${encodeURIComponent(id)}/accept`);
      state.pending.delete(id);
      state.accepted.set(id, view);
      render();
    });
  }

  function decline(card, id, reason) {
    if (!reason) {
      setCardError(card, 'Say why you decline this lead.');
      return Promise.resolve();
    }
    return act(card, async () => {
      const known = state.pending.get(id);
      await api('POST', `/api/v1/assignments/${encodeURIComponent(id)}/decline`, { reason });
      state.pending.delete(id);
      render();
      notice(`You declined ${leadName(known)}.`);
    });
  }

  function recordOutcome(card, id, outcome, reason) {
    if (outcome === 'disqualified' && !reason) {
      setCardError(card, 'Say why the lead is disqualified.');
      return Promise.resolve();
    }
    return act(card, async () => {
      const body = reason ? { outcome, reason } : { outcome };
      const view = await api('POST', `/api/v1/assignments/${encodeURIComponent(id)}/outcome`, body);
      if (view.closedAt) {
        state.accepted.delete(id);
        notice(`${leadName(view)}: ${label(outcome)}. The lead is closed.`);
      } else {
        state.accepted.set(id, view);
      }
      render();
    });
  }

  async function setPresence(status) {
    const select = $('presence');
    select.disabled = true;
    try {
      const rep = await api('PUT', `/api/v1/reps/${encodeURIComponent(state.me.repId)}/presence`, { status });
      select.value = rep.presence === 'away' ? 'away' : 'online';
      notice(status === 'away' ? 'You are away: no new leads reach you until you are back online.'
        : 'You are online: new leads reach you again.');
    } catch (e) {
      select.value = status === 'away' ? 'online' : 'away';
      if (e.status !== 401) {
        notice(e.message);
      }
    } finally {
      select.disabled = false;
    }
  }

  // ---- Rendering ----

  const OUTCOMES = ['contacted', 'meeting_booked', 'converted', 'disqualified'];

  function label(outcome) {
    return { contacted: 'contacted', meeting_booked: 'meeting booked', converted: 'converted',
      disqualified: 'disqualified' }[outcome] || outcome;
  }

  function leadName(entry) {
    return (entry && entry.lead && (entry.lead.name || entry.lead.email)) || 'A lead';
  }

  function render() {
    sync($('pending'), state.pending, pendingCard);
    sync($('accepted'), state.accepted, acceptedCard, updateAcceptedCard);
    sync($('tasks'), state.tasks, taskCard, updateTaskCard);
    sync($('escalations'), state.escalations, escalationCard);
    for (const [id, map] of [['pending', state.pending], ['accepted', state.accepted], ['tasks', state.tasks],
      ['escalations', state.escalations]]) {
      $(`${id}-count`).textContent = String(map.size);
      const empty = $(`${id}-empty`);
      if (empty) {
        empty.hidden = map.size > 0;
      }
    }
    tick();
  }

  /** Keeps one node per entry: new ones are appended, gone ones removed, the rest left alone (typing survives). */
  function sync(list, entries, build, update) {
    const nodes = new Map([...list.children].map((node) => [node.dataset.key, node]));
    for (const [key, node] of nodes) {
      if (!entries.has(key)) {
        node.remove();
      }
    }
    for (const [key, entry] of entries) {
      let node = nodes.get(key);
      if (!node) {
        node = build(entry);
        node.dataset.key = key;
        list.appendChild(node);
      }
      if (update) {
        update(node, entry);
      }
    }
  }

  function leadCard(entry) {
    const card = document.getElementById('lead-card').content.firstElementChild.cloneNode(true);
    const lead = entry.lead || {};
    card.dataset.leadId = entry.leadId || '';
    card.querySelector('.lead-name').textContent = lead.name || lead.email || `Lead ${entry.leadId}`;
    setBadge(card.querySelector('.temperature'), entry.temperature);
    setBadge(card.querySelector('.grade'), entry.grade ? `grade ${entry.grade}` : null);
    card.querySelector('.score').textContent = entry.score == null ? '' : `score ${entry.score}`;
    card.querySelector('.lead-title').textContent = lead.title || '';
    card.querySelector('.lead-company').textContent = lead.company || '';
    card.querySelector('.lead-country').textContent = lead.country ? `(${lead.country})` : '';
    link(card.querySelector('.lead-phone'), lead.phone, 'tel:');
    link(card.querySelector('.lead-email'), lead.email, 'mailto:');
    const reasons = card.querySelector('.reasons');
    (entry.reasons || []).forEach((reason) => {
      const item = document.createElement('li');
      item.textContent = reason;
      reasons.appendChild(item);
    });
    return card;
  }

  function setBadge(element, value) {
    element.textContent = value || '';
    element.dataset.value = value || '';
    element.hidden = !value;
  }

  function link(anchor, value, scheme) {
    anchor.textContent = value || '';
    anchor.hidden = !value;
    if (value) {
      anchor.href = scheme + value.replace(/\s/g, '');
    }
  }

  function button(text, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.className = className;
    b.addEventListener('click', onClick);
    return b;
  }

  function reasonInput(className, placeholder) {
    const input = document.createElement('input');
    input.type = 'text';
    input.className = className;
    input.placeholder = placeholder;
    input.maxLength = 500;
    return input;
  }

  function pendingCard(entry) {
    const card = leadCard(entry);
    const id = entry.assignmentId;
    card.dataset.assignmentId = id;
    const countdown = document.createElement('span');
    countdown.className = 'countdown';
    countdown.dataset.deadline = entry.acceptBy || '';
    card.querySelector('.status').append('Accept within ', countdown);
    const actions = card.querySelector('.actions');
    const reason = reasonInput('decline-reason', 'Why do you decline? (required)');
    const confirm = button('Decline', 'confirm-decline danger', () => decline(card, id, reason.value.trim()));
    const cancel = button('Cancel', 'cancel-decline secondary', () => showDecline(false));
    const acceptButton = button('Accept', 'accept', () => accept(card, id));
    const declineButton = button('Decline…', 'decline secondary', () => showDecline(true));
    function showDecline(open) {
      [reason, confirm, cancel].forEach((e) => { e.hidden = !open; });
      [acceptButton, declineButton].forEach((e) => { e.hidden = open; });
      if (open) {
        reason.focus();
      }
    }
    reason.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        confirm.click();
      }
    });
    actions.append(acceptButton, declineButton, reason, confirm, cancel);
    showDecline(false);
    return card;
  }

  function acceptedCard(entry) {
    const card = leadCard(entry);
    const id = entry.assignmentId;
    card.dataset.assignmentId = id;
    const actions = card.querySelector('.actions');
    const reason = reasonInput('outcome-reason', 'Reason (required to disqualify)');
    actions.append(...OUTCOMES.map((outcome) => {
      const b = button(label(outcome), `outcome ${outcome === 'disqualified' ? 'danger' : 'secondary'}`,
        () => recordOutcome(card, id, outcome, reason.value.trim()));
      b.dataset.outcome = outcome;
      return b;
    }), reason);
    return card;
  }

  function updateAcceptedCard(card, entry) {
    const accepted = entry.acceptedAt ? `Accepted ${time(entry.acceptedAt)}` : 'Accepted';
    card.querySelector('.status').textContent = entry.outcome
      ? `${accepted} · outcome: ${label(entry.outcome)}` : `${accepted} · no outcome yet`;
    card.dataset.outcome = entry.outcome || '';
  }

  function taskCard(entry) {
    const card = entry.lead ? leadCard(entry) : leadCard({ leadId: entry.leadId });
    card.dataset.taskId = entry.taskId;
    card.dataset.full = entry.lead ? 'yes' : '';
    const what = entry.channel === 'linkedin_task' ? 'LinkedIn message' : 'Call';
    card.querySelector('.status').textContent = `${what}${entry.dueAt ? `, due ${time(entry.dueAt)}` : ''}`
      + `${entry.note ? ` · ${entry.note}` : ''}`;
    return card;
  }

  /** The task list may come before the socket's replay, which alone names the lead: redraw once it does. */
  function updateTaskCard(card, entry) {
    if (!card.dataset.full && entry.lead) {
      const fresh = taskCard(entry);
      fresh.dataset.key = card.dataset.key;
      card.replaceWith(fresh);
    }
  }

  function escalationCard(entry) {
    const card = leadCard(entry);
    card.dataset.assignmentId = entry.assignmentId || '';
    card.classList.add('escalation');
    const why = entry.reason === 'sla_breached' ? 'Not accepted within the speed-to-lead SLA'
      : entry.reason ? `Waiting in the queue (${entry.reason.replace(/^queued:\s*/, '')})` : 'Escalated';
    card.querySelector('.status').textContent = `${why} · ${time(new Date(entry.at).toISOString())}`;
    return card;
  }

  function time(instant) {
    return new Date(instant).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
  }

  /** Every second: time left until each acceptBy, on the service's clock; red under 30 s. */
  function tick() {
    const now = Date.now() + state.skewMs;
    document.querySelectorAll('.countdown').forEach((element) => {
      const deadline = Date.parse(element.dataset.deadline);
      if (Number.isNaN(deadline)) {
        element.textContent = '—';
        return;
      }
      // Whole seconds, rounded up, for the text and the colour alike: red from 0:29 on.
      const seconds = Math.ceil((deadline - now) / 1000);
      element.textContent = seconds > 0 ? duration(seconds) : 'time is up: moving on';
      element.classList.toggle('urgent', seconds > 0 && seconds * 1000 < URGENT_MS);
      element.classList.toggle('expired', seconds <= 0);
    });
  }

  function duration(total) {
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = String(total % 60).padStart(2, '0');
    return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
  }

  function setCardError(card, message) {
    let error = card.querySelector('.card-error');
    if (!error) {
      error = document.createElement('p');
      error.className = 'card-error error';
      error.setAttribute('role', 'alert');
      card.appendChild(error);
    }
    error.textContent = message || '';
    error.hidden = !message;
  }

  function notice(message) {
    const element = $('notice');
    element.textContent = message;
    element.hidden = false;
    clearTimeout(state.timers.notice);
    state.timers.notice = setTimeout(() => { element.hidden = true; }, NOTICE_MS);
  }

  function report(e) {
    if (e && e.status !== 401) {
      notice(e.message || String(e));
    }
  }

  // ---- Start ----

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const button = $('sign-in-button');
      button.disabled = true;
      signIn($('token').value.trim()).finally(() => { button.disabled = false; });
    });
    $('sign-out').addEventListener('click', () => signOut(null));
    $('presence').addEventListener('change', (event) => setPresence(event.target.value));
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) {
      signIn(saved);
    }
  });
})();
