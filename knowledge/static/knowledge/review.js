/* Keyboard-fast review queue: j/k move, x tick, a accept, r reject, e edit, Esc close.
   Progressive: every action is a plain form without it. */
(function () {
  "use strict";
  var list = document.querySelector("[data-review-list]");
  if (!list) return;
  var facts = Array.prototype.slice.call(list.querySelectorAll("li.fact"));
  var current = -1;

  function select(i) {
    if (!facts.length) return;
    i = Math.max(0, Math.min(facts.length - 1, i));
    if (current >= 0 && facts[current]) facts[current].classList.remove("is-current");
    current = i;
    var el = facts[current];
    el.classList.add("is-current");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  // start at the fact named in the address (after an edit), else where the last decision was
  // taken (the decided fact may have left a filtered list: the next one takes its place)
  var KEY = "review-position:" + window.location.pathname;
  var hash = window.location.hash.slice(1);
  var start = hash ? facts.findIndex(function (f) { return f.id === hash; }) : -1;
  if (start < 0) {
    try { start = parseInt(window.sessionStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { start = 0; }
  }
  try { window.sessionStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  if (facts.length) select(start);

  function remember() {
    try { window.sessionStorage.setItem(KEY, String(current)); } catch (e) { /* private mode */ }
  }
  list.addEventListener("submit", remember);

  list.addEventListener("click", function (event) {
    var li = event.target.closest("li.fact");
    if (li) {
      var i = facts.indexOf(li);
      if (i !== current) select(i);
    }
  });

  var all = document.querySelector("[data-review-select-all]");
  if (all) {
    all.addEventListener("change", function () {
      facts.forEach(function (f) {
        var box = f.querySelector('input[name="fact"]');
        if (box) box.checked = all.checked;
      });
    });
  }

  function typing(target) {
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var el = facts[current];
    if (event.key === "Escape" && el) {
      var open = el.querySelector("details.fact-edit[open]");
      if (open) { open.open = false; el.focus(); event.preventDefault(); }
      return;
    }
    if (typing(event.target)) return;
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "x":
        if (el) { var box = el.querySelector('input[name="fact"]'); if (box) box.checked = !box.checked; }
        break;
      case "a":
        if (el) { remember(); el.querySelector("[data-review-accept]").click(); }
        break;
      case "r":
        if (el) { remember(); el.querySelector("[data-review-reject]").click(); }
        break;
      case "e":
        if (el) {
          var details = el.querySelector("details.fact-edit");
          details.open = true;
          var field = details.querySelector("input:not([type=hidden]), select, textarea");
          if (field) field.focus();
        }
        break;
      default: return;
    }
    event.preventDefault();
  });
})();
