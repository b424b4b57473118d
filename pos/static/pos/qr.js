/* QR codes and VietQR payloads, drawn on the register itself so a bank-transfer code can be
   shown for any total while the booth is offline. QR: ISO/IEC 18004 byte mode, error level M,
   smallest version that fits, best mask by the standard penalty rules (after Nayuki's
   public-domain reference). VietQR: the same TLV and CRC-16/CCITT-FALSE as the server's
   commerce/payment/vietqr.py; the tests check both give the same text for every sale. */
(function (global) {
  "use strict";
  var ECC_M = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
  var BLOCKS_M = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

  function rawModules(ver) {
    var r = (16 * ver + 128) * ver + 64;
    if (ver >= 2) { var n = Math.floor(ver / 7) + 2; r -= (25 * n - 10) * n - 55; if (ver >= 7) r -= 36; }
    return r;
  }
  function dataCodewords(ver) { return Math.floor(rawModules(ver) / 8) - ECC_M[ver] * BLOCKS_M[ver]; }
  function gfMul(x, y) { var z = 0; for (var i = 7; i >= 0; i--) { z = (z << 1) ^ ((z >>> 7) * 0x11D); z ^= ((y >>> i) & 1) * x; } return z; }
  function rsDivisor(degree) {
    var r = []; for (var i = 0; i < degree - 1; i++) r.push(0); r.push(1);
    var root = 1;
    for (i = 0; i < degree; i++) {
      for (var j = 0; j < r.length; j++) { r[j] = gfMul(r[j], root); if (j + 1 < r.length) r[j] ^= r[j + 1]; }
      root = gfMul(root, 0x02);
    }
    return r;
  }
  function rsRemainder(data, divisor) {
    var r = divisor.map(function () { return 0; });
    data.forEach(function (b) {
      var factor = b ^ r.shift(); r.push(0);
      divisor.forEach(function (coef, i) { r[i] ^= gfMul(coef, factor); });
    });
    return r;
  }
  function utf8(text) { return Array.from(new TextEncoder().encode(text)); }

  function encode(text) {
    var bytes = utf8(text), ver;
    for (ver = 1; ver <= 40; ver++) {
      var countBits = ver < 10 ? 8 : 16;
      if (4 + countBits + bytes.length * 8 <= dataCodewords(ver) * 8) break;
    }
    if (ver > 40) throw new Error("text too long for a QR code");
    var bits = [];
    function put(value, len) { for (var i = len - 1; i >= 0; i--) bits.push((value >>> i) & 1); }
    put(4, 4); put(bytes.length, ver < 10 ? 8 : 16); bytes.forEach(function (b) { put(b, 8); });
    var capacity = dataCodewords(ver) * 8;
    put(0, Math.min(4, capacity - bits.length));
    put(0, (8 - bits.length % 8) % 8);
    for (var pad = 0xEC; bits.length < capacity; pad ^= 0xEC ^ 0x11) put(pad, 8);
    var data = [];
    for (var i = 0; i < bits.length; i += 8) { var v = 0; for (var j = 0; j < 8; j++) v = (v << 1) | bits[i + j]; data.push(v); }
    // Error correction, interleaved.
    var numBlocks = BLOCKS_M[ver], eccLen = ECC_M[ver], raw = Math.floor(rawModules(ver) / 8);
    var numShort = numBlocks - raw % numBlocks, shortLen = Math.floor(raw / numBlocks);
    var blocks = [], div = rsDivisor(eccLen), k = 0;
    for (i = 0; i < numBlocks; i++) {
      var dat = data.slice(k, k + shortLen - eccLen + (i < numShort ? 0 : 1)); k += dat.length;
      var ecc = rsRemainder(dat, div);
      if (i < numShort) dat.push(0);
      blocks.push(dat.concat(ecc));
    }
    var codewords = [];
    for (i = 0; i < blocks[0].length; i++) blocks.forEach(function (b, j) { if (i !== shortLen - eccLen || j >= numShort) codewords.push(b[i]); });

    var size = ver * 4 + 17, m = [], fn = [];
    for (i = 0; i < size; i++) { m.push(new Array(size).fill(false)); fn.push(new Array(size).fill(false)); }
    function setF(x, y, dark) { m[y][x] = dark; fn[y][x] = true; }
    for (i = 0; i < size; i++) { setF(6, i, i % 2 === 0); setF(i, 6, i % 2 === 0); }
    function finder(x, y) {
      for (var dy = -4; dy <= 4; dy++) for (var dx = -4; dx <= 4; dx++) {
        var d = Math.max(Math.abs(dx), Math.abs(dy)), xx = x + dx, yy = y + dy;
        if (xx >= 0 && xx < size && yy >= 0 && yy < size) setF(xx, yy, d !== 2 && d !== 4);
      }
    }
    finder(3, 3); finder(size - 4, 3); finder(3, size - 4);
    var align = [];
    if (ver > 1) {
      var n = Math.floor(ver / 7) + 2, step = ver === 32 ? 26 : Math.ceil((ver * 4 + 4) / (n * 2 - 2)) * 2;
      align = [6]; for (var pos = size - 7; align.length < n; pos -= step) align.splice(1, 0, pos);
    }
    align.forEach(function (ax, a) {
      align.forEach(function (ay, b) {
        if ((a === 0 && b === 0) || (a === 0 && b === align.length - 1) || (a === align.length - 1 && b === 0)) return;
        for (var dy = -2; dy <= 2; dy++) for (var dx = -2; dx <= 2; dx++) setF(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      });
    });
    function formatBits(mask) {
      var d = (0 << 3) | mask, rem = d; // level M = 00
      for (var i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
      var bits = ((d << 10) | rem) ^ 0x5412;
      function bit(i) { return ((bits >>> i) & 1) !== 0; }
      for (i = 0; i <= 5; i++) setF(8, i, bit(i));
      setF(8, 7, bit(6)); setF(8, 8, bit(7)); setF(7, 8, bit(8));
      for (i = 9; i < 15; i++) setF(14 - i, 8, bit(i));
      for (i = 0; i < 8; i++) setF(size - 1 - i, 8, bit(i));
      for (i = 8; i < 15; i++) setF(8, size - 15 + i, bit(i));
      setF(8, size - 8, true);
    }
    formatBits(0);
    if (ver >= 7) {
      var rem = ver; for (i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1F25);
      var vbits = (ver << 12) | rem;
      for (i = 0; i < 18; i++) { var c = ((vbits >>> i) & 1) !== 0, a = size - 11 + i % 3, b = Math.floor(i / 3); setF(a, b, c); setF(b, a, c); }
    }
    var bi = 0;
    for (var right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (var vert = 0; vert < size; vert++) for (j = 0; j < 2; j++) {
        var x = right - j, upward = ((right + 1) & 2) === 0, y = upward ? size - 1 - vert : vert;
        if (!fn[y][x] && bi < codewords.length * 8) { m[y][x] = ((codewords[bi >>> 3] >>> (7 - (bi & 7))) & 1) !== 0; bi++; }
      }
    }
    function maskBit(mask, x, y) {
      switch (mask) {
        case 0: return (x + y) % 2 === 0;
        case 1: return y % 2 === 0;
        case 2: return x % 3 === 0;
        case 3: return (x + y) % 3 === 0;
        case 4: return (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0;
        case 5: return x * y % 2 + x * y % 3 === 0;
        case 6: return (x * y % 2 + x * y % 3) % 2 === 0;
        default: return ((x + y) % 2 + x * y % 3) % 2 === 0;
      }
    }
    function applyMask(mask) { for (var y = 0; y < size; y++) for (var x = 0; x < size; x++) if (!fn[y][x] && maskBit(mask, x, y)) m[y][x] = !m[y][x]; }
    function penalty() {
      var result = 0, x, y;
      function addHistory(len, h) { if (h[0] === 0) len += size; h.pop(); h.unshift(len); }
      function count(h) { var n = h[1], core = n > 0 && h[2] === n && h[3] === n * 3 && h[4] === n && h[5] === n; return (core && h[0] >= n * 4 && h[6] >= n ? 1 : 0) + (core && h[6] >= n * 4 && h[0] >= n ? 1 : 0); }
      function terminate(color, len, h) { if (color) { addHistory(len, h); len = 0; } len += size; addHistory(len, h); return count(h); }
      for (var pass = 0; pass < 2; pass++) {
        for (var a = 0; a < size; a++) {
          var runColor = false, run = 0, h = [0, 0, 0, 0, 0, 0, 0];
          for (var b = 0; b < size; b++) {
            var cell = pass === 0 ? m[a][b] : m[b][a];
            if (cell === runColor) { run++; if (run === 5) result += 3; else if (run > 5) result++; }
            else { addHistory(run, h); if (!runColor) result += count(h) * 40; runColor = cell; run = 1; }
          }
          result += terminate(runColor, run, h) * 40;
        }
      }
      for (y = 0; y < size - 1; y++) for (x = 0; x < size - 1; x++) { var c = m[y][x]; if (c === m[y][x + 1] && c === m[y + 1][x] && c === m[y + 1][x + 1]) result += 3; }
      var dark = 0; m.forEach(function (row) { row.forEach(function (v) { if (v) dark++; }); });
      var total = size * size;
      result += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
      return result;
    }
    var best = 0, bestScore = Infinity;
    for (var mask = 0; mask < 8; mask++) { applyMask(mask); formatBits(mask); var s = penalty(); if (s < bestScore) { best = mask; bestScore = s; } applyMask(mask); }
    applyMask(best); formatBits(best);
    return { version: ver, mask: best, size: size, modules: m };
  }

  function svg(text, scale) {
    var qr = encode(text), border = 4, dim = qr.size + border * 2, path = [];
    qr.modules.forEach(function (row, y) { row.forEach(function (dark, x) { if (dark) path.push("M" + (x + border) + "," + (y + border) + "h1v1h-1z"); }); });
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + dim + " " + dim + '" width="' + dim * (scale || 4) + '" height="' + dim * (scale || 4) +
      '" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="' + path.join("") + '" fill="#000"/></svg>';
  }

  // --- VietQR (NAPAS 247, EMVCo) ---
  function tlv(tag, value) { if (value.length > 99) throw new Error("VietQR field " + tag + " too long"); return tag + String(value.length).padStart(2, "0") + value; }
  function crc16(text) {
    var crc = 0xFFFF;
    for (var i = 0; i < text.length; i++) {
      crc ^= text.charCodeAt(i) << 8;
      for (var b = 0; b < 8; b++) { crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) : (crc << 1); crc &= 0xFFFF; }
    }
    return crc.toString(16).toUpperCase().padStart(4, "0");
  }
  function asciiMemo(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFKD").replace(/[^\x00-\x7F]/g, "").split(/\s+/).filter(Boolean).join(" ").slice(0, 25);
  }
  function vietqr(bankBin, account, amount, memo) {
    var beneficiary = tlv("00", bankBin) + tlv("01", account);
    var merchant = tlv("00", "A000000727") + tlv("01", beneficiary) + tlv("02", "QRIBFTTA");
    var parts = [tlv("00", "01"), tlv("01", amount ? "12" : "11"), tlv("38", merchant), tlv("53", "704")];
    if (amount) parts.push(tlv("54", String(Math.round(amount))));
    parts.push(tlv("58", "VN"));
    memo = asciiMemo(memo || "");
    if (memo) parts.push(tlv("62", tlv("08", memo)));
    var body = parts.join("") + "6304";
    return body + crc16(body);
  }

  global.OcopQR = { encode: encode, svg: svg, vietqr: vietqr, crc16: crc16 };
})(typeof window !== "undefined" ? window : this);
