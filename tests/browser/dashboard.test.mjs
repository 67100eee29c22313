// The dashboard in a real browser (Debian's Chromium through playwright-core).
//
//   node dashboard.test.mjs --url http://127.0.0.1:PORT/dashboard/ --expected expected.json \
//        --artifacts DIR [--file /path/to/site/dashboard/index.html] [--chromium /usr/bin/chromium]
//
// expected.json is what `ocds indicators` prints for the same data: every number the page shows in
// an element [data-indicator] must be the value at that path in the group of the chosen filters.
// Exit 0 with a one-line summary, or 1 with every failed check.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

// ---- arguments ---------------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { chromium: '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(url|expected|artifacts|file|chromium|city)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) usage(`unknown or incomplete argument: ${argv[i]}`);
    opts[m[1]] = argv[++i];
  }
  if (!opts.url || !opts.expected || !opts.artifacts) usage('--url, --expected and --artifacts are required');
  return opts;
}
function usage(message) {
  console.error(`dashboard.test.mjs: ${message}\nusage: node dashboard.test.mjs --url URL --expected FILE --artifacts DIR [--file INDEX_HTML] [--chromium PATH]`);
  process.exit(2);
}
const opts = parseArgs(process.argv.slice(2));
const expected = JSON.parse(fs.readFileSync(opts.expected, 'utf8'));
fs.mkdirSync(opts.artifacts, { recursive: true });

// The switches asked for a quiet, reproducible headless Chromium. playwright's launch() adds a fresh
// temporary --user-data-dir of its own (and removes it at close).
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Screenshots are artifacts, not checks, and the synthetic city's full page is some 99,000 px tall
// at 1366 px: 14 to 22 s to capture on a loaded 2-core machine, past the 30 s default when CI runs
// the fuzz test beside it.
const FULL_PAGE = { fullPage: true, timeout: 180000 };

// ---- checks ------------------------------------------------------------------------------------
let passed = 0;
const failures = [];
function check(ok, message) {
  if (ok) passed++;
  else failures.push(message);
  return ok;
}
function show(v) { return v === undefined ? 'undefined' : JSON.stringify(v); }
function get(obj, dotted) {
  return dotted.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}
function findGroup(edition, sector) {
  return expected.groups.find((g) => g.edition === edition && g.sector === sector);
}
// The indicator part of a group, to tell whether two groups show different numbers.
function numbers(g) { return JSON.stringify([g.execution, g.feasibility, g.followUp]); }
function label(g) {
  return g.edition === null && g.sector === null ? 'overall'
    : [g.edition !== null ? `edition ${g.edition}` : null, g.sector !== null ? `sector ${g.sector}` : null].filter(Boolean).join(' × ');
}

// Paths the page must show for a group: the list of the brief, with one path per currency of the amounts.
function requiredPaths(g) {
  const paths = ['execution.winners', 'execution.progress.mean', 'execution.milestones.late', 'execution.daysToContract.median',
    'feasibility.projects', 'feasibility.feasibility.feasible', 'feasibility.feasibility.unfeasible',
    'feasibility.feasibility.undecided', 'feasibility.unfeasibleShare', 'followUp.direct.share',
    'followUp.singleBidder.share', 'followUp.suppliers.distinct', 'followUp.amendments.raisedValue',
    'followUp.quality.errorsPerProcess'];
  for (const st of ['planning', 'tender', 'awarded', 'contracted', 'inExecution', 'delivered', 'cancelled']) paths.push(`execution.stages.${st}`);
  // The suppliers table: every listed supplier's share and processes.
  (g.followUp.suppliers.list || []).forEach((_, i) => paths.push(`followUp.suppliers.list.${i}.share`, `followUp.suppliers.list.${i}.processes`));
  for (const k of ['estimated', 'contracted', 'paid']) {
    const curs = Object.keys(g.execution.amounts[k] || {});
    if (curs.length) for (const c of curs) paths.push(`execution.amounts.${k}.${c}`);
    else paths.push(`execution.amounts.${k}`);
  }
  return paths;
}

