// eupages live preview (added by `eupages serve` only; never part of the built site).
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = new URL(me ? me.src : location.href, location.href).searchParams.get("build") || "";
  var overlay = null;

  function link() {
    if (document.getElementById("eupages-live-css")) return;
    var css = document.createElement("link");
    css.id = "eupages-live-css";
    css.rel = "stylesheet";
    css.href = "/_eupages/live.css";
    document.head.appendChild(css);
  }

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content) el.textContent = content;
    return el;
  }

  function show(state) {
    link();
    hide();
    overlay = text("div", "eupages-overlay");
    overlay.id = "eupages-overlay";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("lang", "en");
    var box = text("div", "eupages-overlay__box");
    var count = state.problems.length;
    box.appendChild(text("h2", "eupages-overlay__title",
      count ? "eupages found " + count + " problem" + (count === 1 ? "" : "s")
            : "eupages could not build the site"));
    box.appendChild(text("p", "eupages-overlay__note",
      "You are looking at the last version that worked. Fix the file and save: this page updates by itself."));
    var list = text("ul", "eupages-overlay__list");
    state.problems.forEach(function (p) {
      var item = text("li", "eupages-problem");
      item.appendChild(text("code", "eupages-problem__where", p.path + (p.line ? ":" + p.line : "")));
      item.appendChild(document.createTextNode(": "));
      item.appendChild(text("span", "eupages-problem__message", p.message));
      if (p.hint) {
        item.appendChild(document.createTextNode(" — "));
        item.appendChild(text("span", "eupages-problem__hint", p.hint));
      }
      list.appendChild(item);
    });
    if (state.note) list.appendChild(text("li", "eupages-problem", state.note));
    box.appendChild(list);
    var close = text("button", "eupages-overlay__close", "Hide");
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  function hide() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  function update(state) {
    if (!state.ok) { show(state); return; }
    if (state.build && state.build !== shown) { location.reload(); return; }
    hide();
  }

  if (!window.EventSource) return;
  var events = new EventSource("/_eupages/events");
  events.addEventListener("state", function (event) { update(JSON.parse(event.data)); });
  window.eupagesLive = { update: update, events: events };
})();
