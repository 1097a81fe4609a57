// A room at the browser station in Debian's headless Chromium against the real khaothi-server
// (station_browser_test.cc starts it and checks the database afterwards):
//  1. the page's own weight: bytes transferred for the page (HTML, CSS, JS as served) and the
//     WebSocket's form message, printed as a "WEIGHT" line (docs/performance.md);
//  2. a second tab of the same browser takes the exam over as the protocol says: the first tab
//     stops and says so, the second shows every answer; taken back, the first shows the second's
//     answer too;
//  3. the proctor's extra time and notice, sent through the dashboard's action endpoints, arrive:
//     the banner and the new time on the clock;
//  4. ten more candidates at once, each in a context of its own (its own PC), each a whole exam
//     by keyboard: candidate k answers every question with option k % 4.
//
//   node station_room.js BASE_URL OUT_DIR PROCTOR PROCTOR_PASSWORD SBD PASSWORD [SBD PASSWORD]x10
//
// Exits non-zero on any failure.
'use strict';
const { WAIT, step, check, launch, newContext, watch, text, waitSaved, logInAndBegin,
  clockSeconds, proctor } = require('./station_lib.js');

const [base, out, user, proctorPassword, sbd, password, ...rest] = process.argv.slice(2);
const ten = [];
for (let i = 0; i + 1 < rest.length; i += 2) ten.push({ sbd: rest[i], password: rest[i + 1] });

// 1. What the browser fetches to show the login screen, then the form of the first candidate.
async function weigh(page) {
  const responses = [];
  page.on('response', (r) => { if (r.url().startsWith(base + '/thi/')) responses.push(r); });
  const frames = { form: 0, received: 0, sent: 0 };
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => {
      const n = Buffer.byteLength(f.payload);
      frames.received += n;
      if (frames.form === 0 && /^\{"type":"form"/.test(f.payload)) frames.form = n;
    });
    ws.on('framesent', (f) => { frames.sent += Buffer.byteLength(f.payload); });
  });
  const total = await logInAndBegin(page, base, sbd, password);
  let body = 0;
  let headers = 0;
  let raw = 0;
  const parts = [];
  for (const r of responses) {
    const sizes = await r.request().sizes();
    const decoded = (await r.body()).length;
    body += sizes.responseBodySize;
    headers += sizes.responseHeadersSize;
    raw += decoded;
    const encoding = (await r.allHeaders())['content-encoding'] || 'identity';
    parts.push(r.url().slice(base.length) + ' ' + sizes.responseBodySize + ' B (' + encoding + ', ' + decoded + ' B)');
  }
  check(responses.length === 4, 'the page is four files: ' + parts.join(', '));
  check(frames.form > 0, 'the form message was seen');
  console.log('WEIGHT page: ' + parts.join('; ') + '; bodies ' + body + ' B (' + raw +
    ' B decoded), with headers ' + (body + headers) + ' B');
  console.log('WEIGHT socket: form message for ' + total + ' questions ' + frames.form +
    ' B; all frames to the first question ' + frames.received + ' B received, ' + frames.sent + ' B sent');
  return total;
}

