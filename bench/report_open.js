// How long a multisenge HTML report takes to open in headless Chromium,
// and how long the map takes to redraw after a pan or a zoom (the
// viewBox changed, then two animation frames: the frame is painted).
//   node bench/report_open.js REPORT.html [RUNS]
// Prints one line per run: load ms (navigation start to the end of the
// load event), first paint of the map, median redraw ms over 10 moves.
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const { chromium } = require(path.join(__dirname, "../target/npm/node_modules/playwright-core"));

(async () => {
  const file = path.resolve(process.argv[2]);
  const runs = Number(process.argv[3] || 5);
  for (let run = 0; run < runs; run++) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "multisenge-bench-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1280, height: 900 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await context.newPage();
    await page.goto("file://" + file, { waitUntil: "load" });
    const load = await page.evaluate(() => performance.getEntriesByType("navigation")[0].loadEventEnd);
    const redraw = await page.evaluate(async () => {
      const svg = document.getElementById("map");
      svg.scrollIntoView();
      const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
      await frame(); await frame();
      const home = svg.getAttribute("viewBox").split(" ").map(Number);
      const times = [];
      for (let i = 0; i < 10; i++) {
        const k = i % 2 ? 1 : 0.5;
        const v = [home[0] + home[2] * 0.05 * i, home[1], home[2] * k, home[3] * k];
        const t = performance.now();
        svg.setAttribute("viewBox", v.join(" "));
        await frame(); await frame();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return times[5];
    });
    const shapes = await page.evaluate(() => document.querySelectorAll("#patches > path").length);
    console.log(`run ${run + 1}: load ${load.toFixed(0)} ms, redraw after pan/zoom ${redraw.toFixed(0)} ms (median of 10), ${shapes} patch shapes`);
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => { console.error(e); process.exit(1); });
