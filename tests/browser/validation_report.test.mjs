// The HTML validation report in a real browser (Debian's Chromium through playwright-core), opened
// from file:// as an auditor opens the file they were sent.
//
//   node validation_report.test.mjs --html report.html --json report.json --artifacts DIR [--name NAME]
//        [--chromium /usr/bin/chromium]
//
// report.json is `ocds validate --format json` on the same inputs with the same --examples: every
// number the page carries in a data- attribute must be the JSON report's. Exit 0 with a one-line
// summary, or 1 with every failed check.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

function parseArgs(argv) {
  const opts = { chromium: '/usr/bin/chromium', name: 'report' };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(html|json|artifacts|name|chromium)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) usage(`unknown or incomplete argument: ${argv[i]}`);
    opts[m[1]] = argv[++i];
  }
  if (!opts.html || !opts.json || !opts.artifacts) usage('--html, --json and --artifacts are required');
  return opts;
}
function usage(message) {
  console.error(`validation_report.test.mjs: ${message}`);
  process.exit(2);
}
const opts = parseArgs(process.argv.slice(2));
const report = JSON.parse(fs.readFileSync(opts.json, 'utf8'));
fs.mkdirSync(opts.artifacts, { recursive: true });
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let passed = 0;
const failures = [];
function check(ok, message) {
  if (ok) passed++;
  else failures.push(`${opts.name}: ${message}`);
  return ok;
}
function get(obj, dotted) {
  return dotted.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}
// A number of the page against one of the JSON report: the same value, read as numbers (sums are
// exact decimals written the same way in both).
function sameNumber(pageValue, jsonValue) {
  return jsonValue !== undefined && jsonValue !== null && Number(pageValue) === Number(jsonValue);
}

// Console errors and warnings, page errors, and any request but the page itself (nothing fetched).
function watch(page, name, pageUrl) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') failures.push(`${opts.name} ${name}: console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => failures.push(`${opts.name} ${name}: page error: ${err.message}`));
  page.on('request', (req) => {
    if (req.url().split('#')[0] !== pageUrl.split('#')[0]) failures.push(`${opts.name} ${name}: the page asked for ${req.url()}`);
  });
}

async function open(context, url, name) {
  const page = await context.newPage();
  watch(page, name, url);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return page;
}

async function noHorizontalOverflow(page, name) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  check(sw <= cw, `${name}: the page scrolls sideways (scrollWidth ${sw} > clientWidth ${cw})`);
}

