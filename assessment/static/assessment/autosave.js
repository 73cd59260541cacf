/* Autosave for checklist answers — progressive enhancement of the per-item forms.
 * Without JavaScript every item still saves with its 保存 button. With it, answers save as the
 * user goes; the saved state is shown beside each item; a network failure keeps the answer in
 * the page, says so, and retries; a conflict (HTTP 409) shows both values and lets the user pick.
 */
(function () {
  "use strict";
  var DEBOUNCE_MS = 700;
  var RETRY_MS = 8000;
  var GRADE_CLASSES = ["as-grade-excellent", "as-grade-pass", "as-grade-fail", "as-grade-none"];
  var forms = document.querySelectorAll("form.as-answer");
  if (!forms.length || !window.fetch || !window.FormData) return;
  document.documentElement.classList.add("as-js");

  function stateOf(form) { return form.querySelector(".as-state"); }

  function setState(form, kind, text) {
    var el = stateOf(form);
    el.textContent = text;
    el.className = "as-state as-state-" + kind;
    form.dataset.state = kind;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function now() { var d = new Date(); return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()); }

  function updateScore(data) {
    var score = document.getElementById("as-score");
    if (score) score.textContent = data.score === null ? "—" : data.score.toFixed(1);
    var grade = document.getElementById("as-grade");
    if (grade) {
      grade.textContent = data.grade_label;
      GRADE_CLASSES.forEach(function (c) { grade.classList.remove(c); });
      grade.classList.add("as-grade-" + (data.grade || "none"));
    }
    var progress = document.getElementById("as-progress");
    if (progress) progress.textContent = data.progress || (data.answered + "/" + data.total);
    var bar = document.getElementById("as-progress-bar");
    if (bar) { bar.max = data.total; bar.value = data.answered; }
    Object.keys(data.dimension_scores || {}).forEach(function (dim) {
      var v = data.dimension_scores[dim];
      document.querySelectorAll('.as-dim-score[data-dim="' + dim + '"]').forEach(function (el) {
        el.textContent = v === null ? "—" : v.toFixed(1);
      });
    });
  }

  function updateVerdict(form, passed) {
    var article = form.closest(".as-item");
    if (!article) return;
    article.classList.remove("as-pass", "as-fail");
    var verdict = article.querySelector("[data-verdict]");
    if (passed === true) { article.classList.add("as-pass"); if (verdict) verdict.textContent = "达标"; }
    else if (passed === false) { article.classList.add("as-fail"); if (verdict) verdict.textContent = "未达标"; }
    else if (verdict) verdict.textContent = "";
  }

  function fillValues(form, values) {
    Object.keys(values).forEach(function (name) {
      var v = values[name] === null ? "" : String(values[name]);
      if (name === "choice") {
        form.querySelectorAll('input[name="choice"]').forEach(function (r) { r.checked = r.value === v; });
        var na = form.querySelector('input[name="not_applicable"]');
        if (na) na.checked = v === "na";
        return;
      }
      var field = form.querySelector('[name="' + name + '"]');
      if (field) field.value = v;
    });
  }

  function describe(values) {
    var parts = [];
    var labels = { yes: "是", partly: "部分", no: "否", na: "不适用" };
    if (values.choice) parts.push(labels[values.choice] || values.choice);
    if (values.number !== null && values.number !== undefined && values.number !== "") parts.push(values.number);
    if (values.date) parts.push(values.date);
    if (values.text) parts.push(values.text);
    if (values.note) parts.push("说明：" + values.note);
    return parts.length ? parts.join("；") : "（空）";
  }

  function showConflict(form, data) {
    var box = form.querySelector(".as-conflict");
    if (!box) {
      box = document.createElement("div");
      box.className = "as-conflict";
      box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.innerHTML = "";
    var p = document.createElement("p");
    p.textContent = data.error;
    var theirs = document.createElement("p");
    theirs.textContent = "他人已保存：" + describe(data.current);
    var mine = document.createElement("p");
    mine.textContent = "您的答案：" + describe(data.yours);
    var keepMine = document.createElement("button");
    keepMine.type = "button";
    keepMine.textContent = "用我的答案覆盖";
    keepMine.addEventListener("click", function () {
      form.querySelector('input[name="version"]').value = data.current_version;
      box.remove();
      save(form);
    });
    var takeTheirs = document.createElement("button");
    takeTheirs.type = "button";
    takeTheirs.textContent = "采用已保存的答案";
    takeTheirs.addEventListener("click", function () {
      form.querySelector('input[name="version"]').value = data.current_version;
      fillValues(form, data.current);
      box.remove();
      form.dataset.dirty = "";
      setState(form, "saved", "已采用已保存的答案");
    });
    [p, theirs, mine, keepMine, takeTheirs].forEach(function (el) { box.appendChild(el); });
    setState(form, "conflict", "保存冲突，请选择保留哪个答案");
  }

  function save(form) {
    if (form.dataset.inflight === "1") { form.dataset.again = "1"; return; }
    clearTimeout(form._timer);
    form.dataset.inflight = "1";
    form.dataset.again = "";
    setState(form, "saving", "保存中…");
    var body = new FormData(form);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (resp) {
      return resp.json().catch(function () { return { error: "服务器返回了无法识别的响应（" + resp.status + "）。" }; })
        .then(function (data) { return { status: resp.status, data: data }; });
    }).then(function (result) {
      form.dataset.inflight = "";
      var data = result.data;
      if (result.status === 200 && data.ok) {
        form.querySelector('input[name="version"]').value = data.version;
        form.dataset.dirty = form.dataset.again ? "1" : "";
        setState(form, "saved", "已保存 " + data.saved_at);
        updateScore(data);
        updateVerdict(form, data.passed);
      } else if (result.status === 409 && data.current) {
        form.dataset.again = "";
        showConflict(form, data);
      } else {
        form.dataset.again = "";
        setState(form, "error", "未保存：" + (data.error || ("错误 " + result.status)));
      }
      if (form.dataset.again) save(form);
    }).catch(function () {
      form.dataset.inflight = "";
      form.dataset.dirty = "1";
      setState(form, "offline", "网络连接失败，答案仍保留在页面上，尚未保存；将自动重试。");
      clearTimeout(form._retry);
      form._retry = setTimeout(function () { if (form.dataset.dirty) save(form); }, RETRY_MS);
    });
  }

  function schedule(form, delay) {
    form.dataset.dirty = "1";
    setState(form, "pending", "有未保存的修改…");
    clearTimeout(form._timer);
    form._timer = setTimeout(function () { save(form); }, delay);
  }

  forms.forEach(function (form) {
    if (form.querySelector("fieldset[disabled]")) return;
    form.addEventListener("submit", function (ev) { ev.preventDefault(); save(form); });
    form.addEventListener("change", function (ev) {
      if (ev.target.name === "not_applicable" && ev.target.checked) {
        form.querySelectorAll('input[name="number"], input[name="date"], textarea[name="text"]').forEach(function (f) { f.value = ""; });
      }
      schedule(form, 0);
    });
    form.addEventListener("input", function (ev) {
      if (ev.target.type === "radio" || ev.target.type === "checkbox") return;
      schedule(form, DEBOUNCE_MS);
    });
  });

  window.addEventListener("online", function () {
    forms.forEach(function (form) { if (form.dataset.dirty && form.dataset.state === "offline") save(form); });
  });
  window.addEventListener("beforeunload", function (ev) {
    var unsaved = Array.prototype.some.call(forms, function (f) { return f.dataset.dirty === "1"; });
    if (unsaved) { ev.preventDefault(); ev.returnValue = ""; }
  });
})();
