// A proctor's session in Debian's headless Chromium against the real khaothi-server:
// log in, open the room, watch candidates (driven by the client library from browser_test.cc)
// log in and progress live, see and acknowledge a data-error report, unlock them all, give one
// extra time, pause and resume the room, end one for a violation (after a confirmation), open the
// room report and print it. The browser runs in UTC: the page must show the centre's zone.
//
//   node proctor.js BASE_URL USER PASSWORD OUT_DIR
//
// Writes OUT_DIR/room.png (the room view) and OUT_DIR/report.pdf. Exits non-zero on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, user, password, out] = process.argv.slice(2);
const CANDIDATES = 5;
const WAIT = { timeout: 45000 };

function step(text) { console.log(new Date().toISOString() + ' ' + text); }

async function main() {
  const profile = fs.mkdtempSync(path.join(out, 'chromium-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
    ignoreHTTPSErrors: true,
    viewport: { width: 1360, height: 820 },
    locale: 'vi-VN',
    // Not the centre's zone: the page must not follow the browser's.
    timezoneId: 'UTC',
  });
  const errors = [];
  const page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  // While the test makes the server refuse an action on purpose, Chromium logs the 4xx reply.
  let refusing = false;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (refusing && /status of 4\d\d/.test(m.text())) return;
    errors.push('console: ' + m.text());
  });
  page.on('requestfailed', (r) => {
    // The page's own socket closing when we navigate away is not a failure.
    if (!r.url().includes('/ws/proctor')) errors.push('request failed: ' + r.url());
  });
  // Nothing may come from outside this server (the lab has no internet).
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith(base.replace('https:', 'wss:'))) {
      errors.push('external request: ' + r.url());
    }
  });

  const tile = (sbd) => page.locator(`.tile[data-sbd="${sbd}"]`);
  const countIn = (state) => page.locator(`.tile[data-state="${state}"]`).count();
  const waitState = (state, n) => page.waitForFunction(
      ([s, k]) => document.querySelectorAll(`.tile[data-state="${s}"]`).length === k,
      [state, n], WAIT);
  const secondsLeft = async (sbd) => {
    const t = await tile(sbd).locator('.time').textContent();
    const m = /(\d+):(\d\d)/.exec(t);
    if (!m) throw new Error('no time left in ' + t);
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const act = async (kind, fields) => {
    if (fields.sbd !== undefined) await page.selectOption('#act-sbd', fields.sbd);
    await page.selectOption('#act-kind', kind);
    if (fields.extra !== undefined) await page.fill('#act-extra', String(fields.extra));
    if (fields.minutes !== undefined) await page.fill('#act-minutes', fields.minutes);
    if (fields.text !== undefined) await page.fill('#act-text', fields.text);
    if (fields.reason !== undefined) await page.fill('#act-reason', fields.reason);
    await page.click('#act-go');
    await page.waitForFunction(() => {
      const r = document.getElementById('act-result');
      return r.textContent !== '…' && r.textContent !== '';
    }, null, WAIT);
    const result = await page.textContent('#act-result');
    if (result !== 'Đã thực hiện.') throw new Error(kind + ' was refused: ' + result);
    await page.evaluate(() => { document.getElementById('act-result').textContent = ''; });
    // Nothing of this action is left in the form for the next one.
    for (const id of ['#act-reason', '#act-text', '#act-minutes']) {
      if ((await page.inputValue(id)) !== '') throw new Error(id + ' still filled after ' + kind);
    }
  };
  // An action the server refuses: the page shows `want`, in Vietnamese.
  const refused = async (kind, fields, want) => {
    if (fields.sbd !== undefined) await page.selectOption('#act-sbd', fields.sbd);
    await page.selectOption('#act-kind', kind);
    if (fields.reason !== undefined) await page.fill('#act-reason', fields.reason);
    refusing = true;
    await page.click('#act-go');
    await page.waitForFunction(() => {
      const r = document.getElementById('act-result');
      return r.textContent !== '…' && r.textContent !== '';
    }, null, WAIT);
    await page.waitForTimeout(200);
    refusing = false;
    const result = await page.textContent('#act-result');
    if (result !== want) throw new Error(kind + ': expected "' + want + '", got "' + result + '"');
    await page.evaluate(() => { document.getElementById('act-result').textContent = ''; });
  };
  // Dialogs: the test says what to answer to the next confirmation; an unexpected one fails.
  let answer = null;
  const asked = [];
  page.on('dialog', async (d) => {
    asked.push(d.message());
    if (answer === null) { errors.push('unexpected dialog: ' + d.message()); await d.dismiss(); return; }
    if (answer) await d.accept(); else await d.dismiss();
    answer = null;
  });

  step('login page');
  await page.goto(base + '/');
  if (!(await page.textContent('h1')).includes('khaothi')) throw new Error('no login page');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('#login')]);
  if (!page.url().endsWith('/rooms')) {
    throw new Error('login failed at ' + page.url() + ': ' + await page.textContent('body'));
  }
  step('rooms');
  await Promise.all([page.waitForURL('**/room/S1/P101'), page.click('a.room-link')]);
  await page.waitForSelector('#live.on', WAIT);
  await page.waitForSelector('.tile[data-sbd="TS001"]', WAIT);
  step('candidates appear live');
  await waitState('waiting', CANDIDATES);

  step('clock times in the centre\'s zone');
  {
    const text = await tile('TS001').locator('.contact').textContent();
    const m = /(\d\d):(\d\d):(\d\d)/.exec(text);
    if (!m) throw new Error('no contact time in ' + text);
    const hcm = (ms) => (new Date(ms).getUTCHours() + 7) % 24;
    const now = Date.now();
    if (Number(m[1]) !== hcm(now) && Number(m[1]) !== hcm(now - 60000)) {
      throw new Error('contact time ' + text + ' is not in Asia/Ho_Chi_Minh');
    }
  }

  step('a data-error report shows until acknowledged');
  await page.waitForFunction(() => {
    const r = document.querySelector('.tile[data-sbd="TS004"] .report');
    return r && r.textContent.includes('Sai nơi sinh');
  }, null, WAIT);
  await refused('ack_report', { sbd: 'TS005', reason: 'Đã kiểm tra' },
                'Thí sinh TS005 không có báo sai thông tin nào chưa xử lý.');
  await act('ack_report', { sbd: 'TS004', reason: 'Đã ghi nhận, sửa sau buổi thi' });
  await page.waitForFunction(
      () => !document.querySelector('.tile[data-sbd="TS004"] .report'), null, WAIT);
  if ((await tile('TS004').locator('.inc').textContent()) !== '1 sự việc') {
    throw new Error('the report is an incident of TS004');
  }
  await refused('resume_room', { reason: 'Thử' }, 'Phòng thi không tạm dừng.');

  step('unlock all');
  await act('unlock_all', { reason: 'Đã đối chiếu CCCD với ảnh' });
  await waitState('in_progress', CANDIDATES);
  step('progress live');
  const answered = async (sbd) => Number(
      (await tile(sbd).locator('.answered').textContent()).split('/')[0]);
  const first = await answered('TS001');
  await page.waitForFunction(([n]) => {
    const t = document.querySelector('.tile[data-sbd="TS001"] .answered');
    return t && Number(t.textContent.split('/')[0]) > n + 1;
  }, [first], WAIT);

  step('extra time for TS002');
  await tile('TS002').click();
  const before = await secondsLeft('TS002');
  await act('extend', { extra: 10, reason: 'Máy PC-TS002 bị treo, khởi động lại' });
  await page.waitForFunction(([s]) => {
    const t = document.querySelector('.tile[data-sbd="TS002"] .time').textContent;
    const m = /(\d+):(\d\d)/.exec(t);
    return m && Number(m[1]) * 60 + Number(m[2]) > s + 9 * 60;
  }, [before], WAIT);
  const after = await secondsLeft('TS002');
  step(`TS002 time left ${before}s -> ${after}s`);

  await page.waitForFunction(() => {
    const t = document.querySelector('.tile[data-sbd="TS003"] .answered');
    return t && Number(t.textContent.split('/')[0]) >= 3;
  }, null, WAIT);

  step('pause the room');
  await act('pause_room', { reason: 'Mất điện tầng 2' });
  await waitState('suspended', CANDIDATES);
  await page.waitForSelector('#room-state', WAIT);
  step('resume the room');
  await act('resume_room', { reason: 'Đã có điện lại' });
  await waitState('in_progress', CANDIDATES);

  step('end TS003 for a violation, after a confirmation');
  await tile('TS003').click();
  if ((await page.inputValue('#act-sbd')) !== 'TS003') throw new Error('tile click did not select');
  const minutes = 'Lúc 9 giờ 40, thí sinh TS003 dùng điện thoại tra cứu. ' +
                  'Cán bộ coi thi đã lập biên bản, thí sinh ký xác nhận.';
  // Declined: nothing is sent and the form keeps what was typed.
  await page.selectOption('#act-kind', 'end');
  await page.fill('#act-minutes', minutes);
  await page.fill('#act-reason', 'Sử dụng điện thoại');
  answer = false;
  await page.click('#act-go');
  await page.waitForTimeout(1500);
  if (asked.length !== 1 || !asked[0].includes('TS003')) throw new Error('no confirmation: ' + asked);
  if ((await page.textContent('#act-result')) !== '') throw new Error('declined but sent');
  if ((await tile('TS003').getAttribute('data-state')) !== 'in_progress') throw new Error('ended');
  if ((await page.inputValue('#act-minutes')) !== minutes) throw new Error('minutes lost');
  answer = true;
  await act('end', { reason: 'Sử dụng điện thoại', minutes });
  if (asked.length !== 2) throw new Error('the second try was not confirmed');
  if ((await page.inputValue('#act-kind')) !== 'unlock') throw new Error('"end" stays selected');
  await page.waitForFunction(() => {
    const t = document.querySelector('.tile[data-sbd="TS003"]');
    return t && t.dataset.state === 'ended' && t.querySelector('.inc') &&
           t.querySelector('.inc').textContent === '1 sự việc' &&
           t.querySelector('.state').textContent === 'Đình chỉ thi';
  }, null, WAIT);
  if ((await countIn('in_progress')) !== CANDIDATES - 1) throw new Error('others should sit on');
  // Extra time is a routine action, not an incident.
  if ((await tile('TS002').locator('.inc').count()) !== 0) throw new Error('TS002 has no incident');
  await page.selectOption('#act-kind', 'notice_all');
  await page.screenshot({ path: path.join(out, 'room.png') });

  step('room report');
  await Promise.all([page.waitForURL('**/report'), page.click('#report-link')]);
  const report = await page.textContent('main');
  for (const want of ['BIÊN BẢN PHÒNG THI', 'Đình chỉ (vi phạm)', 'Mất điện tầng 2',
                      'Máy PC-TS002 bị treo', 'thí sinh TS003 dùng điện thoại',
                      'Mở khóa tất cả', 'Cộng thêm giờ', 'Sai nơi sinh', 'Cán bộ lan',
                      'Thí sinh TS004', 'Asia/Ho_Chi_Minh (UTC+07:00)']) {
    if (!report.includes(want)) throw new Error('the report lacks ' + want);
  }
  if (report.includes('proctor:lan')) throw new Error('the report names proctor:lan');
  const incidents = await page.textContent('#report-incidents');
  if (incidents.includes('Cộng thêm giờ') || !incidents.includes('Đình chỉ thi (vi phạm)')) {
    throw new Error('routine actions are listed as incidents: ' + incidents);
  }
  // The print button calls the browser's print; the PDF is what the printer would get.
  await page.evaluate(() => { window.__printed = false; window.print = () => { window.__printed = true; }; });
  await page.click('#print');
  if (!(await page.evaluate(() => window.__printed))) throw new Error('print was not called');
  await page.emulateMedia({ media: 'print' });
  if (await page.isVisible('#print')) throw new Error('the print button shows on paper');
  await page.pdf({ path: path.join(out, 'report.pdf'), format: 'A4', printBackground: true });

  step('English');
  await page.goto(base + '/room/S1/P101');
  await Promise.all([page.waitForURL('**/room/S1/P101'), page.click('#lang-switch')]);
  await page.waitForSelector('#count-in_progress', WAIT);
  if (!(await page.textContent('#counts')).includes('In progress')) throw new Error('no English');
  await page.waitForSelector('.tile[data-sbd="TS003"] .inc', WAIT);
  const english = await tile('TS003').locator('.inc').textContent();
  if (english !== '1 incident') throw new Error('English tile says ' + english);
  if ((await tile('TS003').locator('.state').textContent()) !== 'Ended (violation)') {
    throw new Error('no English state for an ended candidate');
  }
  await refused('resume_room', { reason: 'x' }, 'The room is not paused.');

  await browser.close();
  if (errors.length) throw new Error(errors.join('\n'));
  step('done');
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