// Every number of every file section against the JSON report.
async function checkNumbers(page) {
  const files = await page.$$eval('section.file', (sections) => sections.map((s) => ({
    name: s.getAttribute('data-file'),
    id: s.id,
    verdict: (() => {
      const v = document.getElementById(`${s.id}-verdict`);
      if (!v) return null;
      const counts = {};
      for (const c of v.querySelectorAll('[data-count]')) counts[c.getAttribute('data-count')] = c.getAttribute('data-value');
      return { valid: v.getAttribute('data-valid'), counts };
    })(),
    facts: [...s.querySelectorAll('[data-fact]')].map((e) => ({ fact: e.getAttribute('data-fact'), value: e.getAttribute('data-value'), text: e.textContent })),
    checks: [...s.querySelectorAll('article.check')].map((a) => ({
      check: a.getAttribute('data-check'), severity: a.getAttribute('data-severity'), count: a.getAttribute('data-count'),
      kinds: [...a.querySelectorAll('.kind')].map((k) => ({ field: k.getAttribute('data-field'), message: k.getAttribute('data-message'),
        count: k.getAttribute('data-count'), examples: [...k.querySelectorAll('li[data-path]')].map((li) => li.getAttribute('data-path')) })),
      hidden: a.querySelector('[data-hidden-kinds]')?.getAttribute('data-hidden-kinds') ?? '0',
    })),
    summary: [...s.querySelectorAll('tr[data-summary-check]')].map((r) => ({ check: r.getAttribute('data-summary-check'),
      severity: r.getAttribute('data-severity'), count: r.querySelector('[data-value]').getAttribute('data-value') })),
    codelists: [...s.querySelectorAll('tr[data-codelist]')].map((r) => ({ codelist: r.getAttribute('data-codelist'),
      field: r.getAttribute('data-field'), count: r.getAttribute('data-count') })),
    beyond: [...s.querySelectorAll('tr[data-beyond-check]')].map((r) => ({ check: r.getAttribute('data-beyond-check'), count: r.getAttribute('data-count') })),
  })));
  check(files.length === report.files.length, `${files.length} file sections, the JSON report has ${report.files.length} files`);
  let numbers = 0;
  for (const shown of files) {
    const json = report.files.find((f) => f.file === shown.name);
    if (!check(json !== undefined, `the page shows ${shown.name}, which the JSON report lacks`)) continue;
    const where = shown.name;
    if (shown.verdict) {
      check(shown.verdict.valid === String(json.valid), `${where}: verdict valid=${shown.verdict.valid}, JSON ${json.valid}`);
      for (const key of ['errors', 'warnings', 'infos']) {
        check(sameNumber(shown.verdict.counts[key], json[key]), `${where}: verdict ${key} ${shown.verdict.counts[key]}, JSON ${json[key]}`);
        numbers++;
      }
    }
    for (const fact of shown.facts) {
      numbers++;
      if (fact.fact === 'schema_versions') {
        check(Object.prototype.hasOwnProperty.call(json.facts.schema_versions, fact.value), `${where}: version ${fact.value} not in the JSON report's`);
      } else if (/_dates\.(first|last)$/.test(fact.fact)) {
        check(get(json.facts, fact.fact) === fact.value, `${where}: ${fact.fact} shows ${fact.value}, JSON ${get(json.facts, fact.fact)}`);
      } else {
        check(sameNumber(fact.value, get(json.facts, fact.fact)), `${where}: ${fact.fact} shows ${fact.value}, JSON ${get(json.facts, fact.fact)}`);
      }
    }
    // Every figure the JSON report's facts have is on the page.
    const shownFacts = new Set(shown.facts.map((f) => f.fact));
    const wanted = ['packages', 'releases', 'records', 'ocids', 'tenders.count', 'awards.count', 'contracts.count'];
    for (const stage of ['tenders', 'awards', 'contracts']) for (const c of Object.keys(json.facts[stage].values)) wanted.push(`${stage}.values.${c}`);
    for (const tag of Object.keys(json.facts.tags)) wanted.push(`tags.${tag}`);
    if (json.facts.release_dates) wanted.push('release_dates.first');
    if (json.facts.published_dates) wanted.push('published_dates.first');
    const missing = wanted.filter((w) => !shownFacts.has(w));
    check(missing.length === 0, `${where}: facts not shown: ${missing.join(', ')}`);

    // Checks: the same list, the same counts, in the summary table and as articles.
    const key = (c) => `${c.severity} ${c.check}`;
    check(JSON.stringify(shown.checks.map(key)) === JSON.stringify(json.checks.map(key)),
      `${where}: checks ${shown.checks.map(key).join(', ')}; JSON ${json.checks.map(key).join(', ')}`);
    check(JSON.stringify(shown.summary.map(key)) === JSON.stringify(json.checks.map(key)), `${where}: the summary table lists other checks`);
    for (const c of json.checks) {
      const article = shown.checks.find((a) => key(a) === key(c));
      const row = shown.summary.find((r) => key(r) === key(c));
      if (!article) continue;
      numbers += 2;
      check(sameNumber(article.count, c.count), `${where}: ${key(c)} shows ${article.count}, JSON ${c.count}`);
      check(row && sameNumber(row.count, c.count), `${where}: summary row of ${key(c)} shows ${row?.count}, JSON ${c.count}`);
      const kinds = json.findings.filter((f) => key(f) === key(c));
      check(article.kinds.length === Math.min(100, kinds.length), `${where}: ${key(c)} shows ${article.kinds.length} kinds, JSON has ${kinds.length}`);
      check(article.kinds.length + Number(article.hidden) === kinds.length, `${where}: ${key(c)}: ${article.kinds.length} shown + ${article.hidden} hidden kinds, JSON ${kinds.length}`);
      const total = kinds.reduce((sum, f) => sum + f.count, 0);
      check(total === c.count, `${where}: the JSON report's ${key(c)} kinds add up to ${total}, its check says ${c.count}`);
      for (let i = 0; i < article.kinds.length; i++) {
        const k = article.kinds[i], f = kinds[i];
        numbers++;
        check(k.field === f.field && k.message === f.message && sameNumber(k.count, f.count),
          `${where}: ${key(c)} kind ${i}: page ${k.field} "${k.message}" ×${k.count}; JSON ${f.field} "${f.message}" ×${f.count}`);
        check(JSON.stringify(k.examples) === JSON.stringify(f.examples.map((e) => e.path)),
          `${where}: ${key(c)} kind ${i}: examples ${k.examples.join(' ')}; JSON ${f.examples.map((e) => e.path).join(' ')}`);
      }
    }
    check(shown.codelists.length === json.codelists.length, `${where}: ${shown.codelists.length} codelist rows, JSON ${json.codelists.length}`);
    for (let i = 0; i < Math.min(shown.codelists.length, json.codelists.length); i++) {
      const r = shown.codelists[i], c = json.codelists[i];
      numbers++;
      check(r.codelist === c.codelist && r.field === c.field && sameNumber(r.count, c.count), `${where}: codelist row ${i}: ${r.field} ${r.codelist} ${r.count}; JSON ${c.field} ${c.codelist} ${c.count}`);
    }
    check(shown.beyond.length >= 6, `${where}: only ${shown.beyond.length} checks beyond the DRT listed`);
    for (const b of shown.beyond) {
      const total = json.checks.filter((c) => c.check === b.check).reduce((sum, c) => sum + c.count, 0);
      numbers++;
      check(sameNumber(b.count, total), `${where}: beyond-the-DRT ${b.check} shows ${b.count}, JSON ${total}`);
    }
  }
  return numbers;
}

