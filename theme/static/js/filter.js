// Home page: narrow the list of projects by programme, partner country and status.
// Progressive enhancement only: without JavaScript the form stays hidden and the links to
// the programme, country, partner and status pages do the same job as plain pages.
(function () {
  "use strict";
  var form = document.getElementById("project-filters");
  var list = document.getElementById("project-cards");
  var count = document.getElementById("filter-count");
  var none = document.getElementById("no-matches");
  if (!form || !list || !count) { return; }
  var cards = Array.prototype.slice.call(list.querySelectorAll(".card"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var lang = count.getAttribute("data-lang") || document.documentElement.lang || "en";
  var rules = (window.Intl && Intl.PluralRules) ? new Intl.PluralRules(lang) : null;

  // "3 projects shown" in the page's language: the template wrote one message per plural
  // category (data-count-one, data-count-few, …) with {n} where the number goes.
  function message(n) {
    var category = rules ? rules.select(n) : (n === 1 ? "one" : "other");
    var text = count.getAttribute("data-count-" + category) || count.getAttribute("data-count-other") ||
      count.getAttribute("data-count-many") || "{n}";
    return text.replace("{n}", n.toLocaleString(lang));
  }

  function matches(card, select) {
    if (!select.value) { return true; }
    var values = (card.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
    return values.indexOf(select.value) !== -1;
  }

  function apply(announce) {
    var shown = 0;
    cards.forEach(function (card) {
      var keep = selects.every(function (select) { return matches(card, select); });
      card.hidden = !keep;
      if (keep) { shown += 1; }
    });
    if (none) { none.hidden = shown !== 0; }
    if (announce) { count.textContent = message(shown); }
  }

  // The choice is kept in the address (?programme=…&country=…&status=…) so that it can be
  // bookmarked and survives going back.
  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    var any = false;
    selects.forEach(function (select) {
      var value = params.get(select.name);
      if (value && select.querySelector('option[value="' + value.replace(/["\\]/g, "") + '"]')) {
        select.value = value;
        any = true;
      }
    });
    return any;
  }

  function writeAddress() {
    var params = new URLSearchParams();
    selects.forEach(function (select) { if (select.value) { params.set(select.name, select.value); } });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  form.hidden = false;
  form.addEventListener("change", function () { apply(true); writeAddress(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  if (readAddress()) { apply(true); }
})();
