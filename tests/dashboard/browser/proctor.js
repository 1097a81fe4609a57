// A proctor's session in Debian's headless Chromium against the real khaothi-server:
// log in, open the room, watch candidates (driven by the client library from browser_test.cc)
// log in and progress live, unlock them all, give one extra time, pause and resume the room,
// end one for a violation, open the room report and print it.
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
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const errors = [];
  const page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
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
  };

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

  step('end TS003 for a violation');
  await tile('TS003').click();
  if ((await page.inputValue('#act-sbd')) !== 'TS003') throw new Error('tile click did not select');
  await act('end', { reason: 'Sử dụng điện thoại',
                     minutes: 'Lúc 9 giờ 40, thí sinh TS003 dùng điện thoại tra cứu. ' +
                              'Cán bộ coi thi đã lập biên bản, thí sinh ký xác nhận.' });
  await page.waitForFunction(() => {
    const t = document.querySelector('.tile[data-sbd="TS003"]');
    return t && t.dataset.state === 'submitted' && t.querySelector('.inc');
  }, null, WAIT);
  if ((await countIn('in_progress')) !== CANDIDATES - 1) throw new Error('others should sit on');
  const inc = await tile('TS002').locator('.inc').textContent();
  if (!inc.startsWith('1 ')) throw new Error('TS002 should have one incident, not ' + inc);
  await page.selectOption('#act-kind', 'notice_all');
  await page.screenshot({ path: path.join(out, 'room.png') });

  step('room report');
  await Promise.all([page.waitForURL('**/report'), page.click('#report-link')]);
  const report = await page.textContent('main');
  for (const want of ['BIÊN BẢN PHÒNG THI', 'Đình chỉ (vi phạm)', 'Mất điện tầng 2',
                      'Máy PC-TS002 bị treo', 'thí sinh TS003 dùng điện thoại',
                      'Mở khóa tất cả', 'Cộng thêm giờ']) {
    if (!report.includes(want)) throw new Error('the report lacks ' + want);
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

  await browser.close();
  if (errors.length) throw new Error(errors.join('\n'));
  step('done');
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