// Every in-page link leads somewhere; the contents' links scroll to their section.
async function checkLinks(page) {
  const broken = await page.$$eval('a[href^="#"]', (links) => links.map((a) => a.getAttribute('href').slice(1)).filter((id) => !document.getElementById(id)));
  check(broken.length === 0, `links to nowhere: ${broken.slice(0, 10).join(', ')}`);
  const external = await page.$$eval('a[href]:not([href^="#"])', (links) => links.map((a) => a.getAttribute('href')));
  const odd = external.filter((href) => !/^https?:\/\/[^\s]+$/.test(href));
  check(odd.length === 0, `links that are neither anchors nor web addresses: ${odd.join(', ')}`);
  const target = await page.$eval('nav#contents a[href$="-findings"]', (a) => a.getAttribute('href'));
  await page.click(`nav#contents a[href="${target}"]`);
  const inView = await page.$eval(target, (el) => { const r = el.getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight; });
  check(page.url().endsWith(target) && inView, `the contents' link ${target} does not bring its section into view`);
  const count = await page.$$eval('a[href^="#"]', (links) => links.length);
  return count;
}

// Spanish first; the switch turns every text to English and back.
async function checkLanguages(page) {
  const visible = (selector) => page.$$eval(selector, (els) => els.filter((e) => e.offsetParent !== null || e.getClientRects().length > 0).length);
  check(await page.getAttribute('html', 'lang') === 'es', 'the page does not start in Spanish');
  check((await page.textContent('h1')).includes('Informe de validación OCDS') && (await page.title()) === 'Informe de validación OCDS',
    'no Spanish heading and title');
  check(await visible('[data-l="en"]') === 0, 'English text shows in the Spanish page');
  await page.click('button[data-set-lang="en"]');
  check(await page.getAttribute('html', 'lang') === 'en', 'the English switch does not set lang="en"');
  check((await page.innerText('h1')).trim() === 'OCDS validation report' && (await page.title()) === 'OCDS validation report', 'the English switch does not change the heading and title');
  check(await visible('[data-l="es"]') === 0, 'Spanish text still shows after the English switch');
  check(await page.getAttribute('button[data-set-lang="en"]', 'aria-pressed') === 'true', 'the English button is not marked pressed');
  await page.click('button[data-set-lang="es"]');
  check(await page.getAttribute('html', 'lang') === 'es' && await visible('[data-l="en"]') === 0, 'the Spanish switch does not bring Spanish back');
}

