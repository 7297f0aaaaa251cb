/* FAQ live search — progressive enhancement of the plain GET form on /faq/.
   Without JavaScript the form submits and the server renders the results. With it, results
   appear as you type (fetched from /api/v1/faq/search) and a polite live region announces
   how many were found. Text is inserted with textContent only: no HTML from the API. */
(function () {
  "use strict";
  var form = document.querySelector("form.faq-search");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var section = document.getElementById("faq-results");
  var list = document.getElementById("faq-result-list");
  var status = document.getElementById("faq-live-status");
  if (!input || !section || !list || !status) { return; }
  var api = form.getAttribute("data-api");
  var lang = form.getAttribute("data-lang");
  var timer = null;
  var latest = 0;

  // "N answers found" per plural category of the page language (Arabic has six), chosen
  // with the browser's CLDR rules; the server wrote each form with ngettext.
  var counts = JSON.parse(section.getAttribute("data-counts") || "{}");
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function announce(count) {
    var text;
    if (count === 0) { text = section.getAttribute("data-no-results"); }
    else {
      var category = plural ? plural.select(count) : (count === 1 ? "one" : "other");
      text = (counts[category] || counts.other || "").replace(/%\(count\)s/, String(count));
    }
    status.textContent = text;
  }

  function render(results, query) {
    var old = document.getElementById("faq-no-results");
    if (old) { old.remove(); }
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      item.className = "card";
      if (result.language !== lang) {
        item.setAttribute("lang", result.language);
        item.setAttribute("dir", "ltr");  // the fallback is German or English
      }
      var heading = document.createElement("h3");
      var link = document.createElement("a");
      link.href = result.url + "?q=" + encodeURIComponent(query);
      link.textContent = result.question;
      heading.appendChild(link);
      var text = document.createElement("p");
      var words = result.answer.split(/\s+/);
      text.textContent = words.slice(0, 30).join(" ") + (words.length > 30 ? " …" : "");
      item.appendChild(heading);
      item.appendChild(text);
      list.appendChild(item);
    });
    if (results.length === 0) {
      var notice = document.createElement("div");
      notice.className = "notice";
      notice.id = "faq-no-results";
      var p = document.createElement("p");
      p.textContent = section.getAttribute("data-no-results");
      notice.appendChild(p);
      section.appendChild(notice);
    }
    section.hidden = false;
    announce(results.length);
  }

  function run() {
    var query = input.value.trim();
    if (query.length < 3) { return; }
    var ticket = ++latest;
    var url = api + "?q=" + encodeURIComponent(query) + "&lang=" + encodeURIComponent(lang);
    fetch(url, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && ticket === latest) { render(data.results || [], query); }
      })
      .catch(function () { /* the plain form still works */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 250);
  });
}());
