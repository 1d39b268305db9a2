// The admin page's own code: eupages' file formats, the site's look in the preview pane, a
// link to the live preview of the page being edited, and the problems the live build finds.
import { YAML } from "./vendor/yaml/index.js";
import { makeFormats } from "./eupages-formats.mjs";

const CMS = window.CMS;
const kinds = await (await fetch("eupages-fields.json")).json();
const formats = makeFormats(YAML, kinds);
CMS.registerCustomFormat("eupages-record", "yml", formats.record);
CMS.registerCustomFormat("eupages-page", "md", formats.page);
if (kinds.stylesheets) kinds.stylesheets.forEach((href) => CMS.registerPreviewStyle(href));

const h = window.h;
function pagePreview({ entry, widgetFor }) {
  const data = entry.get("data");
  const name = entry.get("slug") || "";
  const where = kinds.live ? kinds.previewBase + kinds.defaultLanguage + "/" + name.replace(/^index$/, "") + "/" : "";
  return h(
    "main",
    { className: "page" },
    where ? h("p", {}, h("a", { href: where.replace(/\/+$/, "/"), target: "_blank", rel: "noopener" }, "Open this page in the live preview")) : null,
    h("h1", {}, data.get("title")),
    h("p", { className: "lead" }, data.get("summary")),
    widgetFor("body"),
  );
}
CMS.registerPreviewTemplate("project-pages", pagePreview);
CMS.registerPreviewTemplate("pages", pagePreview);
// The published editor has one collection of project pages per language (cms_config.team_configuration).
for (const code of kinds.languages) CMS.registerPreviewTemplate(`project-pages-${code}`, pagePreview);
CMS.init();

// What eupages would refuse: the live build's problems, each as file:line: what — how to fix.
if (kinds.live && window.EventSource) {
  const panel = document.createElement("section");
  panel.id = "eupages-problems";
  panel.setAttribute("role", "alert");
  panel.setAttribute("aria-label", "Problems eupages found");
  panel.hidden = true;
  document.body.appendChild(panel);
  const events = new EventSource("/_eupages/events");
  events.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    panel.replaceChildren();
    panel.hidden = state.ok;
    if (state.ok) return;
    const title = document.createElement("h2");
    const count = state.problems.length;
    title.textContent = count
      ? `eupages found ${count} problem${count === 1 ? "" : "s"}; the site keeps the last version that worked`
      : "eupages could not build the site";
    panel.appendChild(title);
    const list = document.createElement("ul");
    for (const p of state.problems) {
      const item = document.createElement("li");
      item.className = "eupages-problem";
      item.textContent = p.text;
      list.appendChild(item);
    }
    if (state.note) {
      const item = document.createElement("li");
      item.textContent = state.note;
      list.appendChild(item);
    }
    panel.appendChild(list);
  });
}