// Collects console errors and warnings, page errors, failed requests and requests outside the site.
function watch(page, name, siteRoot) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') failures.push(`${name}: console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => failures.push(`${name}: page error: ${err.message}`));
  page.on('requestfailed', (req) => failures.push(`${name}: request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) failures.push(`${name}: HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(siteRoot) && !u.startsWith('data:')) failures.push(`${name}: request outside the site: ${u}`);
  });
}

async function ready(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
}

// Every [data-indicator] against the expected group (or, with data-sector, the group of that sector).
async function checkIndicators(page, g) {
  const items = await page.$$eval('[data-indicator]', (els) => els.map((e) => ({
    path: e.getAttribute('data-indicator'), value: e.getAttribute('data-value'), kind: e.getAttribute('data-kind'),
    sector: e.getAttribute('data-sector'), text: e.textContent
  })));
  let bad = 0;
  for (const it of items) {
    const group = it.sector !== null ? findGroup(g.edition, it.sector) : g;
    const want = group ? get(group, it.path) : undefined;
    let got;
    try { got = JSON.parse(it.value); } catch { got = `unparsable ${it.value}`; }
    if (!isDeepStrictEqual(got, want)) {
      bad++;
      failures.push(`${label(g)}: [data-indicator="${it.path}"]${it.sector ? ` (sector ${it.sector})` : ''} has data-value ${it.value}, expected ${show(want)}`);
    }
  }
  check(bad === 0 && items.length > 0, `${label(g)}: ${items.length} indicators, ${bad} differ`);
  const misread = items.map((it) => shownAs(it)).filter(Boolean);
  for (const m of misread) failures.push(`${label(g)}: ${m}`);
  check(misread.length === 0, `${label(g)}: ${misread.length} indicators read otherwise than their value`);
  const shown = new Set(items.filter((it) => it.sector === null).map((it) => it.path));
  const missing = requiredPaths(g).filter((p) => !shown.has(p));
  check(missing.length === 0, `${label(g)}: indicators not shown: ${missing.join(', ')}`);
  // Formatting sanity: the digits of a few integers are the value (thousands separators aside).
  for (const p of ['execution.winners', 'execution.stages.inExecution', 'feasibility.projects', 'followUp.suppliers.distinct']) {
    for (const it of items.filter((x) => x.path === p && x.sector === null)) {
      const digits = it.text.replace(/\D/g, '');
      check(digits === String(get(g, p)), `${label(g)}: text of ${p} is "${it.text}", expected the digits ${get(g, p)}`);
    }
  }
  return items;
}

// What a person reads must be the value: the number in the text (grouping commas dropped; es-MX
// and en-US both write a decimal point) is the value rounded as its format rounds it, and a value
// that is not a number reads as "—". Returns a complaint, or null.
const PLACES = { int: 0, dec: 2, money: 2, share: 1, pct: 1, days: 1 };
function shownAs(it) {
  const value = JSON.parse(it.value);
  if (typeof value !== 'number') {
    return it.text.startsWith('—') ? null : `${it.path} has no number (${it.value}) but reads "${it.text}"`;
  }
  if (!(it.kind in PLACES)) return `${it.path} has an unknown format "${it.kind}"`;
  const match = /-?[\d,]*\.?\d+/.exec(it.text);
  if (!match) return `${it.path} = ${value} reads "${it.text}", with no number`;
  const read = Number(match[0].replace(/,/g, ''));
  const want = roundDecimal(it.value.trim(), it.kind === 'share' ? 2 : 0, PLACES[it.kind]);
  return Math.abs(read - want) < 1e-9 ? null : `${it.path} = ${value} reads "${it.text}", expected ${want}`;
}

// The decimal number TEXT times 10^SHIFT, rounded half away from zero to PLACES decimals, in exact
// decimal arithmetic as a reader would round "0.2815" (28.2 %); binary doubles would say 28.1.
function roundDecimal(text, shift, places) {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`not a JSON number: ${text}`);
  const fraction = m[3] || '';
  let digits = BigInt(m[2] + fraction);
  const exponent = Number(m[4] || 0) - fraction.length + shift + places; // value × 10^places = digits × 10^exponent
  if (exponent >= 0) {
    digits *= 10n ** BigInt(exponent);
  } else {
    const unit = 10n ** BigInt(-exponent);
    digits = (digits + unit / 2n) / unit;
  }
  return Number(`${m[1]}${digits}`) / 10 ** places;
}

