// The pages' script, served from /static/nara.js (see Views/StaticAssets.swift). Every page works
// without it (the form pages have a save button per section); with it, the focus goes to an error
// summary, print buttons work, and every answer of a report is saved as it is typed.
(function () {
  "use strict";
  // A form that came back with errors: take the focus to the summary of them.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // Print buttons are hidden until the script can make them work.
  Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  var form = document.querySelector("form.report-form[data-autosave]");
  if (!form) { return; }
  var report = form.getAttribute("data-report");
  var csrfField = form.querySelector("input[name=_csrf]");
  var status = document.getElementById("autosave-status");
  var storeKey = function (q) { return "nara:" + report + ":" + q; };
  var timers = {};
  var inFlight = {};

  function block(el) { return el.closest(".question"); }
  function time(iso) {
    var d = new Date(iso);
    return d.toLocaleTimeString("sv-SE", { hour: "2-digit", minute: "2-digit" });
  }
  function say(q, text, kind) {
    var s = q.querySelector(".save-state");
    s.textContent = text;
    s.className = "save-state" + (kind ? " save-" + kind : "");
    if (status) { status.textContent = text; }
  }
  function payload(q) {
    var type = q.getAttribute("data-type");
    var body = { revision: parseInt(q.getAttribute("data-revision") || "0", 10) };
    if (type === "multiple_choice") {
      body.values = Array.prototype.map.call(q.querySelectorAll("input[type=checkbox]:checked"), function (i) { return i.value; });
    } else if (type === "single_choice") {
      var chosen = q.querySelector("input[type=radio]:checked");
      body.value = chosen ? chosen.value : "";
    } else if (type === "table") {
      body.cells = {};
      q.querySelectorAll("input[name^=cell_]").forEach(function (i) {
        var parts = i.name.split("_"); var row = parts[2], col = parts.slice(3).join("_");
        body.cells[row] = body.cells[row] || {}; body.cells[row][col] = i.value;
      });
    } else if (type === "file") {
      return null;
    } else {
      var field = q.querySelector("[name^=value_]");
      body.value = field ? field.value : "";
    }
    var comment = q.querySelector("[data-comment]");
    if (comment) { body.comment = comment.value; }
    return body;
  }
  function remember(q, body) {
    try { localStorage.setItem(storeKey(q.getAttribute("data-question")), JSON.stringify(body)); } catch (e) {}
  }
  function forget(q) {
    try { localStorage.removeItem(storeKey(q.getAttribute("data-question"))); } catch (e) {}
  }
  function showConflict(q, mine, current) {
    var old = q.querySelector(".conflict-inline"); if (old) { old.remove(); }
    var box = document.createElement("div");
    box.className = "conflict-inline";
    box.setAttribute("role", "alert");
    var h = document.createElement("p");
    h.innerHTML = "<strong></strong>";
    h.firstChild.textContent = current.updated_by + " har sparat ett annat svar. Välj vilket som ska gälla.";
    var theirs = document.createElement("p");
    theirs.textContent = "Deras svar: " + (current.display || "(tomt)");
    var keep = document.createElement("button"); keep.type = "button"; keep.className = "button"; keep.textContent = "Använd mitt svar";
    var take = document.createElement("button"); take.type = "button"; take.className = "button button-secondary"; take.textContent = "Använd deras svar";
    keep.addEventListener("click", function () {
      q.setAttribute("data-revision", String(current.revision)); box.remove(); save(q, true);
      var field = q.querySelector("textarea, input"); if (field) { field.focus(); }
    });
    take.addEventListener("click", function () {
      q.setAttribute("data-revision", String(current.revision)); forget(q); window.location.reload();
    });
    box.appendChild(h); box.appendChild(theirs); box.appendChild(keep); box.appendChild(take);
    q.appendChild(box);
    keep.focus();
  }
  function send(qid, body, keepalive) {
    return fetch("/api/v1/reports/" + report + "/answers/" + encodeURIComponent(qid), {
      method: "PUT", credentials: "same-origin", keepalive: keepalive,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfField ? csrfField.value : "" },
      body: JSON.stringify(body)
    });
  }
  // Leaving or reloading the page, or hiding it, saves at once what is still waiting to be saved:
  // the request is sent with keepalive so it outlives the page, and the answer is also kept in this
  // browser until a save is confirmed (saving what is already stored is never a conflict).
  function flush() {
    Object.keys(timers).forEach(function (qid) {
      clearTimeout(timers[qid]);
      delete timers[qid];
      var q = null;
      form.querySelectorAll(".question").forEach(function (c) { if (c.getAttribute("data-question") === qid) { q = c; } });
      if (!q || q.querySelector(".conflict-inline")) { return; }
      var body = payload(q);
      if (!body) { return; }
      remember(q, body);
      try { send(qid, body, true).catch(function () {}); } catch (e) {}
    });
  }
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { flush(); } });
  function save(q, force) {
    var qid = q.getAttribute("data-question");
    delete timers[qid];
    // While the person is choosing between two answers, nothing is saved for that question.
    if (!force && q.querySelector(".conflict-inline")) { return; }
    var body = payload(q);
    if (!body) { return; }
    remember(q, body);
    if (inFlight[qid] && !force) { timers[qid] = setTimeout(function () { save(q); }, 400); return; }
    inFlight[qid] = true;
    say(q, "Sparar …", "busy");
    send(qid, body, false).then(function (res) {
      return res.json().then(function (data) { return { status: res.status, data: data }; });
    }).then(function (r) {
      inFlight[qid] = false;
      if (r.status === 200) {
        q.setAttribute("data-revision", String(r.data.answer.revision));
        var hidden = q.querySelector("input[name^=revision_]"); if (hidden) { hidden.value = String(r.data.answer.revision); }
        forget(q);
        say(q, "Sparat " + time(r.data.saved_at), "ok");
        var others = document.getElementById("others-editing");
        if (r.data.others && r.data.others.length && status) { status.textContent = "Sparat " + time(r.data.saved_at) + ". Har också rapporten öppen: " + r.data.others.join(", "); }
      } else if (r.status === 409 && r.data.current) {
        say(q, "Inte sparat: någon annan har ändrat svaret.", "error");
        showConflict(q, body, r.data.current);
      } else if (r.status === 401 || r.status === 403) {
        say(q, "Inte sparat: du har loggats ut. Ditt svar finns kvar i webbläsaren; logga in i en ny flik och ladda sedan om sidan.", "error");
      } else {
        say(q, "Inte sparat: " + (r.data.reason || "försök igen."), "error");
      }
    }).catch(function () {
      inFlight[qid] = false;
      say(q, "Inte sparat: ingen förbindelse. Svaret finns kvar i webbläsaren och sparas när du skriver igen.", "error");
    });
  }
  function schedule(q, delay) {
    var qid = q.getAttribute("data-question");
    clearTimeout(timers[qid]);
    timers[qid] = setTimeout(function () { save(q); }, delay);
  }
  function applyConditions() {
    var answers = {};
    form.querySelectorAll(".question").forEach(function (q) {
      var id = q.getAttribute("data-question");
      answers[id] = Array.prototype.map.call(q.querySelectorAll("input:checked"), function (i) { return i.value; });
    });
    form.querySelectorAll(".question[data-show-if]").forEach(function (q) {
      var target = q.getAttribute("data-show-if"), parts = JSON.parse(q.getAttribute("data-show-values") || "[]");
      var given = answers[target];
      if (given === undefined) { return; }
      var show = parts.some(function (v) { return given.indexOf(v) >= 0; });
      q.parentNode.classList.toggle("is-hidden", !show);
    });
  }
  form.addEventListener("input", function (e) {
    var q = block(e.target); if (!q) { return; }
    if (e.target.type === "radio" || e.target.type === "checkbox") { applyConditions(); schedule(q, 0); }
    else { say(q, "Ändrat – sparas strax", "busy"); schedule(q, 800); }
  });
  form.addEventListener("change", function (e) { var q = block(e.target); if (q) { applyConditions(); schedule(q, 0); } });
  form.addEventListener("focusout", function (e) {
    if (!/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) { return; }
    var q = block(e.target); if (q && timers[q.getAttribute("data-question")]) { schedule(q, 0); }
  });
  // Answers typed while the session had ended are kept in this browser: put them back and save.
  form.querySelectorAll(".question").forEach(function (q) {
    var raw = null;
    try { raw = localStorage.getItem(storeKey(q.getAttribute("data-question"))); } catch (e) {}
    if (!raw) { return; }
    var body = JSON.parse(raw);
    if (typeof body.value === "string") {
      var field = q.querySelector("[name^=value_]");
      if (field && field.tagName !== "INPUT" || (field && field.type !== "radio")) { field.value = body.value; }
      q.querySelectorAll("input[type=radio]").forEach(function (i) { i.checked = i.value === body.value; });
    }
    if (body.values) { q.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = body.values.indexOf(i.value) >= 0; }); }
    var comment = q.querySelector("[data-comment]"); if (comment && typeof body.comment === "string") { comment.value = body.comment; }
    say(q, "Återställt från webbläsaren – sparas nu", "busy");
    save(q);
  });
  applyConditions();
})();

