// The studio page: plain JavaScript, no build step, nothing from the network.
"use strict";

const $ = (sel) => document.querySelector(sel);
const S = { state: null, voices: [], chapter: 1, selected: null, tab: "lines", ab: null, playingChapter: null };

async function api(path, body) {
  const opts = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) };
  const response = await fetch(path, opts);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) { showError(data.error || response.statusText); throw new Error(data.error); }
  hideError();
  return data;
}
function showError(text) { const e = $("#error"); e.textContent = text; e.hidden = false; }
function hideError() { $("#error").hidden = true; }
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k === "style") node.style.cssText = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}
const byId = (id) => S.state.lines.find((l) => l.id === id);
const fmt = (s) => s == null ? "" : `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, "0")}`;

async function load() {
  S.state = await api("/api/state");
  const st = S.state;
  document.title = `${st.book.title} — audiobook studio`;
  $("#book-title").textContent = st.book.title;
  $("#book-meta").textContent = ` ${st.book.author ? "· " + st.book.author + " " : ""}· ${st.lines.length} lines`;
  if (st.error) showError(st.error);
  setBusy(st.busy);
  if (!st.chapters.some((c) => c.number === S.chapter) && st.chapters.length) S.chapter = st.chapters[0].number;
  drawChapters(); drawCast(); drawLines(); drawInspector(); drawRecast();
  $("#queue-count").textContent = st.queue.length;
  if (!S.state.rendered) setStatus("idle", "not rendered yet: press Render book");
}

function setBusy(busy) {
  if (busy.busy && busy.by === "other") setStatus("busy", "busy: " + busy.label);
  else if (busy.busy) setStatus("running", busy.label + "…");
}
function setStatus(state, text) { const s = $("#status"); s.dataset.state = state; s.textContent = text; s.title = text; }

function drawChapters() {
  const list = $("#chapters"); list.replaceChildren();
  for (const c of S.state.chapters) {
    list.append(el("li", { class: c.number === S.chapter ? "active" : "", "data-chapter": c.number,
      onclick: () => { S.chapter = c.number; S.tab = "lines"; drawTabs(); drawChapters(); drawLines(); } },
    el("span", {}, `${c.number}. ${c.title}`), el("span", { class: "count" }, c.duration ? fmt(c.duration) : "—")));
  }
}

function drawCast() {
  const list = $("#cast"); list.replaceChildren();
  for (const c of S.state.cast) {
    list.append(el("li", { "data-name": c.name, onclick: () => { $("#recast-name").value = c.name; drawRecastVoice(); } },
      el("span", { class: "dot", style: `background:${c.colour}` }), el("b", {}, c.name),
      el("span", { class: "count" }, `${c.lines} line${c.lines === 1 ? "" : "s"}`), el("span", { class: "voice" }, c.voice + (c.hand_cast ? "" : " (pool)"))));
  }
}

function lineRow(l) {
  const conf = l.kind === "dialogue" ? l.confidence : null;
  const hue = conf == null ? 0 : Math.round(120 * conf);
  const badges = el("div", {});
  if (l.verify !== undefined) badges.append(el("span", { class: "badge " + (l.flagged ? "flag" : "ok"),
    title: "verify: " + JSON.stringify(l.verify) }, l.flagged ? "⚑ verify" : "✓"));
  if (l.stale) badges.append(el("span", { class: "badge stale", title: "changed since the last render" }, "stale"));
  if (l.take) badges.append(el("span", { class: "badge take" }, "take " + l.take));
  const row = el("div", { class: `line ${l.kind}${l.heading ? " heading" : ""}${S.selected === l.id ? " selected" : ""}`,
    "data-id": l.id, onclick: () => select(l.id) },
  el("button", { class: "play", title: "play this line", onclick: (e) => { e.stopPropagation(); select(l.id); playLine(); } }, "▶"),
  el("div", { class: "who", style: `color:${l.colour}` }, l.speaker, el("span", { class: "id" }, l.id)),
  el("div", { class: "text" }, l.text),
  el("div", { class: "meta" }, conf == null ? "" : conf.toFixed(2),
    conf == null ? null : el("div", { class: "conf", title: l.reason }, el("div", { style: `width:${conf * 100}%;background:hsl(${hue},60%,55%)` })),
    badges));
  return row;
}

