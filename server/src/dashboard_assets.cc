#include "dashboard_assets.h"

#include <array>

namespace khaothi::server {
namespace {

constexpr std::string_view kCss = R"css(
:root { --ok: #1b7f3b; --warn: #b26a00; --bad: #b3261e; --idle: #6b7280; --blue: #1f5fbf;
        font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 15px; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: #f4f5f7; color: #1f2328; }
a { color: var(--blue); }
.top { display: flex; align-items: center; gap: 1rem; background: #12355b; color: #fff;
       padding: .5rem 1rem; }
.top a { color: #fff; } .brand { font-weight: bold; text-decoration: none; }
.spacer { flex: 1; } .inline { display: inline; margin: 0; }
.top button { background: transparent; color: #fff; border: 1px solid #fff8; border-radius: 4px;
              padding: .2rem .6rem; cursor: pointer; }
.page { padding: 1rem; }
.card { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
        box-shadow: 0 2px 8px #0002; }
.card label, .panel label { display: block; margin: .6rem 0; font-size: .9rem; }
.card input, .panel input, .panel select, .panel textarea { display: block; width: 100%;
        padding: .4rem; font: inherit; margin-top: .2rem; border: 1px solid #aab; border-radius: 4px; }
button { font: inherit; }
.card button, .panel button { background: var(--blue); color: #fff; border: 0; border-radius: 4px;
        padding: .5rem 1rem; cursor: pointer; margin-top: .5rem; }
.error { color: var(--bad); } .warn { color: var(--warn); font-weight: bold; }
.notice { color: var(--ok); font-weight: bold; }
.error pre { white-space: pre-wrap; font: inherit; margin: .4rem 0; }
pre.instructions { white-space: pre-wrap; background: #fff; border: 1px solid #ccd;
        padding: .6rem; font: inherit; max-height: 24rem; overflow: auto; }
input.mark { width: 6rem; padding: .3rem; font: inherit; }
#marks-form textarea, #decide-form textarea { font: inherit; padding: .3rem; }
table.marks, table.files, table.both { width: auto; min-width: 40rem; }
tr.case.disputed td { background: #fff3cd; } tr.total td { font-weight: bold; }
#marks-form button, #decide-form button { background: var(--blue); color: #fff; border: 0;
        border-radius: 4px; padding: .5rem 1rem; cursor: pointer; }
.lang { font-size: .85rem; }
table.list { border-collapse: collapse; background: #fff; width: 100%; }
table.list th, table.list td { border: 1px solid #ccd; padding: .35rem .5rem; text-align: left;
        vertical-align: top; }
.bar { display: flex; align-items: center; gap: 1rem; margin-bottom: .8rem; flex-wrap: wrap; }
.counts { display: flex; gap: .5rem; flex-wrap: wrap; }
.count { background: #fff; border-radius: 4px; padding: .25rem .6rem; border-left: 4px solid var(--idle); }
.count b { font-size: 1.1rem; }
.live { font-size: .85rem; } .live.on { color: var(--ok); } .live.off { color: var(--bad); }
.layout { display: flex; gap: 1rem; align-items: flex-start; }
.grid { flex: 1; display: grid; grid-template-columns: repeat(auto-fill, minmax(12.5rem, 1fr));
        gap: .6rem; }
.panel { width: 19rem; background: #fff; padding: .8rem 1rem; border-radius: 6px;
         box-shadow: 0 1px 4px #0002; position: sticky; top: .5rem; }
.panel h2 { margin: 0 0 .4rem; font-size: 1.05rem; }
.tile { background: #fff; border-radius: 6px; padding: .5rem .6rem; border-left: 6px solid var(--idle);
        box-shadow: 0 1px 3px #0002; cursor: pointer; font-size: .88rem; line-height: 1.35; }
.tile.selected { outline: 3px solid var(--blue); }
.tile .sbd { font-weight: bold; } .tile .name { font-weight: 600; }
.tile .state { display: inline-block; border-radius: 3px; padding: 0 .35rem; color: #fff;
               background: var(--idle); font-size: .8rem; }
.tile .meta { color: #444; display: flex; justify-content: space-between; gap: 0 .4rem;
              white-space: nowrap; flex-wrap: wrap; }
.tile .lock { color: #fff; background: var(--bad); border-radius: 3px; padding: 0 .3rem;
              font-weight: bold; }
.tile .inc { color: var(--bad); font-weight: bold; }
.tile .report, .tile .refused { color: #fff; background: var(--warn); border-radius: 3px;
               padding: 0 .3rem; margin-top: .2rem; white-space: normal; }
.s-ended { border-left-color: #5a0f0a; background: #fbe4e2; }
.s-ended .state { background: #5a0f0a; }
tr.ended td { background: #fbe4e2; }
.s-waiting, .s-unlocked { border-left-color: var(--warn); }
.s-waiting .state, .s-unlocked .state { background: var(--warn); }
.s-in_progress { border-left-color: var(--ok); } .s-in_progress .state { background: var(--ok); }
.s-disconnected, .s-suspended { border-left-color: var(--bad); }
.s-disconnected .state, .s-suspended .state { background: var(--bad); }
.s-submitted { border-left-color: var(--blue); } .s-submitted .state { background: var(--blue); }
.tile .via { font-size: .85rem; } .tile .via-seb { font-weight: bold; }
.tile .via-browser { color: var(--bad); font-weight: bold; }
.tile.locked { box-shadow: 0 0 0 2px var(--bad); }
.time.low { color: var(--bad); font-weight: bold; }
.report { background: #fff; }
.sheet { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem; }
.sheet h1 { text-align: center; font-size: 1.3rem; }
.facts th { text-align: left; padding-right: 1rem; }
.minutes { white-space: pre-wrap; font-style: italic; margin-top: .3rem; }
.signatures { display: flex; justify-content: space-around; margin: 2.5rem 0 5rem; text-align: center; }
.tools { display: flex; justify-content: space-between; }
.printed { color: #666; font-size: .8rem; }
@media print { .noprint { display: none; } .sheet { padding: 0; } body { font-size: 12pt; } }
)css";

constexpr std::string_view kRoomJs = R"js('use strict';
(function () {
  const main = document.getElementById('room');
  const session = main.dataset.session, room = main.dataset.room, csrf = main.dataset.csrf;
  const vi = main.dataset.lang !== 'en';
  const T = vi ? {
    not_logged_in: 'Chưa đăng nhập', waiting: 'Chờ mở khóa', unlocked: 'Đã mở khóa',
    in_progress: 'Đang làm bài', disconnected: 'Mất kết nối', suspended: 'Tạm dừng',
    submitted: 'Đã nộp bài', total: 'Tổng', live: 'Đang cập nhật trực tiếp',
    offline: 'Mất kết nối tới máy chủ — đang thử lại', locked: 'KHÓA: sai mật khẩu nhiều lần',
    since: 'từ', last: 'Liên lạc', room: 'Cả phòng', ok: 'Đã thực hiện.',
    paused: 'PHÒNG ĐANG TẠM DỪNG', closed: 'PHÒNG ĐÃ ĐÓNG', pc: 'Máy', left: 'Còn',
    ended: 'Đình chỉ thi', report: 'Báo sai thông tin', refused: 'Từ chối đăng nhập từ máy',
    at: 'lúc', failed: 'Thao tác bị từ chối.', neterr: 'Không gửi được tới máy chủ; hãy thử lại.',
    incidents: (n) => n + ' sự việc',
    practical: 'Thực hành', p_running: 'còn', p_paused: 'tạm dừng, còn', p_done: 'đã nộp',
    seb: 'SEB', browser: 'trình duyệt thường',
    confirm_end: (s) => 'Đình chỉ thi thí sinh ' + s + '? Bài thi sẽ kết thúc ngay và không thể hoàn tác.',
    confirm_close: 'Đóng phòng thi? Sau khi đóng, mọi thao tác trong phòng đều bị từ chối.',
  } : {
    not_logged_in: 'Not logged in', waiting: 'Waiting for unlock', unlocked: 'Unlocked',
    in_progress: 'In progress', disconnected: 'Disconnected', suspended: 'Suspended',
    submitted: 'Submitted', total: 'Total', live: 'Live', offline: 'No connection to the server — retrying',
    locked: 'LOCKED: too many wrong passwords', since: 'since', last: 'Contact',
    room: 'Whole room', ok: 'Done.', paused: 'ROOM PAUSED',
    closed: 'ROOM CLOSED', pc: 'PC', left: 'Left',
    ended: 'Ended (violation)', report: 'Reports wrong data', refused: 'Login refused from PC',
    at: 'at', failed: 'The action was refused.', neterr: 'Could not reach the server; try again.',
    incidents: (n) => n + (n === 1 ? ' incident' : ' incidents'),
    practical: 'Practical', p_running: 'left', p_paused: 'paused,', p_done: 'handed in',
    seb: 'SEB', browser: 'ordinary browser',
    confirm_end: (s) => 'End the exam of ' + s + ' for a violation? It ends at once and cannot be undone.',
    confirm_close: 'Close the room? Afterwards every action in it is refused.',
  };
  const order = ['not_logged_in', 'waiting', 'unlocked', 'in_progress', 'disconnected',
                 'suspended', 'submitted', 'ended'];
  const grid = document.getElementById('seats'), counts = document.getElementById('counts');
  const live = document.getElementById('live'), sel = document.getElementById('act-sbd');
  const kind = document.getElementById('act-kind'), result = document.getElementById('act-result');
  let selected = '', known = '';
  const tz = main.dataset.tz;

  // Clock times follow the centre's zone, whatever the browser's.
  function clock(ms) {
    if (!ms) return '—';
    const d = new Date(ms);
    return d.toLocaleTimeString(vi ? 'vi-VN' : 'en-GB', { hour12: false, timeZone: tz });
  }
  function left(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function render(snap) {
    counts.replaceChildren();
    const c = el('span', 'count'); c.append(T.total + ': ', el('b', '', String(snap.total)));
    counts.append(c);
    for (const k of order) {
      const n = snap.counts[k] || 0;
      const e = el('span', 'count s-' + k); e.id = 'count-' + k;
      e.append(T[k] + ': ', el('b', '', String(n)));
      counts.append(e);
    }
    if (snap.room_state !== 'open') {
      const e = el('span', 'count warn', snap.room_state === 'paused' ? T.paused : T.closed);
      e.id = 'room-state'; counts.append(e);
    }
    grid.replaceChildren();
    for (const s of snap.seats) {
      const t = el('div', 'tile s-' + s.state + (s.locked ? ' locked' : '') +
                   (s.sbd === selected ? ' selected' : ''));
      t.dataset.sbd = s.sbd; t.dataset.state = s.state;
      const head = el('div', 'meta');
      head.append(el('span', 'sbd', s.sbd), el('span', 'state', T[s.state] || s.state));
      t.append(head, el('div', 'name', s.name));
      const m1 = el('div', 'meta');
      m1.append(el('span', '', T.pc + ': ' + (s.machine || '—')),
                el('span', 'answered', s.answered + '/' + s.total));
      t.append(m1);
      const m2 = el('div', 'meta');
      const time = el('span', 'time' + (s.remaining_ms < 300000 && s.state === 'in_progress' ? ' low' : ''),
                      T.left + ' ' + (s.state === 'submitted' || s.state === 'ended' ? '—'
                                      : left(s.remaining_ms)));
      m2.append(time, el('span', 'contact',
        (s.state === 'disconnected' ? T.since + ' ' : T.last + ' ') + clock(s.last_contact_ms)));
      t.append(m2);
      if (s.practical && s.practical !== 'created' && s.practical !== 'unlocked') {
        // The practical's own clock, once it has started (the theory's line shows the theory).
        const done = s.practical === 'submitted' || s.practical === 'graded';
        t.append(el('div', 'meta practical',
          T.practical + ': ' + (done ? T.p_done
                                     : (s.practical === 'suspended' ? T.p_paused : T.p_running) +
                                       ' ' + left(s.practical_remaining_ms))));
      }
      // Safe Exam Browser or not, in words, where it matters: the session has a .seb file, or
      // the seat proved SEB anyway.
      if (s.client === 'seb' || (snap.seb && s.client === 'browser')) {
        t.append(el('div', 'via via-' + s.client, T[s.client]));
      }
      if (s.locked) t.append(el('div', 'lock', T.locked));
      if (s.report) t.append(el('div', 'report', T.report + ': ' + s.report));
      if (s.refused_login) {
        t.append(el('div', 'refused', T.refused + ' ' + s.refused_login.machine + ' ' + T.at +
                                      ' ' + clock(s.refused_login.at_ms)));
      }
      if (s.incidents) t.append(el('div', 'inc', T.incidents(s.incidents)));
      t.addEventListener('click', () => { selected = s.sbd; sel.value = s.sbd; render(snap); });
      grid.append(t);
    }
    const list = snap.seats.map(s => s.sbd).join(',');
    if (list !== known) {
      known = list;
      const keep = sel.value;
      sel.replaceChildren(new Option(T.room, ''));
      for (const s of snap.seats) sel.append(new Option(s.sbd + ' — ' + s.name, s.sbd));
      sel.value = keep;
    }
  }
  let ws = null, pinger = null;
  function connect() {
    ws = new WebSocket('wss://' + location.host + '/ws/proctor?session=' +
                       encodeURIComponent(session) + '&room=' + encodeURIComponent(room));
    ws.onopen = () => { live.textContent = '● ' + T.live; live.className = 'live on';
                        pinger = setInterval(() => ws.send('{"type":"ping"}'), 10000); };
    ws.onmessage = (ev) => { const m = JSON.parse(ev.data); if (m.type === 'room') render(m); };
    ws.onclose = () => { live.textContent = '● ' + T.offline; live.className = 'live off';
                         clearInterval(pinger); setTimeout(connect, 1000); };
  }
  function fields() {
    const k = kind.value;
    document.getElementById('f-extra').hidden = k !== 'extend';
    document.getElementById('f-text').hidden = !(k === 'notice' || k === 'notice_all');
    document.getElementById('f-minutes').hidden = k !== 'end';
    document.getElementById('f-reason').hidden = k === 'notice' || k === 'notice_all';
  }
  kind.addEventListener('change', fields);
  sel.addEventListener('change', () => { selected = sel.value; });
  document.getElementById('act').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let k = kind.value;
    const body = { reason: document.getElementById('act-reason').value.trim() };
    if (!k.endsWith('_room') && !k.endsWith('_all')) body.sbd = sel.value;
    if (k === 'unlock_all') { k = 'unlock'; body.all = true; }
    if (k === 'notice_all') { k = 'notice'; body.all = true; }
    if (k === 'notice') body.text = document.getElementById('act-text').value.trim();
    if (k === 'end') body.minutes = document.getElementById('act-minutes').value.trim();
    if (k === 'extend') body.extra_minutes = parseInt(document.getElementById('act-extra').value, 10);
    // The two actions that cannot be undone ask first.
    if (k === 'end' && !window.confirm(T.confirm_end(sel.value))) return;
    if (k === 'close_room' && !window.confirm(T.confirm_close)) return;
    result.className = ''; result.textContent = '…';
    try {
      const res = await fetch('/api/room/' + encodeURIComponent(session) + '/' +
                              encodeURIComponent(room) + '/' + k, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(body) });
      const out = await res.json();
      result.className = out.ok ? 'ok' : 'error';
      // The server words its refusals in this page's language.
      result.textContent = out.ok ? T.ok : (out.message || T.failed);
      if (out.ok) {
        // Nothing of this action stays in the form for the next one; after an irreversible one
        // the action itself goes back to the first, harmless choice.
        for (const id of ['act-reason', 'act-text', 'act-minutes']) {
          document.getElementById(id).value = '';
        }
        document.getElementById('act-extra').value = '5';
        if (k === 'end' || k === 'close_room') { kind.value = 'unlock'; fields(); }
      }
    } catch (e) { result.className = 'error'; result.textContent = T.neterr; }
  });
  fields();
  connect();
})();
)js";

constexpr std::string_view kReportJs = R"js('use strict';
document.getElementById('print').addEventListener('click', () => window.print());
)js";

const std::array<std::pair<std::string_view, Asset>, 3> kAssets = {{
    {"/static/app.css", {"text/css; charset=utf-8", kCss}},
    {"/static/room.js", {"text/javascript; charset=utf-8", kRoomJs}},
    {"/static/report.js", {"text/javascript; charset=utf-8", kReportJs}},
}};

}  // namespace

const Asset* FindAsset(std::string_view path) {
  for (const auto& [p, asset] : kAssets) {
    if (p == path) {
      return &asset;
    }
  }
  return nullptr;
}

}  // namespace khaothi::server
