// The practical at the browser station (/thi/) in Debian's headless Chromium against the real
// khaothi-server process (station_practical_browser_test.cc starts, stops, kills and restarts it):
//  1. log in, hand in the theory, begin the practical;
//  2. the spreadsheet task's instructions on screen and its starter file downloaded: the bytes are
//     the bank's (question-bank/data/practical/IU04-A/ban-hang.xlsx);
//  3. two versions of ban-hang.xlsx handed in (the second picked as "ban-hang (1).xlsx", a
//     browser's copy name), both listed with their short hashes, and again after a reload;
//  4. a file of a type not allowed and one over 10 MB refused in words, before any byte is sent;
//  5. with the server stopped (SIGSTOP) a .docx named in Vietnamese is handed in: pending, shown
//     as such; the server is SIGKILLed and restarted, and the hand-in completes on its own;
//  6. the practical handed in by keyboard; the files to be marked listed.
//
//   node station_practical.js BASE_URL OUT_DIR SBD PASSWORD SOURCE_DIR
//
// Prints "STOP" when the server should be stopped (the test then creates OUT_DIR/stopped) and
// "KILL" when it should be killed and restarted. Writes OUT_DIR/station-practical.png. Exits
// non-zero on any failure.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, out, sbd, password, source] = process.argv.slice(2);
const WAIT = { timeout: 30000 };
const corpus = (f) => fs.readFileSync(path.join(source, 'question-bank/data/practical', f));
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

function step(text) { console.log(new Date().toISOString() + ' ' + text); }
function check(ok, what) { if (!ok) throw new Error('check failed: ' + what); }
const row = (name, version) => '[id="work-' + name + '-' + version + '"]';

// The number key of the task whose id starts with `module`.
async function taskKey(page, module) {
  const tabs = await page.locator('.tasks button').allInnerTexts();
  const i = tabs.findIndex((x) => x.includes(module));
  check(i >= 0, module + ' among the tasks: ' + tabs.join(' | '));
  return String(i + 1);
}
async function showTask(page, module) {
  await page.keyboard.press(await taskKey(page, module));
  await page.waitForFunction((m) => document.getElementById('task-title').textContent.includes(m), module, WAIT);
}

