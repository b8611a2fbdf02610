// Checks an enterprise's PZ-DRAW-2 proof in the browser (the method's §四 and §十一): nothing is sent anywhere.
// SHA-256 is written out here because crypto.subtle exists only on HTTPS pages, and the bureau's network may not
// serve this page over HTTPS.
(function () {
  "use strict";
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
    0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70,
    0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function sha256(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length, padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var bits = length * 8, view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(padded.length - 4, bits >>> 0);
    var w = new Array(64);
    for (var off = 0; off < padded.length; off += 64) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
      for (i = 16; i < 64; i++) {
        var a0 = w[i - 15], a1 = w[i - 2];
        var s0 = ((a0 >>> 7) | (a0 << 25)) ^ ((a0 >>> 18) | (a0 << 14)) ^ (a0 >>> 3);
        var s1 = ((a1 >>> 17) | (a1 << 15)) ^ ((a1 >>> 19) | (a1 << 13)) ^ (a1 >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) { return x | 0; });
    }
    var out = new Uint8Array(32), outView = new DataView(out.buffer);
    h.forEach(function (x, j) { outView.setUint32(j * 4, x >>> 0); });
    return out;
  }

  function concat(parts) {
    var total = parts.reduce(function (n, p) { return n + p.length; }, 0), out = new Uint8Array(total), at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }
  function fromHex(text) {
    if (!/^([0-9a-f]{2})*$/.test(text)) throw new Error("不是十六进制：" + text.slice(0, 16));
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
    return out;
  }
  function toHex(bytes) { return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join(""); }
  var utf8 = new TextEncoder();

  var statusLabels = {"eligible": "参与抽取", "national-plan": "依规排除：已列入本年度国家监督抽查", "yearly-limit": "依规排除：本年度抽查次数已达上限",
    "not-tracking": "依规排除：非跟踪抽查对象", "repeat-window": "依规排除：同一产品在不重复抽查期内已被抽查"};

  function check(form) {
    var text = form.text.value, salt = form.salt.value.trim().toLowerCase(), path = form.path.value.trim(), root = form.root.value.trim().toLowerCase();
    var hash = sha256(concat([new Uint8Array([0]), fromHex(salt), utf8.encode(text)]));
    if (path) path.split(",").forEach(function (step) {
      var side = step.slice(0, 1), sibling = fromHex(step.slice(2).toLowerCase());
      hash = side === "L" ? sha256(concat([new Uint8Array([1]), sibling, hash])) : sha256(concat([new Uint8Array([1]), hash, sibling]));
    });
    var parts = text.split("|"), lines = [];
    var inList = toHex(hash) === root;
    lines.push(inList ? "由叶子原文、盐和路径算得的根与公布的Merkle根一致：本单位确在该次承诺的候选名单中。"
                      : "算得的根 " + toHex(hash) + " 与填写的根不一致：证明不成立。");
    if (inList && parts.length >= 5) {
      lines.push("叶子序号 " + parts[0] + "，统一社会信用代码 " + parts[1] + "，信用分类 " + parts[2] + "，" + (statusLabels[parts[3]] || parts[3]) + "。");
      var selected = form.selected.value.trim();
      if (selected !== "") {
        var chosen = selected.split(",").map(function (s) { return s.trim(); }).indexOf(parts[0]) >= 0;
        lines.push(parts[3] !== "eligible" ? "未参加抽取。" : chosen ? "结果：被抽中。" : "结果：未被抽中。");
      }
    }
    var out = document.getElementById("check-result");
    out.className = "check-result " + (inList ? "ok" : "bad");
    out.textContent = lines.join("\n");
    out.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The witness's page: the secret's SHA-256 computed here; the secret field has no name, so it is never sent.
    document.querySelectorAll("[data-witness-hash]").forEach(function (button) {
      button.addEventListener("click", function () {
        var secret = button.form.querySelector("[data-witness-secret]").value;
        button.form.querySelector("input[name=hash]").value = secret ? toHex(sha256(utf8.encode(secret))) : "";
      });
    });
    var form = document.getElementById("draw-check");
    if (!form) return;
    // The proof page links here with the values in the fragment, which browsers never send to the server.
    new URLSearchParams(location.hash.slice(1)).forEach(function (value, key) { if (form[key]) form[key].value = value; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      try { check(form); } catch (e) {
        var out = document.getElementById("check-result");
        out.className = "check-result bad"; out.textContent = "无法核验：" + e.message; out.hidden = false;
      }
    });
  });
})();
