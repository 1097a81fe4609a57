// What the station's Chromium scripts share (station_room.js, station_axe.js): Debian's headless
// Chromium as the dashboard's tests start it, the log, the checks, and the steps every candidate
// takes at the station (docs/station.md).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const WAIT = { timeout: 30000 };

function step(text) { console.log(new Date().toISOString() + ' ' + text); }
function check(ok, what) { if (!ok) throw new Error('check failed: ' + what); }

async function launch(out) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
    downloadsPath: fs.mkdtempSync(path.join(out, 'downloads-')),
  });
}

// A context is one lab PC: its own localStorage, so its own machine name.
async function newContext(browser) {
  return browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
  });
}

// Page errors and console errors are failures, except the failed WebSocket connections that a
// test provokes on purpose (`allow`).
function watch(page, errors, allow) {
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !(allow && allow.test(m.text()))) errors.push('console: ' + m.text());
  });
  return page;
}

const text = (page, selector) => page.locator(selector).innerText();

async function waitSaved(page) {
  await page.waitForFunction(() => {
    const c = document.getElementById('conn').textContent;
    return /^(Đã kết nối|Connected)/.test(c) && !/đang lưu|saving/.test(c);
  }, null, WAIT);
}

// The login screen to the first question, in Vietnamese, by keyboard.
async function logInAndBegin(page, base, sbd, password) {
  await page.goto(base + '/thi/');
  await page.waitForSelector('#sbd:focus', WAIT);
  await page.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', null, WAIT);
  await page.keyboard.type(sbd);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#data-right', WAIT);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#begin', WAIT);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#qtitle', WAIT);
  return Number((await text(page, '#qtitle')).split('/')[1]);
}

// Seconds left on the page's clock ("mm:ss").
async function clockSeconds(page) {
  const c = await text(page, '#clock');
  const m = /(\d+):(\d\d)/.exec(c);
  if (!m) throw new Error('no time on the clock: ' + c);
  return Number(m[1]) * 60 + Number(m[2]);
}

// The proctor, through the dashboard's action endpoints (docs/proctor.md): a login with a cookie
// jar of its own, the CSRF token from the room page, then JSON POSTs.
async function proctor(browser, base, user, password, room) {
  const context = await newContext(browser);
  const login = await context.request.post(base + '/login', { form: { username: user, password } });
  check(login.ok(), 'the proctor logs in: ' + login.status());
  const page = await (await context.request.get(base + '/room/' + room)).text();
  const csrf = /data-csrf="([0-9a-f]+)"/.exec(page);
  check(csrf, 'the room page carries the CSRF token');
  return {
    async act(action, body) {
      const r = await context.request.post(base + '/api/room/' + room + '/' + action, {
        headers: { 'X-CSRF-Token': csrf[1] }, data: body,
      });
      const json = await r.json();
      check(r.ok() && json.ok, action + ' refused: ' + JSON.stringify(json));
    },
    close: () => context.close(),
  };
}

module.exports = { WAIT, step, check, launch, newContext, watch, text, waitSaved, logInAndBegin,
  clockSeconds, proctor };