async function run(page) {
  const starter = corpus('IU04-A/ban-hang.xlsx');
  const model = corpus('IU04-A/loi-giai.xlsx');
  const letter = corpus('IU03-A/loi-giai.docx');

  step('log in and hand in the theory');
  await page.goto(base + '/thi/');
  await page.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', null, WAIT);
  await page.fill('#sbd', sbd);
  await page.fill('#password', password);
  await page.click('#login-button');
  await page.click('#data-right', WAIT);
  await page.click('#begin', WAIT);
  await page.waitForSelector('#qtitle', WAIT);
  await page.keyboard.press('s');
  await page.keyboard.press('s');
  await page.keyboard.press('c');
  await page.waitForSelector('#practical-start:focus', WAIT);
  check((await page.locator('#result').innerText()).includes('phần thi thực hành'), 'the result announces the practical');
  await page.keyboard.press('t');
  await page.waitForSelector('#practical', WAIT);

  step('the spreadsheet task: instructions and starter');
  await showTask(page, 'IU04');
  await page.waitForSelector('a#starter-0', WAIT);
  const instructions = corpus('IU04-A/de-bai.md').toString('utf8');
  await page.waitForFunction((text) => document.getElementById('instructions').textContent === text, instructions, WAIT);
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#starter-0')]);
  check(download.suggestedFilename() === 'ban-hang.xlsx', 'the starter\'s name: ' + download.suggestedFilename());
  check(fs.readFileSync(await download.path()).equals(starter), 'the starter\'s bytes are the bank\'s');
  const limits = await page.locator('#limits').innerText();
  check(limits.includes('.docx') && limits.includes('.xlsx') && limits.includes('10 MB') && limits.includes('8 tệp'),
    'the limits before the upload: ' + limits);

  step('two versions of ban-hang.xlsx');
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  await page.setInputFiles('#work-input', { name: 'ban-hang.xlsx', mimeType: xlsx, buffer: starter });
  await page.waitForSelector(row('ban-hang.xlsx', 1), WAIT);
  await page.setInputFiles('#work-input', { name: 'ban-hang (1).xlsx', mimeType: xlsx, buffer: model });
  await page.waitForSelector(row('ban-hang.xlsx', 2), WAIT);
  const versions = async () => [await page.locator(row('ban-hang.xlsx', 1)).innerText(),
    await page.locator(row('ban-hang.xlsx', 2)).innerText()];
  let [v1, v2] = await versions();
  check(v1.includes(sha(starter).slice(0, 8)) && v1.includes('✓'), 'version 1: ' + v1);
  check(v2.includes(sha(model).slice(0, 8)) && v2.includes('bản được chấm'), 'version 2: ' + v2);

  step('refusals before any byte is sent');
  await page.setInputFiles('#work-input', { name: 'bai-lam.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') });
  await page.waitForSelector('tr.refused', WAIT);
  check((await page.locator('tr.refused').innerText()).includes('không nhận: loại tệp .pdf không được phép'),
    'the wrong type in words: ' + (await page.locator('tr.refused').innerText()));
  // One byte over 10 MiB, as a sparse file on disk: a path is handed to the browser at once.
  const big = path.join(out, 'lon.docx');
  fs.closeSync(fs.openSync(big, 'w'));
  fs.truncateSync(big, 10485761);
  await page.setInputFiles('#work-input', big);
  await page.waitForFunction(() => document.querySelectorAll('tr.refused').length === 2, null, WAIT);
  const over = await page.locator('tr.refused').nth(1).innerText();
  check(over.includes('lớn hơn 10 MB'), 'the size in words: ' + over);

  step('reload');
  await page.reload();
  await page.waitForSelector('#practical', WAIT);
  await page.waitForSelector(row('ban-hang.xlsx', 2), WAIT);
  [v1, v2] = await versions();
  check(v1.includes(sha(starter).slice(0, 8)) && v2.includes(sha(model).slice(0, 8)), 'both versions after the reload');

  step('STOP');
  for (let i = 0; i < 600 && !fs.existsSync(path.join(out, 'stopped')); i++) await page.waitForTimeout(50);
  check(fs.existsSync(path.join(out, 'stopped')), 'the server was stopped');
  await showTask(page, 'IU03');
  const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  await page.setInputFiles('#work-input', { name: 'Thư mời (1).docx', mimeType: docx, buffer: letter });
  await page.waitForSelector('tr.pending', WAIT);
  const pending = await page.locator('tr.pending').innerText();
  check(pending.includes('Thu-moi.docx') && pending.includes('…'), 'pending while the server is stopped: ' + pending);
  check((await page.locator('#conn').innerText()).includes('1 đang lưu'), 'the pending count');
  step('KILL');
  await page.waitForSelector(row('Thu-moi.docx', 1), WAIT);
  check((await page.locator(row('Thu-moi.docx', 1)).innerText()).includes(sha(letter).slice(0, 8)), 'the hand-in after the restart');
  check((await page.locator('tr.pending').count()) === 0, 'nothing pending');

  await showTask(page, 'IU04');
  await page.screenshot({ path: path.join(out, 'station-practical.png'), fullPage: true });
  await page.setViewportSize({ width: 683, height: 384 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 683, 'no horizontal scrolling at 683×384 (' + wide + ')');
  await page.setViewportSize({ width: 1366, height: 768 });

  step('hand in the practical');
  await page.keyboard.press('n');
  await page.waitForSelector('#practical-yes', WAIT);
  await page.keyboard.press('c');
  await page.waitForSelector('#practical-ended', WAIT);
  const ended = await page.locator('#practical-ended').innerText();
  check(ended.includes('Bạn đã nộp bài thực hành') && ended.includes('Thu-moi.docx') && ended.includes('ban-hang.xlsx'), 'the end: ' + ended);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#final', WAIT);
}

async function main() {
  const profile = fs.mkdtempSync(path.join(out, 'chromium-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
  });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('console', (m) => {
      // The reconnects while the server is down log failed WebSocket connections.
      if (m.type() === 'error' && !/WebSocket/.test(m.text())) errors.push('console: ' + m.text());
    });
    await run(page);
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
