// The staticdhcpd dashboard: plain DOM and a canvas, no library. Everything it shows comes from /api/v1
// (docs/management-api.md); text from the node is inserted as text, never as HTML.
"use strict";

const EVENT_KINDS = ["lease-granted", "lease-released", "lease-expired", "lease-declined", "unknown-mac", "member-joined", "member-left"];
const RATE_POINTS = 150;          // samples kept for the chart: 5 minutes at one every 2 s
const STATS_EVERY_MS = 2000;
const REFRESH_EVERY_MS = 5000;
const MAX_EVENTS = 200;

const $ = (sel) => document.querySelector(sel);
const clock = (t) => new Date(t).toLocaleTimeString([], { hour12: false });

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!r.ok) {
    let msg = `${r.status}`;
    try { const b = await r.json(); if (b.error) msg = `${b.error.code}: ${b.error.message}`; } catch { /* not JSON */ }
    throw new Error(`${path}: ${msg}`);
  }
  return r.json();
}

function showError(where, e) {
  const f = $("#error");
  f.hidden = false;
  f.textContent = `${where}: ${e.message || e}`;
}

function clearError() { $("#error").hidden = true; }

// ---- cluster ----
async function refreshCluster() {
  try {
    const c = await getJson("/api/v1/cluster");
    $("#self").textContent = c.selfNode || "";
    const unreachable = new Set((c.unreachable || []).map(u => u.node));
    const body = $("#members tbody");
    body.replaceChildren(...(c.members || []).map(m => {
      const status = unreachable.has(m.node) ? "Unreachable" : m.status;
      const notes = [m.node === c.leader ? "leader" : "", m.node === c.selfNode ? "this node" : ""].filter(Boolean).join(", ");
      return el("tr", { "data-node": m.node },
        el("td", { class: "mono" }, m.node),
        el("td", {}, el("span", { class: "badge " + String(status).toLowerCase() }, status)),
        el("td", {}, (m.roles || []).join(", ")),
        el("td", { class: "muted" }, notes));
    }));
    const u = $("#unreachable");
    u.hidden = unreachable.size === 0;
    u.textContent = unreachable.size ? "unreachable: " + [...unreachable].join(", ") : "";
    clearError();
  } catch (e) { showError("cluster", e); }
}

// ---- pools ----
let lastPools = null;   // the pools as last drawn, drawn again when their scans change
let scans = {};         // pool name -> its ARP scan (GET /api/v1/scans)

function renderPools(pools) {
  lastPools = pools;
  const box = $("#pools");
  if (!pools.length) { box.replaceChildren(el("p", { class: "muted" }, "no dynamic pools configured")); return; }
  box.replaceChildren(...pools.map(p => {
    const total = p.total || 0;
    const pct = (n) => total ? (100 * n / total) : 0;
    const used = total - (p.free || 0);
    const bar = el("div", { class: "bar", title: `${used} of ${total} in use` },
      ...[["bound", p.bound], ["offered", p.offered], ["declined", p.declined], ["inuse", p.inUse]]
        .map(([cls, n]) => { const s = el("span", { class: cls }); s.style.width = pct(n || 0) + "%"; return s; }));
    return el("div", { class: "pool", "data-pool": p.name },
      el("div", { class: "label" },
        el("span", {}, el("strong", {}, p.name), " ", el("span", { class: "muted mono" }, p.subnet)),
        el("span", { class: "muted" }, `${used} / ${total} (${pct(used).toFixed(1)}%) · ${p.bound} bound · ${p.free} free`)),
      bar, scanLine(p.name, scans[p.name]));
  }));
}

// A pool's ARP scan: its state (data-scan), progress and note, and a button to start one where the pool can be scanned.
function scanLine(pool, s) {
  if (!s) return el("div", { class: "scan muted" });
  const parts = [`scan: ${s.state}`];
  if (s.state !== "unavailable") parts.push(`${s.probed}/${s.total} probed (${s.percent}%)`, `${s.answered} answered`);
  if (s.interface) parts.push(`on ${s.interface}`);
  if (s.finishedAt) parts.push(`ended ${clock(s.finishedAt)}`); else if (s.startedAt) parts.push(`started ${clock(s.startedAt)}`);
  const line = el("div", { class: "scan muted", "data-scan": s.state }, el("span", {}, parts.join(" · ")));
  if (s.note) line.append(el("span", { class: "note" }, s.note));
  if (s.state !== "unavailable") {
    const b = el("button", { type: "button", class: "scan-start" }, "Scan");
    b.disabled = s.state === "running";
    b.addEventListener("click", () => startScan(pool));
    line.append(b);
  }
  return line;
}

