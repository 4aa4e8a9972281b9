// axe-core in Debian's headless Chromium, driven by playwright-core: one browser, one page,
// the email audited at each width and colour scheme in turn.
// Usage: node axe.mjs EMAIL_HTML REPORT_JSON CHROMIUM FLAGS_JSON VIEWS_JSON TAGS_JSON
// Packages come from $PUBLISHER_NODE_MODULES (the runner sets it), not from this folder.
//
// Resizing the page and switching the emulated colour scheme re-evaluates the email's
// media queries without loading it again: measured at about half the time of a context
// per view, which on two cores spends seconds starting renderers side by side.
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const [htmlPath, reportPath, executablePath, flags, views, tags] = process.argv.slice(2);
const require = createRequire(join(process.env.PUBLISHER_NODE_MODULES, "package.json"));
const { chromium } = require("playwright-core");
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const html = await readFile(htmlPath, "utf8");

async function audit(page, { width, scheme }) {
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ colorScheme: scheme });
  const result = await page.evaluate(
    (values) => window.axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] }),
    JSON.parse(tags),
  );
  return {
    width,
    scheme,
    violations: result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    })),
  };
}

const browser = await chromium.launch({ executablePath, args: JSON.parse(flags) });
try {
  const context = await browser.newContext();
  // Offline, as a reader's client with remote images off: nothing leaves the machine.
  await context.route(/^(?!data:)/, (route) => route.abort());
  const page = await context.newPage();
  await page.setContent(html, { waitUntil: "load" });
  await page.addScriptTag({ content: axeSource });
  const runs = [];
  for (const view of JSON.parse(views)) runs.push(await audit(page, view));
  await writeFile(reportPath, JSON.stringify({ axe: require("axe-core/package.json").version, runs }));
} finally {
  await browser.close();
}
