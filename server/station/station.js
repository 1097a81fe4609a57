// The candidate's station in the browser (docs/station.md). It speaks protocol v1 over the same
// candidate WebSocket (/ws) as the terminal client (docs/protocol.md): nothing here is a second
// protocol. Every answer and flag is pending until the server's ack; pending writes live in
// memory and in sessionStorage and are sent again, with their sequence numbers, after every
// reconnect. The server's clock is the only clock: the countdown runs from the last remaining_ms.
// It says protocol 1.1 in its hello, as the terminal client does: a session with a practical then
// goes on to the practical after the theory (station-practical.js, loaded before this file).
'use strict';

(function () {
  const TEXT = {
    vi: {
      title: 'Thi trắc nghiệm', other: 'English', loading: 'Đang tải…',
      resuming: 'Đang kết nối lại để làm tiếp bài thi…',
      login: 'Đăng nhập', sbd: 'Số báo danh', password: 'Mật khẩu (trên phiếu dự thi)',
      enter: 'Đăng nhập', loginHint: 'Gõ số báo danh và mật khẩu dùng một lần rồi nhấn Enter.',
      data: 'Thông tin thí sinh', fullName: 'Họ và tên', dob: 'Ngày sinh', sex: 'Giới tính',
      pob: 'Nơi sinh', idNumber: 'Số định danh', room: 'Phòng thi', session: 'Kỳ thi',
      dataRight: 'Thông tin đúng (Enter)', dataWrong: 'Báo sai thông tin (R)',
      reportWhat: 'Thông tin nào sai? (không bắt buộc)', send: 'Gửi cho giám thị',
      reported: 'Đã báo cho giám thị. Giám thị sẽ đến kiểm tra; bạn vẫn có thể tiếp tục.',
      waiting: 'Chờ giám thị mở bài thi', waitingText: 'Giám thị sẽ mở bài thi cho cả phòng. Trang này tự chuyển khi bài thi được mở; không cần nhấn phím nào.',
      rules: 'Quy chế và cách làm bài', begin: 'Bắt đầu làm bài (Enter)',
      rulesText: [
        'Thời gian làm bài: {min} phút, {n} câu. Đồng hồ là của máy chủ; khi hết giờ bài được nộp tự động.',
        'Chọn đáp án bằng phím A, B, C, D (hoặc 1, 2, 3, 4), hoặc bấm chuột. Backspace xoá đáp án.',
        'N hoặc → câu sau; P hoặc ← câu trước; G rồi số câu và Enter để đến câu đó; F đánh dấu xem lại.',
        'Mỗi đáp án được lưu trên máy chủ; biểu tượng … là "đang lưu". Mất mạng không làm mất bài: trang tự kết nối lại và gửi lại.',
        'S để xem lại và nộp bài. Không mở trang thi ở cửa sổ khác.',
      ],
      question: 'Câu {i}/{n}', multiple: 'Chọn một hoặc nhiều đáp án.', single: 'Chọn một đáp án.',
      navigator: 'Danh sách câu', answered: 'đã trả lời', unanswered: 'chưa trả lời',
      flagged: 'đánh dấu xem lại', pending: 'đang lưu', chosen: 'đã chọn',
      flag: 'Đánh dấu xem lại (F)', unflag: 'Bỏ đánh dấu (F)', clear: 'Xoá đáp án (Backspace)',
      prev: 'Câu trước (P)', next: 'Câu sau (N)', review: 'Xem lại và nộp bài (S)',
      goto: 'Đến câu số: ', keysExam: 'Phím: A–D chọn · ↑↓ rồi Enter · N/P · G số Enter · F đánh dấu · S nộp bài',
      reviewTitle: 'Xem lại bài làm', colQ: 'Câu', colAnswer: 'Đáp án', colState: 'Trạng thái',
      none: '—', back: 'Quay lại làm bài (Esc)', submit: 'Nộp bài (S)',
      reviewSummary: 'Đã trả lời {a}/{n} câu; {f} câu đánh dấu; {p} câu đang lưu.',
      confirm: 'Bạn chắc chắn nộp bài? Sau khi nộp không sửa được.', yes: 'Có, nộp bài (C)', no: 'Không (K)',
      yesKey: 'c', noKey: 'k',
      pendingBlock: 'Còn {p} đáp án đang lưu: chờ máy chủ xác nhận rồi nộp.',
      result: 'Kết quả', resultAnswered: 'Số câu đã trả lời', score: 'Điểm', outcome: 'Kết quả',
      passed: 'Đạt', failed: 'Chưa đạt', pendingOutcome: 'Chờ chấm phần: {parts}',
      by: { candidate: 'Bạn đã nộp bài.', clock: 'Hết giờ: bài được nộp tự động.', proctor: 'Giám thị đã kết thúc bài thi.' },
      receipt: 'Biên nhận số', finish: 'Xong (Enter)',
      finalTitle: 'Bài thi đã kết thúc', finalText: 'Bài làm đã được lưu trên máy chủ. Bạn có thể rời chỗ khi giám thị cho phép.',
      sebQuit: 'Thoát Safe Exam Browser',
      takenTitle: 'Bài thi đã mở ở nơi khác',
      takenOver: 'Bài thi đang được mở ở cửa sổ hoặc máy khác. Trang này đã dừng để không ghi đè bài làm.',
      reopen: 'Mở lại ở đây',
      online: 'Đã kết nối', connecting: 'Đang kết nối…', offline: 'Mất kết nối — tự kết nối lại (lần {n})',
      pendingCount: '{p} đang lưu',
      paused: 'Tạm dừng', warn5: 'Còn 5 phút.', warn1: 'Còn 1 phút.',
      extension: 'Giám thị cộng thêm giờ: {reason}', pause: 'Giám thị tạm dừng bài thi: {reason}',
      resume: 'Tiếp tục làm bài: {reason}', notice: 'Thông báo của giám thị: {text}',
      errors: {
        bad_credentials: 'Số báo danh hoặc mật khẩu không đúng.',
        locked: 'Nhập sai quá nhiều lần. Thử lại sau {s} giây hoặc báo giám thị.',
        rate_limited: 'Quá nhiều lần đăng nhập từ máy này. Chờ một lát rồi thử lại.',
        move_not_allowed: 'Bài thi đang làm ở máy khác. Báo giám thị để được chuyển máy.',
        not_unlocked: 'Giám thị chưa mở bài thi.', room_paused: 'Phòng thi đang tạm dừng; chờ giám thị.',
        session_closed: 'Kỳ thi đã đóng.', bad_choice: 'Đáp án không hợp lệ.',
        too_late: 'Đã hết giờ.', not_in_progress: 'Bài thi không ở trạng thái đang làm.',
        unsupported_version: 'Máy chủ không hỗ trợ trang thi này.',
      },
      error: 'Lỗi: {m}',
    },
    en: {
      title: 'Multiple-choice exam', other: 'Tiếng Việt', loading: 'Loading…',
      resuming: 'Reconnecting to carry on with your exam…',
      login: 'Log in', sbd: 'Candidate number (số báo danh)', password: 'Password (on your login slip)',
      enter: 'Log in', loginHint: 'Type your candidate number and one-time password, then press Enter.',
      data: 'Your details', fullName: 'Full name', dob: 'Date of birth', sex: 'Sex',
      pob: 'Place of birth', idNumber: 'ID number', room: 'Room', session: 'Exam session',
      dataRight: 'These details are right (Enter)', dataWrong: 'Report an error (R)',
      reportWhat: 'What is wrong? (optional)', send: 'Send to the proctor',
      reported: 'The proctor has been told and will come to check; you may go on.',
      waiting: 'Waiting for the proctor to open the exam', waitingText: 'The proctor opens the exam for the whole room. This page moves on by itself when it is open; no key is needed.',
      rules: 'Rules and how to answer', begin: 'Begin the exam (Enter)',
      rulesText: [
        'Time: {min} minutes, {n} questions. The clock is the server\'s; when the time is up the exam is handed in by itself.',
        'Choose with A, B, C, D (or 1, 2, 3, 4), or click. Backspace clears the answer.',
        'N or → next; P or ← previous; G, a number and Enter goes to that question; F flags it for review.',
        'Every answer is saved on the server; … means "saving". A lost network loses nothing: the page reconnects and sends again.',
        'S to review and submit. Do not open the exam in another window.',
      ],
      question: 'Question {i}/{n}', multiple: 'Choose one or more options.', single: 'Choose one option.',
      navigator: 'Questions', answered: 'answered', unanswered: 'unanswered',
      flagged: 'flagged for review', pending: 'saving', chosen: 'chosen',
      flag: 'Flag for review (F)', unflag: 'Remove the flag (F)', clear: 'Clear the answer (Backspace)',
      prev: 'Previous (P)', next: 'Next (N)', review: 'Review and submit (S)',
      goto: 'Go to question: ', keysExam: 'Keys: A–D choose · ↑↓ then Enter · N/P · G number Enter · F flag · S submit',
      reviewTitle: 'Review your answers', colQ: 'Question', colAnswer: 'Answer', colState: 'State',
      none: '—', back: 'Back to the exam (Esc)', submit: 'Submit (S)',
      reviewSummary: '{a}/{n} answered; {f} flagged; {p} saving.',
      confirm: 'Submit your exam? It cannot be changed afterwards.', yes: 'Yes, submit (Y)', no: 'No (N)',
      yesKey: 'y', noKey: 'n',
      pendingBlock: '{p} answers are still saving: wait for the server, then submit.',
      result: 'Result', resultAnswered: 'Questions answered', score: 'Score', outcome: 'Outcome',
      passed: 'Passed', failed: 'Not passed', pendingOutcome: 'Waiting for the marking of: {parts}',
      by: { candidate: 'You handed in your exam.', clock: 'Time is up: the exam was handed in.', proctor: 'The proctor ended your exam.' },
      receipt: 'Receipt', finish: 'Done (Enter)',
      finalTitle: 'The exam is over', finalText: 'Your answers are saved on the server. You may leave your seat when the proctor allows.',
      sebQuit: 'Quit Safe Exam Browser',
      takenTitle: 'The exam is open elsewhere',
      takenOver: 'The exam is open in another window or on another PC. This page has stopped so that it overwrites nothing.',
      reopen: 'Open it here again',
      online: 'Connected', connecting: 'Connecting…', offline: 'Disconnected — reconnecting (attempt {n})',
      pendingCount: '{p} saving',
      paused: 'Paused', warn5: '5 minutes left.', warn1: '1 minute left.',
      extension: 'The proctor added time: {reason}', pause: 'The proctor paused the exam: {reason}',
      resume: 'The exam goes on: {reason}', notice: 'Notice from the proctor: {text}',
      errors: {
        bad_credentials: 'Wrong candidate number or password.',
        locked: 'Too many wrong passwords. Try again in {s} s or ask the proctor.',
        rate_limited: 'Too many logins from this PC. Wait a moment and try again.',
        move_not_allowed: 'The exam is running on another PC. Ask the proctor to allow the move.',
        not_unlocked: 'The proctor has not opened the exam yet.', room_paused: 'The room is paused; wait for the proctor.',
        session_closed: 'The exam session is closed.', bad_choice: 'That answer is not valid.',
        too_late: 'The time is up.', not_in_progress: 'The exam is not running.',
        unsupported_version: 'The server does not support this page.',
      },
      error: 'Error: {m}',
    },
  };
  const LETTERS = 'ABCDEFGH';
  const STORE = 'khaothi-station';

  // ---- State ----------------------------------------------------------------------------
  let lang = localStorage.getItem('khaothi-lang') === 'en' ? 'en' : 'vi';
  let machine = localStorage.getItem('khaothi-machine');
  if (!machine) {
    const bytes = new Uint8Array(6);
    crypto.getRandomValues(bytes);
    machine = 'browser-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem('khaothi-machine', machine);
  }
  // Kept across a reload of this tab: the login (to resume), where the candidate is, and every
  // write not yet acknowledged.
  const saved = JSON.parse(sessionStorage.getItem(STORE) || '{}');
  const s = {
    sbd: saved.sbd || '', password: saved.password || '', confirmed: !!saved.confirmed,
    current: saved.current || 0, seq: saved.seq || 1, pending: saved.pending || {},
    screen: 'login', login: null, form: null, answers: {}, flags: {}, result: null,
    remaining: null, at: 0, running: false, warned: saved.warned || {}, cursor: 0,
    reviewCursor: 0, confirming: false, gotoText: null, reporting: false, reported: false,
    message: '', final: false, attempts: 0, connected: false, stopped: false,
  };
  let typed = '';  // the password field, until the login is sent
  if (s.sbd && s.password) s.screen = 'resume';  // a reload: log in again and carry on
  function persist() {
    sessionStorage.setItem(STORE, JSON.stringify({
      sbd: s.sbd, password: s.password, confirmed: s.confirmed, current: s.current, seq: s.seq,
      pending: s.pending, warned: s.warned,
    }));
  }
  const t = (key, vars) => {
    let v = TEXT[lang][key];
    for (const [k, x] of Object.entries(vars || {})) v = v.replace('{' + k + '}', x);
    return v;
  };
  let practical = null;  // station-practical.js's handlers, made once the helpers below exist

  // ---- DOM helpers (text only: nothing from the server becomes HTML) ------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'onclick') e.addEventListener('click', v);
      else if (k === 'class') e.className = v;
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c !== null && c !== undefined && c !== false) e.append(c);
    }
    return e;
  }
  const $ = (id) => document.getElementById(id);
  practical = window.KhaothiPractical({
    s, el, $, t, send, render, setRemaining, finish, lang: () => lang,
    msg: () => msg(), show: (text) => { s.message = text; render(); },
  });
  for (const l of ['vi', 'en']) Object.assign(TEXT[l], practical.TEXT[l]);

  // ---- The connection ---------------------------------------------------------------------
  let ws = null;
  let pingTimer = null;
  function connect() {
    if (s.stopped) return;
    showConn();
    ws = new WebSocket('wss://' + location.host + '/ws' + sebProof());
    // 1.2: the login_ok carries a resume token for the next reconnect (docs/protocol.md).
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, minor: 2, client: 'khaothi-station' }));
    ws.onmessage = (ev) => {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      onMessage(m);
    };
    ws.onclose = () => {
      clearInterval(pingTimer);
      s.connected = false;
      ws = null;
      practical.onDisconnect();
      if (s.stopped) { showConn(); return; }
      s.attempts += 1;
      showConn();
      // Back-off as the terminal client: 250 ms doubling to 5 s.
      setTimeout(connect, Math.min(5000, 250 * 2 ** Math.min(s.attempts - 1, 5)));
    };
  }
  // In Safe Exam Browser, its JavaScript API's Config Key hash of this page: the server's proof
  // for SEB versions that send no header on the WebSocket upgrade (docs/seb.md).
  function inSeb() { return Boolean(window.SafeExamBrowser && window.SafeExamBrowser.security); }
  function sebProof() {
    const key = inSeb() && window.SafeExamBrowser.security.configKey;
    return key ? '?seb_url=' + encodeURIComponent(location.href.split('#')[0]) +
      '&seb_ck=' + encodeURIComponent(key) : '';
  }
  function send(m) {
    if (ws && ws.readyState === WebSocket.OPEN && s.connected) ws.send(JSON.stringify(m));
  }
  // A reconnect logs in with the last login_ok's resume token (single use, kept in memory only:
  // a reload or a refused token falls back to the password).
  let resumeToken = '';
  function logIn() {
    const login = resumeToken ? { resume: resumeToken } : { password: s.password };
    resumeToken = '';
    ws.send(JSON.stringify({ type: 'login', sbd: s.sbd, machine, ...login }));
  }

  function onMessage(m) {
    if (practical.onMessage(m)) return;
    switch (m.type) {
      case 'hello':
        s.connected = true;
        s.attempts = 0;
        pingTimer = setInterval(() => send({ type: 'ping' }), 10000);
        showConn();
        if (s.sbd && s.password) logIn();
        else render();
        break;
      case 'login_ok': onLogin(m); break;
      case 'unlocked':
        if (s.screen === 'waiting') { s.screen = 'rules'; render(); }
        break;
      case 'form': onForm(m); break;
      case 'ack': onAck(m); break;
      case 'time': onTime(m); break;
      case 'notice': banner(t('notice', { text: m.text })); break;
      case 'pong':
        // A pong's remaining_ms is the theory's; the practical's clock comes with its own messages.
        if (typeof m.remaining_ms === 'number' && !s.practical) setRemaining(m.remaining_ms);
        break;
      case 'result': onResult(m); break;
      case 'closed': onClosed(m); break;
      case 'error': onError(m); break;
      default: break;
    }
  }

  function onLogin(m) {
    resumeToken = m.resume || '';
    s.login = m;
    setRemaining(m.remaining_ms);
    s.running = m.state === 'in_progress';
    persist();
    if (['in_progress', 'suspended', 'submitted', 'graded'].includes(m.state)) {
      send({ type: 'start' });  // the form and saved answers again, or the result
      return;
    }
    if (!s.confirmed) s.screen = 'data';
    else if (m.unlock_required && m.state === 'created') s.screen = 'waiting';
    else s.screen = 'rules';
    render();
  }

  function onForm(m) {
    s.form = m;
    s.answers = {};
    s.flags = {};
    for (const a of m.answers) {
      s.answers[a.slot] = a.choice;
      s.flags[a.slot] = a.flagged;
    }
    s.running = m.state === 'in_progress';
    setRemaining(m.remaining_ms);
    // Continue above anything the server has seen and anything still pending here.
    const top = Math.max(0, ...Object.values(s.pending).map((p) => p.seq));
    s.seq = Math.max(s.seq, m.next_seq, top + 1);
    s.current = Math.min(s.current, m.slots.length - 1);
    if (s.screen !== 'review') s.screen = 'exam';
    placeCursor();
    persist();
    render();
    resendPending();
  }

  function resendPending() {
    const list = Object.values(s.pending).sort((a, b) => a.seq - b.seq);
    for (const p of list) send(p.msg);
  }

  function onAck(m) {
    const key = m.kind + ':' + m.slot;
    const p = s.pending[key];
    if (p && p.seq === m.seq) {
      delete s.pending[key];
      if (m.outcome === 'stale') {
        send({ type: 'start' });  // a newer write elsewhere: read the server's state again
      } else if (m.kind === 'answer') {
        s.answers[m.slot] = p.msg.choice;  // saved: what the server now holds
      } else {
        s.flags[m.slot] = p.msg.flagged;
      }
    }
    setRemaining(m.remaining_ms);
    persist();
    render();
  }

  function onTime(m) {
    setRemaining(m.remaining_ms);
    if (m.event === 'pause') s.running = false;
    if (m.event === 'resume') s.running = true;
    if (m.event === 'extension') {
      // More time: the warnings may come again.
      const w = m.part === 'practical' ? 'p' : 'w';
      if (m.remaining_ms > 5 * 60000) delete s.warned[w + '5'];
      if (m.remaining_ms > 60000) delete s.warned[w + '1'];
    }
    banner(t(m.event, { reason: m.reason }));
    persist();
    render();
  }

  function onResult(m) {
    s.result = m;
    s.running = false;
    s.pending = {};
    s.screen = s.final ? 'final' : 'result';
    persist();
    // The practical already running (a reload, another PC): straight back to it.
    if (['in_progress', 'suspended'].includes(m.practical) && !s.final) {
      s.screen = 'resume';
      practical.start();
    }
    render();
  }

  function onClosed(m) {
    if (m.reason === 'taken_over') {
      s.stopped = true;
      s.screen = 'taken';
      render();
    } else if (['time_up', 'ended_by_proctor'].includes(m.reason) && s.result &&
               !(s.result.practical && practical.open())) {
      s.stopped = true;  // the result is here; nothing more to do
    }
  }

  function onError(m) {
    if (m.code === 'bad_resume') { logIn(); return; }  // spent, expired or revoked: the password
    if (practical.onError(m)) return;
    const text = (TEXT[lang].errors[m.code] || t('error', { m: m.message }))
      .replace('{s}', Math.ceil((m.retry_after_ms || 0) / 1000));
    if (typeof m.seq === 'number') {
      const entry = Object.entries(s.pending).find(([, p]) => p.seq === m.seq);
      if (entry && (m.code === 'not_saved' || m.code === 'busy')) {
        setTimeout(() => send(entry[1].msg), 1000);  // kept: the server will take it later
        return;
      }
      if (entry) {
        delete s.pending[entry[0]];
        persist();
        send({ type: 'start' });  // show the server's state again
      }
    }
    if (['bad_credentials', 'locked', 'rate_limited', 'move_not_allowed', 'session_closed'].includes(m.code) &&
        !s.login) {
      s.password = '';
      s.screen = 'login';
      persist();
    }
    // Logging in again after a reconnect and refused for a while (the address's login rate, the
    // writer busy): the connection is dropped and the back-off tries again.
    if (s.login && !s.stopped && ['rate_limited', 'busy', 'locked'].includes(m.code) &&
        typeof m.seq !== 'number') {
      setTimeout(() => { if (ws) ws.close(); }, Math.max(1000, m.retry_after_ms || 0));
    }
    s.message = text;
    render();
  }

  // ---- The clock --------------------------------------------------------------------------
  function setRemaining(ms) {
    if (typeof ms !== 'number') return;
    s.remaining = ms;
    s.at = performance.now();
  }
  function left() {
    if (s.remaining === null) return null;
    const gone = s.running ? performance.now() - s.at : 0;
    return Math.max(0, s.remaining - gone);
  }
  function tick() {
    const ms = left();
    const c = $('clock');
    const inPractical = s.practical && s.screen === 'practical' && practical.open();
    if (ms === null || (!inPractical && (!s.form || s.result))) {
      c.textContent = '';
      return;
    }
    const w = inPractical ? 'p' : 'w';
    const total = Math.ceil(ms / 1000);
    const mm = String(Math.floor(total / 60)).padStart(2, '0');
    const ss = String(total % 60).padStart(2, '0');
    c.textContent = (s.running ? '' : t('paused') + ' ') + mm + ':' + ss;
    c.classList.toggle('low', ms <= 5 * 60000);
    if (s.running && ms <= 60000 && !s.warned[w + '1']) {
      s.warned[w + '1'] = s.warned[w + '5'] = true;
      banner(t('warn1'));
      persist();
    } else if (s.running && ms <= 5 * 60000 && !s.warned[w + '5']) {
      s.warned[w + '5'] = true;
      banner(t('warn5'));
      persist();
    }
  }
  function banner(text) {
    const b = $('banner');
    b.textContent = text;
    b.hidden = false;
  }

  function showConn() {
    const c = $('conn');
    const n = Object.keys(s.pending).length + practical.pending();
    let text = s.stopped ? '' : s.connected ? t('online') : s.attempts > 0 ? t('offline', { n: s.attempts }) : t('connecting');
    if (n > 0) text += ' · ' + t('pendingCount', { p: n });
    c.textContent = text;
    c.className = 'conn ' + (s.connected ? 'on' : 'off');
    c.hidden = text === '';
  }

  // ---- Writes -----------------------------------------------------------------------------
  function write(kind, slot, value) {
    const seq = s.seq++;
    const msg = kind === 'answer' ? { type: 'answer', slot, choice: value, seq }
      : { type: 'flag', slot, flagged: value, seq };
    s.pending[kind + ':' + slot] = { seq, msg };
    persist();
    send(msg);
    render();
  }
  function choiceOf(slot) {
    const p = s.pending['answer:' + slot];
    return p ? p.msg.choice : (s.answers[slot] || []);
  }
  function flagOf(slot) {
    const p = s.pending['flag:' + slot];
    return p ? p.msg.flagged : !!s.flags[slot];
  }
  function choose(option, toggle) {
    const slot = s.current;
    const q = s.form.slots[slot];
    if (!s.running || option >= q.options.length) return;
    const now = choiceOf(slot);
    let next;
    if (q.multiple) {
      next = now.includes(option) ? (toggle ? now.filter((x) => x !== option) : now) : [...now, option].sort();
    } else {
      next = [option];
    }
    if (JSON.stringify(next) !== JSON.stringify(now)) write('answer', slot, next);
  }
  function clearAnswer() {
    if (s.running && choiceOf(s.current).length > 0) write('answer', s.current, []);
  }
  function toggleFlag() {
    if (s.running) write('flag', s.current, !flagOf(s.current));
  }
  function go(slot) {
    if (!s.form) return;
    s.current = Math.max(0, Math.min(slot, s.form.slots.length - 1));
    placeCursor();
    persist();
    render();
  }
  function placeCursor() {
    const c = choiceOf(s.current);
    s.cursor = c.length > 0 ? c[0] : 0;
  }
  function stateOf(slot) {
    const pending = !!(s.pending['answer:' + slot] || s.pending['flag:' + slot]);
    return { pending, answered: choiceOf(slot).length > 0, flagged: flagOf(slot) };
  }
  function symbols(st) {
    return (st.pending ? '…' : st.answered ? '✓' : '·') + (st.flagged ? '⚑' : '');
  }
  function words(st) {
    const w = [st.answered ? t('answered') : t('unanswered')];
    if (st.flagged) w.push(t('flagged'));
    if (st.pending) w.push(t('pending'));
    return w.join(', ');
  }

  // ---- Screens ----------------------------------------------------------------------------
  function render() {
    document.documentElement.lang = lang;
    document.title = t('title') + ' — khaothi';
    $('lang').textContent = t('other');
    $('who').textContent = s.login ? s.login.candidate.sbd + ' · ' + s.login.candidate.full_name : '';
    showConn();
    const main = $('main');
    // Focus stays in a field being typed in; otherwise it goes to the screen's first action or
    // to the page itself, so that the keys below act and Enter never clicks a stale button.
    const active = document.activeElement;
    const typing = active && ['INPUT', 'TEXTAREA'].includes(active.tagName) ? active.id : null;
    main.replaceChildren(SCREENS[s.screen]());
    const target = (typing && $(typing)) || main.querySelector('[autofocus]') || main;
    target.focus({ preventScroll: true });
    tick();
  }
  const msg = () => (s.message ? el('p', { class: 'error', role: 'alert' }, s.message) : null);

  const SCREENS = {
    login() {
      const sbd = el('input', { id: 'sbd', name: 'sbd', autocomplete: 'off', autofocus: true, required: true });
      sbd.value = s.sbd;
      const pw = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'off', required: true });
      // What is typed survives a re-render (a reconnect while typing).
      pw.value = typed;
      sbd.addEventListener('input', () => { s.sbd = sbd.value; });
      pw.addEventListener('input', () => { typed = pw.value; });
      const form = el('form', { class: 'card', id: 'login-form' },
        el('h1', {}, t('login')), el('p', { class: 'hint' }, t('loginHint')), msg(),
        el('label', { for: 'sbd' }, t('sbd'), sbd), el('label', { for: 'password' }, t('password'), pw),
        el('button', { class: 'primary', type: 'submit', id: 'login-button' }, t('enter')));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        s.sbd = sbd.value;
        s.password = pw.value;
        typed = '';
        s.message = '';
        persist();
        if (s.connected) logIn();
      });
      return form;
    },
    data() {
      const c = s.login.candidate;
      const rows = [['fullName', c.full_name], ['sbd', c.sbd], ['dob', c.date_of_birth], ['sex', c.sex],
        ['pob', c.place_of_birth], ['idNumber', c.id_number], ['room', c.room],
        ['session', s.login.session.name + ' · ' + s.login.session.date]];
      const report = el('textarea', { id: 'report-text', maxlength: 500, rows: 3 });
      return el('div', { class: 'card' }, el('h1', {}, t('data')), msg(),
        el('dl', { class: 'data' }, rows.map(([k, v]) => [el('dt', {}, t(k)), el('dd', {}, v || '')])),
        s.reported ? el('p', { role: 'status' }, t('reported')) : null,
        el('button', { class: 'primary', id: 'data-right', type: 'button', autofocus: !s.reporting, onclick: confirmData }, t('dataRight')),
        el('button', { class: 'secondary', id: 'data-wrong', type: 'button', onclick: () => { s.reporting = true; render(); $('report-text').focus(); } }, t('dataWrong')),
        s.reporting ? el('div', {}, el('label', { for: 'report-text' }, t('reportWhat'), report),
          el('button', { class: 'secondary', id: 'report-send', type: 'button', onclick: () => sendReport(report.value) }, t('send'))) : null);
    },
    resume() {
      return el('div', { class: 'card', role: 'status' }, el('h1', {}, t('resuming')), msg());
    },
    waiting() {
      return el('div', { class: 'card', role: 'status' }, el('h1', {}, t('waiting')), el('p', {}, t('waitingText')), msg());
    },
    rules() {
      const min = Math.round((s.login.duration_ms || 0) / 60000);
      return el('div', { class: 'card' }, el('h1', {}, t('rules')), msg(),
        el('ol', {}, TEXT[lang].rulesText.map((r) => el('li', {}, r.replace('{min}', min).replace('{n}', s.login.item_count)))),
        el('button', { class: 'primary', id: 'begin', type: 'button', autofocus: true, onclick: begin }, t('begin')));
    },
    exam() {
      const n = s.form.slots.length;
      const q = s.form.slots[s.current];
      const chosen = choiceOf(s.current);
      const st = stateOf(s.current);
      const options = el('div', { class: 'options', role: q.multiple ? 'group' : 'radiogroup', 'aria-label': t('question', { i: s.current + 1, n }) },
        q.options.map((text, i) => el('div', {}, el('button', {
          type: 'button', class: 'option' + (i === s.cursor ? ' cursor' : ''), id: 'option-' + i,
          role: q.multiple ? 'checkbox' : 'radio', 'aria-checked': chosen.includes(i) ? 'true' : 'false',
          onclick: () => { s.cursor = i; choose(i, true); },
        }, el('span', { class: 'mark' }, (chosen.includes(i) ? '[x] ' : '[ ] ') + LETTERS[i] + '.'), el('span', {}, text)))));
      const nav = el('div', { class: 'nav' }, s.form.slots.map((_, i) => {
        const si = stateOf(i);
        const cls = [si.answered ? 'answered' : '', si.flagged ? 'flagged' : '', si.pending ? 'pending' : '', i === s.current ? 'current' : ''].join(' ');
        return el('button', { type: 'button', class: cls, id: 'nav-' + i, 'aria-current': i === s.current ? 'true' : null,
          'aria-label': t('question', { i: i + 1, n }) + ': ' + words(si), onclick: () => go(i) }, (i + 1) + ' ' + symbols(si));
      }));
      return el('div', { class: 'exam' },
        el('section', { class: 'question', 'aria-labelledby': 'qtitle' },
          el('h1', { id: 'qtitle' }, t('question', { i: s.current + 1, n })), msg(),
          el('div', { class: 'stem' }, q.stem),
          el('p', { class: 'hint' }, q.multiple ? t('multiple') : t('single')), options,
          el('p', { class: 'qstate', id: 'qstate', role: 'status' }, symbols(st) + ' ' + words(st)),
          s.gotoText !== null ? el('p', { role: 'status' }, t('goto') + s.gotoText + '▏') : null,
          el('div', { class: 'tools' },
            el('button', { class: 'secondary', type: 'button', onclick: () => go(s.current - 1) }, t('prev')),
            el('button', { class: 'secondary', type: 'button', onclick: () => go(s.current + 1) }, t('next')),
            el('button', { class: 'secondary', type: 'button', id: 'flag', onclick: toggleFlag }, flagOf(s.current) ? t('unflag') : t('flag')),
            el('button', { class: 'secondary', type: 'button', onclick: clearAnswer }, t('clear')),
            el('button', { class: 'primary', type: 'button', id: 'review', onclick: openReview }, t('review'))),
          el('p', { class: 'keys' }, t('keysExam'))),
        el('aside', { class: 'side', 'aria-label': t('navigator') }, el('h2', {}, t('navigator')), nav,
          el('ul', { class: 'legend' }, el('li', {}, '✓ ' + t('answered')), el('li', {}, '· ' + t('unanswered')),
            el('li', {}, '⚑ ' + t('flagged')), el('li', {}, '… ' + t('pending')))));
    },
    review() {
      const n = s.form.slots.length;
      let a = 0; let f = 0;
      const rows = s.form.slots.map((_, i) => {
        const st = stateOf(i);
        if (st.answered) a += 1;
        if (st.flagged) f += 1;
        const c = choiceOf(i);
        return el('tr', { class: i === s.reviewCursor ? 'cursor' : '', id: 'review-' + i, onclick: () => { s.screen = 'exam'; go(i); } },
          el('td', {}, el('button', { type: 'button', class: 'secondary' }, String(i + 1))),
          el('td', {}, c.length ? c.map((x) => LETTERS[x]).join(', ') : t('none')),
          el('td', {}, symbols(st) + ' ' + words(st)));
      });
      const p = Object.keys(s.pending).length;
      return el('div', { class: 'card', style: null }, el('h1', {}, t('reviewTitle')), msg(),
        el('p', { role: 'status' }, t('reviewSummary', { a, n, f, p })),
        el('table', { class: 'review' }, el('thead', {}, el('tr', {}, el('th', {}, t('colQ')), el('th', {}, t('colAnswer')), el('th', {}, t('colState')))), el('tbody', {}, rows)),
        s.confirming
          ? el('div', { role: 'alertdialog', 'aria-labelledby': 'confirm-text' }, el('p', { id: 'confirm-text' }, p > 0 ? t('pendingBlock', { p }) : t('confirm')),
            p > 0 ? null : el('button', { class: 'primary', type: 'button', id: 'confirm-yes', autofocus: true, onclick: submit }, t('yes')),
            el('button', { class: 'secondary', type: 'button', id: 'confirm-no', onclick: () => { s.confirming = false; render(); } }, t('no')))
          : el('div', {}, el('button', { class: 'secondary', type: 'button', id: 'back', onclick: backToExam }, t('back')),
            el('button', { class: 'primary', type: 'button', id: 'submit', onclick: () => { s.confirming = true; render(); } }, t('submit'))));
    },
    result() {
      const r = s.result;
      const rows = [[t('resultAnswered'), r.answered + '/' + r.total]];
      if (r.score !== undefined) rows.push([t('score'), r.score.replace('.', lang === 'vi' ? ',' : '.') + '/' + r.scale]);
      if (r.outcome) rows.push([t('outcome'), r.outcome === 'pending' ? t('pendingOutcome', { parts: (r.pending_parts || []).join(', ') }) : r.passed ? t('passed') : t('failed')]);
      if (r.receipt) rows.push([t('receipt'), r.receipt.key_id + ' · ' + r.receipt.signature.slice(0, 16)]);
      return el('div', { class: 'card', id: 'result' }, el('h1', {}, t('result')),
        el('p', { role: 'status' }, TEXT[lang].by[r.submitted_by] || ''),
        el('dl', { class: 'data' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
        r.practical === 'created'
          ? [el('p', { role: 'status' }, t('practicalNext')),
            el('button', { class: 'primary', type: 'button', id: 'practical-start', autofocus: true, onclick: practical.start }, t('practicalBegin'))]
          : el('button', { class: 'primary', type: 'button', id: 'finish', autofocus: true, onclick: finish }, t('finish')));
    },
    final() {
      return el('div', { class: 'card', id: 'final' }, el('h1', {}, t('finalTitle')), el('p', {}, t('finalText')),
        // The .seb file's quitURL: SEB quits when the page opens it (docs/seb.md).
        inSeb() ? el('p', {}, el('a', { id: 'seb-quit', href: location.origin + '/thi/thoat' }, t('sebQuit'))) : null);
    },
    practical: () => practical.screen(),
    taken() {
      return el('div', { class: 'card', role: 'alert' }, el('h1', {}, t('takenTitle')), el('p', {}, t('takenOver')),
        el('button', { class: 'secondary', type: 'button', onclick: () => { s.stopped = false; s.screen = 'login'; connect(); } }, t('reopen')));
    },
  };

  function confirmData() {
    s.confirmed = true;
    s.reporting = false;
    s.message = '';
    persist();
    s.screen = s.login.unlock_required && s.login.state === 'created' ? 'waiting' : 'rules';
    render();
  }
  function sendReport(text) {
    send({ type: 'report', text: text.slice(0, 500) });
    s.reported = true;
    s.reporting = false;
    render();
  }
  function begin() {
    s.message = '';
    send({ type: 'start' });
  }
  function openReview() {
    s.screen = 'review';
    s.reviewCursor = s.current;
    s.confirming = false;
    render();
  }
  function backToExam() {
    s.screen = 'exam';
    s.confirming = false;
    render();
  }
  function submit() {
    if (Object.keys(s.pending).length > 0) return;
    send({ type: 'submit' });
  }
  function finish() {
    s.final = true;
    s.screen = 'final';
    sessionStorage.removeItem(STORE);  // nothing is left to resume
    practical.forget();
    render();
  }

  // ---- Keys: the terminal client's (docs/client.md) -------------------------------------
  function onKey(ev) {
    if (ev.ctrlKey || ev.altKey || ev.metaKey) return;
    const k = ev.key;
    // A file input (the practical's hand-in) takes no typing: the page's keys still act there.
    const typing = ev.target && ['INPUT', 'TEXTAREA'].includes(ev.target.tagName) && ev.target.type !== 'file';
    // A focused button (reached with Tab) keeps its own Enter and Space.
    if (ev.target && ev.target.tagName === 'BUTTON' && (k === 'Enter' || k === ' ')) return;
    let done = true;
    if (s.screen === 'data' && !typing) {
      if (k === 'Enter') confirmData();
      else if (k === 'r' || k === 'R') { s.reporting = true; render(); $('report-text').focus(); }
      else done = false;
    } else if (s.screen === 'data' && typing && k === 'Enter') {
      sendReport($('report-text').value);
    } else if (s.screen === 'rules' && k === 'Enter') {
      begin();
    } else if (s.screen === 'exam' && !typing) {
      done = examKey(k);
    } else if (s.screen === 'review') {
      done = reviewKey(k.toLowerCase(), k);
    } else if (s.screen === 'result' && s.result.practical === 'created') {
      if (k === 'Enter' || k.toLowerCase() === t('practicalKey')) practical.start();
      else done = false;
    } else if (s.screen === 'result' && k === 'Enter') {
      finish();
    } else if (s.screen === 'practical') {
      done = practical.key(ev, typing);
    } else {
      done = false;
    }
    if (done) ev.preventDefault();
  }
  function examKey(k) {
    const q = s.form.slots[s.current];
    const lower = k.toLowerCase();
    if (s.gotoText !== null) {
      if (/^[0-9]$/.test(k)) s.gotoText += k;
      else if (k === 'Backspace') s.gotoText = s.gotoText.slice(0, -1);
      else if (k === 'Enter') { const i = parseInt(s.gotoText, 10); s.gotoText = null; if (i >= 1) { go(i - 1); return true; } }
      else if (k === 'Escape') s.gotoText = null;
      else return false;
      render();
      return true;
    }
    const letter = 'abcdefgh'.indexOf(lower);
    if (k.length === 1 && letter >= 0 && letter < q.options.length) choose(letter, true);
    else if (/^[1-8]$/.test(k) && Number(k) <= q.options.length) choose(Number(k) - 1, true);
    else if (k === 'ArrowUp') { s.cursor = Math.max(0, s.cursor - 1); render(); }
    else if (k === 'ArrowDown') { s.cursor = Math.min(q.options.length - 1, s.cursor + 1); render(); }
    else if (k === 'Enter') choose(s.cursor, false);
    else if (k === ' ') choose(s.cursor, true);
    else if (k === 'Backspace' || k === 'Delete') clearAnswer();
    else if (lower === 'n' || k === 'ArrowRight') go(s.current + 1);
    else if (lower === 'p' || k === 'ArrowLeft') go(s.current - 1);
    else if (k === 'Home') go(0);
    else if (k === 'End') go(s.form.slots.length - 1);
    else if (lower === 'g') { s.gotoText = ''; render(); }
    else if (lower === 'f') toggleFlag();
    else if (lower === 's') openReview();
    else return false;
    return true;
  }
  function reviewKey(lower, k) {
    const n = s.form.slots.length;
    if (s.confirming) {
      if (lower === TEXT[lang].yesKey) submit();
      else if (lower === TEXT[lang].noKey || k === 'Escape') { s.confirming = false; render(); }
      else return false;
      return true;
    }
    if (k === 'ArrowUp') s.reviewCursor = Math.max(0, s.reviewCursor - 1);
    else if (k === 'ArrowDown') s.reviewCursor = Math.min(n - 1, s.reviewCursor + 1);
    else if (k === 'Enter') { s.screen = 'exam'; go(s.reviewCursor); return true; }
    else if (k === 'Escape' || lower === 'b') { backToExam(); return true; }
    else if (lower === 's') s.confirming = true;
    else return false;
    render();
    return true;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('lang').addEventListener('click', () => {
      lang = lang === 'vi' ? 'en' : 'vi';
      localStorage.setItem('khaothi-lang', lang);
      render();
    });
    document.addEventListener('keydown', onKey);
    setInterval(tick, 250);
    render();
    connect();
  });
})();