async function refreshScans() {
  try {
    scans = Object.fromEntries((await getJson("/api/v1/scans")).map(s => [s.pool, s]));
    if (lastPools) renderPools(lastPools);
  } catch (e) { showError("scans", e); }
}

// A mutation: with a management token set the node wants it (asked once, kept for this tab).
async function startScan(pool) {
  const post = () => fetch(`/api/v1/pools/${encodeURIComponent(pool)}/scan`, { method: "POST", cache: "no-store",
    headers: sessionStorage.token ? { Authorization: "Bearer " + sessionStorage.token } : {} });
  try {
    let r = await post();
    if (r.status === 401 || r.status === 403) {
      const t = prompt("The node's management token (staticdhcpd.management.token):");
      if (!t) return;
      sessionStorage.token = t;
      r = await post();
    }
    const b = await r.json();
    if (!r.ok) throw new Error(b.error ? `${b.error.code}: ${b.error.message}` : `${r.status}`);
    scans[pool] = b;
    if (lastPools) renderPools(lastPools);
  } catch (e) { showError("scan", e); }
}

async function refreshPools() {
  try { renderPools(await getJson("/api/v1/pools")); } catch (e) { showError("pools", e); }
}

// ---- leases ----
let leaseQuery = "";
let leaseSeq = 0;

async function refreshLeases() {
  const seq = ++leaseSeq;
  try {
    const q = leaseQuery ? "&search=" + encodeURIComponent(leaseQuery) : "";
    const page = await getJson("/api/v1/leases?limit=200" + q);
    if (seq !== leaseSeq) return;   // a newer search has been sent meanwhile
    $("#lease-count").textContent = `${page.items.length} of ${page.total}`;
    $("#leases tbody").replaceChildren(...page.items.map(l => el("tr", { "data-address": l.address, "data-mac": l.mac },
      el("td", { class: "mono" }, l.address),
      el("td", { class: "mono" }, l.mac),
      el("td", { class: "mono" }, l.clientId || ""),
      el("td", {}, l.pool),
      el("td", {}, el("span", { class: "badge " + (l.state === "bound" ? "up" : l.state === "declined" ? "down" : "joining") }, l.state)),
      el("td", { class: "mono", title: l.expires || "" }, l.expires ? clock(l.expires) : ""),
      el("td", {}, l.hostname || ""))));
  } catch (e) { showError("leases", e); }
}

let searchTimer = 0;
$("#lease-search").addEventListener("input", (ev) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => { leaseQuery = ev.target.value.trim(); refreshLeases(); }, 200);
});

// ---- statistics and the rate chart ----
const samples = [];   // {t, pkt, ack} cumulative counters

function counter(counters, name, fallbackSuffix) {
  if (name in counters) return Number(counters[name]) || 0;
  // A node without the aggregate: sum the per-type counters.
  return Object.entries(counters).filter(([k]) => k.startsWith("pkt4-") && k.endsWith(fallbackSuffix))
    .reduce((s, [, v]) => s + (Number(v) || 0), 0);
}

async function pollStatistics() {
  try {
    const s = await getJson("/api/v1/statistics");
    const c = s.counters || {};
    samples.push({ t: Date.now(), pkt: counter(c, "pkt4-received", "-received"), ack: counter(c, "pkt4-ack-sent", "-ack-sent") });
    if (samples.length > RATE_POINTS + 1) samples.shift();
    if (s.pools) renderPools(s.pools);
    drawRates();
  } catch (e) { showError("statistics", e); }
}

function rates() {
  const out = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    const dt = (b.t - a.t) / 1000;
    if (dt <= 0) continue;
    // A counter going down means the node restarted: no rate for that interval.
    out.push({ t: b.t, pkt: b.pkt >= a.pkt ? (b.pkt - a.pkt) / dt : 0, ack: b.ack >= a.ack ? (b.ack - a.ack) / dt : 0 });
  }
  return out;
}

