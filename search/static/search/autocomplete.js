/* Search autocomplete — 输入提示 for every search box with data-autocomplete="<url>".
   Progressive: without this file the boxes are plain GET forms. The suggestions are an ARIA
   listbox (combobox pattern): arrow keys move, Enter opens, Escape closes. */
(function () {
  "use strict";
  if (!window.fetch || !document.querySelectorAll) return;
  var counter = 0;

  function attach(input) {
    var url = input.getAttribute("data-autocomplete");
    if (!url) return;
    var id = "ac-list-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "ac-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-autocomplete-label") || "输入提示");
    list.hidden = true;
    var form = input.form || input.parentNode;
    form.classList.add("ac-host");
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    var timer, active = -1, seq = 0;

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark(n) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (n + items.length) % items.length;
      for (var i = 0; i < items.length; i++) items[i].setAttribute("aria-selected", i === active ? "true" : "false");
      input.setAttribute("aria-activedescendant", items[active].id);
    }
    function show(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var a = document.createElement("a");
        a.href = s.url || ("/search/?q=" + encodeURIComponent(s.label));
        a.tabIndex = -1;
        var kind = document.createElement("span");
        kind.className = "ac-type";
        kind.textContent = s.type_label;
        a.appendChild(kind);
        a.appendChild(document.createTextNode(s.label));
        li.appendChild(a);
        list.appendChild(li);
      });
      active = -1;
      list.hidden = !suggestions.length;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (!q) { close(); return; }
        var mine = ++seq;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) { if (mine === seq) show(data.suggestions || []); })
          .catch(close);
      }, 180);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        var link = list.querySelectorAll("[role=option] a")[active];
        if (link) window.location.href = link.href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  var inputs = document.querySelectorAll("input[data-autocomplete]");
  for (var i = 0; i < inputs.length; i++) attach(inputs[i]);
})();
