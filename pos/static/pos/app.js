/* The booth register. Offline first: every sale is written to IndexedDB before anything else
   and sent by a queue that retries with back-off; the server's answer (accepted/duplicate) is
   the only thing that moves a sale out of "pending". No framework, no CDN. */
(function () {
  "use strict";
  var S = PosStore, $ = function (id) { return document.getElementById(id); };
  var state = { token: null, register: null, cashier: null, session: null, catalog: [], catalogAt: 0, cart: [], sales: [], query: "" };
  var sync = { running: false, delay: 1000, timer: null, online: navigator.onLine };
  var MAX_DELAY = 30000, BATCH = 200;

  function vnd(n) { return Math.round(n).toLocaleString("vi-VN") + " ₫"; }
  function int(v) { var n = parseInt(String(v || "").replace(/[^\d-]/g, ""), 10); return isNaN(n) ? 0 : n; }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  function show(name) {
    document.querySelectorAll(".screen").forEach(function (el) { el.hidden = el.id !== "screen-" + name; });
    document.body.dataset.screen = name;
  }
  function api(path, options) {
    options = options || {};
    var headers = { "Content-Type": "application/json" };
    if (state.token) headers.Authorization = "Device " + state.token;
    return fetch("/pos/api/" + path, { method: options.method || "GET", headers: headers, body: options.body ? JSON.stringify(options.body) : undefined, cache: "no-store" })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) { var e = new Error((body.error && body.error.message) || ("HTTP " + r.status)); e.status = r.status; e.code = body.error && body.error.code; throw e; }
          return body;
        });
      });
  }

  // --- start ----------------------------------------------------------------------------
  function boot() {
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/pos/sw.js", { scope: "/pos/" }).catch(function () {});
    window.addEventListener("online", function () { setNet(true); kick(0); refreshRegister(); });
    window.addEventListener("offline", function () { setNet(false); });
    setNet(navigator.onLine);
    Promise.all([S.get("token"), S.get("register"), S.get("cashier"), S.get("session"), S.get("catalog"), S.allSales()]).then(function (v) {
      state.token = v[0]; state.register = v[1]; state.cashier = v[2]; state.session = v[3];
      if (v[4]) { state.catalog = v[4].products; state.catalogAt = v[4].at; }
      state.sales = v[5];
      route();
      updateQueue();
      if (state.token) { refreshRegister(); loadCatalog(); kick(0); }
    });
  }
  function route() {
    header();
    if (!state.token) return show("pair");
    if (!state.cashier) { fillCashiers(); return show("signin"); }
    if (!state.session) return show("open");
    renderGrid(); renderCart(); show("sell");
  }
  function header() {
    var r = state.register;
    $("where").textContent = r ? (r.fair.name + " · Gian " + r.booth.code + " · " + r.name) : "";
    $("who").textContent = state.cashier ? ("Thu ngân: " + state.cashier.name) : "";
  }
  function setNet(online) {
    sync.online = online;
    $("net").textContent = online ? "Trực tuyến" : "Ngoại tuyến";
    $("net").className = "net " + (online ? "on" : "off");
  }
  function refreshRegister() {
    if (!state.token) return Promise.resolve();
    return api("register").then(function (info) {
      state.register = info; S.set("register", info);
      // The server may know a session this device lost (or closed one elsewhere).
      if (info.session && (!state.session || state.session.id !== info.session.id)) { state.session = info.session; S.set("session", info.session); }
      header(); if (document.body.dataset.screen === "signin") fillCashiers();
    }).catch(function (e) { if (e.status === 401) unpair(); });
  }
  function unpair() { state.token = null; S.del("token"); route(); }
  function loadCatalog() {
    return api("catalog").then(function (data) {
      // The server's clock says when the stock figures were read (a copy from the service
      // worker's cache is older than "now").
      state.catalog = data.products; state.catalogAt = Date.parse(data.generatedAt) || Date.now();
      S.set("catalog", { products: data.products, at: state.catalogAt });
      if (document.body.dataset.screen === "sell") renderGrid();
    }).catch(function () { /* offline: the stored catalog stays */ });
  }

  // --- pairing, sign-in, session ---------------------------------------------------------
  $("pair-form").addEventListener("submit", function (ev) {
    ev.preventDefault(); $("pair-error").textContent = "";
    api("pair", { method: "POST", body: { code: $("pair-code").value } }).then(function (data) {
      state.token = data.token; state.register = data.register;
      return Promise.all([S.set("token", data.token), S.set("register", data.register)]);
    }).then(function () { loadCatalog(); route(); }).catch(function (e) { $("pair-error").textContent = e.message; });
  });
  function fillCashiers() {
    var sel = $("signin-cashier");
    sel.innerHTML = ((state.register && state.register.cashiers) || []).map(function (c) { return '<option value="' + c.id + '">' + esc(c.name) + "</option>"; }).join("");
  }
  $("signin-form").addEventListener("submit", function (ev) {
    ev.preventDefault(); $("signin-error").textContent = "";
    api("cashiers/sign-in", { method: "POST", body: { cashierId: int($("signin-cashier").value), pin: $("signin-pin").value } }).then(function (data) {
      state.cashier = data.cashier; $("signin-pin").value = "";
      return S.set("cashier", data.cashier);
    }).then(route).catch(function (e) { $("signin-error").textContent = e.message; });
  });
  $("open-form").addEventListener("submit", function (ev) {
    ev.preventDefault(); $("open-error").textContent = "";
    api("sessions", { method: "POST", body: { cashierId: state.cashier.id, openingFloat: int($("open-float").value) } }).then(function (data) {
      state.session = data.session; return S.set("session", data.session);
    }).then(function () { loadCatalog(); route(); }).catch(function (e) { $("open-error").textContent = e.status ? e.message : "Cần mạng để mở ca."; });
  });

  // --- catalog ---------------------------------------------------------------------------
  function soldHere(variantId) {
    // Stock as the server last said, less what this device sold since (the server has not
    // counted those yet, or they were made offline).
    return state.sales.reduce(function (n, s) {
      if (s.savedAt < state.catalogAt && s.status !== "pending") return n;
      var sign = s.payload.kind === "refund" ? -1 : 1;
      return n + s.payload.lines.reduce(function (m, l) { return m + (l.variantId === variantId ? sign * l.quantity : 0); }, 0);
    }, 0);
  }
  function stars(n) { return n ? "★".repeat(n) : ""; }
  function fold(s) { return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase(); }
  function renderGrid() {
    var q = fold(state.query);
    var items = state.catalog.filter(function (p) { return !q || fold(p.name + " " + p.sku + " " + p.barcode).indexOf(q) >= 0; });
    $("grid").innerHTML = items.map(function (p) {
      var stock = p.stock - soldHere(p.variantId);
      return '<button class="tile" data-variant="' + esc(p.variantId) + '" data-testid="tile-' + esc(p.sku) + '">' +
        (p.image ? '<img src="' + esc(p.image) + '" alt="" loading="lazy">' : '<span class="noimg"></span>') +
        '<span class="name">' + esc(p.name) + "</span>" +
        '<span class="stars" title="OCOP ' + (p.stars || "") + ' sao">' + stars(p.stars) + "</span>" +
        '<span class="price">' + vnd(p.price) + "</span>" +
        '<span class="stock' + (stock <= 0 ? " out" : "") + '" data-testid="stock-' + esc(p.sku) + '">Còn ' + stock + "</span></button>";
    }).join("") || '<p class="muted">Không có sản phẩm.</p>';
  }
  $("grid").addEventListener("click", function (ev) {
    var tile = ev.target.closest(".tile"); if (tile) addToCart(tile.dataset.variant);
  });
  $("search").addEventListener("input", function () { state.query = this.value; renderGrid(); });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    if (addByCode(this.value.trim())) { this.value = ""; state.query = ""; renderGrid(); }
  });
  function addByCode(code) {
    var p = state.catalog.find(function (x) { return code && (x.barcode === code || x.sku === code); });
    if (p) addToCart(p.variantId);
    return !!p;
  }
  // A keyboard-wedge scanner "types" the code in a burst and ends with Enter.
  var wedge = { buf: "", last: 0 };
  document.addEventListener("keydown", function (ev) {
    if (document.body.dataset.screen !== "sell" || ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") return;
    var now = Date.now();
    if (now - wedge.last > 60) wedge.buf = "";
    wedge.last = now;
    if (ev.key === "Enter") { if (wedge.buf.length >= 3) addByCode(wedge.buf); wedge.buf = ""; return; }
    if (ev.key.length === 1) wedge.buf += ev.key;
  });
  if ("BarcodeDetector" in window) {
    $("scan").hidden = false;
    $("scan").addEventListener("click", function () {
      var video = $("scanner"), detector = new window.BarcodeDetector();
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream; video.hidden = false; video.play();
        var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; };
        var tries = 0;
        (function look() {
          detector.detect(video).then(function (codes) {
            if (codes.length && addByCode(codes[0].rawValue)) return stop();
            if (++tries < 200) setTimeout(look, 250); else stop();
          }).catch(function () { setTimeout(look, 250); });
        })();
      }).catch(function () { $("sell-error").textContent = "Không mở được camera."; });
    });
  }

  // --- cart ------------------------------------------------------------------------------
  function maxDiscount() { return (state.cashier && state.cashier.maxDiscountPercent) || 0; }
  function addToCart(variantId) {
    var line = state.cart.find(function (l) { return l.variantId === variantId; });
    if (line) line.quantity++;
    else {
      var p = state.catalog.find(function (x) { return x.variantId === variantId; });
      if (!p) return;
      state.cart.push({ variantId: p.variantId, sku: p.sku, name: p.name, variantName: p.variantName, price: p.price, quantity: 1, pct: 0 });
    }
    renderCart();
  }
  function lineDiscount(l) { return Math.round(l.price * l.quantity * Math.min(l.pct, maxDiscount()) / 100); }
  function totals() {
    var subtotal = state.cart.reduce(function (n, l) { return n + l.price * l.quantity - lineDiscount(l); }, 0);
    var pct = Math.min(int($("sale-discount").value), maxDiscount());
    var discount = Math.round(subtotal * pct / 100);
    return { subtotal: subtotal, discount: discount, total: subtotal - discount };
  }
  function renderCart() {
    var canDiscount = maxDiscount() > 0;
    $("sale-discount-row").hidden = !canDiscount;
    $("cart-lines").innerHTML = state.cart.map(function (l, i) {
      return '<li data-i="' + i + '"><span class="name">' + esc(l.name) + '</span>' +
        '<span class="qty"><button data-act="dec" aria-label="bớt">−</button><b data-testid="qty-' + esc(l.sku) + '">' + l.quantity + '</b><button data-act="inc" aria-label="thêm">+</button></span>' +
        (canDiscount ? '<label class="pct">−<input data-act="pct" inputmode="numeric" value="' + l.pct + '" size="2">%</label>' : "") +
        '<span class="amount">' + vnd(l.price * l.quantity - lineDiscount(l)) + "</span></li>";
    }).join("");
    var t = totals();
    $("cart-total").textContent = vnd(t.total);
    $("pay").disabled = !state.cart.length;
  }
  $("cart-lines").addEventListener("click", function (ev) {
    var b = ev.target.closest("button"); if (!b) return;
    var l = state.cart[int(b.closest("li").dataset.i)];
    l.quantity += b.dataset.act === "inc" ? 1 : -1;
    if (l.quantity <= 0) state.cart.splice(state.cart.indexOf(l), 1);
    renderCart();
  });
  $("cart-lines").addEventListener("change", function (ev) {
    if (ev.target.dataset.act !== "pct") return;
    var l = state.cart[int(ev.target.closest("li").dataset.i)];
    l.pct = Math.max(0, Math.min(int(ev.target.value), maxDiscount()));
    renderCart();
  });
  $("sale-discount").addEventListener("change", function () { this.value = Math.max(0, Math.min(int(this.value), maxDiscount())); renderCart(); });

  // --- payment ---------------------------------------------------------------------------
  var pay = null;
  function nextSeq() {
    return Promise.all([S.get("receiptSeq"), S.get("reservedSeq")]).then(function (v) {
      if (v[1]) return v[1];
      var seq = Math.max(v[0] || 0, (state.register && state.register.lastReceiptSeq) || 0) + 1;
      return S.set("reservedSeq", seq).then(function () { return seq; });
    });
  }
  function receiptNumber(seq) { return state.register.receiptPrefix + "-" + String(seq).padStart(6, "0"); }
  $("pay").addEventListener("click", function () {
    nextSeq().then(function (seq) {
      var t = totals();
      pay = { seq: seq, receipt: receiptNumber(seq), totals: t };
      $("pay-receipt").textContent = pay.receipt;
      $("pay-total").textContent = vnd(t.total);
      setAll("cash");
      $("pay-error").textContent = "";
      show("pay");
    });
  });
  function setAll(method) {
    var total = pay.totals.total;
    $("pay-cash").value = method === "cash" ? total : 0;
    $("pay-vietqr").value = method === "vietqr" ? total : 0;
    $("pay-card").value = method === "card" ? total : 0;
    $("pay-tendered").value = ""; $("pay-card-ref").value = "";
    updatePay();
  }
  document.querySelectorAll("[data-all]").forEach(function (b) { b.addEventListener("click", function () { setAll(b.dataset.all); }); });
  ["pay-cash", "pay-tendered", "pay-vietqr", "pay-card"].forEach(function (id) { $(id).addEventListener("input", updatePay); });
  function vietqrPayload(amount) {
    var b = state.register.booth;
    if (!amount || !b.bankBin || !b.bankAccount) return "";
    return OcopQR.vietqr(b.bankBin, b.bankAccount, amount, pay.receipt);
  }
  function updatePay() {
    var cash = int($("pay-cash").value), tendered = int($("pay-tendered").value), qr = int($("pay-vietqr").value);
    $("pay-change").textContent = vnd(tendered > cash ? tendered - cash : 0);
    var payload = vietqrPayload(qr);
    $("qr-box").hidden = !payload;
    $("qr-box").innerHTML = payload ? OcopQR.svg(payload, 4) + '<div class="qr-amount">' + vnd(qr) + " · " + esc(pay.receipt) + "</div>" : "";
    $("qr-payload").textContent = payload;
  }
  $("pay-cancel").addEventListener("click", function () { show("sell"); });
  $("pay-done").addEventListener("click", function () {
    var cash = int($("pay-cash").value), tendered = $("pay-tendered").value.trim() ? int($("pay-tendered").value) : cash;
    var qr = int($("pay-vietqr").value), card = int($("pay-card").value), ref = $("pay-card-ref").value.trim();
    var t = pay.totals;
    if (cash + qr + card !== t.total) return ($("pay-error").textContent = "Tổng các khoản " + vnd(cash + qr + card) + " khác số cần thu " + vnd(t.total) + ".");
    if (tendered < cash) return ($("pay-error").textContent = "Khách đưa ít hơn phần tiền mặt.");
    if (card && !ref) return ($("pay-error").textContent = "Nhập mã giao dịch in trên phiếu máy thẻ.");
    var payments = [];
    if (cash) payments.push({ method: "cash", amount: cash, tendered: tendered });
    if (qr) payments.push({ method: "vietqr", amount: qr, vietqrPayload: vietqrPayload(qr) });
    if (card) payments.push({ method: "card", amount: card, reference: ref });
    var sale = buildSale("sale", state.cart.map(function (l) {
      return { variantId: l.variantId, sku: l.sku, productName: l.name, variantName: l.variantName, quantity: l.quantity, unitPrice: l.price, discount: lineDiscount(l) };
    }), t.discount, t.total, payments, pay.receipt);
    record(sale, pay.seq).then(function () {
      state.cart = []; $("sale-discount").value = 0;
      showDone(sale, tendered > cash ? tendered - cash : 0);
    });
  });
  function buildSale(kind, lines, discount, total, payments, receipt, refundOf) {
    return {
      uuid: crypto.randomUUID(), kind: kind, refundOf: refundOf || null, receiptNumber: receipt,
      sessionId: state.session.id, cashierId: state.cashier.id, createdAt: new Date().toISOString(),
      lines: lines, discount: discount, total: total, payments: payments
    };
  }
  function record(payload, seq) {
    var entry = { uuid: payload.uuid, status: "pending", savedAt: Date.now(), sessionId: payload.sessionId, payload: payload };
    return S.saveSale(entry, seq).then(function () { state.sales.push(entry); updateQueue(); kick(0); });
  }
  var lastSale = null;
  function showDone(sale, change) {
    lastSale = sale;
    $("done-receipt").textContent = sale.receiptNumber;
    $("done-change").textContent = vnd(change);
    $("ereceipt").hidden = true;
    $("print-network").hidden = !(state.register.booth.hasPrinter);
    show("done");
  }
  $("next-sale").addEventListener("click", function () { renderGrid(); renderCart(); show("sell"); });
  $("show-ereceipt").addEventListener("click", function () {
    var url = location.origin + "/pos/receipt/" + lastSale.uuid + "/";
    $("ereceipt").innerHTML = OcopQR.svg(url, 4) + '<p><a href="' + esc(url) + '" target="_blank">' + esc(url) + "</a></p>";
    $("ereceipt").hidden = false;
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { printReceipt(lastSale, int(b.dataset.print)); });
  });
  $("print-network").addEventListener("click", function () {
    api("sales/" + lastSale.uuid + "/print", { method: "POST", body: { width: 80 } }).catch(function (e) { alert(e.message); });
  });
  function printReceipt(sale, width) {
    var b = state.register.booth, f = state.register.fair;
    var lines = sale.lines.map(function (l) {
      return "<tr><td colspan=2>" + esc(l.productName) + "</td></tr><tr><td>" + l.quantity + " × " + vnd(l.unitPrice) + '</td><td class="r">' + vnd(l.quantity * l.unitPrice) + "</td></tr>" +
        (l.discount ? '<tr><td>giảm giá</td><td class="r">−' + vnd(l.discount) + "</td></tr>" : "");
    }).join("");
    var pays = sale.payments.map(function (p) {
      var name = { cash: "Tiền mặt", vietqr: "VietQR", card: "Thẻ" }[p.method];
      return "<tr><td>" + name + (p.reference ? " (" + esc(p.reference) + ")" : "") + '</td><td class="r">' + vnd(p.amount) + "</td></tr>" +
        (p.method === "cash" && p.tendered > p.amount ? "<tr><td>Khách đưa / thối</td><td class=\"r\">" + vnd(p.tendered) + " / " + vnd(p.tendered - p.amount) + "</td></tr>" : "");
    }).join("");
    $("print-area").innerHTML = '<div class="receipt w' + width + '"><h2>Gian ' + esc(b.code) + " · " + esc(b.name) + "</h2><p>" + esc(f.name) + "</p>" +
      "<p>" + (sale.kind === "refund" ? "PHIẾU HOÀN TIỀN" : "HOÁ ĐƠN") + " " + esc(sale.receiptNumber) + "<br>" + new Date(sale.createdAt).toLocaleString("vi-VN") + "</p>" +
      "<table>" + lines + (sale.discount ? '<tr><td>Giảm giá</td><td class="r">−' + vnd(sale.discount) + "</td></tr>" : "") +
      '<tr class="t"><td>TỔNG</td><td class="r">' + vnd(sale.total) + "</td></tr>" + pays + "</table>" +
      OcopQR.svg(location.origin + "/pos/receipt/" + sale.uuid + "/", 2) + "<p>Cảm ơn quý khách!</p></div>";
    document.body.dataset.print = width;
    window.print();
  }

  // --- queue -----------------------------------------------------------------------------
  function pendingCount() { return state.sales.filter(function (s) { return s.status === "pending"; }).length; }
  function updateQueue() {
    var n = pendingCount();
    $("queue").textContent = "Chờ gửi: " + n;
    $("queue").dataset.count = n;
    $("queue").className = "queue" + (n ? " waiting" : "");
  }
  function kick(delay) {
    clearTimeout(sync.timer);
    sync.timer = setTimeout(flush, delay);
  }
  function flush() {
    if (sync.running || !state.token) return;
    sync.running = true;
    S.pending().then(function (pending) {
      if (!pending.length) { sync.running = false; sync.delay = 1000; return; }
      var batch = pending.slice(0, BATCH);
      return api("sales/sync", { method: "POST", body: { sales: batch.map(function (s) { return s.payload; }) } }).then(function (body) {
        // Only now, acknowledged, do the sales leave "pending".
        return S.markSent(body.results).then(function () {
          body.results.forEach(function (r) {
            var s = state.sales.find(function (x) { return x.uuid === r.uuid; });
            if (s) { s.status = r.status === "rejected" ? "rejected" : "sent"; s.serverStatus = r.status; }
          });
          setNet(true); sync.delay = 1000; sync.running = false; updateQueue();
          if (pending.length > batch.length) kick(0); else loadCatalog();
        });
      }).catch(function (e) {
        // Network down, server down, response lost: keep everything, try again later,
        // waiting longer each time (with jitter so a fair's registers do not retry in step).
        sync.running = false;
        if (e.status === 401) return unpair();
        if (!e.status) setNet(false);
        var wait = (e.status === 429 ? 15000 : sync.delay) * (0.8 + Math.random() * 0.4);
        sync.delay = Math.min(sync.delay * 2, MAX_DELAY);
        kick(wait);
      });
    }).catch(function () { sync.running = false; kick(sync.delay); });
  }
  setInterval(function () { if (pendingCount()) kick(0); }, 20000);

  // --- refund, reports, closing, sign-out ---------------------------------------------------
  $("btn-refund").addEventListener("click", function () {
    if (!state.cashier.canRefund) { $("sell-error").textContent = "Thu ngân này không được hoàn tiền."; return; }
    var refunded = {}; state.sales.forEach(function (s) { if (s.payload.refundOf) refunded[s.payload.refundOf] = true; });
    var list = state.sales.filter(function (s) { return s.payload.kind === "sale" && !refunded[s.uuid] && s.status !== "rejected"; }).slice(-30).reverse();
    $("refund-list").innerHTML = list.map(function (s) {
      return '<li><span>' + esc(s.payload.receiptNumber) + " · " + vnd(s.payload.total) + '</span><button data-uuid="' + s.uuid + '" data-testid="refund-' + esc(s.payload.receiptNumber) + '">Hoàn</button></li>';
    }).join("") || "<li>Chưa có giao dịch.</li>";
    show("refund");
  });
  $("refund-list").addEventListener("click", function (ev) {
    var b = ev.target.closest("button"); if (!b) return;
    var original = state.sales.find(function (s) { return s.uuid === b.dataset.uuid; }).payload;
    nextSeq().then(function (seq) {
      var refund = buildSale("refund", original.lines, original.discount, original.total, [{ method: "cash", amount: original.total }], receiptNumber(seq), original.uuid);
      return record(refund, seq).then(function () { showDone(refund, 0); });
    });
  });
  $("refund-back").addEventListener("click", function () { show("sell"); });
  function reportHtml(r) {
    var names = { cash: "Tiền mặt", vietqr: "VietQR", card: "Thẻ" };
    var rows = function (items, cols) { return items.map(function (i) { return "<tr>" + cols.map(function (c) { return "<td>" + esc(c(i)) + "</td>"; }).join("") + "</tr>"; }).join(""); };
    return '<dl class="figures"><dt>Tiền đầu ca</dt><dd>' + vnd(r.openingFloat) + "</dd><dt>Bán</dt><dd data-testid=\"r-sales\">" + r.sales.count + " đơn · " + vnd(r.sales.amount) +
      "</dd><dt>Hoàn tiền</dt><dd>" + r.refunds.count + " · " + vnd(r.refunds.amount) + "</dd><dt>Doanh thu thuần</dt><dd data-testid=\"r-net\">" + vnd(r.net) +
      "</dd><dt>Tiền mặt phải có</dt><dd data-testid=\"r-expected\">" + vnd(r.expectedCash) + "</dd>" +
      (r.countedCash != null ? "<dt>Tiền mặt đếm được</dt><dd data-testid=\"r-counted\">" + vnd(r.countedCash) + "</dd><dt>Chênh lệch</dt><dd data-testid=\"r-discrepancy\" class=\"" + (r.discrepancy ? "bad" : "ok") + "\">" + vnd(r.discrepancy) + "</dd>" : "") +
      "</dl><h3>Theo phương thức</h3><table data-testid=\"r-methods\">" + rows(Object.keys(r.byMethod).map(function (k) { return [k, r.byMethod[k]]; }), [function (x) { return names[x[0]] || x[0]; }, function (x) { return x[1].count; }, function (x) { return vnd(x[1].amount); }]) +
      "</table><h3>Theo sản phẩm</h3><table>" + rows(r.byProduct, [function (p) { return p.name; }, function (p) { return p.quantity; }, function (p) { return vnd(p.amount); }]) +
      "</table><h3>Theo thu ngân</h3><table>" + rows(r.byCashier, [function (c) { return c.name; }, function (c) { return c.sales; }, function (c) { return vnd(c.amount); }]) + "</table>";
  }
  $("btn-xreport").addEventListener("click", function () {
    $("report-title").textContent = "Báo cáo X (giữa ca)"; $("close-box").hidden = true; $("report-error").textContent = "";
    $("report").innerHTML = "…"; show("report");
    api("sessions/" + state.session.id + "/x-report").then(function (d) {
      $("report").innerHTML = reportHtml(d.report) + (pendingCount() ? '<p class="warn">Chưa gồm ' + pendingCount() + " giao dịch đang chờ gửi.</p>" : "");
    }).catch(function () { $("report").innerHTML = '<p class="warn">Cần mạng để lấy báo cáo X.</p>'; });
  });
  function refuseIfWaiting(target) {
    var n = pendingCount();
    if (n) { $(target).textContent = "Còn " + n + " giao dịch chưa gửi lên máy chủ — chờ có mạng rồi thử lại."; kick(0); }
    return n > 0;
  }
  $("btn-close").addEventListener("click", function () {
    $("sell-error").textContent = "";
    if (refuseIfWaiting("sell-error")) return;
    $("report-title").textContent = "Đóng ca"; $("report").innerHTML = ""; $("report-error").textContent = "";
    $("close-box").hidden = false; show("report");
  });
  $("close-submit").addEventListener("click", function () {
    if (refuseIfWaiting("report-error")) return;
    var mine = state.sales.filter(function (s) { return s.sessionId === state.session.id && s.status === "sent"; }).length;
    api("sessions/" + state.session.id + "/close", { method: "POST", body: { cashierId: state.cashier.id, countedCash: int($("close-counted").value), deviceSaleCount: mine } })
      .then(function (d) {
        $("report-title").textContent = "Báo cáo Z"; $("close-box").hidden = true;
        $("report").innerHTML = reportHtml(d.zReport);
        state.session = null; return S.del("session");
      }).catch(function (e) { $("report-error").textContent = e.message; });
  });
  $("report-back").addEventListener("click", function () { route(); });
  $("btn-signout").addEventListener("click", function () {
    $("sell-error").textContent = "";
    if (refuseIfWaiting("sell-error")) return;
    state.cashier = null; S.del("cashier").then(route);
  });

  window.PosApp = { state: state, flush: flush, pendingCount: pendingCount };
  boot();
})();