function drawLines() {
  const box = $("#lines"); box.replaceChildren();
  if (S.tab === "queue") {
    box.append(el("div", { class: "chapter-head" }, "Least certain and flagged lines first"));
    for (const id of S.state.queue) { const l = byId(id); if (l) box.append(lineRow(l)); }
    return;
  }
  const ch = S.state.chapters.find((c) => c.number === S.chapter);
  if (ch) box.append(el("div", { class: "chapter-head" }, `Chapter ${ch.number}: ${ch.title}`));
  for (const l of S.state.lines) if (l.chapter === S.chapter) box.append(lineRow(l));
}

function drawTabs() {
  for (const t of document.querySelectorAll(".tab")) t.classList.toggle("active", t.dataset.tab === S.tab);
}

function select(id, scroll = false) {
  S.selected = id;
  const l = byId(id);
  if (l && l.chapter !== S.chapter && S.tab === "lines") { S.chapter = l.chapter; drawChapters(); drawLines(); }
  for (const r of document.querySelectorAll(".line")) r.classList.toggle("selected", r.dataset.id === id);
  if (scroll) document.querySelector(`.line[data-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "nearest" });
  S.ab = null; drawInspector();
}

function drawInspector() {
  const l = S.selected && byId(S.selected);
  $("#line-id").textContent = l ? l.id : "(click a line)";
  $("#line-reason").textContent = l ? (l.kind === "dialogue" ? `${l.confidence.toFixed(2)} · ${l.reason}` : l.kind)
    + ` · ${l.voice}` + (l.start != null ? ` · ${fmt(l.start)}–${fmt(l.end)}` : "") : "";
  const sp = $("#edit-speaker"); sp.replaceChildren();
  const names = S.state.cast.map((c) => c.name);
  if (l && !names.includes(l.speaker)) names.push(l.speaker);
  for (const n of names) sp.append(el("option", { value: n }, n));
  sp.value = l ? l.speaker : "narrator";
  $("#edit-text").value = l ? l.text : "";
  for (const b of ["#save-line", "#play-line", "#play-from", "#split-line", "#merge-line", "#another-take"]) $(b).disabled = !l;
  $("#ab").hidden = !S.ab;
  if (S.ab) { $("#take-a").textContent = S.ab.a; $("#take-b").textContent = S.ab.b; }
}

function drawRecast() {
  const sel = $("#recast-name"); const was = sel.value; const voice = $("#recast-voice").value; sel.replaceChildren();
  for (const c of S.state.cast) sel.append(el("option", { value: c.name }, c.name));
  const same = was && S.state.cast.some((c) => c.name === was);
  if (same) sel.value = was;
  drawRecastVoice(same ? voice : null);
}
function drawRecastVoice(keep = null) {
  const c = S.state.cast.find((x) => x.name === $("#recast-name").value);
  const sel = $("#recast-voice"); sel.replaceChildren();
  const groups = {};
  const list = S.voices.some((v) => v.spec === c?.voice) || !c ? S.voices : [{ spec: c.voice, gender: "", language: "" }, ...S.voices];
  for (const v of list) {
    const engine = v.spec.split(":")[0];
    groups[engine] ??= el("optgroup", { label: engine });
    groups[engine].append(el("option", { value: v.spec }, `${v.spec}  ${v.gender ? "· " + v.gender : ""} ${v.language ? "· " + v.language : ""}`));
  }
  sel.append(...Object.values(groups));
  if (keep && S.voices.some((v) => v.spec === keep)) sel.value = keep; else if (c) sel.value = c.voice;
}

// ---- listening ----
function clipUrl(id, take) { return `/clip/${encodeURIComponent(id)}?` + (take != null ? `take=${take}&` : "") + `v=${Date.now()}`; }
function playUrl(url) { const a = $("#clip-audio"); $("#chapter-audio").pause(); a.src = url; a.play().catch(() => {}); }
function playLine() { if (S.selected) playUrl(clipUrl(S.selected)); }
function chapterUrl(ch) { return `/book/${encodeURIComponent(ch.file)}?v=${ch.version}`; }
function playFrom() {
  const l = S.selected && byId(S.selected); if (!l) return;
  const ch = S.state.chapters.find((c) => c.number === l.chapter);
  if (!ch || !ch.file) { showError("this chapter is not rendered yet"); return; }
  const a = $("#chapter-audio"); $("#clip-audio").pause();
  const start = l.start || 0;
  const go = () => { a.currentTime = start; a.play().catch(() => {}); };
  if (!a.src.includes(chapterUrl(ch))) { a.src = chapterUrl(ch); a.addEventListener("loadedmetadata", go, { once: true }); } else go();
  S.playingChapter = ch.number;
  $("#now-playing").textContent = `Chapter ${ch.number}: ${ch.title}`;
}
function follow() {
  const a = $("#chapter-audio"); const t = a.currentTime;
  const l = S.state.lines.find((x) => x.chapter === S.playingChapter && x.start != null && x.start <= t && t < x.end);
  for (const r of document.querySelectorAll(".line.playing")) if (!l || r.dataset.id !== l.id) r.classList.remove("playing");
  if (!l) return;
  const row = document.querySelector(`.line[data-id="${CSS.escape(l.id)}"]`);
  if (row && !row.classList.contains("playing")) {
    row.classList.add("playing");
    if ($("#follow").checked) row.scrollIntoView({ block: "center", behavior: "smooth" });
  }
}
function reloadChapter() {
  const a = $("#chapter-audio"); if (S.playingChapter == null) return;
  const ch = S.state.chapters.find((c) => c.number === S.playingChapter);
  if (ch && ch.file && !a.src.includes(chapterUrl(ch))) { const t = a.currentTime; a.src = chapterUrl(ch);
    a.addEventListener("loadedmetadata", () => { a.currentTime = t; }, { once: true }); }
}

// ---- fixing ----
async function job(promise) { const j = await promise; setStatus("running", j.label + " (queued)"); return j; }
async function saveLine() {
  const l = byId(S.selected); if (!l) return;
  const body = {};
  if ($("#edit-text").value.trim() !== l.text.trim()) body.text = $("#edit-text").value;
  if ($("#edit-speaker").value !== l.speaker) body.speaker = $("#edit-speaker").value;
  if (!Object.keys(body).length) { setStatus("idle", "nothing changed"); return; }
  S.playingChapter = S.playingChapter ?? l.chapter;
  await job(api(`/api/lines/${encodeURIComponent(l.id)}`, body));
}
async function splitLine() {
  const t = $("#edit-text"); const at = t.selectionStart;
  await job(api(`/api/lines/${encodeURIComponent(S.selected)}/split`, { at }));
}
async function mergeLine() { await job(api(`/api/lines/${encodeURIComponent(S.selected)}/merge`, {})); }
async function anotherTake() {
  const body = S.ab ? { take: S.ab.b + 1 } : {};
  await job(api(`/api/lines/${encodeURIComponent(S.selected)}/take`, body));
}
async function keepB() { if (S.ab) await job(api(`/api/lines/${encodeURIComponent(S.ab.id)}/keep`, { take: S.ab.b })); }
async function audition() {
  await job(api(`/api/cast/${encodeURIComponent($("#recast-name").value)}/audition`, { voice: $("#recast-voice").value }));
}
async function recast() {
  await job(api(`/api/cast/${encodeURIComponent($("#recast-name").value)}`, { voice: $("#recast-voice").value }));
}
function pron() { return { word: $("#pron-word").value, say: $("#pron-say").value }; }
async function pronPreview() {
  const data = await api("/api/pronunciations/preview", pron());
  const list = $("#pron-lines"); list.replaceChildren();
  if (!data.lines.length) list.append(el("li", { class: "muted" }, "no line changes"));
  for (const l of data.lines) list.append(el("li", { "data-id": l.id, onclick: () => select(l.id, true) },
    el("span", { class: "mono" }, l.id + " "), l.spoken));
}
async function pronApply() { await job(api("/api/pronunciations", pron())); }

// ---- progress, pushed by the server ----
function onEvent(ev) {
  const bar = $("#progress-bar");
  if (ev.type === "queued") setStatus("running", ev.label + " (queued)");
  else if (ev.type === "started") { setStatus("running", ev.label + "…"); bar.style.width = "5%"; }
  else if (ev.type === "progress") { setStatus("running", `${ev.label}: synthesising ${ev.line} (${ev.done}/${ev.total})`);
    bar.style.width = `${Math.round(100 * ev.done / ev.total)}%`; }
  else if (ev.type === "script" || ev.type === "cast") setStatus("running", ev.label + ": files written, rendering…");
  else if (ev.type === "done" || ev.type === "failed") {
    bar.style.width = ev.type === "done" ? "100%" : "0";
    const r = ev.result || {}; const s = r.summary;
    let text = ev.type === "failed" ? `${ev.label} failed: ${ev.error}` : `${ev.label}: done`;
    if (s) text += ` — synthesized ${s.synthesized}, cached ${s.cached}, chapters rebuilt ${s.chapters_rebuilt} of ${s.chapters}`;
    if (r.followed) text += ` — ${r.followed.length} more line(s) changed speaker` +
      r.followed.slice(0, 5).map(([id, a, b]) => ` ${id} ${a}→${b}`).join(",");
    if (r.b !== undefined) { S.ab = { id: r.id, a: r.a, b: r.b }; text += ` — take ${r.b} ready: listen A/B`; }
    if (ev.type === "failed") showError(text);
    if (r.url) { const a = $("#audition-audio"); a.src = r.url; $("#audition-text").textContent = `“${r.text}”`; a.play().catch(() => {}); }
    const keep = S.ab;
    // the status says "done" only once the page shows the job's result (cast, lines, player)
    const finish = () => { setStatus(ev.type, text); $("#status").dataset.job = ev.job; };
    load().then(() => { S.ab = keep && S.selected === keep.id ? keep : null; if (r.new_id) select(S.selected);
      drawInspector(); reloadChapter(); }).finally(finish);
  }
}
function listen() {
  const source = new EventSource("/api/events");
  source.onmessage = (m) => onEvent(JSON.parse(m.data));
}

// ---- keys ----
function move(step) {
  const ids = S.tab === "queue" ? S.state.queue : S.state.lines.filter((l) => l.chapter === S.chapter).map((l) => l.id);
  if (!ids.length) return;
  const i = ids.indexOf(S.selected);
  select(ids[Math.max(0, Math.min(ids.length - 1, i < 0 ? 0 : i + step))], true);
}
document.addEventListener("keydown", (e) => {
  if (["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName)) {
    if (e.key === "Escape") document.activeElement.blur();
    return;
  }
  const actions = { j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
    r: playLine, p: playFrom, e: () => $("#edit-text").focus(),
    Escape: () => { $("#clip-audio").pause(); $("#chapter-audio").pause(); } };
  if (actions[e.key]) { e.preventDefault(); actions[e.key](); }
});

// ---- wiring ----
$("#save-line").onclick = saveLine; $("#play-line").onclick = playLine; $("#play-from").onclick = playFrom;
$("#split-line").onclick = splitLine; $("#merge-line").onclick = mergeLine; $("#another-take").onclick = anotherTake;
$("#play-a").onclick = () => S.ab && playUrl(clipUrl(S.ab.id, S.ab.a));
$("#play-b").onclick = () => S.ab && playUrl(clipUrl(S.ab.id, S.ab.b));
$("#keep-b").onclick = keepB; $("#audition").onclick = audition; $("#apply-recast").onclick = recast;
$("#recast-name").onchange = () => drawRecastVoice();
$("#pron-preview").onclick = pronPreview; $("#pron-apply").onclick = pronApply;
$("#render-book").onclick = () => job(api("/api/render", {}));
$("#follow-fixes").onclick = () => job(api("/api/follow", {}));
$("#chapter-audio").addEventListener("timeupdate", follow);
for (const t of document.querySelectorAll(".tab")) t.onclick = () => { S.tab = t.dataset.tab; drawTabs(); drawLines(); };
listen();
api("/api/voices").then((v) => { S.voices = v; if (S.state) drawRecast(); }).catch(() => {});
load();
