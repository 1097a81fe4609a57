// Candidates at the browser station (/thi/) in Debian's headless Chromium against the real
// khaothi-server process (station_browser_test.cc starts, kills and restarts it):
//  1. a whole exam by keyboard only, from login to the final screen, with one flag;
//  2. a reload mid-exam resumes the same attempt at the same question with the saved answers;
//  3. the server is SIGKILLed mid-exam: answers clicked while it is down are shown pending, and
//     are saved once it is back (the page reconnects, logs in again and resends them).
//
//   node station.js BASE_URL OUT_DIR SBD1 PASSWORD1 SBD2 PASSWORD2
//
// Prints "KILL" when the server should be killed and "RESTART" when it should come back; the
// test waits for those lines. Writes OUT_DIR/station-exam.png and OUT_DIR/station-zoom.png.
// Exits non-zero on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, out, sbd1, password1, sbd2, password2] = process.argv.slice(2);
const WAIT = { timeout: 30000 };

function step(text) { console.log(new Date().toISOString() + ' ' + text); }
function check(ok, what) { if (!ok) throw new Error('check failed: ' + what); }

async function newPage(browser, errors) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => {
    // The reconnects while the server is down log failed WebSocket connections.
    if (m.type() === 'error' && !/WebSocket/.test(m.text())) errors.push('console: ' + m.text());
  });
  return page;
}

const connText = (page) => page.locator('#conn').innerText();
async function waitSaved(page) {
  await page.waitForFunction(() => {
    const c = document.getElementById('conn').textContent;
    return c.startsWith('Đã kết nối') && !c.includes('đang lưu');
  }, null, WAIT);
}

// 1. Keyboard only.
async function keyboardExam(page) {
  step('keyboard: log in');
  await page.goto(base + '/thi/');
  await page.waitForSelector('#sbd:focus', WAIT);
  await page.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', null, WAIT);
  await page.keyboard.type(sbd1.toLowerCase());  // spaces and lower case are the server's to ignore
  await page.keyboard.press('Tab');
  await page.keyboard.type(password1);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#data-right', WAIT);
  const data = await page.locator('dl.data').innerText();
  check(data.includes(sbd1), 'the personal data shows the sbd: ' + data);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#begin', WAIT);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#qtitle', WAIT);
  const total = Number((await page.locator('#qtitle').innerText()).split('/')[1]);
  check(total > 5, 'the form has questions');
  step('keyboard: answer ' + total + ' questions');
  for (let i = 0; i < total; i++) {
    await page.keyboard.press(i % 2 === 0 ? 'a' : '2');
    if (i === 1) await page.keyboard.press('f');
    await page.keyboard.press('n');
  }
  // G 3 Enter goes to question 3; its option is chosen, shown with a symbol and in words.
  await page.keyboard.press('g');
  await page.keyboard.press('3');
  await page.keyboard.press('Enter');
  check((await page.locator('#qtitle').innerText()) === 'Câu 3/' + total, 'G 3 Enter');
  check((await page.locator('#option-0').getAttribute('aria-checked')) === 'true',
    'A chosen on 3: ' + (await page.locator('#main').innerText()));
  await waitSaved(page);
  check((await page.locator('#nav-1').innerText()).includes('✓⚑'), 'the flag in the navigator');
  check((await page.locator('#nav-1').getAttribute('aria-label')).includes('đánh dấu xem lại'),
    'the flag said in words');
  await page.screenshot({ path: path.join(out, 'station-exam.png') });
  step('keyboard: review, confirm, submit');
  await page.keyboard.press('s');
  await page.waitForSelector('table.review', WAIT);
  check((await page.locator('#main').innerText()).includes('Đã trả lời ' + total + '/' + total),
    'the review counts every answer');
  await page.keyboard.press('s');
  await page.waitForSelector('#confirm-yes', WAIT);
  await page.keyboard.press('c');
  await page.waitForSelector('#result', WAIT);
  check((await page.locator('#result').innerText()).includes(total + '/' + total), 'result');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#final', WAIT);
}

// 2 and 3. A reload, then the server killed and restarted.
async function reloadAndCrash(page) {
  step('mouse: log in and answer three questions');
  await page.goto(base + '/thi/');
  // In English, to see the toggle work; the rest of this page's checks read ids and symbols.
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en', null, WAIT);
  await page.fill('#sbd', sbd2);
  await page.fill('#password', password2);
  await page.click('#login-button');
  await page.click('#data-right', WAIT);
  await page.click('#begin', WAIT);
  await page.waitForSelector('#qtitle', WAIT);
  for (let i = 0; i < 3; i++) {
    await page.click('#nav-' + i);
    await page.click('#option-' + (i + 1));
  }
  await page.waitForFunction(() => {
    const c = document.getElementById('conn').textContent;
    return c.startsWith('Connected') && !c.includes('saving');
  }, null, WAIT);

  step('reload mid-exam');
  await page.reload();
  await page.waitForSelector('#qtitle', WAIT);
  check((await page.locator('#qtitle').innerText()).startsWith('Question 3/'), 'the same question');
  check((await page.locator('#option-3').getAttribute('aria-checked')) === 'true', 'its answer');
  for (let i = 0; i < 3; i++) {
    check((await page.locator('#nav-' + i).innerText()).includes('✓'), 'answer ' + i + ' kept');
  }

  step('KILL');
  await page.waitForFunction(() => document.getElementById('conn').textContent.startsWith('Disconnected'), null, WAIT);
  await page.click('#nav-3');
  await page.click('#option-0');
  await page.click('#nav-4');
  await page.click('#option-1');
  check((await page.locator('#nav-3').innerText()).includes('…'), 'pending while down');
  check((await connText(page)).includes('2 saving'), 'the pending count');
  step('RESTART');
  await page.waitForFunction(() => {
    const c = document.getElementById('conn').textContent;
    return c.startsWith('Connected') && !c.includes('saving');
  }, null, WAIT);
  check((await page.locator('#nav-3').innerText()).includes('✓'), 'answer 3 saved');
  check((await page.locator('#nav-4').innerText()).includes('✓'), 'answer 4 saved');
  // Readable at 200 % zoom: the question and its options still fit the width.
  await page.setViewportSize({ width: 683, height: 384 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 683, 'no horizontal scrolling at 200 % zoom (' + wide + ')');
  await page.screenshot({ path: path.join(out, 'station-zoom.png') });
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
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
  });
  const errors = [];
  try {
    await keyboardExam(await newPage(browser, errors));
    await reloadAndCrash(await newPage(browser, errors));
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
