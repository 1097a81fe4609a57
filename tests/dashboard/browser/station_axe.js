// axe-core (npm) on every screen of the browser station, in Vietnamese and in English, in
// Debian's headless Chromium against the real khaothi-server (station_browser_test.cc starts it
// with a session that requires the proctor's unlock): login, a refused login, personal data,
// the data-error report, waiting for the unlock, rules, the exam, review, the confirmation,
// result, final, and the tab whose exam another tab took over. A serious or critical violation
// fails the test; the others are printed.
//
// The page's CSP allows no script but its own, so axe is not added as a <script>: its source is
// evaluated through the DevTools protocol, which the CSP does not govern.
//
//   node station_axe.js BASE_URL OUT_DIR PROCTOR PROCTOR_PASSWORD SBD PASSWORD
//
// Prints one "AXE" line per screen and language. Exits non-zero on any failure.
'use strict';
const fs = require('fs');
const { WAIT, step, check, launch, newContext, watch, waitSaved, proctor } = require('./station_lib.js');

const [base, out, user, proctorPassword, sbd, password] = process.argv.slice(2);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const failures = [];

async function audit(page, screen) {
  for (const lang of ['vi', 'en']) {
    if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
      await page.click('#lang');
      await page.waitForFunction((l) => document.documentElement.lang === l, lang, WAIT);
    }
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const other = r.violations.filter((v) => !bad.includes(v));
    const say = (v) => v.id + ' (' + v.impact + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')';
    console.log('AXE ' + screen + ' ' + lang + ': ' + (bad.length + other.length === 0 ? 'no violation'
      : bad.map(say).concat(other.map(say)).join('; ')));
    for (const v of bad) failures.push(screen + ' ' + lang + ': ' + say(v) + ' ' + v.help);
  }
  // Back to Vietnamese, where the test's keys and texts are.
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'vi', null, WAIT);
}

// axe itself, on a button without a name put into the page for a moment: a critical violation
// it must report, so that a silent axe cannot pass the screens below.
async function axeSees(page) {
  await page.evaluate(AXE);
  const r = await page.evaluate(async () => {
    const b = document.createElement('button');
    b.id = 'axe-control';
    document.body.append(b);
    const found = await window.axe.run(document, { resultTypes: ['violations'] });
    b.remove();
    return found.violations.map((v) => v.id + ':' + v.impact);
  });
  check(r.includes('button-name:critical'), 'axe reports a button without a name: ' + r.join(', '));
}

async function main() {
  const browser = await launch(out);
  const errors = [];
  try {
    const context = await newContext(browser);
    const page = watch(await context.newPage(), errors);
    await page.goto(base + '/thi/');
    await page.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', null, WAIT);
    await axeSees(page);
    await audit(page, 'login');
    step('a refused login');
    await page.fill('#sbd', sbd);
    await page.fill('#password', 'SAI-MAT-KHAU');
    await page.press('#password', 'Enter');
    await page.waitForSelector('p.error', WAIT);
    await audit(page, 'refusal');
    await page.fill('#sbd', sbd);
    await page.fill('#password', password);
    await page.press('#password', 'Enter');
    await page.waitForSelector('#data-right', WAIT);
    await audit(page, 'data');
    await page.keyboard.press('r');
    await page.waitForSelector('#report-text:focus', WAIT);
    await audit(page, 'report');
    await page.fill('#report-text', 'Sai ngày sinh');
    await page.click('#report-send');
    await page.waitForSelector('#data-right', WAIT);
    await page.click('#data-right');
    await page.waitForFunction(() => document.getElementById('main').innerText.includes('Chờ giám thị mở bài thi'), null, WAIT);
    await audit(page, 'waiting');
    const p = await proctor(browser, base, user, proctorPassword, 'S1/P101');
    await p.act('unlock', { sbd, reason: 'Đã đối chiếu CCCD' });
    await p.close();
    await page.waitForSelector('#begin', WAIT);
    await audit(page, 'rules');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#qtitle', WAIT);
    await page.keyboard.press('a');
    await page.keyboard.press('f');
    await page.keyboard.press('n');
    await waitSaved(page);
    await audit(page, 'exam');
    await page.keyboard.press('s');
    await page.waitForSelector('table.review', WAIT);
    await audit(page, 'review');
    await page.keyboard.press('s');
    await page.waitForSelector('#confirm-yes', WAIT);
    await audit(page, 'confirm');
    step('a second tab takes over, then the first takes it back');
    const second = watch(await context.newPage(), errors);
    await second.goto(base + '/thi/');
    await second.waitForFunction(() => document.getElementById('conn').textContent === 'Đã kết nối', null, WAIT);
    await second.fill('#sbd', sbd);
    await second.fill('#password', password);
    await second.press('#password', 'Enter');
    await second.waitForSelector('#qtitle', WAIT);
    await page.waitForFunction(() => document.getElementById('main').innerText.includes('Bài thi đang được mở'), null, WAIT);
    await audit(page, 'taken');
    await second.close();
    await page.click('text=Mở lại ở đây');
    await page.waitForSelector('#qtitle', WAIT);
    await page.keyboard.press('s');
    await page.keyboard.press('s');
    await page.keyboard.press('c');
    await page.waitForSelector('#result', WAIT);
    await audit(page, 'result');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#final', WAIT);
    await audit(page, 'final');
  } finally {
    await browser.close();
  }
  check(errors.length === 0, errors.join('\n'));
  check(failures.length === 0, 'serious or critical violations:\n' + failures.join('\n'));
  step('done');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