function drawRates() {
  const canvas = $("#rates");
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
  const g = canvas.getContext("2d");
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const css = getComputedStyle(document.documentElement);
  const left = 48, right = 10, top = 10, bottom = 24;
  const pw = w - left - right, ph = h - top - bottom;
  const data = rates();
  const max = niceMax(Math.max(1, ...data.map(d => Math.max(d.pkt, d.ack))));
  // The time axis grows with the samples, from one minute up to the five the chart keeps.
  const now = Date.now();
  const span = Math.min(RATE_POINTS * STATS_EVERY_MS, Math.max(60000, samples.length ? now - samples[0].t : 0));
  const x = (t) => left + pw * (1 - (now - t) / span);
  const y = (v) => top + ph * (1 - v / max);
  g.strokeStyle = "#e2e5ea"; g.fillStyle = "#6b7385"; g.font = "11px system-ui, sans-serif"; g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = max * i / 4, yy = Math.round(y(v)) + .5;
    g.beginPath(); g.moveTo(left, yy); g.lineTo(w - right, yy); g.stroke();
    g.textAlign = "right"; g.textBaseline = "middle"; g.fillText(formatRate(v), left - 6, yy);
  }
  g.textAlign = "center"; g.textBaseline = "top";
  const step = span <= 60000 ? 10000 : span <= 150000 ? 30000 : 60000;
  for (let back = 0; back <= span; back += step)
    g.fillText(back === 0 ? "now" : back % 60000 === 0 ? `-${back / 60000} min` : `-${back / 1000} s`, x(now - back), h - bottom + 6);
  for (const [key, color] of [["pkt", css.getPropertyValue("--pkt")], ["ack", css.getPropertyValue("--ack")]]) {
    g.strokeStyle = color.trim() || "#000"; g.lineWidth = 2; g.beginPath();
    data.forEach((d, i) => { const px = Math.max(left, x(d.t)), py = y(d[key]); i ? g.lineTo(px, py) : g.moveTo(px, py); });
    g.stroke();
  }
  const last = data[data.length - 1];
  $("#rates-now").textContent = last ? `now: ${formatRate(last.pkt)} packets/s, ${formatRate(last.ack)} leases/s` : "collecting…";
}

function niceMax(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function formatRate(v) { return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2).replace(/\.?0+$/, "") || "0"; }

// ---- live events ----
let refreshSoon = 0;
function scheduleRefresh() {
  clearTimeout(refreshSoon);
  refreshSoon = setTimeout(() => { refreshLeases(); refreshPools(); refreshCluster(); }, 300);
}

function describe(data) {
  return Object.entries(data).filter(([k, v]) => k !== "time" && v !== null && v !== "")
    .map(([k, v]) => `${k}=${v === null ? "" : typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
}

function addEvent(kind, data) {
  const time = clock(data.time || Date.now());
  const li = el("li", { class: "new", "data-kind": kind }, el("span", { class: "muted" }, time + " "), el("span", { class: "kind" }, kind), describe(data));
  const list = $("#events");
  list.prepend(li);
  while (list.children.length > MAX_EVENTS) list.lastChild.remove();
}

function connectEvents() {
  const live = $("#live");
  const source = new EventSource("/api/v1/events");
  source.onopen = () => { live.textContent = "events: live"; live.className = "badge on"; };
  source.onerror = () => { live.textContent = "events: reconnecting"; live.className = "badge off"; };   // EventSource retries itself
  for (const kind of EVENT_KINDS) {
    source.addEventListener(kind, (ev) => {
      let data = {};
      try { data = JSON.parse(ev.data); } catch { data = { data: ev.data }; }
      addEvent(kind, data);
      scheduleRefresh();
    });
  }
}

// ---- start ----
drawRates(); refreshCluster(); refreshPools(); refreshScans(); refreshLeases(); pollStatistics(); connectEvents();
setInterval(refreshCluster, REFRESH_EVERY_MS);
setInterval(refreshScans, REFRESH_EVERY_MS);
setInterval(refreshLeases, REFRESH_EVERY_MS);
setInterval(pollStatistics, STATS_EVERY_MS);
window.addEventListener("resize", drawRates);
