// The support console: list messages by state, channel and time, open one, redrive or cancel it where its state allows.
// Every piece of data goes into the page as text (textContent), never as markup.
const states = ["Scheduled", "Accepted", "Processing", "Retrying", "Delivered", "Failed", "Expired", "Cancelled"];
const redrivable = ["Failed"];
const cancellable = ["Scheduled", "Accepted", "Retrying"];
const $ = id => document.getElementById(id);
const filterForm = $("filters");
const status = $("status");
const table = $("messages");
const rows = table.querySelector("tbody");
const paging = $("paging");
const detail = $("detail");
const actionResult = $("action-result");
const keyForm = $("key");
const keyInput = $("api-key");
// Asked once where the service has keys, then kept for this browser session only (sessionStorage, never a cookie).
const keyItem = "aggregator.apiKey";

const query = new URLSearchParams(location.search);
// The page size; a smaller one through ?limit= (the API takes 1–200).
const limit = /^\d+$/.test(query.get("limit") ?? "") ? query.get("limit") : "50";
const filters = { state: query.get("state") ?? "", channel: query.get("channel") ?? "", since: query.get("since") ?? "", until: query.get("until") ?? "" };
// Cursors of the pages shown so far, newest first: "" is the newest page, each "Older" adds the API's nextCursor.
let cursors = [""];
let openId = query.get("message");
let settings = null;

class KeyNeeded extends Error {}

class ApiFailure extends Error {}

async function call(method, url) {
  const headers = { Accept: "application/json" };
  const key = sessionStorage.getItem(keyItem);
  if (key) headers["X-Api-Key"] = key;
  let response;
  try {
    response = await fetch(url, { method, headers });
  } catch {
    throw new ApiFailure("The support API cannot be reached. Check that the Delivery service is running, then try again.");
  }
  const body = (response.headers.get("content-type") ?? "").includes("json") ? await response.json() : null;
  return { status: response.status, body };
}

// A read: the body on 200, null on 404; a key prompt on 401/403; an ApiFailure on anything else.
async function read(url) {
  const { status: code, body } = await call("GET", url);
  if (code === 401 || code === 403) {
    sessionStorage.removeItem(keyItem);
    throw new KeyNeeded(code === 401
      ? "This service needs an API key."
      : "Your key lacks the role to read messages: it needs the support role (or submit, for its own messages).");
  }
  if (code === 404) return null;
  if (code === 400 && body?.errors) throw new ApiFailure(`The filters are not valid: ${Object.values(body.errors).flat().join(" ")}`);
  if (code !== 200) throw new ApiFailure(`The support API answered ${code}${reason(body)}. Try again in a moment.`);
  return body;
}

// A problem detail's title, without the full stop the sentence around it adds.
const reason = problem => problem?.title ? `: ${String(problem.title).replace(/[.\s]+$/, "")}` : "";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

function time(value) {
  if (!value) return "—";
  const t = new Date(value);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
}

// A datetime-local input holds local time without a zone; the API wants an instant.
const toInstant = local => local ? new Date(local).toISOString() : "";
const toLocal = instant => {
  if (!instant || Number.isNaN(Date.parse(instant))) return "";
  const t = new Date(instant);
  return new Date(t.getTime() - t.getTimezoneOffset() * 60000).toISOString().slice(0, 23);
};

function listQuery(extra) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(name, value);
  return params.toString();
}

function remember() {
  const params = new URLSearchParams(listQuery({ message: openId ?? "" }));
  if (query.has("limit")) params.set("limit", limit);
  history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
}

function showFilters() {
  $("state").value = filters.state;
  $("channel").value = filters.channel;
  $("since").value = toLocal(filters.since);
  $("until").value = toLocal(filters.until);
}

function stateBadge(state) {
  const badge = element("span", `state ${state}`, state);
  badge.dataset.state = state;
  return badge;
}

function renderCounts(counts) {
  const total = states.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
  const all = element("button", filters.state ? "count" : "count active");
  all.type = "button";
  all.dataset.state = "";
  all.append(element("span", "name", "All"), element("span", "n", total));
  $("counts").replaceChildren(all, ...states.map(state => {
    const button = element("button", filters.state === state ? `count ${state} active` : `count ${state}`);
    button.type = "button";
    button.dataset.state = state;
    button.append(element("span", "name", state), element("span", "n", counts[state] ?? 0));
    return button;
  }));
}

