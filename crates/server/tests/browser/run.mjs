// Marsad's browser test: drives Debian's headless Chromium (no browser download)
// through the web UI of a running server, the way a reader would, and fails on
// anything a reader would notice: a wrong direction, a console error, a failed
// request, a page wider than a phone.
//
//   node run.mjs <base-url> <screenshot-dir>
//
// Run by crates/server/tests/browser.rs against a server it fills itself; set up
// with scripts/setup-test-deps.sh. Exit code 0 when every check passes.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error("usage: node run.mjs <base-url> <screenshot-dir>");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const executablePath = process.env.MARSAD_CHROMIUM || "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "marsad-chromium-"));
const failures = [];
const problems = []; // console errors, failed requests, HTTP errors
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1100, height: 900 },
});

try {
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const attr = (name) => page.evaluate((n) => document.documentElement.getAttribute(n), name);

  // 1. The front page: Arabic, right to left, latest news.
  await page.goto(`${base}/`, { waitUntil: "load" });
  check((await attr("dir")) === "rtl", 'front page has dir="rtl"');
  check((await attr("lang")) === "ar", 'front page has lang="ar"');
  check((await page.locator("li.hit").count()) > 0, "front page lists the latest articles");
  await page.screenshot({ path: join(shots, "01-home.png"), fullPage: true });

  // 2. Keyboard: "/" jumps to the search box (the skip link is checked on the
  // about page, where no box takes the focus on load).
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("/");
  check(await page.evaluate(() => document.activeElement.id === "q"), '"/" focuses the search box');

  // 3. Search in Arabic: a bare stem finds the article's inflected form, marked.
  await page.fill("#q", "مفاوضات");
  await Promise.all([page.waitForURL(/q=/), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
  check((await attr("dir")) === "rtl", 'results page has dir="rtl"');
  const hits = await page.locator("li.hit").count();
  check(hits > 0, `search for مفاوضات finds articles (${hits})`);
  check((await page.locator("li.hit mark").count()) > 0, "snippets highlight the matched words");
  check((await page.locator('link[rel="alternate"][type="application/rss+xml"]').count()) === 1, "results advertise their RSS feed");
  await page.screenshot({ path: join(shots, "02-search.png"), fullPage: true });

  // 4. Open the first article.
  await Promise.all([page.waitForURL(/\/article\//), page.locator("li.hit h2 a").first().click()]);
  await page.waitForLoadState("load");
  check((await attr("dir")) === "rtl", 'article page has dir="rtl"');
  const heading = (await page.locator("article.story h1").textContent()) || "";
  check(/[\u0600-\u06FF]/.test(heading), `article heading is Arabic: ${heading.trim()}`);
  check((await page.locator("article.story p[dir=auto]").count()) > 0, "article shows its paragraphs");
  check((await page.locator(".source .url a[href^='https://']").count()) === 1, "article links to its source");
  await page.screenshot({ path: join(shots, "03-article.png"), fullPage: true });
  const articlePath = new URL(page.url()).pathname;

  // 5. The English switch flips language and direction, and back.
  await Promise.all([page.waitForURL(/ui=en/), page.locator("a.switch").click()]);
  await page.waitForLoadState("load");
  check((await attr("dir")) === "ltr" && (await attr("lang")) === "en", "English switch gives lang=en dir=ltr");
  check((await page.locator("article.story").getAttribute("lang")) === "ar", "the Arabic article keeps lang=ar inside the English page");
  await page.screenshot({ path: join(shots, "04-article-en.png"), fullPage: true });
  await Promise.all([page.waitForURL((url) => !url.search.includes("ui=en")), page.locator("a.switch").click()]);
  check((await attr("dir")) === "rtl", "switching back gives dir=rtl");

  // 6. Sources and about.
  await page.goto(`${base}/sources`, { waitUntil: "load" });
  check((await page.locator("tr.failing").count()) > 0, "sources page marks the failing source");
  await page.screenshot({ path: join(shots, "05-sources.png"), fullPage: true });
  await page.goto(`${base}/about`, { waitUntil: "load" });
  check((await page.locator("h1").count()) === 1, "about page renders");
  await page.keyboard.press("Tab");
  check(await page.evaluate(() => document.activeElement.classList.contains("skip")), "Tab reaches the skip link first");
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => document.activeElement.id === "main"), "the skip link moves the focus to the content");

  // 7. A phone: nothing wider than the screen except the scrolling table.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, name] of [
    ["/?q=%D9%85%D9%81%D8%A7%D9%88%D8%B6%D8%A7%D8%AA", "06-phone-search"],
    ["/sources", "07-phone-sources"],
    [articlePath, "08-phone-article"],
  ]) {
    await page.goto(`${base}${path}`, { waitUntil: "load" });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `${path} fits a 390 px wide phone (overflow ${overflow}px)`);
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  }

  check(problems.length === 0, `no console errors, failed requests or HTTP errors${problems.length ? ":\n  " + problems.join("\n  ") : ""}`);
} catch (err) {
  failures.push(String(err && err.stack ? err.stack : err));
  console.log(`FAIL ${err}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${failures.length === 0 ? "PASS" : "FAIL"}: ${failures.length} failing check(s); screenshots in ${shots}`);
process.exit(failures.length === 0 ? 0 : 1);
