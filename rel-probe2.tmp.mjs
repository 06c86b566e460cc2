import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const p = await b.newPage();
p.on("pageerror", e => console.log("pageerror", e.message));
p.on("console", m => console.log("console", m.type(), m.text().slice(0, 300)));
for (const q of process.argv.slice(2)) {
  const t = Date.now();
  await p.goto("http://127.0.0.1:4305/?" + q, { waitUntil: "domcontentloaded", timeout: 10000 }).catch(e => console.log("goto", e.message.slice(0, 200)));
  console.log("goto done", Date.now() - t);
  const r = await Promise.race([p.evaluate(() => JSON.stringify(window.__playground?.state())), new Promise(r => setTimeout(() => r("EVAL TIMEOUT"), 5000))]);
  console.log(r);
}
await b.close();