// 2. Two tabs of one browser: the protocol's takeover rule.
async function secondTab(context, first, errors) {
  step('tab 1 answers questions 1-3');
  for (let i = 0; i < 3; i++) {
    await first.keyboard.press('b');
    await first.keyboard.press('n');
  }
  await waitSaved(first);
  step('tab 2 logs in with the same browser');
  const second = watch(await context.newPage(), errors);
  await second.goto(base + '/thi/');
  await second.waitForSelector('#sbd:focus', WAIT);
  await second.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', null, WAIT);
  await second.keyboard.type(sbd);
  await second.keyboard.press('Tab');
  await second.keyboard.type(password);
  await second.keyboard.press('Enter');
  // An attempt in progress goes straight back to the exam.
  await second.waitForSelector('#qtitle', WAIT);
  await first.waitForFunction(() => document.getElementById('main').innerText.includes('Bài thi đang được mở ở cửa sổ hoặc máy khác'), null, WAIT);
  check((await first.locator('#qtitle').count()) === 0, 'tab 1 no longer shows the exam');
  await first.keyboard.press('c');  // tab 1 writes nothing now
  check((await text(first, '#conn')) === '', 'tab 1 does not reconnect: ' + (await text(first, '#conn')));
  for (let i = 0; i < 3; i++) {
    check((await text(second, '#nav-' + i)).includes('✓'), 'tab 2 shows answer ' + (i + 1));
  }
  step('tab 2 answers question 4; tab 1 takes the exam back');
  await second.click('#nav-3');
  await second.keyboard.press('d');
  await waitSaved(second);
  await first.click('text=Mở lại ở đây');
  await first.waitForSelector('#qtitle', WAIT);
  await second.waitForFunction(() => document.getElementById('main').innerText.includes('Bài thi đang được mở'), null, WAIT);
  await waitSaved(first);
  for (let i = 0; i < 4; i++) {
    check((await text(first, '#nav-' + i)).includes('✓'), 'tab 1 shows answer ' + (i + 1));
  }
  await first.click('#nav-3');
  check((await first.locator('#option-3').getAttribute('aria-checked')) === 'true', 'tab 2\'s D on question 4');
  await second.close();
}

// 3. The proctor's extra time and notice.
async function proctorActions(browser, page) {
  const p = await proctor(browser, base, user, proctorPassword, 'S1/P101');
  const before = await clockSeconds(page);
  step('proctor: 5 minutes extra at ' + before + ' s left');
  await p.act('extend', { sbd, extra_minutes: 5, reason: 'Máy trục trặc 5 phút' });
  await page.waitForFunction(() => document.getElementById('banner').textContent === 'Giám thị cộng thêm giờ: Máy trục trặc 5 phút', null, WAIT);
  const after = await clockSeconds(page);
  check(after >= before + 290 && after <= before + 300, 'the new time: ' + before + ' s, then ' + after + ' s');
  step('proctor: a notice');
  await p.act('notice', { sbd, text: 'Nhớ kiểm tra câu đánh dấu trước khi nộp.' });
  await page.waitForFunction(() => document.getElementById('banner').textContent === 'Thông báo của giám thị: Nhớ kiểm tra câu đánh dấu trước khi nộp.', null, WAIT);
  check((await page.locator('#banner').getAttribute('role')) === 'alert', 'the banner is announced');
  await p.close();
}

// 4. One candidate of the ten: a whole exam by keyboard.
async function sit(browser, k, errors) {
  const context = await newContext(browser);
  const page = watch(await context.newPage(), errors);
  const { sbd: who, password: pw } = ten[k];
  const total = await logInAndBegin(page, base, who, pw);
  // The option's key, then N, for every question: typed in one go.
  await page.keyboard.type(('abcd'[k % 4] + 'n').repeat(total));
  await waitSaved(page);
  await page.keyboard.press('s');
  await page.waitForSelector('table.review', WAIT);
  await page.keyboard.press('s');
  await page.waitForSelector('#confirm-yes', WAIT);
  await page.keyboard.press('c');
  await page.waitForSelector('#result', WAIT);
  check((await text(page, '#result')).includes(total + '/' + total), who + '\'s result');
  await context.close();
}

async function main() {
  check(ten.length === 10, 'ten more candidates');
  const browser = await launch(out);
  const errors = [];
  try {
    const context = await newContext(browser);
    const page = watch(await context.newPage(), errors);
    const total = await weigh(page);
    await secondTab(context, page, errors);
    await proctorActions(browser, page);
    step('submit');
    await page.keyboard.press('s');
    await page.waitForSelector('table.review', WAIT);
    await page.keyboard.press('s');
    await page.waitForSelector('#confirm-yes', WAIT);
    await page.keyboard.press('c');
    await page.waitForSelector('#result', WAIT);
    check((await text(page, '#result')).includes('4/' + total), 'four answers in the result');
    step('ten candidates at once');
    const started = Date.now();
    await Promise.all(ten.map((_, k) => sit(browser, k, errors)));
    step('ten candidates done in ' + (Date.now() - started) + ' ms');
  } finally {
    await browser.close();
  }
  check(errors.length === 0, errors.join('\n'));
  step('done');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
