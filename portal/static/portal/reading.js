/* Progressive enhancement for reading pages: copy permalinks and citations, and a table of
   contents that follows the reader. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function toast(message) {
    var el = document.querySelector(".copy-toast");
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
    clearTimeout(el._timer);
    el._timer = setTimeout(function () { el.hidden = true; }, 1800);
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { /* leave the link to be followed */ }
    document.body.removeChild(area);
  }

  // Clause labels: a plain click copies the permalink; modified clicks open it as usual.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-permalink]");
    if (link && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button)) {
      event.preventDefault();
      var url = new URL(link.getAttribute("href"), window.location.href).href;
      copy(url, function () { toast("已复制本条链接：" + url); });
      var section = link.closest("section.clause");
      if (section && section.id && document.body.classList.contains("document-page")) {
        history.replaceState(null, "", "#" + section.id);
      }
      return;
    }
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (button) {
      copy(button.getAttribute("data-copy"), function () { toast("已复制：" + button.getAttribute("data-copy")); });
    }
  });

  // The table of contents marks the part of the text being read.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[data-toc-target]"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var byId = {};
    tocLinks.forEach(function (a) { byId[a.getAttribute("data-toc-target")] = a; });
    var targets = tocLinks.map(function (a) { return document.getElementById(a.getAttribute("data-toc-target")); }).filter(Boolean);
    var visible = new Set();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) visible.add(entry.target.id); else visible.delete(entry.target.id);
      });
      var current = null;
      for (var i = 0; i < targets.length; i++) {
        if (visible.has(targets[i].id)) { current = targets[i].id; break; }
      }
      if (!current) return;
      tocLinks.forEach(function (a) { a.classList.remove("active"); a.removeAttribute("aria-current"); });
      var link = byId[current];
      link.classList.add("active");
      link.setAttribute("aria-current", "location");
      var toc = link.closest(".toc");
      if (toc && (link.offsetTop < toc.scrollTop || link.offsetTop > toc.scrollTop + toc.clientHeight - 40)) {
        toc.scrollTop = link.offsetTop - toc.clientHeight / 3;
      }
    }, { rootMargin: "0px 0px -60% 0px" });
    targets.forEach(function (t) { observer.observe(t); });
  }

  // A print button on reading pages (printing works without it, from the browser's menu).
  if (document.body.classList.contains("reading") && window.print) {
    var spot = document.querySelector(".doc-badges, .clause-top");
    if (spot) {
      var print = document.createElement("button");
      print.type = "button";
      print.className = "print-button";
      print.textContent = "打印";
      print.setAttribute("aria-label", "打印本页");
      print.addEventListener("click", function () { window.print(); });
      spot.appendChild(print);
    }
  }

  // Library filters apply as soon as one changes; the button stays for pages without scripts.
  Array.prototype.forEach.call(document.querySelectorAll("form.filters"), function (form) {
    form.classList.add("filters-live");
    form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") form.submit();
    });
  });

  var narrow = window.matchMedia && window.matchMedia("(max-width: 900px)").matches;
  // On a phone the table of contents starts folded, so the text is on the first screen.
  if (narrow && !window.location.hash) {
    Array.prototype.forEach.call(document.querySelectorAll(".toc details[open]"), function (d) { d.open = false; });
  }
  // The navigation scrolls sideways on a phone: bring the current section into view.
  var current = document.querySelector(".site-nav a[aria-current]");
  if (current && current.parentNode.scrollWidth > current.parentNode.clientWidth) {
    current.parentNode.scrollLeft = current.offsetLeft - current.parentNode.offsetLeft - 16;
  }

  // Show hints that only make sense with scripts.
  Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (el) { el.hidden = false; });
})();
