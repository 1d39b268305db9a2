// Root page: send the visitor to the language their browser prefers.
// Without JavaScript the page is a plain list of links, so nobody is stuck here.
(function () {
  "use strict";
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-lang]"));
  if (!links.length) { return; }
  var wanted = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""]);
  // Norwegian may come as no, nb or nn; the site's Norwegian pages are Bokmål (nb).
  var aliases = { no: "nb", nn: "nb" };
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    code = aliases[code] || code;
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute("data-lang") === code) {
        window.location.replace(links[j].href);
        return;
      }
    }
  }
})();