// The table has exactly the winners of the filter, with their amounts, progress and processes.
async function checkTable(page, g) {
  const want = expected.projects.filter((p) => p.winner && (g.edition === null || p.edition === g.edition)
    && (g.sector === null || p.sector === g.sector));
  // The table draws a page of rows at a time: each "more" press adds one page, until all are there.
  const PAGE = 100;
  for (let pages = 1; ; pages++) {
    const drawn = await page.$$eval('#projects tbody tr[data-project]', (trs) => trs.length);
    check(drawn === Math.min(want.length, pages * PAGE), `${label(g)}: after ${pages} page(s) the table has ${drawn} rows, expected ${Math.min(want.length, pages * PAGE)}`);
    const more = await page.$('#projects button.more-rows');
    check(!more === (drawn >= want.length), `${label(g)}: ${drawn} of ${want.length} rows drawn, and ${more ? 'a' : 'no'} "more" button`);
    if (!more || drawn >= want.length) break;
    await more.click();
    check(await page.evaluate((n) => document.activeElement === document.querySelectorAll('#projects tbody tr[data-project]')[n], drawn),
      `${label(g)}: "more" does not move the focus to the first new row`);
  }
  const rows = await page.$$eval('#projects tbody tr[data-project]', (trs) => trs.map((tr) => ({
    id: tr.getAttribute('data-project'),
    fields: [...tr.querySelectorAll('[data-field]')].map((e) => [e.getAttribute('data-field'), e.getAttribute('data-value')]),
    processes: tr.querySelectorAll('.proc > li').length
  })));
  check(rows.length === want.length, `${label(g)}: the table has ${rows.length} rows, expected ${want.length} winners`);
  const wantIds = want.map((p) => p.id).sort();
  const gotIds = rows.map((r) => r.id).sort();
  check(isDeepStrictEqual(gotIds, wantIds), `${label(g)}: table projects ${gotIds.join(',')} differ from the winners ${wantIds.join(',')}`);
  const byId = new Map(expected.projects.map((p) => [p.id, p]));
  let bad = 0;
  for (const r of rows) {
    const p = byId.get(r.id);
    if (!p) continue;
    for (const [field, value] of r.fields) {
      const wantValue = get(p, field);
      if (!isDeepStrictEqual(JSON.parse(value), wantValue === undefined ? null : wantValue)) {
        bad++;
        failures.push(`${label(g)}: project ${r.id}: ${field} is ${value}, expected ${show(wantValue)}`);
      }
    }
    if (r.processes !== (p.processes || []).length) {
      bad++;
      failures.push(`${label(g)}: project ${r.id} shows ${r.processes} processes, expected ${(p.processes || []).length}`);
    }
  }
  check(bad === 0, `${label(g)}: ${bad} table values differ`);
}

// Each record and release link of the table is where the page's own data says, and the server has it.
async function checkLinks(page) {
  const { links, wanted } = await page.evaluate(() => {
    const base = document.baseURI;
    const links = [...document.querySelectorAll('#projects a[data-link]')].map((a) => a.href);
    const wanted = [];
    const loaded = window.OCDS_INDICATORS.projects || [].concat(...Object.values(window.OCDS_PROJECTS || {}));
    for (const p of loaded.filter((x) => x.winner)) {
      if (p.record) wanted.push(new URL('../' + p.record, base).href);
      for (const pr of p.processes || []) {
        if (pr.record) wanted.push(new URL('../' + pr.record, base).href);
        for (const r of pr.releases || []) wanted.push(new URL('../' + r, base).href);
      }
    }
    return { links, wanted };
  });
  const have = new Set(links);
  const absent = wanted.filter((u) => !have.has(u));
  check(absent.length === 0, `links missing from the table: ${absent.slice(0, 5).join(', ')}${absent.length > 5 ? ', ...' : ''}`);
  check(links.some((u) => u.includes('/releases/')) && links.some((u) => u.includes('/records/')),
    'the table has no record or no release link (does the data have "record" and "releases"?)');
  const unique = [...new Set(links)];
  // Fetched by the page itself (same origin, so the statuses are readable), 8 at a time. GET with
  // the body read: a HEAD, or a body left unread, shows in Chromium as an aborted request.
  const statuses = await page.evaluate(async (urls) => {
    const out = [];
    for (let i = 0; i < urls.length; i += 8) {
      out.push(...await Promise.all(urls.slice(i, i + 8).map((u) => fetch(u, { cache: 'no-store' })
        .then(async (r) => { await r.arrayBuffer(); return [u, r.status]; }, (e) => [u, String(e)]))));
    }
    return out;
  }, unique);
  const broken = statuses.filter(([, st]) => st !== 200);
  check(broken.length === 0, `links that do not resolve: ${broken.slice(0, 5).map(([u, st]) => `${u} → ${st}`).join('; ')}`);
  return unique.length;
}

