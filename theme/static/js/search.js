// Search page: full-text search with the Pagefind index built for this language.
// The page is a plain explanation with links until this script runs: it hides that,
// shows the form, and loads Pagefind only when the visitor searches. Pagefind reads
// <html lang> and opens the index of that language, so results are pages in the
// visitor's language only. No request leaves the site.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var nojs = document.getElementById("search-nojs");
  if (!form || !input || !status || !results) { return; }
  var lang = form.getAttribute("data-lang") || document.documentElement.lang || "en";
  var rules = (window.Intl && Intl.PluralRules) ? new Intl.PluralRules(lang) : null;
  var loading = null;
  var latest = 0;

  function load() {
    if (!loading) {
      loading = import(form.getAttribute("data-bundle") + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: form.getAttribute("data-base") || "/" }).then(function () {
          return pagefind;
        });
      });
    }
    return loading;
  }

  function countMessage(n) {
    var category = rules ? rules.select(n) : (n === 1 ? "one" : "other");
    var text = status.getAttribute("data-count-" + category) || status.getAttribute("data-count-other") ||
      status.getAttribute("data-count-many") || "{n}";
    return text.replace("{n}", n.toLocaleString(lang));
  }

  function show(items) {
    results.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "search-result";
      var heading = document.createElement("h2");
      heading.className = "search-result__title";
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = (item.meta && item.meta.title) || item.url;
      heading.appendChild(link);
      li.appendChild(heading);
      if (item.excerpt) {
        var excerpt = document.createElement("p");
        excerpt.className = "search-result__excerpt";
        excerpt.innerHTML = item.excerpt; // Pagefind's excerpt: escaped page text with <mark> around matches
        li.appendChild(excerpt);
      }
      results.appendChild(li);
    });
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) {
      results.textContent = "";
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = form.getAttribute("data-searching");
    return load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      if (ticket !== latest) { return null; }
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (items) {
        if (ticket !== latest) { return; }
        show(items);
        status.textContent = countMessage(found.results.length);
      });
    }).catch(function () {
      if (ticket !== latest) { return; }
      results.textContent = "";
      status.textContent = form.getAttribute("data-failed");
      if (nojs) { nojs.hidden = false; }
    });
  }

  function setAddress(query) {
    var url = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "");
    window.history.replaceState(null, "", url);
  }

  if (nojs) { nojs.hidden = true; }
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    setAddress(input.value.trim());
    search(input.value);
  });
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, 300);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
