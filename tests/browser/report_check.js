// Opens a multisenge HTML report in Debian's Chromium (headless, through
// playwright-core), as tests/publish_report.rs asks, and prints what it
// saw as one JSON object:
//   node report_check.js REPORT.html [--click] [--screenshot PNG]
// - console messages, page errors and every request that is not the file
//   itself (the page must fetch nothing);
// - the time from navigation to the end of the load event, and to the
//   map's script having run (printed, never judged here);
// - the shapes on the map, the counts shown, the finding rows;
// - with --click: the findings and files shown for the first patch that
//   has a finding, and for a patch without one; pan and zoom move the view;
//   the severity filter hides the other findings;
// - the same page without JavaScript: every finding row with its text.
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const npm = process.env.MULTISENGE_NPM || path.join(__dirname, "../../target/npm/node_modules");
const { chromium } = require(path.join(npm, "playwright-core"));

const args = process.argv.slice(2);
const file = path.resolve(args[0]);
const click = args.includes("--click");
const shotAt = args.indexOf("--screenshot");
const screenshot = shotAt >= 0 ? args[shotAt + 1] : null;

async function open(javaScriptEnabled) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "multisenge-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    javaScriptEnabled,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return { context, profile };
}

(async () => {
  const out = { console: [], errors: [], requests: [] };
  const { context, profile } = await open(true);
  const page = await context.newPage();
  page.on("console", (m) => out.console.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => out.errors.push(String(e && e.message || e)));
  page.on("request", (r) => { if (r.url() !== "file://" + file) out.requests.push(r.url()); });
  const started = Date.now();
  await page.goto("file://" + file, { waitUntil: "load" });
  out.load_ms = Date.now() - started;
  out.navigation_ms = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return n ? n.loadEventEnd : -1;
  });
  Object.assign(out, await page.evaluate(() => {
    const value = (id) => Number(document.getElementById(id).getAttribute("data-value"));
    return {
      has_js: document.documentElement.classList.contains("has-js"),
      patch_shapes: document.querySelectorAll("#patches > path").length,
      overlap_shapes: document.querySelectorAll("#overlaps > path").length,
      tile_labels: Array.from(document.querySelectorAll(".tile-labels text")).map((t) => t.textContent),
      shape_classes: (() => {
        const data = JSON.parse(document.getElementById("report-data").textContent);
        const shapes = document.querySelectorAll("#patches > path");
        const out = {};
        data.patches.forEach((p, i) => { out[data.tiles[p[0]] + "_" + p[1] + "_" + p[2]] = shapes[i].getAttribute("class"); });
        return out;
      })(),
      count_patches: value("count-patches"),
      count_findings: value("count-findings"),
      count_overlaps: value("count-overlaps"),
      finding_rows: document.querySelectorAll("tr.finding").length,
      rule_links: Array.from(document.querySelectorAll("table.rules a")).map((a) => a.getAttribute("href")),
      bytes: document.documentElement.outerHTML.length,
    };
  }));
  if (click) {
    const shapes = page.locator("#patches > path");
    const clickPatch = async (index) => {
      await page.evaluate((i) => {
        // Centre the view on the patch, zoomed in, so nothing hides it.
        const svg = document.getElementById("map");
        const b = document.getElementById("patches").children[i].getBBox();
        const w = b.width * 6, h = b.height * 6;
        svg.setAttribute("viewBox", [b.x + b.width / 2 - w / 2, b.y + b.height / 2 - h / 2, w, h].join(" "));
      }, index);
      await page.locator("#map").scrollIntoViewIfNeeded();
      const box = await shapes.nth(index).boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      return page.evaluate(() => ({
        visible: !document.getElementById("panel").hidden,
        id: document.querySelector("#panel-body h3") ? document.querySelector("#panel-body h3").textContent : null,
        findings: Array.from(document.querySelectorAll("#panel-body .finding")).map((d) => d.textContent),
        files: Array.from(document.querySelectorAll("#panel-body ul.files li")).map((l) => l.textContent),
        selected: Array.from(document.querySelectorAll("#patches > path.selected")).length,
      }));
    };
    const withFinding = await page.evaluate(() => {
      const row = Array.from(document.querySelectorAll("tr.finding")).find((r) => Number(r.getAttribute("data-patch")) >= 0);
      return row ? Number(row.getAttribute("data-patch")) : -1;
    });
    out.clicked_index = withFinding;
    if (withFinding >= 0) out.clicked = await clickPatch(withFinding);
    const clean = await page.evaluate(() => Array.from(document.querySelectorAll("#patches > path")).findIndex((p) => p.getAttribute("class") === "n"));
    if (clean >= 0) out.clicked_clean = await clickPatch(clean);
    // Pan and zoom: the home button, a wheel step, a drag.
    await page.click(".map-tools button[data-zoom='0']");
    const home = await page.getAttribute("#map", "viewBox");
    await page.locator("#map").scrollIntoViewIfNeeded();
    const map = await page.locator("#map").boundingBox();
    await page.mouse.move(map.x + map.width / 2, map.y + map.height / 2);
    await page.mouse.wheel(0, -300);
    const zoomed = await page.getAttribute("#map", "viewBox");
    await page.mouse.down();
    await page.mouse.move(map.x + map.width / 2 + 120, map.y + map.height / 2 + 60, { steps: 5 });
    await page.mouse.up();
    const panned = await page.getAttribute("#map", "viewBox");
    out.views = { home, zoomed, panned };
    await page.selectOption("#filters select[name=severity]", "error");
    out.error_rows_shown = await page.evaluate(() => document.querySelectorAll("tr.finding:not([hidden])").length);
    await page.selectOption("#filters select[name=severity]", "");
    if (screenshot) {
      await page.click(".map-tools button[data-zoom='0']");
      if (withFinding >= 0) await clickPatch(withFinding);
      await page.click(".map-tools button[data-zoom='0']");
      const clip = await page.evaluate(() => {
        const top = document.getElementById("summary").getBoundingClientRect().top + window.scrollY;
        const bottom = document.getElementById("map-section").getBoundingClientRect().bottom + window.scrollY;
        return { x: 0, y: top - 10, width: 1280, height: bottom - top + 10 };
      });
      await page.screenshot({ path: screenshot, fullPage: true, clip });
    }
  }
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });

  // Without JavaScript: the tables carry every finding.
  const plain = await open(false);
  const p2 = await plain.context.newPage();
  await p2.goto("file://" + file, { waitUntil: "load" });
  Object.assign(out, await p2.evaluate(() => ({
    nojs_rows: Array.from(document.querySelectorAll("tr.finding")).map((r) => ({
      code: r.getAttribute("data-rule"),
      severity: r.getAttribute("data-severity"),
      message: r.children[2].textContent,
      visible: r.offsetParent !== null,
    })),
    nojs_patch_shapes: document.querySelectorAll("#patches > path").length,
    nojs_tables: document.querySelectorAll("table.data").length,
  })));
  await plain.context.close();
  fs.rmSync(plain.profile, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(out) + "\n");
})().catch((e) => { console.error(e); process.exit(1); });