async function noHorizontalOverflow(page, name) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  check(sw <= cw, `${name}: the page scrolls sideways (scrollWidth ${sw} > clientWidth ${cw})`);
}

// The heading names the city and dates the data in the city's time zone (indicators.js's OCDS_SITE).
async function checkHeading(page) {
  const site = await page.evaluate(() => window.OCDS_SITE);
  if (!check(site && typeof site.timeZone === 'string', 'indicators.js sets no window.OCDS_SITE with a timeZone')) return;
  const title = await page.textContent('#title');
  check(site.city && title.includes(site.city), `the heading "${title}" does not name the city "${site.city}"`);
  if (opts.city) check(site.city === opts.city, `the city is "${site.city}", expected "${opts.city}"`);
  check(await page.getAttribute('.asof time', 'datetime') === expected.asOf, `the heading's date is not the data's (${expected.asOf})`);
  // The local day and time, computed here with the tz database; the page may write 12 or 24 hours.
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: site.timeZone, hourCycle: 'h23', year: 'numeric',
    month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit' }).formatToParts(new Date(expected.asOf)).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour) % 24;
  const times = [`${hour}:${parts.minute}`, `${String(hour).padStart(2, '0')}:${parts.minute}`, `${hour % 12 || 12}:${parts.minute}`];
  const text = await page.textContent('.asof');
  check(times.some((t) => text.includes(t)) && text.includes(parts.day) && text.includes(parts.year),
    `the heading reads "${text}": expected ${parts.year}, day ${parts.day} and ${times.join(' or ')} (${site.timeZone})`);
}

// The map holds every located winner of the view, as points or counted groups; a city of thousands
// gets groups (few Tab stops), a group zooms the map into its area, and a skip link passes it by.
async function checkMap(page, g) {
  const want = expected.projects.filter((p) => p.winner && p.location && (g.edition === null || p.edition === g.edition)
    && (g.sector === null || p.sector === g.sector)).length;
  const stops = () => page.$$eval('#map svg a', (els) => els.map((a) => ({ group: a.classList.contains('cluster'), n: Number(a.getAttribute('data-projects') || 1) })));
  const items = await stops();
  const total = items.reduce((t, i) => t + i.n, 0);
  check(total === want, `${label(g)}: the map holds ${total} winners (points and groups), the data ${want}`);
  if (want > 150) {
    check(items.some((i) => i.group) && items.length <= 250, `${label(g)}: ${want} winners on the map in ${items.length} stops, not grouped`);
  } else {
    check(!items.some((i) => i.group), `${label(g)}: the map groups ${want} winners`);
  }
  const skip = await page.$('#map .skip-link');
  if (check(!!skip, `${label(g)}: the map has no skip link`)) {
    await skip.focus();
    await page.keyboard.press('Enter');
    check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'projects'),
      `${label(g)}: the map's skip link does not take the focus to the projects`);
  }
  const group = await page.$('#map svg a.cluster');
  if (group) {
    const n = Number(await group.getAttribute('data-projects'));
    await group.focus();
    await page.keyboard.press('Enter');
    const inside = (await stops()).reduce((t, i) => t + i.n, 0);
    check(inside === n, `${label(g)}: zoomed into a group of ${n}, the map holds ${inside}`);
    check(await page.evaluate(() => !!document.activeElement.closest('#map svg')), `${label(g)}: zooming leaves the focus outside the map`);
    await page.click('#map .zoom-out');
    const back = (await stops()).reduce((t, i) => t + i.n, 0);
    check(back === want, `${label(g)}: after zooming out the map holds ${back}, expected ${want}`);
  }
}

