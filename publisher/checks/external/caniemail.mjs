// caniemail (an ES module) on the email's HTML, against every client it knows.
// Usage: node caniemail.mjs EMAIL_HTML REPORT_JSON
// Writes one entry per feature: the clients that lack it, those that support it in part,
// and the first line of the HTML that uses it. Packages come from $PUBLISHER_NODE_MODULES.
//
// caniemail numbers the lines of a <style> block from the block's start, so each block is
// checked on its own (`css`) and its lines moved to where it sits in the file; the markup
// is checked with the blocks blanked out, line breaks kept, so its lines stay true.
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [htmlPath, reportPath] = process.argv.slice(2);
const require = createRequire(join(process.env.PUBLISHER_NODE_MODULES, "package.json"));
const { caniemail, parseHtml } = await import(pathToFileURL(require.resolve("caniemail")).href);
const clients = ["*"];

function styleTexts(node, found = []) {
  if (node.type === "style" && node.childNodes?.[0]?.type === "text") found.push(node.childNodes[0]);
  for (const child of node.childNodes ?? []) styleTexts(child, found);
  return found;
}

const lineAt = (text, index) => text.slice(0, index).split("\n").length;
const html = await readFile(htmlPath, "utf8");
const blocks = styleTexts(parseHtml(html).document);
let markup = html;
for (const block of [...blocks].reverse()) {
  const blank = block.data.replace(/[^\n]/g, " ");
  markup = markup.slice(0, block.startIndex) + blank + markup.slice(block.startIndex + block.data.length);
}

const features = new Map();
function collect({ issues }, firstLine) {
  for (const [kind, byClient] of [["unsupported", issues.errors], ["partial", issues.warnings]]) {
    for (const [client, found] of byClient) {
      for (const issue of found) {
        if (!features.has(issue.title)) {
          features.set(issue.title, { title: issue.title, unsupported: [], partial: [], line: null });
        }
        const feature = features.get(issue.title);
        if (!feature[kind].includes(client)) feature[kind].push(client);
        const relative = issue.position?.start?.line;
        const line = relative === undefined ? firstLine : firstLine + relative - 1;
        if (line !== null && (feature.line === null || line < feature.line)) feature.line = line;
      }
    }
  }
}

collect(caniemail({ clients, html: markup }), 1);
for (const block of blocks) {
  if (block.data.trim()) collect(caniemail({ clients, css: block.data }), lineAt(html, block.startIndex));
}
await writeFile(reportPath, JSON.stringify([...features.values()]));
