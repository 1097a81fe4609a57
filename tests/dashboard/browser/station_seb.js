// The browser station (/thi/) behind "require SEB" (docs/seb.md), in Debian's headless Chromium,
// as close to Safe Exam Browser as a Linux machine gets. SEB itself runs only on Windows, macOS
// and iOS; this plays its two proofs the way SEB 3 gives them:
//  - every HTTP request carries X-SafeExamBrowser-ConfigKeyHash = SHA-256(request URL without
//    fragment + Config Key), computed per request URL by route interception;
//  - the page finds window.SafeExamBrowser.security.configKey (the same hash over the page's own
//    URL) set before its scripts run; the page passes it on the WebSocket, whose upgrade carries
//    no header (SEB for Windows adds none there either).
// The Config Key is read from the .seb file khaothi wrote, recomputed here from its settings by
// SEB's own rule would need a plist parser: the driver passes the key the CLI printed instead.
//
//   node station_seb.js BASE_URL OUT_DIR SEB_FILE CONFIG_KEY SBD PASSWORD
//
// 1. Ordinary Chromium: the refusal page, with no form and no script.
// 2. The header without the JavaScript API: the page loads, its WebSocket is refused.
// 3. Both: login; prints "WAITING" at the unlock wait (the driver unlocks the seat and checks the
//    proctor's tile) and goes on once unlocked; answers, submits; the final screen links to the
//    .seb file's quitURL.
// Writes OUT_DIR/station-seb-refused.png, station-login.png, station-waiting.png. Exits non-zero
// on any failure.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, out, sebFile, configKey, sbd, password] = process.argv.slice(2);
const WAIT = { timeout: 30000 };

function step(text) { console.log(new Date().toISOString() + ' ' + text); }
function check(ok, what) { if (!ok) throw new Error('check failed: ' + what); }
const hash = (url) => crypto.createHash('sha256').update(url.split('#')[0] + configKey).digest('hex');

// A browser context that sends the header on every request (as SEB does on navigation and on
// the page's own requests) and, when `jsApi`, exposes SEB's JavaScript API value.
async function sebContext(browser, jsApi, errors) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 } });
  await context.route('**/*', (route) => {
    const headers = { ...route.request().headers(), 'x-safeexambrowser-configkeyhash': hash(route.request().url()) };
    return route.continue({ headers });
  });
  if (jsApi) {
    // SEB computes the value for whatever page it shows; the test knows the pages it opens.
    const keys = {};
    for (const p of ['/thi/', '/thi/?lang=en']) keys[base + p] = hash(base + p);
    await context.addInitScript((k) => {
      window.SafeExamBrowser = { version: 'khaothi-test', security: { configKey: k[location.href.split('#')[0]] } };
    }, keys);
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  return { context, page };
}

async function main() {
  const quitUrl = /<key>quitURL<\/key>\s*<string>([^<]+)<\/string>/.exec(fs.readFileSync(sebFile, 'utf8'));
  check(quitUrl, 'the .seb file has a quitURL');
  const errors = [];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--ignore-certificate-errors'],
  });
  try {
    step('ordinary Chromium: refused');
    const plain = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 } });
    const refusedPage = await plain.newPage();
    const res = await refusedPage.goto(base + '/thi/');
    check(res.status() === 403, 'status ' + res.status());
    check((await refusedPage.locator('h1').innerText()) === 'Cần mở bằng Safe Exam Browser', 'the refusal title');
    check(await refusedPage.evaluate(() => !document.querySelector('form, input, button, script')),
      'the refusal page has no form and no script');
    await refusedPage.screenshot({ path: path.join(out, 'station-seb-refused.png') });
    await plain.close();

    step('the header without the JavaScript API: the page, but no socket');
    const half = await sebContext(browser, false, errors);
    check((await half.page.goto(base + '/thi/')).status() === 200, 'the page is served on the header');
    await half.page.waitForSelector('#sbd', WAIT);
    await half.page.waitForTimeout(1500);
    check((await half.page.locator('#conn').innerText()) !== 'Đã kết nối',
      'the WebSocket was refused: ' + (await half.page.locator('#conn').innerText()));
    await half.context.close();

    step('SEB: header and JavaScript API');
    const { page } = await sebContext(browser, true, errors);
    check((await page.goto(base + '/thi/')).status() === 200, 'the page is served');
    await page.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', null, WAIT);
    await page.screenshot({ path: path.join(out, 'station-login.png') });
    await page.fill('#sbd', sbd);
    await page.fill('#password', password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#data-right', WAIT);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('main').textContent.includes('Chờ giám thị mở bài thi'), null, WAIT);
    await page.screenshot({ path: path.join(out, 'station-waiting.png') });
    console.log('WAITING');
    await page.waitForSelector('#begin', { timeout: 60000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('#qtitle', WAIT);
    await page.keyboard.press('a');
    await page.waitForFunction(() => {
      const c = document.getElementById('conn').textContent;
      return c.startsWith('Đã kết nối') && !c.includes('đang lưu');
    }, null, WAIT);
    await page.keyboard.press('s');
    await page.waitForSelector('table.review', WAIT);
    await page.keyboard.press('s');
    await page.waitForSelector('#confirm-yes', WAIT);
    await page.keyboard.press('c');
    await page.waitForSelector('#result', WAIT);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#final', WAIT);
    const href = await page.locator('#seb-quit').getAttribute('href');
    check(href === quitUrl[1], 'the quit link ' + href + ' is the .seb file\'s quitURL ' + quitUrl[1]);
    check(errors.length === 0, errors.join('\n'));
    step('done');
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