// The unfeasible projects' reasons, listed from the loaded projects, are the group's list of
// `ocds indicators`: the same projects, each with its reason.
async function checkReasons(page, g) {
  const want = g.feasibility.unfeasibleReasons.map((r) => `${r.project}|${r.reason || '—'}`).sort();
  const shown = (await page.$$eval('ul.reasons li', (lis) => lis.map((li) => {
    const id = li.querySelector('.code').textContent.replace(/^\(|\)$/g, '');
    return `${id}|${li.lastChild.textContent}`;
  }))).sort();
  check(isDeepStrictEqual(shown, want), `${label(g)}: the unfeasible projects listed (${shown.length}: ${shown.slice(0, 3).join('; ')}) `
    + `are not the group's (${want.length}: ${want.slice(0, 3).join('; ')})`);
}

// The search finds projects, winning or not, by a word of their title whatever its case and accents.
async function checkSearch(page, g) {
  const fold = (text) => String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const projects = expected.projects.filter((p) => (g.edition === null || p.edition === g.edition) && (g.sector === null || p.sector === g.sector));
  const target = projects.find((p) => !p.winner && p.title) || projects.find((p) => p.title);
  if (!check(!!target, `${label(g)}: no project to search for`)) return;
  const word = target.title.split(/\s+/).sort((a, b) => b.length - a.length)[0].replace(/[^\p{L}\p{N}]/gu, '');
  const typed = word.toUpperCase();
  const want = projects.filter((p) => fold([p.title, p.code, p.id].join(' ')).includes(fold(word))).map((p) => p.id);
  await page.fill('#f-search', typed);
  await page.waitForFunction((w) => { const r = document.querySelector('#projects .search-results'); return r && r.textContent.includes(w); }, typed);
  const ids = await page.$$eval('#projects tbody tr[data-project]', (trs) => trs.map((tr) => tr.getAttribute('data-project')));
  check(ids.length === Math.min(100, want.length) && ids.every((id) => want.includes(id)) && (ids.includes(target.id) || want.indexOf(target.id) >= 100),
    `${label(g)}: searching "${typed}" shows ${ids.length} rows (${ids.slice(0, 5).join(',')}), expected ${want.length} with ${target.id}`);
  check(await page.evaluate(() => document.activeElement && document.activeElement.id === 'f-search'), `${label(g)}: the search box lost the focus`);
  await page.fill('#f-search', 'zzqqxxw');
  await page.waitForFunction(() => { const r = document.querySelector('#projects .search-results'); return r && /zzqqxxw/.test(r.textContent); });
  check(await page.$$eval('#projects tbody tr', (trs) => trs.length) === 0, `${label(g)}: a search that matches nothing still shows rows`);
  await page.fill('#f-search', '');
  await page.waitForFunction(() => !document.querySelector('#projects .search-results'));
}

// Projects load per edition: above the limit, "all editions" loads none and asks for an edition,
// which then loads its own file alone.
async function checkLoading(browser, url, siteRoot) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(30000);
  await context.addInitScript(() => { window.OCDS_DASHBOARD_ALL_LIMIT = 1; });
  const page = await context.newPage();
  watch(page, 'per edition', siteRoot);
  const requested = [];
  page.on('request', (req) => { if (req.url().includes('/dashboard/projects/')) requested.push(req.url()); });
  await page.goto(url.href);
  await ready(page);
  check(requested.length === 0, `above the limit, "all editions" loaded ${requested.length} files of projects`);
  check(await page.isDisabled('#f-search'), 'the search box is enabled with no projects loaded');
  check(await page.$$eval('#projects tbody tr', (trs) => trs.length) === 0, 'the table shows rows with no edition chosen above the limit');
  const files = await page.evaluate(() => window.OCDS_SITE.projects.filter((f) => f.edition !== ''));
  const file = files[files.length - 1];
  await page.selectOption('#f-edition', file.edition);
  await ready(page);
  check(requested.length === 1 && requested[0].endsWith(`/dashboard/${file.file}`),
    `choosing edition ${file.edition} loaded ${requested.join(', ') || 'nothing'}, expected ${file.file} alone`);
  await checkTable(page, findGroup(file.edition, null));
  await context.close();
  return files.length;
}

