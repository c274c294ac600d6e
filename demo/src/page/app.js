// The demo page: fetch the list of calls from our own origin, make each call
// to the API with a real fetch(), and colour the row by what the browser let
// the page read. No framework, no build step.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function code(text) {
  return el("code", {}, text);
}

// A WebSocket call: connect, send the body, wait for the echo. The browser
// gives the page no status for a refused upgrade, only an error.
function webSocketCall(api, call) {
  return new Promise((resolve) => {
    const socket = new WebSocket(api.replace(/^http/, "ws") + call.path);
    const timer = setTimeout(() => { socket.close(); resolve({ allowed: false, error: "timed out" }); }, 5000);
    socket.onopen = () => socket.send(call.body);
    socket.onmessage = (event) => {
      clearTimeout(timer);
      resolve({ allowed: true, status: 101, statusText: "Switching Protocols", body: String(event.data), headers: [] });
      socket.close();
    };
    socket.onerror = () => {
      clearTimeout(timer);
      resolve({ allowed: false, error: "WebSocket error: the upgrade was refused" });
    };
  });
}

async function makeCall(api, call) {
  if (call.kind === "websocket") return webSocketCall(api, call);
  const init = {
    method: call.method,
    credentials: call.credentials ? "include" : "omit",
    headers: Object.fromEntries(call.headers),
  };
  if (call.body !== null) init.body = call.body;
  try {
    const response = await fetch(api + call.path, init);
    const body = await response.text();
    const headers = call.read_headers.map((name) => [name, response.headers.get(name)]);
    return { allowed: true, status: response.status, statusText: response.statusText, body, headers };
  } catch (error) {
    return { allowed: false, error: String(error) };
  }
}

function describe(result) {
  if (!result.allowed) {
    return [code(result.error), el("br"), el("span", { class: "muted" }, "no status, no body, no headers")];
  }
  const parts = [code(`${result.status} ${result.statusText}`)];
  for (const [name, value] of result.headers) {
    parts.push(" ", code(value === null ? `${name}: (hidden)` : `${name}: ${value}`));
  }
  const body = result.body.length > 70 ? result.body.slice(0, 70) + "…" : result.body;
  if (body) parts.push(el("br"), el("span", { class: "muted" }, body));
  return parts;
}

// Consecutive calls answered by one policy of one path share a cell spanning their rows.
function samePolicy(a, b) {
  return a.path === b.path && a.policy === b.policy;
}

function policyCell(calls, index) {
  if (index > 0 && samePolicy(calls[index - 1], calls[index])) return [];
  let span = 1;
  while (index + span < calls.length && samePolicy(calls[index + span], calls[index])) span += 1;
  return [el("td", { class: "policy", rowspan: span }, code(calls[index].policy))];
}

async function main() {
  const config = await (await fetch("/config.json")).json();
  const pageOrigin = location.origin;
  document.getElementById("page-origin").textContent = pageOrigin;
  document.getElementById("api-origin").textContent = config.api;
  const expectedHere = pageOrigin === config.expected_origin;
  if (!expectedHere) {
    const warning = document.getElementById("warning");
    warning.style.display = "block";
    warning.textContent = `The policies list ${config.expected_origin}, and this page is ${pageOrigin}: ` +
      "a different origin (scheme, host and port must match byte for byte), so listed-origin calls are blocked here.";
  }

  const tbody = document.querySelector("#calls tbody");
  const rows = config.calls.map((call, index) => {
    const verdict = el("td", { class: "verdict" }, "…");
    const seen = el("td", { class: "seen" }, "");
    const details = call.kind === "websocket" ? ["new WebSocket(...)"] : [`credentials: ${call.credentials ? "include" : "omit"}`,
      ...call.headers.map(([name, value]) => `${name}: ${value}`)];
    if (call.body !== null) details.push(`body: ${call.body}`);
    const row = el("tr", { class: "pending", "data-verdict": "pending" },
      el("td", {}, index + 1),
      el("td", { class: "call" }, el("b", {}, call.kind === "websocket" ? `WS ${call.path}` : `${call.method} ${call.path}`),
        el("div", { class: "details" }, details.join("\n"))),
      ...policyCell(config.calls, index),
      verdict,
      seen,
      el("td", {}, call.lesson));
    tbody.append(row);
    return { call, row, verdict, seen };
  });

  let allowed = 0, blocked = 0, mismatches = 0;
  for (const { call, row, verdict, seen } of rows) {
    const result = await makeCall(config.api, call);
    row.className = result.allowed ? "allowed" : "blocked";
    row.dataset.verdict = row.className;
    verdict.textContent = result.allowed ? "✔ allowed" : "✘ blocked";
    if (expectedHere && result.allowed !== call.allowed) {
      mismatches += 1;
      verdict.append(el("br"), el("span", { class: "mismatch" }, `⚠ expected ${call.allowed ? "allowed" : "blocked"}`));
    }
    seen.append(...describe(result));
    if (result.allowed) allowed += 1; else blocked += 1;
  }

  const summary = document.getElementById("summary");
  summary.textContent = `${allowed} allowed, ${blocked} blocked by the browser` +
    (expectedHere ? (mismatches ? ` — ${mismatches} not as expected` : " — all as expected") : "");
  document.body.dataset.allowed = allowed;
  document.body.dataset.blocked = blocked;
  document.body.dataset.done = "true";
}

main().catch((error) => {
  document.getElementById("summary").textContent = `the demo page failed: ${error}`;
  document.body.dataset.done = "error";
});
