// html_axe.js - runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules, and best practices) on each HTML
// pack given, in headless Chromium through puppeteer-core, at 1280 px and at 200% zoom (640 px
// wide); prints every violation with its nodes and exits 1 if there is any. A screenshot of the
// first screen of the first file goes to $AXE_SCREENSHOT when that is set.
// Usage: node html_axe.js CHROMIUM FILE.html...
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function check(browser, file, width, shot) {
  const page = await browser.newPage();
  await page.setViewport({width, height: 900});
  // nothing may be fetched: the pack is self-contained
  const fetched = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) fetched.push(r.url()); });
  await page.goto('file://' + path.resolve(file), {waitUntil: 'load'});
  if (shot)
    await page.screenshot({path: shot});
  await page.addScriptTag({content: axeSource});
  const res = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, {resultTypes: ['violations']});
  });
  await page.close();
  return {violations: res.violations, fetched};
}

(async () => {
  const [chromium, ...files] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']});
  let bad = 0;
  for (const [i, file] of files.entries()) {
    for (const width of [1280, 640]) {
      const shot = i === 0 && width === 1280 ? process.env.AXE_SCREENSHOT : undefined;
      const {violations, fetched} = await check(browser, file, width, shot);
      for (const v of violations) {
        bad++;
        console.log(`FAIL: ${path.basename(file)} (${width} px): ${v.id} (${v.impact}): ${v.help}`);
        for (const n of v.nodes.slice(0, 5))
          console.log(`    ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`);
      }
      for (const u of fetched) {
        bad++;
        console.log(`FAIL: ${path.basename(file)} fetched ${u}`);
      }
      if (!violations.length && !fetched.length)
        console.log(`ok: ${path.basename(file)} (${width} px): no axe-core violations`);
    }
  }
  await browser.close();
  process.exit(bad ? 1 : 0);
})().catch((e) => { console.log('ERROR: ' + e); process.exit(99); });
