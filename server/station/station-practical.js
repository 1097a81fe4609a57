// The practical part of the browser station (docs/station.md, "The practical"): protocol 1.1's
// practical_start, download/file_chunk and upload_begin/upload_chunk/upload_ack
// (docs/protocol.md, "The practical test (1.1)"). station.js owns the connection, the login and
// the theory; it calls KhaothiPractical(api) once and hands this module the practical's messages.
//
// Nothing is lost: a hand-in is pending until its upload_ack says the version is on the server's
// disk. The File object stays in memory while it is pending, and after a reconnect the upload is
// begun again (the server's upload_ready says where to go on). What a reload cannot keep (the
// bytes of an un-acknowledged file) is named on the screen so that the candidate hands it in again.
'use strict';

window.KhaothiPractical = function KhaothiPractical(api) {
  const { s, el, $ } = api;
  // The server's limits (engine/practical_limits.h; station_practical_browser_test.cc checks that
  // these are the same numbers). The server enforces them; the page says them before an upload
  // and refuses a file that breaks them without sending it.
  const LIMITS = {
    maxFileBytes: 10485760,
    types: ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'txt', 'csv', 'png', 'jpg', 'jpeg'],
    maxFilesPerTask: 8,
    maxNameBytes: 100,
  };
  const CHUNK = 8192;  // kMaxUploadChunkBytes
  const WINDOW = 512 * 1024;  // bytes sent ahead of what the server has read
  const MARK = 64 * 1024;  // a ping after this many bytes: its pong says the server read them
  const STORE = 'khaothi-station-practical';

  const TEXT = {
    vi: {
      practicalTitle: 'Phần thi thực hành',
      practicalNext: 'Tiếp theo là phần thi thực hành. Đồng hồ phần thực hành chỉ chạy từ lúc bạn bắt đầu.',
      practicalBegin: 'Bắt đầu phần thực hành (T)', practicalKey: 't',
      task: 'Đề {n}', minutes: 'khoảng {m} phút',
      instructions: 'Đề bài', instructionsLoading: 'Đang tải đề bài…',
      starters: 'Tệp của đề (tải về, làm bài rồi nộp lại)', noStarters: 'Đề này không có tệp kèm theo.',
      fileLoading: 'đang tải…', fileFailed: 'không tải được',
      handIn: 'Nộp tệp', handInHelp: 'Chọn tệp bài làm (U) hoặc kéo thả tệp vào đây. Mỗi lần nộp là một phiên bản mới; phiên bản cuối cùng của mỗi tệp được chấm.',
      choose: 'Chọn tệp để nộp (U)', drop: 'Thả tệp vào đây để nộp cho đề {task}',
      limits: 'Chỉ nhận tệp {types}; mỗi tệp tối đa {mb} MB; tối đa {n} tệp khác tên cho mỗi đề.',
      from: 'từ tệp {name}',
      work: 'Tệp bài làm đã nộp', noWork: 'Chưa nộp tệp nào cho đề này.',
      colName: 'Tệp', colVersion: 'Lần', colSize: 'Cỡ', colTime: 'Lúc', colHash: 'Mã', colState: 'Trạng thái',
      saved: '✓ đã lưu', latest: '(bản được chấm)',
      hashing: '… đang đọc tệp', waitingServer: '… đang chờ máy chủ', sending: '… đang gửi {p}%',
      storing: '… máy chủ đang lưu', refused: '✗ không nhận: {why}',
      lost: 'Trang đã tải lại trước khi máy chủ nhận xong tệp {name} ({task}). Hãy nộp lại tệp này.',
      submitPractical: 'Nộp bài thực hành (N)',
      confirmPractical: 'Bạn chắc chắn nộp bài thực hành? Sau khi nộp không nộp thêm tệp được.',
      pendingUploads: 'Còn {p} tệp đang gửi: chờ máy chủ xác nhận rồi nộp.',
      ended: 'Bài thực hành đã nộp',
      endedBy: { candidate: 'Bạn đã nộp bài thực hành.', clock: 'Hết giờ: bài thực hành được nộp tự động.', proctor: 'Giám thị đã kết thúc bài thực hành.' },
      marked: 'Các tệp sẽ được chấm (phiên bản cuối cùng của mỗi tệp):',
      keysPractical: 'Phím: 1–9 chọn đề · U chọn tệp để nộp · N nộp bài thực hành',
      why: {
        type: 'loại tệp .{ext} không được phép',
        size: 'tệp {size} lớn hơn {mb} MB',
        name: 'tên tệp không dùng được',
      },
    },
    en: {
      practicalTitle: 'The practical test',
      practicalNext: 'The practical test comes next. Its clock runs only from when you begin it.',
      practicalBegin: 'Begin the practical (T)', practicalKey: 't',
      task: 'Task {n}', minutes: 'about {m} minutes',
      instructions: 'Instructions', instructionsLoading: 'Loading the instructions…',
      starters: 'The task\'s files (download, work on them, hand them in)', noStarters: 'This task has no files.',
      fileLoading: 'loading…', fileFailed: 'could not be loaded',
      handIn: 'Hand in a file', handInHelp: 'Choose your work file (U) or drop it here. Every hand-in is a new version; the latest version of each file is marked.',
      choose: 'Choose a file to hand in (U)', drop: 'Drop a file here to hand it in for task {task}',
      limits: 'Only {types} files; at most {mb} MB each; at most {n} differently named files per task.',
      from: 'from {name}',
      work: 'Work handed in', noWork: 'Nothing handed in for this task yet.',
      colName: 'File', colVersion: 'Version', colSize: 'Size', colTime: 'Time', colHash: 'Hash', colState: 'State',
      saved: '✓ saved', latest: '(the one marked)',
      hashing: '… reading the file', waitingServer: '… waiting for the server', sending: '… sending {p}%',
      storing: '… the server is saving it', refused: '✗ refused: {why}',
      lost: 'The page was reloaded before the server had all of {name} ({task}). Hand that file in again.',
      submitPractical: 'Hand in the practical (N)',
      confirmPractical: 'Hand in the practical? No file can be added afterwards.',
      pendingUploads: '{p} files are still being sent: wait for the server, then hand in.',
      ended: 'The practical is handed in',
      endedBy: { candidate: 'You handed in the practical.', clock: 'Time is up: the practical was handed in.', proctor: 'The proctor ended the practical.' },
      marked: 'The files that will be marked (the latest version of each):',
      keysPractical: 'Keys: 1–9 choose a task · U choose a file to hand in · N hand in the practical',
      why: {
        type: 'files of type .{ext} are not allowed',
        size: 'the file is {size}, over {mb} MB',
        name: 'the file name cannot be used',
      },
    },
  };
  // The server's refusals of an upload, in words (docs/protocol.md's codes).
  const ERRORS = {
    vi: {
      bad_task: 'đề không phải của bạn', bad_file_name: 'tên tệp không dùng được',
      bad_file_type: 'loại tệp không được phép', file_too_large: 'tệp lớn hơn 10 MB',
      too_many_files: 'đề này đã có đủ 8 tệp khác tên', quota_exceeded: 'đã dùng hết dung lượng cho phép',
      too_late: 'đã hết giờ làm bài thực hành', not_in_progress: 'bài thực hành không ở trạng thái đang làm',
      bad_hash: 'tệp thay đổi trong khi gửi; hãy nộp lại', no_practical: 'kỳ thi này không có phần thực hành',
      practical_not_open: 'phần thực hành chỉ mở sau phần trắc nghiệm',
    },
    en: {
      bad_task: 'the task is not yours', bad_file_name: 'the file name cannot be used',
      bad_file_type: 'that type of file is not allowed', file_too_large: 'the file is over 10 MB',
      too_many_files: 'this task already has 8 differently named files', quota_exceeded: 'the space allowed is used up',
      too_late: 'the practical\'s time is up', not_in_progress: 'the practical is not running',
      bad_hash: 'the file changed while it was sent; hand it in again', no_practical: 'this session has no practical',
      practical_not_open: 'the practical opens after the multiple-choice test',
    },
  };
  const UPLOAD_CODES = ['bad_task', 'bad_file_name', 'bad_file_type', 'file_too_large', 'too_many_files',
    'quota_exceeded', 'too_late', 'bad_hash', 'unknown_upload', 'bad_offset', 'not_saved', 'busy', 'not_in_progress'];

  // ---- State --------------------------------------------------------------------------------
  // Kept across a reload: the task shown, the versions acknowledged (the server's practical message
  // lists only each file's latest), and what was still pending, to name it if its bytes are gone.
  const saved = JSON.parse(sessionStorage.getItem(STORE) || '{}');
  const p = {
    info: null,  // the last practical message
    current: saved.current || 0,
    versions: saved.versions || {},  // task -> [{name, version, size, sha256, received_ms}]
    lost: saved.pending || [],  // hand-ins begun before a reload: {task, name, sha256}
    uploads: [],  // this page's hand-ins: {task, name, original, file, size, sha256, state, ...}
    active: null,  // the upload talking to the server (one at a time: errors name no upload_begin)
    files: {},  // sha256 -> {name, size, parts, have, url, text, failed}
    queue: [],  // downloads to ask for, one at a time
    fetching: null,
    marks: {},  // ping echo -> offset the server has read once it answers
    echo: 1000000,
    confirming: false,
    submitting: false,
    paused: false,  // the practical's clock is paused: a hand-in waits for the resume
  };
  function persist() {
    const pending = p.uploads.filter((u) => !['done', 'refused'].includes(u.state))
      .map((u) => ({ task: u.task, name: u.name, sha256: u.sha256 }));
    sessionStorage.setItem(STORE, JSON.stringify({
      current: p.current, versions: p.versions, pending: pending.concat(p.lost),
    }));
  }
  const lang = () => api.lang();
  const t = (key, vars) => {
    let v = TEXT[lang()][key];
    for (const [k, x] of Object.entries(vars || {})) v = v.replace('{' + k + '}', x);
    return v;
  };
  const running = () => !!p.info && ['in_progress', 'suspended'].includes(p.info.state);

  // ---- Names, sizes, times ----------------------------------------------------------------
  // A work file's name on the server is 1-100 ASCII letters, digits, '.', '_' and '-' with a
  // lower-case extension (docs/practical.md). A browser's file may be "Thư mời (1).docx": the
  // copy number a browser adds to a download is dropped, the Vietnamese letters lose their marks
  // (đ becomes d), anything else becomes '-'. The page shows the name it sends.
  function workName(original) {
    const dot = original.lastIndexOf('.');
    const ext = dot > 0 ? original.slice(dot + 1).toLowerCase() : '';
    let base = dot > 0 ? original.slice(0, dot) : original;
    base = base.replace(/\s*\(\d+\)$/, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+/, '').replace(/-+$/, '');
    base = base.slice(0, LIMITS.maxNameBytes - ext.length - 1);
    return { base: base || 'bai-lam', ext };
  }
  function size(n) {
    const [v, unit] = n >= 1048576 ? [n / 1048576, 'MB'] : n >= 1024 ? [n / 1024, 'KB'] : [n, 'B'];
    const text = unit === 'B' ? String(v) : v.toFixed(1);
    return (lang() === 'vi' ? text.replace('.', ',') : text) + ' ' + unit;
  }
  function clock(ms) {
    // Vietnam time, as the terminal client shows it.
    return new Date(ms).toLocaleTimeString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
  }
  function limitsText() {
    return t('limits', { types: LIMITS.types.map((x) => '.' + x).join(' '), mb: LIMITS.maxFileBytes / 1048576,
      n: LIMITS.maxFilesPerTask });
  }

  // ---- Bytes ------------------------------------------------------------------------------
  async function sha256(buffer) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buffer));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  function toBase64(bytes) {
    let text = '';
    for (let i = 0; i < bytes.length; i += 4096) text += String.fromCharCode(...bytes.subarray(i, i + 4096));
    return btoa(text);
  }
  function fromBase64(text) {
    const raw = atob(text);
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  // ---- The practical message --------------------------------------------------------------
  function onPractical(m) {
    p.info = m;
    p.submitting = false;
    p.paused = m.state === 'suspended';
    s.practical = true;
    s.running = m.state === 'in_progress';
    api.setRemaining(m.remaining_ms);
    p.current = Math.min(p.current, Math.max(0, m.tasks.length - 1));
    for (const task of m.tasks) {
      for (const w of task.work) addVersion(task.task, w);
      for (const f of [task.instructions, ...task.starters]) {
        if (!p.files[f.sha256]) {
          p.files[f.sha256] = { name: f.name, size: f.size, parts: [], have: 0, url: null, text: null, failed: false };
          p.queue.push(f.sha256);
        }
      }
    }
    if (!running()) {
      // Ended: what had not begun cannot be stored any more (one already sending may finish).
      for (const u of p.uploads.filter((x) => ['hashing', 'waiting'].includes(x.state))) {
        refuse(u, ERRORS[lang()].not_in_progress);
      }
    }
    s.screen = 'practical';
    persist();
    api.render();
    fetchNext();
    pump();
  }
  function addVersion(task, w) {
    const list = p.versions[task] || (p.versions[task] = []);
    if (!list.some((x) => x.name === w.name && x.version === w.version)) {
      list.push({ name: w.name, version: w.version, size: w.size, sha256: w.sha256, received_ms: w.received_ms });
      list.sort((a, b) => (a.name === b.name ? a.version - b.version : a.name < b.name ? -1 : 1));
    }
    // A file named as lost after a reload is no longer lost once the server has any version of it
    // with those bytes.
    p.lost = p.lost.filter((l) => !(l.task === task && l.name === w.name && l.sha256 === w.sha256));
  }

  // ---- Downloads: one file at a time, chunk after chunk ------------------------------------
  function fetchNext() {
    if (p.fetching || !s.connected || !p.info) return;
    const sha = p.queue.find((x) => !p.files[x].url && !p.files[x].failed);
    if (!sha) return;
    p.fetching = sha;
    api.send({ type: 'download', sha256: sha, offset: p.files[sha].have });
  }
  async function onChunk(m) {
    const f = p.files[m.sha256];
    if (!f || m.sha256 !== p.fetching || m.offset !== f.have) return;
    const bytes = fromBase64(m.data);
    f.parts.push(bytes);
    f.have += bytes.length;
    if (f.have < m.size && bytes.length > 0) {
      api.send({ type: 'download', sha256: m.sha256, offset: f.have });
      return;
    }
    const blob = new Blob(f.parts);
    f.parts = [];
    // Checked as the terminal client does before a file is given to the candidate.
    if (f.have !== m.size || (await sha256(await blob.arrayBuffer())) !== m.sha256) {
      f.failed = true;
    } else {
      f.url = URL.createObjectURL(blob);
      if (isInstructions(m.sha256)) f.text = await blob.text();
    }
    p.fetching = null;
    api.render();
    fetchNext();
  }
  const isInstructions = (sha) => !!p.info && p.info.tasks.some((x) => x.instructions.sha256 === sha);

  // ---- Uploads ------------------------------------------------------------------------------
  async function handIn(task, fileList) {
    for (const file of Array.from(fileList)) {
      const { base, ext } = workName(file.name);
      const u = { task, original: file.name, name: base + '.' + ext, file, size: file.size, sha256: '',
        state: 'hashing', why: '', offset: 0, read: 0, upload: null, resync: -1 };
      p.uploads.push(u);
      if (!LIMITS.types.includes(ext)) refuse(u, t('why').type.replace('{ext}', ext || '?'));
      else if (file.size > LIMITS.maxFileBytes) refuse(u, t('why').size.replace('{size}', size(file.size)).replace('{mb}', LIMITS.maxFileBytes / 1048576));
      api.render();
      if (u.state === 'refused') continue;
      try {
        u.sha256 = await sha256(await file.arrayBuffer());
      } catch (e) {
        refuse(u, String(e.message || e));
        continue;
      }
      u.state = 'waiting';
      persist();
      api.render();
      pump();
    }
  }
  function refuse(u, why) {
    u.state = 'refused';
    u.why = why;
    u.file = null;
    persist();
  }
  // Begins the next hand-in when none is talking to the server.
  function pump() {
    if (p.active || !s.connected || !running() || p.paused) return;
    const u = p.uploads.find((x) => x.state === 'waiting');
    if (!u) return;
    p.active = u;
    u.state = 'begun';
    api.send({ type: 'upload_begin', task: u.task, name: u.name, size: u.size, sha256: u.sha256 });
    api.render();
  }
  function onReady(m) {
    const u = p.active;
    if (!u || u.state !== 'begun') return;
    u.upload = m.upload;
    u.offset = u.read = m.offset;
    u.state = 'sending';
    sendChunks();
  }
  // Sends up to WINDOW bytes past what the server has read, reading the file MARK bytes at a time;
  // a ping after every MARK bytes comes back as a pong once the server has read (and written)
  // every chunk before it.
  async function sendChunks() {
    const u = p.active;
    if (!u || u.state !== 'sending' || u.sending) return;
    u.sending = true;
    try {
      while (u === p.active && u.state === 'sending' && s.connected && u.offset < u.size && u.offset - u.read < WINDOW) {
        const from = u.offset;
        const block = new Uint8Array(await u.file.slice(from, Math.min(u.size, from + MARK)).arrayBuffer());
        if (u !== p.active || u.state !== 'sending' || u.offset !== from || !s.connected) break;
        for (let at = 0; at < block.length; at += CHUNK) {
          const part = block.subarray(at, at + CHUNK);
          api.send({ type: 'upload_chunk', upload: u.upload, offset: from + at, data: toBase64(part) });
        }
        u.offset = from + block.length;
        p.echo += 1;
        p.marks[p.echo] = { u, offset: u.offset };
        api.send({ type: 'ping', echo: p.echo });
      }
    } finally {
      u.sending = false;
    }
  }
  function onPong(m) {
    const mark = p.marks[m.echo];
    if (!mark) return false;
    delete p.marks[m.echo];
    if (mark.u === p.active && mark.u.state === 'sending') {
      mark.u.read = Math.max(mark.u.read, mark.offset);
      if (mark.u.read === mark.u.size) mark.u.state = 'storing';
      api.render();
      sendChunks();
    }
    return true;
  }
  function onAck(m) {
    const u = p.active;
    addVersion(m.task, m);
    if (u && u.task === m.task && u.name === m.name && u.sha256 === m.sha256) {
      u.state = 'done';
      u.version = m.version;
      u.file = null;
      p.active = null;
    }
    api.setRemaining(m.remaining_ms);
    persist();
    api.render();
    pump();
  }
  // An error for the active hand-in (the protocol names no upload in an upload_begin's refusal:
  // one hand-in at a time is what lets the page tell whose refusal it is).
  function onUploadError(m) {
    const u = p.active;
    if (!u || !UPLOAD_CODES.includes(m.code)) return false;
    if (m.upload && u.upload && m.upload !== u.upload) return true;  // an older upload's chunk
    if (m.code === 'not_in_progress' && u.state !== 'begun' && !m.upload) return false;
    if (m.code === 'not_in_progress' && u.state === 'begun') {
      // Paused (or ended: then the practical message that follows says so): wait for the resume.
      u.state = 'waiting';
      p.active = null;
      p.paused = true;
      api.render();
      return true;
    }
    if (m.code === 'bad_offset' && typeof m.offset === 'number') {
      // Every chunk already on its way gets the same answer: go back once.
      if (u.resync !== m.offset) {
        u.resync = m.offset;
        u.offset = u.read = m.offset;
        sendChunks();
      }
      return true;
    }
    if (['not_saved', 'busy', 'unknown_upload'].includes(m.code)) {
      // The server could not take it now, or restarted: begin again (its offset says where).
      u.state = 'waiting';
      p.active = null;
      setTimeout(pump, m.code === 'unknown_upload' ? 0 : 1000);
      return true;
    }
    refuse(u, ERRORS[lang()][m.code] || m.message);
    p.active = null;
    api.render();
    pump();
    return true;
  }

  // ---- The connection ------------------------------------------------------------------------
  // Called by station.js when the socket closes: what was on its way is begun again once the
  // server has sent the practical again.
  function onDisconnect() {
    if (p.active) {
      p.active.state = 'waiting';
      p.active = null;
    }
    p.marks = {};
    p.fetching = null;
  }

  // ---- Screens ------------------------------------------------------------------------------
  function stateText(u) {
    if (u.state === 'refused') return t('refused', { why: u.why });
    if (u.state === 'hashing') return t('hashing');
    if (u.state === 'sending') return t('sending', { p: Math.floor((100 * u.read) / Math.max(1, u.size)) });
    if (u.state === 'storing') return t('storing');
    return t('waitingServer');
  }
  function fileLink(f, id) {
    const file = p.files[f.sha256];
    const label = f.name + ' · ' + size(f.size);
    if (file && file.url) return el('a', { href: file.url, download: f.name, id }, label);
    return el('span', { id }, label + ' · ' + (file && file.failed ? t('fileFailed') : t('fileLoading')));
  }
  function workTable(task, withState) {
    const versions = p.versions[task.task] || [];
    const latest = {};
    for (const v of versions) latest[v.name] = Math.max(latest[v.name] || 0, v.version);
    const rows = versions.map((v) => el('tr', { id: 'work-' + v.name + '-' + v.version },
      el('td', {}, v.name), el('td', { class: 'n' }, String(v.version)), el('td', { class: 'n' }, size(v.size)),
      el('td', { class: 'n' }, clock(v.received_ms)), el('td', { class: 'n' }, el('code', {}, v.sha256.slice(0, 8))),
      el('td', {}, t('saved') + (latest[v.name] === v.version ? ' ' + t('latest') : ''))));
    if (withState) {
      for (const u of p.uploads.filter((x) => x.task === task.task && x.state !== 'done')) {
        rows.push(el('tr', { class: u.state === 'refused' ? 'refused' : 'pending' },
          el('td', {}, u.name, u.name !== u.original ? el('span', { class: 'hint' }, ' (' + t('from', { name: u.original }) + ')') : null),
          el('td', {}, '—'), el('td', {}, size(u.size)), el('td', {}, '—'),
          el('td', {}, u.sha256 ? el('code', {}, u.sha256.slice(0, 8)) : '—'),
          el('td', {}, u.state === 'sending' || u.state === 'storing'
            ? [el('progress', { max: u.size || 1, value: u.read, 'aria-label': u.name }), ' ', stateText(u)]
            : el('span', { role: u.state === 'refused' ? 'alert' : null }, stateText(u)))));
      }
    }
    if (rows.length === 0) return el('p', { class: 'hint' }, t('noWork'));
    return el('table', { class: 'review work', 'aria-label': t('work') + ' · ' + task.task },
      el('thead', {}, el('tr', {}, ['colName', 'colVersion', 'colSize', 'colTime', 'colHash', 'colState'].map((k) => el('th', {}, t(k))))),
      el('tbody', {}, rows));
  }
  function pendingCount() {
    return p.uploads.filter((u) => !['done', 'refused'].includes(u.state)).length;
  }
  function screen() {
    const info = p.info;
    if (!running()) return endedScreen();
    const task = info.tasks[p.current];
    const tabs = el('div', { class: 'tasks', role: 'group', 'aria-label': t('practicalTitle') },
      info.tasks.map((x, i) => el('button', { type: 'button', class: 'secondary' + (i === p.current ? ' chosen' : ''),
        id: 'task-' + i, 'aria-pressed': i === p.current ? 'true' : 'false', onclick: () => show(i) },
      (i + 1) + '. ' + x.task + (i === p.current ? ' ◀' : ''))));
    const doc = p.files[task.instructions.sha256];
    // The input itself is hidden from sight only (the browser's own button speaks the PC's
    // language, not the page's): its label is the button, and Tab, Enter and Space still reach it.
    const input = el('input', { type: 'file', id: 'work-input', multiple: true, class: 'file',
      accept: LIMITS.types.map((x) => '.' + x).join(','), 'aria-describedby': 'limits' });
    input.addEventListener('change', () => { handIn(task.task, input.files); });
    const zone = el('section', { class: 'drop', id: 'drop', 'aria-labelledby': 'handin-title' },
      el('h2', { id: 'handin-title' }, t('handIn') + ' — ' + task.task),
      el('p', {}, t('handInHelp')), el('p', { id: 'limits', class: 'hint' }, limitsText()),
      el('label', { for: 'work-input', class: 'pick primary' }, t('choose'), input),
      el('p', { class: 'hint', 'aria-hidden': 'true' }, t('drop', { task: task.task })));
    zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (ev) => {
      ev.preventDefault();
      zone.classList.remove('over');
      if (ev.dataTransfer && ev.dataTransfer.files.length) handIn(task.task, ev.dataTransfer.files);
    });
    const n = pendingCount();
    const lost = p.lost.map((l) => el('p', { class: 'error', role: 'alert' }, t('lost', { name: l.name, task: l.task })));
    return el('div', { class: 'practical', id: 'practical' },
      el('h1', {}, t('practicalTitle')), api.msg(), lost, tabs,
      el('div', { class: 'cols' }, el('section', { class: 'task', 'aria-labelledby': 'task-title' },
        el('h2', { id: 'task-title' }, t('task', { n: p.current + 1 }) + ' · ' + task.task + ' · ' + task.title + ' · ' + t('minutes', { m: task.minutes })),
        el('h3', { id: 'instructions-title' }, t('instructions')),
        el('div', { class: 'instructions', id: 'instructions', tabindex: '0', role: 'region', 'aria-labelledby': 'instructions-title' }, doc && doc.text !== null ? doc.text : t('instructionsLoading')),
        el('h3', {}, t('starters')),
        task.starters.length
          ? el('ul', { class: 'starters' }, task.starters.map((f, i) => el('li', {}, fileLink(f, 'starter-' + i))))
          : el('p', {}, t('noStarters'))),
      el('div', { class: 'work-side' }, zone,
        el('section', { 'aria-labelledby': 'work-title' }, el('h2', { id: 'work-title' }, t('work')), workTable(task, true)))),
      p.confirming
        ? el('div', { role: 'alertdialog', 'aria-labelledby': 'pconfirm-text', class: 'confirm' },
          el('p', { id: 'pconfirm-text' }, n > 0 ? t('pendingUploads', { p: n }) : t('confirmPractical')),
          n > 0 ? null : el('button', { class: 'primary', type: 'button', id: 'practical-yes', autofocus: true, onclick: submit }, api.t('yes')),
          el('button', { class: 'secondary', type: 'button', id: 'practical-no', onclick: () => { p.confirming = false; api.render(); } }, api.t('no')))
        : el('button', { class: 'primary', type: 'button', id: 'practical-submit', onclick: () => { p.confirming = true; api.render(); } }, t('submitPractical')),
      el('p', { class: 'keys' }, t('keysPractical')));
  }
  function endedScreen() {
    const info = p.info;
    return el('div', { class: 'card wide', id: 'practical-ended' }, el('h1', {}, t('ended')),
      el('p', { role: 'status' }, TEXT[lang()].endedBy[info.submitted_by] || ''),
      el('p', {}, t('marked')),
      info.tasks.map((task) => [el('h2', {}, task.task + ' · ' + task.title), workTable(task, true)]),
      el('button', { class: 'primary', type: 'button', id: 'finish', autofocus: true, onclick: api.finish }, api.t('finish')));
  }
  function show(i) {
    p.current = i;
    p.confirming = false;
    persist();
    api.render();
  }
  function submit() {
    if (pendingCount() > 0 || p.submitting) return;
    p.submitting = true;
    api.send({ type: 'practical_submit' });
  }

  // ---- Keys ---------------------------------------------------------------------------------
  function key(ev, typing) {
    const k = ev.key;
    const lower = k.toLowerCase();
    if (!p.info) return false;
    if (!running()) {
      if (k === 'Enter') { api.finish(); return true; }
      return false;
    }
    if (typing) return false;
    if (p.confirming) {
      if (lower === api.t('yesKey')) submit();
      else if (lower === api.t('noKey') || k === 'Escape') { p.confirming = false; api.render(); }
      else return false;
      return true;
    }
    if (/^[1-9]$/.test(k) && Number(k) <= p.info.tasks.length) show(Number(k) - 1);
    else if (lower === 'u') $('work-input').click();
    else if (lower === 'n') { p.confirming = true; api.render(); }
    else return false;
    return true;
  }

  return {
    TEXT,
    // Whether the practical is still to come or running, so the theory's end does not stop the page.
    open: () => !p.info || running(),
    pending: pendingCount,
    onMessage(m) {
      if (m.type === 'practical') onPractical(m);
      else if (m.type === 'file_chunk') onChunk(m);
      else if (m.type === 'upload_ready') onReady(m);
      else if (m.type === 'upload_ack') onAck(m);
      else if (m.type === 'pong') return onPong(m);
      else if (m.type === 'time' && m.part === 'practical') {
        // station.js shows it and runs the clock; a resume lets a waiting hand-in begin.
        p.paused = m.event === 'pause';
        setTimeout(pump, 0);
        return false;
      } else return false;
      return true;
    },
    onError(m) {
      if (typeof m.seq === 'number') return false;
      if (m.code === 'unknown_file' && p.fetching) {
        p.files[p.fetching].failed = true;
        p.fetching = null;
        api.render();
        fetchNext();
        return true;
      }
      if (m.code === 'not_in_progress' && p.submitting) {
        p.submitting = false;
        return false;
      }
      if (ERRORS.vi[m.code] && ['no_practical', 'practical_not_open'].includes(m.code)) {
        api.show(ERRORS[lang()][m.code]);
        return true;
      }
      return onUploadError(m);
    },
    onDisconnect,
    start() { api.send({ type: 'practical_start' }); },
    screen,
    key,
    forget() { sessionStorage.removeItem(STORE); },
  };
};