function renderPage(page) {
  rows.replaceChildren(...page.items.map(message => {
    const row = element("tr", message.messageId === openId ? "selected" : "");
    row.dataset.id = message.messageId;
    row.tabIndex = 0;
    const stateCell = element("td");
    stateCell.append(stateBadge(message.state));
    row.append(
      element("td", "time", time(message.createdAt)),
      stateCell,
      element("td", "", message.channel),
      element("td", "recipient", message.recipient),
      element("td", "number", message.attempts),
      element("td", "", message.priority),
      element("td", "id", message.messageId));
    return row;
  }));
  table.hidden = page.items.length === 0;
  const newest = cursors.length === 1;
  paging.hidden = newest && !page.nextCursor;
  $("newest").disabled = newest;
  $("older").disabled = !page.nextCursor;
  $("older").dataset.cursor = page.nextCursor ?? "";
  $("page-number").textContent = `Page ${cursors.length}`;
  status.className = "";
  status.textContent = page.items.length === 0
    ? (newest ? "No messages match these filters." : "No older messages.")
    : "";
  if (page.items.length === 0) status.className = "empty";
}

function failed(error) {
  // Counts of an earlier answer would pass for current ones.
  $("counts").replaceChildren();
  table.hidden = true;
  paging.hidden = true;
  status.className = "error";
  if (error instanceof KeyNeeded) {
    status.textContent = error.message;
    keyForm.hidden = false;
    keyInput.focus();
    return;
  }
  status.textContent = error instanceof ApiFailure ? error.message : `The console failed: ${error.message}`;
}

async function load() {
  remember();
  status.className = "loading";
  status.textContent = "Loading messages…";
  document.body.classList.add("busy");
  try {
    const [counts, page] = await Promise.all([
      read(`/api/v1/messages/counts?${listQuery({ state: "" })}`),
      read(`/api/v1/messages?${listQuery({ limit, cursor: cursors.at(-1) })}`),
    ]);
    renderCounts(counts);
    renderPage(page);
    if (openId && detail.hidden) await open(openId);
  } catch (error) {
    failed(error);
  } finally {
    document.body.classList.remove("busy");
  }
}

function field(term, value, node) {
  const list = $("fields");
  list.append(element("dt", "", term));
  const description = element("dd");
  description.dataset.field = term;
  if (node) description.append(node);
  else description.textContent = value ?? "—";
  list.append(description);
}

function traceLink(traceId) {
  if (!settings) return null;
  const link = element("a", "trace", `${traceId} ↗`);
  // The trace page looks up whatever id follows the # (its own links use the same form).
  link.href = `${settings.tracePageUrl}/#${encodeURIComponent(traceId)}`;
  link.target = "_blank";
  link.rel = "noopener";
  return link;
}

function renderAttempt(attempt) {
  const item = element("li", `attempt ${attempt.outcome}`);
  const head = element("div", "attempt-head");
  const duration = Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt);
  head.append(
    element("strong", "", `Attempt ${attempt.attempt}`),
    element("span", "outcome", attempt.outcome),
    element("span", "time", `${time(attempt.startedAt)} → ${time(attempt.finishedAt)}`),
    element("span", "duration", `${duration} ms`));
  item.append(head);
  if (attempt.error) item.append(element("div", "error", attempt.error));
  if (attempt.provider) {
    item.append(element("div", "provider",
      `Provider ${attempt.provider}${attempt.providerMessageId ? `, id ${attempt.providerMessageId}` : ""}${attempt.providerStatus ? `, status ${attempt.providerStatus}` : ""}`));
  }
  const tried = element("ol", "tried");
  tried.append(...(attempt.providersTried ?? []).map(t =>
    element("li", `try ${t.outcome}`, `${t.provider}: ${t.outcome}${t.error ? ` — ${t.error}` : ""}`)));
  if (tried.children.length) item.append(element("div", "label", "Providers tried"), tried);
  return item;
}

function renderDetail(message) {
  $("detail-title").replaceChildren(element("span", "", "Message "), stateBadge(message.state));
  $("fields").replaceChildren();
  field("Message id", message.messageId);
  field("Trace", null, traceLink(message.traceId) ?? element("span", "", message.traceId));
  field("Channel", message.channel);
  field("Recipient", message.recipient);
  field("Priority", message.priority);
  field("Created", time(message.createdAt));
  field("Updated", time(message.updatedAt));
  field("Send at", time(message.sendAt));
  field("Expires at", time(message.expiresAt));
  if (message.nextAttemptAt) field("Next attempt", time(message.nextAttemptAt));
  if (message.deliveredAt) field("Delivered", time(message.deliveredAt));
  if (message.failedAt) field("Failed", time(message.failedAt));
  if (message.stuckSince) field("Stuck since", time(message.stuckSince));
  field("Attempts", message.attempts);
  field("Provider status", message.providerStatus ?? "none reported");
  if (message.lastError) field("Last error", message.lastError);
  const attempts = message.attemptHistory ?? [];
  $("attempts").replaceChildren(...attempts.map(renderAttempt));
  if (!attempts.length) $("attempts").append(element("li", "none", "No attempt yet."));
  const audit = message.audit ?? [];
  $("audit").replaceChildren(...audit.map(entry =>
    element("li", "", `${time(entry.at)}: ${entry.action} by ${entry.by} from ${entry.fromState}`)));
  if (!audit.length) $("audit").append(element("li", "none", "No redrive or cancel."));
  $("redrive").hidden = !redrivable.includes(message.state);
  $("cancel").hidden = !cancellable.includes(message.state);
  for (const row of rows.children) row.classList.toggle("selected", row.dataset.id === message.messageId);
  detail.hidden = false;
}

