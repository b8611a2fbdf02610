// Pinzhi: the little script the pages need. No inline scripts anywhere (the CSP forbids them).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Confirm before deactivating or revoking.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  // Menu on phones.
  var toggle = document.querySelector("[data-toggle=sidenav]");
  if (toggle) toggle.addEventListener("click", function () { document.getElementById("sidenav").classList.toggle("open"); });
  // "Back" on error pages.
  document.querySelectorAll("[data-back]").forEach(function (a) {
    a.addEventListener("click", function (event) { if (history.length > 1) { event.preventDefault(); history.back(); } });
  });
  // Import: send the file as the request body so that the upload shows its progress.
  var form = document.getElementById("import-form");
  if (form) form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = document.getElementById("import-file").files[0];
    var error = document.getElementById("import-error");
    error.hidden = true;
    if (!file) { error.textContent = "请选择要导入的文件"; error.hidden = false; return; }
    if (!/\.(csv|xlsx)$/i.test(file.name)) { error.textContent = "只接受CSV或XLSX文件"; error.hidden = false; return; }
    var kind = document.getElementById("import-kind").value;
    var mode = form.querySelector("input[name=mode]:checked").value;
    var progress = document.getElementById("import-progress");
    var bar = document.getElementById("import-bar");
    var status = document.getElementById("import-status");
    var button = document.getElementById("import-submit");
    progress.hidden = false; button.disabled = true;
    var sheet = document.getElementById("import-sheet").value.trim();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/import/" + encodeURIComponent(kind) + "?mode=" + mode + "&name=" + encodeURIComponent(file.name) +
      (sheet ? "&sheet=" + encodeURIComponent(sheet) : ""));
    xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-csrf"));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    // The server answers with a JSON line per reading while it checks and writes, then the answer.
    xhr.setRequestHeader("Accept", "application/x-ndjson");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { var p = Math.round(e.loaded * 100 / e.total); bar.style.width = p + "%"; status.textContent = "上传 " + p + "%"; }
    };
    xhr.upload.onload = function () { bar.style.width = "0%"; status.textContent = "上传完成，正在读取文件…"; };
    var seen = 0, answer = null;
    function readLines() {
      var text = xhr.responseText, end;
      while ((end = text.indexOf("\n", seen)) >= 0) {
        var line = text.slice(seen, end); seen = end + 1;
        var item = null;
        try { item = JSON.parse(line); } catch (e) { item = null; }
        if (!item) continue;
        if (item.phase !== undefined) {
          // The server says it as the CLI does: rows done, the rate and the time left.
          bar.style.width = item.percent + "%";
          status.textContent = item.text;
        } else {
          answer = item;
        }
      }
    }
    xhr.onprogress = readLines;
    xhr.onload = function () {
      readLines();
      if (!answer) { try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; } }
      if (answer && answer.url) { window.location.href = answer.url; return; }
      button.disabled = false; progress.hidden = true;
      error.textContent = (answer && answer.error && answer.error.message) || ("导入失败（" + xhr.status + "）");
      error.hidden = false;
    };
    xhr.onerror = function () { button.disabled = false; progress.hidden = true; error.textContent = "网络错误，导入未完成"; error.hidden = false; };
    xhr.send(file);
  });
});
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (a) {
    a.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
  });
  // Uploads (attachments, results): the file goes as the request body and the server checks it again; the answer
  // is JSON with the page to go to, or an error to show.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = form.querySelector("input[type=file]").files[0];
      var error = form.querySelector(".field-error");
      var accept = new RegExp("\\.(" + form.getAttribute("data-accept") + ")$", "i");
      var maxMB = Number(form.getAttribute("data-max-mb") || "20");
      error.hidden = true;
      if (!file) { error.textContent = "请选择文件"; error.hidden = false; return; }
      if (!accept.test(file.name)) { error.textContent = "文件类型不符合要求"; error.hidden = false; return; }
      if (file.size > maxMB * 1024 * 1024) { error.textContent = "文件超过" + maxMB + "MB"; error.hidden = false; return; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") + "?name=" + encodeURIComponent(file.name));
      xhr.setRequestHeader("X-CSRF-Token", form.getAttribute("data-csrf"));
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.onload = function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
        if (answer && answer.url) { window.location.href = answer.url; return; }
        error.textContent = (answer && answer.error && answer.error.message) || ("上传失败（" + xhr.status + "）");
        error.hidden = false;
      };
      xhr.onerror = function () { error.textContent = "网络错误，上传未完成"; error.hidden = false; };
      xhr.send(file);
    });
  });
});
