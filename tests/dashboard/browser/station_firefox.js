// The browser station (/thi/) in Debian's Firefox ESR, driven over WebDriver BiDi by
// puppeteer-core (no browser download: /usr/bin/firefox-esr), against the real khaothi-server
// that station_browser_test.cc starts, in the second engine the page must work in:
//  - keyboard: a whole exam by keyboard only, from login to the final screen;
//  - timeup: time runs out while the station's tab is in the background (another tab in front:
//    headless Firefox hides the tab and throttles its timers as a desktop does, which headless
//    Chromium does not); the server submits at the deadline by itself, and when the tab comes
//    back it shows the result ("Hết giờ") with nothing left to resume. The test gives the
//    session a duration of a few seconds.
//
//   node station_firefox.js BASE_URL OUT_DIR keyboard|timeup SBD PASSWORD
//
// The server's certificate is the test's own CA's: the BiDi session accepts it
// (acceptInsecureCerts). Firefox runs with the preferences below, so that it sends nothing to
// Mozilla (the test machine has no network, and a lab PC must not either). Writes
// OUT_DIR/station-firefox.png. Exits non-zero on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [base, out, mode, sbd, password] = process.argv.slice(2);
const WAIT = { timeout: 30000 };

function step(text) { console.log(new Date().toISOString() + ' ' + text); }
function check(ok, what) { if (!ok) throw new Error('check failed: ' + what); }

// Nothing leaves the machine: no updates, telemetry, crash reports, captive-portal or
// connectivity checks, safe-browsing lists, remote settings, add-on or experiment downloads,
// DNS prefetch or speculative connections. puppeteer-core sets many of these already; they are
// repeated here so that the list is the project's own (docs/testing.md).
const OFFLINE_PREFS = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.aboutHomeSnippets.updateUrl': '',
  'browser.discovery.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.ping-centre.telemetry': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.tabs.remote.separatePrivilegedMozillaWebContentProcess': false,
  'captivedetect.canonicalURL': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
  'toolkit.crashreporter.enabled': false,
  // Vietnamese first, as at a lab PC in Vietnam; the page's own default is Vietnamese anyway.
  'intl.accept_languages': 'vi-VN, vi, en',
};

async function textOf(page, selector) {
  return page.$eval(selector, (e) => e.innerText);
}

const waitSaved = (page) => page.waitForFunction(() => {
  const c = document.getElementById('conn').textContent;
  return c.startsWith('Đã kết nối') && !c.includes('đang lưu');
}, WAIT);

// Login, personal data and rules by keyboard; the number of questions.
async function logInAndBegin(page) {
  step('firefox: log in by keyboard');
  await page.goto(base + '/thi/');
  await page.waitForSelector('#sbd', WAIT);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'sbd', WAIT);
  await page.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', WAIT);
  await page.keyboard.type(sbd);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#data-right', WAIT);
  check((await textOf(page, 'dl.data')).includes(sbd), 'the personal data shows the sbd');
  step('firefox: data, rules');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#begin', WAIT);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#qtitle', WAIT);
  const total = Number((await textOf(page, '#qtitle')).split('/')[1]);
  check(total > 5, 'the form has questions');
  return total;
}

async function keyboardExam(browser, page) {
  const total = await logInAndBegin(page);
  step('firefox: answer ' + total + ' questions, flag question 2');
  for (let i = 0; i < total; i++) {
    // Question 1 by the option cursor (↓ Enter), the others by letter and by number.
    if (i === 0) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.press(i % 2 === 0 ? 'c' : '1');
    }
    if (i === 1) await page.keyboard.press('f');
    await page.keyboard.press('n');
  }
  await page.keyboard.press('Home');
  check((await textOf(page, '#qtitle')) === 'Câu 1/' + total, 'Home goes to the first question');
  check((await page.$eval('#option-1', (e) => e.getAttribute('aria-checked'))) === 'true', '↓ Enter chose B');
  await waitSaved(page);
  check((await textOf(page, '#nav-1')).includes('✓⚑'), 'the flag in the navigator');
  await page.screenshot({ path: path.join(out, 'station-firefox.png') });
  step('firefox: review, confirm, result, final');
  await page.keyboard.press('s');
  await page.waitForSelector('table.review', WAIT);
  check((await textOf(page, '#main')).includes('Đã trả lời ' + total + '/' + total), 'the review counts');
  await page.keyboard.press('s');
  await page.waitForSelector('#confirm-yes', WAIT);
  await page.keyboard.press('c');
  await page.waitForSelector('#result', WAIT);
  check((await textOf(page, '#result')).includes(total + '/' + total), 'the result');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#final', WAIT);
}

async function timeUpInTheBackground(browser, page) {
  const total = await logInAndBegin(page);
  step('firefox: answer two questions');
  await page.keyboard.press('a');
  await page.keyboard.press('n');
  await page.keyboard.press('b');
  await waitSaved(page);
  step('firefox: another tab to the front');
  const other = await browser.newPage();
  await other.bringToFront();
  await page.waitForFunction(() => document.visibilityState === 'hidden', { polling: 100, ...WAIT });
  // The server's clock, not the page's, ends the exam.
  await page.waitForFunction(() => document.getElementById('result') !== null, { polling: 250, timeout: 60000 });
  check((await page.evaluate(() => document.visibilityState)) === 'hidden', 'still in the background');
  step('firefox: the station\'s tab back to the front');
  await page.bringToFront();
  await page.waitForFunction(() => document.visibilityState === 'visible', WAIT);
  const result = await textOf(page, '#result');
  check(result.includes('Hết giờ: bài được nộp tự động.'), 'submitted by the clock: ' + result);
  check(result.includes('2/' + total), 'two answers: ' + result);
  check((await textOf(page, '#clock')) === '', 'no clock after the result');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#final', WAIT);
  check((await page.evaluate(() => sessionStorage.getItem('khaothi-station'))) === null, 'nothing to resume');
}

async function main() {
  const profile = fs.mkdtempSync(path.join(out, 'firefox-profile-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    acceptInsecureCerts: true,
    extraPrefsFirefox: OFFLINE_PREFS,
    defaultViewport: { width: 1366, height: 768 },
    // A release build ignores services.settings.server unless this is set; without it Firefox
    // looks up firefox.settings.services.mozilla.com at start.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
  });
  const errors = [];
  try {
    step('firefox ' + (await browser.version()));
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    if (mode === 'keyboard') await keyboardExam(browser, page);
    else if (mode === 'timeup') await timeUpInTheBackground(browser, page);
    else throw new Error('unknown mode ' + mode);
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
