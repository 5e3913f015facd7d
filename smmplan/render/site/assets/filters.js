/* smmplan calendar filters: the bar above the week, month and board pages.

   The page is complete without this script: the bar is rendered hidden and every card
   is shown. The script shows the bar and hides the cards that do not match: within a
   facet (brand, network, status, campaign, tag) any chosen value matches, across
   facets all must. The choice lives in the address's fragment (#brand=a&network=x) so
   a filtered view can be shared, and it works from file:// as well as from a server.
   It reads values only from data- attributes and writes only text and attributes: no
   HTML is ever built from the page's content. */
(function () {
  "use strict";

  var CARDS = ".smm-card[data-post], .smm-month__entry[data-post]";
  var LISTS = { network: true, tags: true };
  var ATTRIBUTE = { brand: "brand", network: "network", status: "status", campaign: "campaign", tag: "tags" };

  function valuesOf(card, facet) {
    var name = ATTRIBUTE[facet];
    var raw = card.getAttribute("data-" + name);
    if (raw === null || raw === "") return [];
    if (!LISTS[name]) return [raw];
    try {
      var list = JSON.parse(raw);
      return Array.isArray(list) ? list.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function chosen(bar) {
    var choice = {};
    bar.querySelectorAll(".smm-filter[aria-pressed='true']").forEach(function (button) {
      var facet = button.getAttribute("data-facet");
      (choice[facet] = choice[facet] || []).push(button.getAttribute("data-value"));
    });
    return choice;
  }

  function matches(card, choice) {
    return Object.keys(choice).every(function (facet) {
      var have = valuesOf(card, facet);
      return choice[facet].some(function (value) { return have.indexOf(value) !== -1; });
    });
  }

  function holder(card) {
    return card.closest("li") || card;
  }

  function apply(bar, cards) {
    var choice = chosen(bar);
    var seen = {};
    var shown = {};
    cards.forEach(function (card) {
      var visible = matches(card, choice);
      holder(card).hidden = !visible;
      var path = card.getAttribute("data-post");
      seen[path] = true;
      if (visible) shown[path] = true;
    });
    document.querySelectorAll(".smm-board__count").forEach(function (count) {
      var section = count.closest("section");
      if (!section) return;
      var visible = 0;
      section.querySelectorAll(CARDS).forEach(function (card) {
        if (!holder(card).hidden) visible += 1;
      });
      count.textContent = String(visible);
    });
    var total = Object.keys(seen).length;
    var output = bar.querySelector(".smm-filters__shown");
    var active = Object.keys(choice).length > 0;
    output.textContent = active
      ? bar.getAttribute("data-shown-text")
          .replace("{shown}", String(Object.keys(shown).length))
          .replace("{total}", String(total))
      : "";
    bar.querySelector(".smm-filters__clear").hidden = !active;
    return choice;
  }

  function fragment(choice) {
    var params = new URLSearchParams();
    Object.keys(choice).sort().forEach(function (facet) {
      choice[facet].forEach(function (value) { params.append(facet, value); });
    });
    return params.toString();
  }

  function remember(choice) {
    var text = fragment(choice);
    var address = location.href.split("#")[0] + (text ? "#" + text : "");
    try {
      history.replaceState(history.state, "", address);
    } catch (error) {
      location.hash = text;
    }
  }

  function restore(bar) {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    bar.querySelectorAll(".smm-filter").forEach(function (button) {
      var wanted = params.getAll(button.getAttribute("data-facet"));
      var on = wanted.indexOf(button.getAttribute("data-value")) !== -1;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function start() {
    var bar = document.querySelector(".smm-filters");
    if (!bar || bar.getAttribute("data-ready") === "true") return;
    bar.setAttribute("data-ready", "true");
    var cards = Array.prototype.slice.call(document.querySelectorAll(CARDS));
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !bar.contains(button)) return;
      if (button.classList.contains("smm-filters__clear")) {
        bar.querySelectorAll(".smm-filter").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      } else if (button.classList.contains("smm-filter")) {
        var on = button.getAttribute("aria-pressed") === "true";
        button.setAttribute("aria-pressed", on ? "false" : "true");
      } else {
        return;
      }
      remember(apply(bar, cards));
    });
    window.addEventListener("hashchange", function () {
      restore(bar);
      apply(bar, cards);
    });
    restore(bar);
    apply(bar, cards);
    bar.hidden = false;
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);  /* Material's instant navigation, when enabled */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