// A questionnaire's preview: its conditions work as on the report page; nothing is sent.
(function () {
  var form = document.querySelector("form[data-preview]");
  if (!form) { return; }
  function apply() {
    var answers = {};
    form.querySelectorAll(".question").forEach(function (q) {
      answers[q.getAttribute("data-question")] = Array.prototype.map.call(q.querySelectorAll("input:checked"), function (i) { return i.value; });
    });
    form.querySelectorAll(".question[data-show-if]").forEach(function (q) {
      var target = q.getAttribute("data-show-if"), parts = JSON.parse(q.getAttribute("data-show-values") || "[]");
      if (answers[target] === undefined) { return; }
      q.parentNode.classList.toggle("is-hidden", !parts.some(function (v) { return answers[target].indexOf(v) >= 0; }));
    });
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();

// The questionnaire builder. A question's form shows only the chosen type's settings. Every change
// is a form post that works without this script; with it, the post is sent in the background and
// the page's content is replaced by the answer, without a reload, and focus stays where it was.
(function () {
  function liveRegion() {
    var r = document.getElementById("builder-announcer");
    if (!r) { r = document.createElement("div"); r.id = "builder-announcer"; r.className = "visually-hidden"; r.setAttribute("aria-live", "polite"); document.body.appendChild(r); }
    return r;
  }
  function typeSettings() {
    var form = document.querySelector("form[data-question-editor]");
    if (!form) { return; }
    var type = form.querySelector("select[name=type]");
    function show() {
      form.querySelectorAll("fieldset[data-types]").forEach(function (f) { f.hidden = f.getAttribute("data-types").split(" ").indexOf(type.value) < 0; });
    }
    type.addEventListener("change", show);
    show();
  }
  function isBuilder(url) {
    var path = new URL(url, location.href).pathname;
    return /^\/admin\/formular\/utkast\//.test(path) && !/\/(publicera|kasta|forhandsgranska\/\d+)$/.test(path);
  }
  function swap(html, url, focusAction, focusText) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector("main"), main = document.querySelector("main");
    if (!fresh || !fresh.querySelector("[data-live]")) { location.href = url; return; }
    main.innerHTML = fresh.innerHTML;
    var crumbs = document.querySelector("nav.breadcrumbs"), freshCrumbs = doc.querySelector("nav.breadcrumbs");
    if (crumbs && freshCrumbs) { crumbs.innerHTML = freshCrumbs.innerHTML; }
    document.title = doc.title;
    if (url && url !== location.href.split("#")[0]) { history.pushState({ builder: true }, "", url); }
    typeSettings();
    var flash = main.querySelector(".flash");
    if (flash) { liveRegion().textContent = flash.textContent; }
    var target = main.querySelector(".error-summary");
    if (!target && focusAction) {
      main.querySelectorAll("form").forEach(function (f) {
        if (!target && f.getAttribute("action") === focusAction) {
          var b = f.querySelector("button"); if (b && (!focusText || b.textContent === focusText)) { target = b; }
        }
      });
      if (!target) { main.querySelectorAll("form").forEach(function (f) { if (!target && f.getAttribute("action") === focusAction) { target = f.querySelector("button"); } }); }
    }
    var shown = new URL(url, location.href).searchParams.get("visa");
    if (!target && shown) { target = document.getElementById(shown); }
    if (!target && location.hash) { target = document.getElementById(location.hash.slice(1)); }
    if (!target) { target = main.querySelector("h1") || main; }
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || !document.querySelector("main [data-live]") || form.method.toLowerCase() !== "post" || !isBuilder(form.action)) { return; }
    e.preventDefault();
    var button = e.submitter || form.querySelector("button");
    var action = form.getAttribute("action"), text = button ? button.textContent : null;
    fetch(form.action, { method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(form)),
                         headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (res) { return res.text().then(function (html) { swap(html, res.url, action, text); }); })
      .catch(function () { form.submit(); });
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("main a[href]");
    if (!a || !document.querySelector("main [data-live]") || e.ctrlKey || e.metaKey || e.shiftKey || !isBuilder(a.href)) { return; }
    if (new URL(a.href).pathname === location.pathname && a.hash) { return; }
    e.preventDefault();
    fetch(a.href, { credentials: "same-origin" })
      .then(function (res) { return res.text().then(function (html) { swap(html, res.url + new URL(a.href).hash, null, null); }); })
      .catch(function () { location.href = a.href; });
  });
  window.addEventListener("popstate", function (e) { if (e.state && e.state.builder) { location.reload(); } });
  typeSettings();
})();