// The publication's index.html: the dashboards' link above the downloads, every link of the site
// resolves, and nothing overflows a phone.
async function checkPublicationPage(browser, siteRoot) {
  for (const width of [1366, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    watch(page, `index.html at ${width}`, siteRoot);
    await page.goto(siteRoot + 'index.html');
    await noHorizontalOverflow(page, `index.html at ${width}`);
    const order = await page.evaluate(() => {
      const dash = [...document.querySelectorAll('a')].find((a) => a.getAttribute('href') === 'dashboard/index.html');
      const table = document.querySelector('table.downloads');
      return { dash: dash ? dash.getBoundingClientRect().top : null, table: table ? table.getBoundingClientRect().top : null, height: innerHeight };
    });
    check(order.dash !== null && order.table !== null && order.dash < order.table && order.dash < order.height,
      `index.html at ${width}: the dashboards' link is not on the first screen above the downloads (${JSON.stringify(order)})`);
    if (width === 1366) {
      const links = await page.$$eval('a[href]', (as) => [...new Set(as.map((a) => a.href).filter((h) => h.startsWith(location.origin)))]);
      const statuses = await page.evaluate(async (urls) => Promise.all(urls.map((u) => fetch(u, { cache: 'no-store' })
        .then(async (r) => { await r.arrayBuffer(); return [u, r.status]; }, (e) => [u, String(e)]))), links);
      const broken = statuses.filter(([, st]) => st !== 200);
      check(links.length > 20 && broken.length === 0, `index.html: ${links.length} links, broken: ${broken.slice(0, 5).map(([u, st]) => `${u} → ${st}`).join('; ')}`);
      const rows = await page.$$eval('table.downloads tbody th[scope="row"]', (ths) => ths.map((th) => th.textContent));
      const absent = expected.editions.filter((e) => !rows.some((r) => r.includes(e.name || e.id)));
      check(rows.length >= expected.editions.length + 2 && absent.length === 0,
        `index.html: downloads for ${rows.length} groups; editions without a row: ${absent.map((e) => e.id).join(', ')}`);
    }
    await page.screenshot({ path: path.join(opts.artifacts, `index-${width}.png`), fullPage: true });
    await context.close();
  }
}

// ---- the run -----------------------------------------------------------------------------------
async function main() {
  const url = new URL(opts.url);
  const siteRoot = new URL('../', url).href;
  const overall = findGroup(null, null);
  if (!overall) throw new Error(`${opts.expected} has no overall group (edition null, sector null)`);

  // Two filtered views whose numbers differ from the overall ones: the edition, then the edition × sector,
  // with the most winners (the table and the map then have something to show).
  const byWinners = (a, b) => b.execution.winners - a.execution.winners || b.feasibility.projects - a.feasibility.projects;
  const edition = expected.groups.filter((g) => g.edition !== null && g.sector === null && numbers(g) !== numbers(overall)).sort(byWinners)[0];
  if (!edition) throw new Error('no edition group whose numbers differ from the overall ones: the data has a single edition?');
  const both = expected.groups.filter((g) => g.edition === edition.edition && g.sector !== null
    && numbers(g) !== numbers(overall) && numbers(g) !== numbers(edition)).sort(byWinners)[0]
    || expected.groups.filter((g) => g.edition !== null && g.sector !== null && numbers(g) !== numbers(overall)).sort(byWinners)[0];
  if (!both) throw new Error('no edition × sector group whose numbers differ from the overall ones');
  check(numbers(edition) !== numbers(overall), `the ${label(edition)} view has the overall numbers`);
  check(numbers(both) !== numbers(overall), `the ${label(both)} view has the overall numbers`);

  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROME_ARGS, timeout: 60000 });
  const views = [];
  let links = 0;
  try {
    const desktop = await browser.newContext({ viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    desktop.setDefaultTimeout(30000);

    // 1. Overall view: the data of the page is the expected data, every number, the table, the links.
    const page = await desktop.newPage();
    watch(page, 'desktop', siteRoot);
    const projectFiles = [];
    page.on('request', (req) => { if (req.url().includes('/dashboard/projects/')) projectFiles.push(req.url()); });
    await page.goto(url.href);
    await ready(page);
    const siteFiles = await page.evaluate(() => (window.OCDS_SITE ? window.OCDS_SITE.projects.length : 0));
    check(siteFiles > 0 && projectFiles.length === siteFiles, `"all editions" loaded ${projectFiles.length} files of projects, the site has ${siteFiles}`);
    await checkHeading(page);
    const pageGroups = await page.evaluate(() => window.OCDS_INDICATORS && window.OCDS_INDICATORS.groups);
    const key = (g) => `${g.edition}|${g.sector}`;
    const sortGroups = (gs) => [...(gs || [])].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    // indicators.js leaves out each group's list of unfeasible projects (it grows with the city).
    const withoutReasons = (gs) => (gs || []).map((g) => ({ ...g, feasibility: Object.fromEntries(
      Object.entries(g.feasibility).filter(([k]) => k !== 'unfeasibleReasons')) }));
    check(isDeepStrictEqual(sortGroups(pageGroups), sortGroups(withoutReasons(expected.groups))),
      'the groups in the site\'s indicators.js differ from those of `ocds indicators` (the unfeasible projects\' lists aside)');
    check(await page.getAttribute('html', 'lang') === 'es', 'the page is not in Spanish by default (html lang)');
    const overallItems = await checkIndicators(page, overall);
    await checkTable(page, overall);
    links = await checkLinks(page);
    await checkMap(page, overall);
    await checkSearch(page, overall);
    await checkReasons(page, overall);
    await page.screenshot({ path: path.join(opts.artifacts, 'dashboard-1366-overall.png'), ...FULL_PAGE });
    views.push('overall');

    // 2. One edition, chosen with the select as a person would; the address keeps it.
    await page.selectOption('#f-edition', edition.edition);
    await ready(page);
    check(new URL(page.url()).hash.includes(`edition=${encodeURIComponent(edition.edition)}`), `the address does not keep the edition: ${page.url()}`);
    await checkIndicators(page, edition);
    await checkTable(page, edition);
    await checkMap(page, edition);
    await checkSearch(page, edition);
    await checkReasons(page, edition);
    views.push(label(edition));

    // 2b. Then a sector of that edition, with the sector select.
    if (both.edition === edition.edition) {
      await page.selectOption('#f-sector', both.sector);
      await ready(page);
      check(new URL(page.url()).hash.includes(`sector=${encodeURIComponent(both.sector)}`), `the address does not keep the sector: ${page.url()}`);
      await checkIndicators(page, both);
      await checkTable(page, both);
      views.push(`${label(both)} (selects)`);
    }

    // 3. Edition × sector from a link (the hash), in a new page.
    const linked = await desktop.newPage();
    watch(linked, 'linked view', siteRoot);
    const hash = `#edition=${encodeURIComponent(both.edition)}&sector=${encodeURIComponent(both.sector)}`;
    await linked.goto(url.href + hash);
    await ready(linked);
    check(await linked.inputValue('#f-edition') === both.edition && await linked.inputValue('#f-sector') === both.sector,
      `the selects do not show the linked filters ${hash}`);
    const bothItems = await checkIndicators(linked, both);
    await checkTable(linked, both);
    await linked.screenshot({ path: path.join(opts.artifacts, `dashboard-1366-edition-${both.edition}-sector-${both.sector}.png`), ...FULL_PAGE });
    views.push(label(both));

    // 4. English: the lang attribute and the headings change, the numbers do not.
    const headingEs = await linked.textContent('#h-execution');
    await linked.click('#f-lang');
    await ready(linked);
    check(await linked.getAttribute('html', 'lang') === 'en', 'the English switch does not set html lang="en"');
    const headingEn = await linked.textContent('#h-execution');
    check(headingEn !== headingEs && /execution/i.test(headingEn), `the heading did not change to English: "${headingEs}" → "${headingEn}"`);
    check(new URL(linked.url()).hash.includes('lang=en'), `the address does not keep the language: ${linked.url()}`);
    const enItems = await linked.$$eval('[data-indicator]', (els) => els.map((e) => [e.getAttribute('data-indicator'), e.getAttribute('data-value')]));
    check(isDeepStrictEqual(enItems, bothItems.map((it) => [it.path, it.value])), 'the numbers changed with the language');
    await checkIndicators(linked, both);
    await linked.close();

    // 5. Keyboard: the first control that Tab reaches is the edition select.
    const keys = await desktop.newPage();
    watch(keys, 'keyboard', siteRoot);
    await keys.goto(url.href);
    await ready(keys);
    let firstControl = null;
    for (let i = 0; i < 15 && !firstControl; i++) {
      await keys.keyboard.press('Tab');
      firstControl = await keys.evaluate(() => {
        const el = document.activeElement;
        return el && /^(SELECT|BUTTON|INPUT|TEXTAREA)$/.test(el.tagName) ? el.id || el.tagName : null;
      });
    }
    check(firstControl === 'f-edition', `Tab reaches ${firstControl} first, not the edition select`);
    await keys.close();

    // 5b. A map point of a winner beyond the rows drawn so far leads to its row all the same.
    const far = await desktop.newPage();
    watch(far, 'map to row', siteRoot);
    await far.goto(url.href);
    await ready(far);
    const hidden = await far.evaluate(() => [...document.querySelectorAll('#map a.pt[data-project]')]
      .map((a) => a.getAttribute('data-project')).find((id) => !document.getElementById('p-' + id)));
    if (hidden) {
      // Points may overlap in a dense city: the keyboard reaches every one (Enter follows the link).
      await far.focus(`#map a.pt[data-project="${hidden}"]`);
      await far.keyboard.press('Enter');
      check(await far.evaluate((id) => document.activeElement === document.getElementById('p-' + id), hidden),
        `the map point of project ${hidden}, beyond the first rows, does not lead to its row`);
      views.push('map point to a later page');
    }
    await far.close();

    // 6. From file://, without a server.
    if (opts.file) {
      const fileUrl = new URL('file://' + path.resolve(opts.file));
      const local = await desktop.newPage();
      watch(local, 'file://', new URL('../', fileUrl).href);
      await local.goto(fileUrl.href);
      await ready(local);
      const text = await local.textContent('.card [data-indicator="execution.winners"]');
      check(text.replace(/\D/g, '') === String(overall.execution.winners), `from file:// the winners read "${text}", expected ${overall.execution.winners}`);
      await local.close();
      views.push('file://');
    }
    await page.close();
    await desktop.close();
    views.push(`edition files loaded one at a time (${await checkLoading(browser, url, siteRoot)} editions)`);
    await checkPublicationPage(browser, siteRoot);
    views.push('index.html');

    // 7. A phone: no sideways scrolling of the page (the table scrolls in its own box).
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    phone.setDefaultTimeout(30000);
    const mobile = await phone.newPage();
    watch(mobile, 'phone', siteRoot);
    await mobile.goto(url.href);
    await ready(mobile);
    await noHorizontalOverflow(mobile, 'phone, overall');
    const phoneItems = await mobile.$$eval('[data-indicator]', (els) => els.length);
    check(phoneItems === overallItems.length, `the phone shows ${phoneItems} indicators, the desktop ${overallItems.length}`);
    await mobile.screenshot({ path: path.join(opts.artifacts, 'dashboard-390-overall.png'), ...FULL_PAGE });
    await mobile.goto(url.href + hash);
    await mobile.reload();
    await ready(mobile);
    await noHorizontalOverflow(mobile, `phone, ${label(both)}`);
    await mobile.screenshot({ path: path.join(opts.artifacts, `dashboard-390-edition-${both.edition}-sector-${both.sector}.png`), ...FULL_PAGE });
    await phone.close();
  } finally {
    await browser.close();
  }
  return { views, links, indicators: 0 };
}

main().then(({ views, links }) => {
  if (failures.length) {
    console.error(`dashboard-browser: ${failures.length} check(s) FAILED (${passed} passed):`);
    for (const f of failures) console.error(`  - ${f}`);
    process.exit(1);
  }
  console.log(`dashboard-browser: all ${passed} checks passed (views: ${views.join(', ')}; ${links} record/release links resolved; screenshots in ${opts.artifacts})`);
}, (err) => {
  console.error(`dashboard-browser: FAILED: ${err && err.stack ? err.stack : err}`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
});
