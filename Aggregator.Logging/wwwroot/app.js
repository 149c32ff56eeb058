// The trace page: look up a trace id (32 hex) or a message id (UUID) and draw one timeline, a colour per service.
const palette = ["#3d7eff", "#16a34a", "#c026d3", "#ea580c", "#0891b2", "#a16207"];
const form = document.getElementById("lookup");
const input = document.getElementById("id");
const status = document.getElementById("status");
const summary = document.getElementById("summary");
const timeline = document.getElementById("timeline");
const keyForm = document.getElementById("key");
const keyInput = document.getElementById("api-key");
// Asked once where the service has keys, then kept for this browser session only (sessionStorage, never a cookie).
const keyItem = "aggregator.apiKey";

class KeyNeeded extends Error {}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function getJson(url) {
  const headers = { Accept: "application/json" };
  const key = sessionStorage.getItem(keyItem);
  if (key) headers["X-Api-Key"] = key;
  const response = await fetch(url, { headers });
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(keyItem);
    throw new KeyNeeded(response.status === 401
      ? "This service needs an API key."
      : "This key may not read logs: it needs the logs-read role.");
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

async function traceIdFor(id) {
  if (!uuid.test(id)) return id.toLowerCase();
  const page = await getJson(`/api/v1/logs?messageId=${encodeURIComponent(id)}&limit=50`);
  const withTrace = (page?.items ?? []).find(entry => entry.traceId);
  return withTrace ? withTrace.traceId : null;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render(trace) {
  const colours = new Map(trace.services.map((service, i) => [service, palette[i % palette.length]]));
  const start = Date.parse(trace.firstTimestamp);
  summary.replaceChildren(
    element("div", "", `Trace ${trace.traceId}: ${trace.entries.length} entries over ${Date.parse(trace.lastTimestamp) - start} ms`),
    Object.assign(element("div", "services"), {}));
  const services = summary.querySelector(".services");
  for (const [service, colour] of colours) {
    const badge = element("span", "", service);
    badge.style.background = colour;
    services.append(badge);
  }
  summary.hidden = false;
  timeline.replaceChildren(...trace.entries.map(entry => {
    const row = element("li", `entry ${entry.level}`);
    row.dataset.service = entry.service;
    row.style.setProperty("--lane", colours.get(entry.service));
    row.append(
      element("span", "offset", `+${Date.parse(entry.timestamp) - start} ms`),
      element("span", "service", entry.service),
      element("span", "level", entry.level));
    const details = element("details");
    details.append(element("summary", "message", entry.message));
    const extra = { timestamp: entry.timestamp, messageId: entry.messageId, template: entry.messageTemplate, properties: entry.properties, exception: entry.exception };
    details.append(element("pre", "", JSON.stringify(extra, null, 2)));
    row.append(details);
    return row;
  }));
}

async function show(id) {
  status.textContent = "Looking up…";
  summary.hidden = true;
  timeline.replaceChildren();
  try {
    const traceId = await traceIdFor(id.trim());
    const trace = traceId ? await getJson(`/api/v1/traces/${encodeURIComponent(traceId)}`) : null;
    if (!trace) {
      status.textContent = `Nothing logged for ${id}.`;
      return;
    }
    status.textContent = "";
    render(trace);
  } catch (error) {
    if (error instanceof KeyNeeded) {
      status.textContent = error.message;
      keyForm.hidden = false;
      keyInput.focus();
      return;
    }
    status.textContent = `The lookup failed: ${error.message}`;
  }
}

keyForm.addEventListener("submit", event => {
  event.preventDefault();
  const key = keyInput.value.trim();
  // A header carries printable ASCII only; anything else would fail every later lookup.
  if (!/^[\x21-\x7E]+$/.test(key)) {
    status.textContent = "An API key is printable ASCII without spaces.";
    return;
  }
  sessionStorage.setItem(keyItem, key);
  keyInput.value = "";
  keyForm.hidden = true;
  if (input.value.trim()) show(input.value);
});

form.addEventListener("submit", event => {
  event.preventDefault();
  history.replaceState(null, "", `#${input.value.trim()}`);
  show(input.value);
});

if (location.hash.length > 1) {
  input.value = decodeURIComponent(location.hash.slice(1));
  show(input.value);
}