// Examples open one by one and all at once.
async function checkExamples(page) {
  const details = await page.$$('details.examples');
  if (details.length === 0) return;
  check(!(await details[0].evaluate((d) => d.open)), 'examples are open before anyone asks');
  await details[0].$eval('summary', (s) => s.click());
  check(await details[0].evaluate((d) => d.open), 'clicking an example list does not open it');
  await page.click('button[data-toggle-examples="open"] >> visible=true');
  const closed = await page.$$eval('details.examples', (all) => all.filter((d) => !d.open).length);
  check(closed === 0, `"open every example" left ${closed} lists closed`);
  await page.click('button[data-toggle-examples="close"] >> visible=true');
  const open = await page.$$eval('details.examples', (all) => all.filter((d) => d.open).length);
  check(open === 0, `"close the examples" left ${open} lists open`);
}

async function main() {
  const url = new URL('file://' + path.resolve(opts.html)).href;
  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROME_ARGS, timeout: 60000 });
  let numbers = 0, links = 0;
  try {
    const desktop = await browser.newContext({ viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    const page = await open(desktop, url, 'desktop');
    numbers = await checkNumbers(page);
    await noHorizontalOverflow(page, 'desktop');
    await page.screenshot({ path: path.join(opts.artifacts, `${opts.name}-1366-es.png`), fullPage: true, timeout: 120000 });
    await checkLanguages(page);
    await page.click('button[data-set-lang="en"]');
    await page.screenshot({ path: path.join(opts.artifacts, `${opts.name}-1366-en.png`), fullPage: true, timeout: 120000 });
    await page.click('button[data-set-lang="es"]');
    await checkExamples(page);
    links = await checkLinks(page);
    const viaHash = await open(desktop, url + '#lang=en', 'desktop #lang=en');
    check(await viaHash.getAttribute('html', 'lang') === 'en', 'a link ending in #lang=en does not open the English page');
    await desktop.close();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    const mobile = await open(phone, url, 'phone');
    await noHorizontalOverflow(mobile, 'phone');
    check(await mobile.isVisible('button[data-set-lang="en"]'), 'the language switch is not visible on a phone');
    await mobile.screenshot({ path: path.join(opts.artifacts, `${opts.name}-390-es.png`), fullPage: true, timeout: 120000 });
    await mobile.click('button[data-set-lang="en"]');
    await noHorizontalOverflow(mobile, 'phone, English');
    await mobile.screenshot({ path: path.join(opts.artifacts, `${opts.name}-390-en.png`), fullPage: true, timeout: 120000 });
    if (await mobile.$('details.examples')) {
      await mobile.click('button[data-toggle-examples="open"] >> visible=true');
      await noHorizontalOverflow(mobile, 'phone, examples open');
      await mobile.$eval('details.examples', (d) => d.scrollIntoView());
      await mobile.screenshot({ path: path.join(opts.artifacts, `${opts.name}-390-en-examples.png`), timeout: 120000 });
    }
    await phone.close();
  } finally {
    await browser.close();
  }
  return { numbers, links };
}

main().then(({ numbers, links }) => {
  if (failures.length) {
    console.error(`validation-report-browser: ${failures.length} check(s) FAILED (${passed} passed):`);
    for (const f of failures) console.error(`  - ${f}`);
    process.exit(1);
  }
  console.log(`validation-report-browser: ${opts.name}: all ${passed} checks passed (${numbers} numbers equal the JSON report's, ${links} in-page links; screenshots in ${opts.artifacts})`);
}, (err) => {
  console.error(`validation-report-browser: FAILED: ${err && err.stack ? err.stack : err}`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
});