async function open(id) {
  openId = id;
  remember();
  try {
    const message = await read(`/api/v1/messages/${encodeURIComponent(id)}`);
    if (!message) {
      close();
      status.className = "error";
      status.textContent = `Message ${id} is not known (or not yours to see).`;
      return;
    }
    actionResult.textContent = "";
    actionResult.className = "";
    renderDetail(message);
  } catch (error) {
    failed(error);
  }
}

function close() {
  openId = null;
  detail.hidden = true;
  for (const row of rows.children) row.classList.remove("selected");
  remember();
}

function say(text, kind) {
  actionResult.className = kind;
  actionResult.textContent = text;
}

// After a 202 the change lands a moment later (a redrive goes through the saga): follow the message until its audit
// shows it and its new attempt has run (no longer Accepted or Processing), for a few seconds at most, then show it and
// the list as they are.
async function follow(id, auditBefore) {
  const deadline = Date.now() + 10000;
  let message = null;
  while (Date.now() < deadline) {
    message = await read(`/api/v1/messages/${encodeURIComponent(id)}`);
    if (!message || ((message.audit ?? []).length > auditBefore && !["Accepted", "Processing"].includes(message.state))) break;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  if (message && openId === id) renderDetail(message);
  await load();
}

async function act(name, method, path, role) {
  const id = openId;
  const auditBefore = $("audit").querySelectorAll("li:not(.none)").length;
  say(`${name}…`, "loading");
  try {
    const { status: code, body } = await call(method, path);
    if (code === 202) {
      say(`Accepted (202): ${name.toLowerCase()} of ${id} requested.`, "ok");
      await follow(id, auditBefore);
    } else if (code === 409) {
      say(`Refused (409): ${body?.title ?? "not allowed in this state"} ${body?.detail ?? ""}`.trim(), "error");
    } else if (code === 403) {
      say(`Forbidden (403): your key lacks the role for this (${role}).`, "error");
    } else if (code === 401) {
      sessionStorage.removeItem(keyItem);
      failed(new KeyNeeded("This service needs an API key."));
      say("Not allowed (401): enter an API key above, then try again.", "error");
    } else if (code === 404) {
      say(`Not found (404): ${body?.detail ?? id}`, "error");
    } else {
      say(`The support API answered ${code}${reason(body)}.`, "error");
    }
  } catch (error) {
    say(error.message, "error");
  }
}

filterForm.addEventListener("submit", event => {
  event.preventDefault();
  filters.state = $("state").value;
  filters.channel = $("channel").value;
  filters.since = toInstant($("since").value);
  filters.until = toInstant($("until").value);
  cursors = [""];
  load();
});

$("clear").addEventListener("click", () => {
  Object.assign(filters, { state: "", channel: "", since: "", until: "" });
  showFilters();
  cursors = [""];
  load();
});

$("counts").addEventListener("click", event => {
  const button = event.target.closest("button[data-state]");
  if (!button) return;
  filters.state = button.dataset.state;
  showFilters();
  cursors = [""];
  load();
});

$("older").addEventListener("click", event => {
  cursors.push(event.currentTarget.dataset.cursor);
  load();
});

$("newest").addEventListener("click", () => {
  cursors = [""];
  load();
});

rows.addEventListener("click", event => {
  const row = event.target.closest("tr[data-id]");
  if (row) open(row.dataset.id);
});

rows.addEventListener("keydown", event => {
  const row = event.target.closest("tr[data-id]");
  if (row && (event.key === "Enter" || event.key === " ")) {
    event.preventDefault();
    open(row.dataset.id);
  }
});

$("close").addEventListener("click", close);
$("redrive").addEventListener("click", () => act("Redrive", "POST", `/api/v1/messages/${encodeURIComponent(openId)}/redrive`, "redrive"));
$("cancel").addEventListener("click", () => act("Cancel", "DELETE", `/api/v1/messages/${encodeURIComponent(openId)}`, "redrive, or submit for its own messages"));

// The input's pattern keeps out what no header can carry (printable ASCII only); the browser says so before this runs.
keyForm.addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem(keyItem, keyInput.value.trim());
  keyForm.reset();
  keyForm.hidden = true;
  load();
});

showFilters();
fetch("/console/settings.json").then(r => r.json()).then(s => { settings = s; }).catch(() => { settings = null; }).finally(load);
