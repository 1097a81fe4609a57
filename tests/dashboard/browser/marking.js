// Double marking in Debian's headless Chromium against the real khaothi-server: the first marker
// logs in, lands on the list of work assigned to them, opens one task by its marking code,
// downloads the work file, enters a mark per line and saves; the second marker marks the same
// task far apart, seeing nothing of the first; the chair opens the marking pages from the rooms
// page, sees both and decides.
//
//   node marking.js BASE_URL CASE_PATH FIRST SECOND CHAIR PASSWORD OUT_DIR
//
// CASE_PATH is /marking/S1/CODE/SUBPART; every account has PASSWORD. Writes OUT_DIR/marker.png
// (the first marker's page after saving) and OUT_DIR/chair.png (the chair's page before
// deciding). Exits non-zero on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [base, casePath, first, second, chair, password, out] = process.argv.slice(2);
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
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'UTC',
  });
  const errors = [];
  const page = browser.pages()[0] || await browser.newPage();
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) errors.push('external request: ' + r.url());
  });

  const logIn = async (user, landing) => {
    await page.goto(base + '/');
    await page.fill('#username', user);
    await page.fill('#password', password);
    await Promise.all([page.waitForNavigation(), page.click('#login')]);
    if (!page.url().endsWith(landing)) {
      throw new Error(user + ' landed on ' + page.url() + ': ' + await page.textContent('body'));
    }
  };
  const logOut = async () => {
    await Promise.all([page.waitForNavigation(), page.click('#logout')]);
  };
  const fillMarks = async (marks) => {
    for (const [line, mark] of Object.entries(marks)) {
      await page.fill(`input[name="m:${line}"]`, mark);
    }
  };

  step('the first marker');
  await logIn(first, '/marking');
  const list = await page.textContent('main');
  if (/TS00\d/.test(list)) throw new Error('the list shows a số báo danh');
  await Promise.all([page.waitForURL('**' + casePath),
                     page.click(`a.case-link[href="${casePath}"]`)]);
  if (!(await page.textContent('#round')).includes('vòng 1')) throw new Error('not round 1');
  const [download] = await Promise.all([page.waitForEvent('download'),
                                        page.click('a.work-file')]);
  // The browser saves the file rather than showing it, under the name the server gives.
  const name = download.suggestedFilename();
  if (!/^P[2-9A-Z]{7}-bang-tinh-bai-IU04\.txt$/.test(name)) {
    throw new Error('the download is named ' + name);
  }
  if (!page.url().endsWith(casePath)) throw new Error('the download navigated to ' + page.url());
  const body = await page.evaluate(async (href) => (await fetch(href)).text(),
                                   await page.getAttribute('a.work-file', 'href'));
  if (!body.includes('thí sinh thứ nhất')) throw new Error('the downloaded file is not the work');
  await fillMarks({ 1: '4', 2: '3', 3: '2.5' });
  await page.fill('textarea[name="note"]', 'Biểu đồ thiếu tiêu đề trục');
  await Promise.all([page.waitForNavigation(), page.click('#save-marks')]);
  if ((await page.textContent('#mark-notice')) !== 'Đã lưu điểm.') throw new Error('not saved');
  if (!(await page.textContent('#my-total')).includes('9.5 / 10')) throw new Error('no total');
  await page.screenshot({ path: path.join(out, 'marker.png'), fullPage: true });
  await logOut();

  step('the second marker, blind');
  await logIn(second, '/marking');
  await page.goto(base + casePath);
  const blind = await page.textContent('main');
  if (blind.includes('Biểu đồ thiếu tiêu đề trục') || blind.includes('9.5')) {
    throw new Error('the second marker sees the first one\'s marks');
  }
  await fillMarks({ 1: '2', 2: '2', 3: '2.5' });
  await Promise.all([page.waitForNavigation(), page.click('#save-marks')]);
  if ((await page.textContent('#mark-notice')) !== 'Đã lưu điểm.') throw new Error('not saved');
  await logOut();

  step('the chair decides');
  await logIn(chair, '/rooms');
  await Promise.all([page.waitForURL('**/marking'), page.click('#marking-link')]);
  await Promise.all([page.waitForURL('**' + casePath),
                     page.click(`a.case-link[href="${casePath}"]`)]);
  if (!(await page.textContent('#case-state')).includes('chờ quyết định')) {
    throw new Error('not disputed: ' + await page.textContent('#case-state'));
  }
  if ((await page.textContent('#total-1')) !== '9.5' || (await page.textContent('#total-2')) !== '6.5') {
    throw new Error('the chair does not see both totals');
  }
  await fillMarks({ 1: '3', 2: '3', 3: '2' });
  await page.fill('textarea[name="reason"]', 'Đối chiếu hai phiếu chấm: ý 1 làm được một phần');
  await page.screenshot({ path: path.join(out, 'chair.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click('#decide')]);
  if (!(await page.textContent('#case-state')).includes('đã quyết định — điểm: 8')) {
    throw new Error('not decided: ' + await page.textContent('#case-state'));
  }
  await browser.close();
  if (errors.length) throw new Error(errors.join('\n'));
  step('done');
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
