/* The register's memory: IndexedDB, so sales survive a reload, a crash or a dead battery.
   "sales": every sale made here, keyed by its UUID, with status pending → sent (or rejected);
   a sale leaves "pending" only when the server acknowledged it (accepted or duplicate).
   "kv": device token, register, cashier, session, receipt sequence, cached catalog. */
(function (global) {
  "use strict";
  var DB = "ocop-pos", VERSION = 1, dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open(DB, VERSION);
        req.onupgradeneeded = function () {
          var db = req.result;
          var sales = db.createObjectStore("sales", { keyPath: "uuid" });
          sales.createIndex("status", "status");
          db.createObjectStore("kv");
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }
  function tx(stores, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(stores, mode), result;
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error || new Error("aborted")); };
        result = work(t);
        if (result && typeof result.then === "function") result.then(function (v) { result = v; });
      });
    });
  }
  function req(r) { return new Promise(function (resolve, reject) { r.onsuccess = function () { resolve(r.result); }; r.onerror = function () { reject(r.error); }; }); }

  var Store = {
    get: function (key) { var out; return tx(["kv"], "readonly", function (t) { req(t.objectStore("kv").get(key)).then(function (v) { out = v; }); }).then(function () { return out; }); },
    set: function (key, value) { return tx(["kv"], "readwrite", function (t) { t.objectStore("kv").put(value, key); }); },
    del: function (key) { return tx(["kv"], "readwrite", function (t) { t.objectStore("kv").delete(key); }); },
    /* The sale and the register's receipt sequence are written in one transaction: a number is
       never used twice and never skipped by a crash between the two writes. */
    saveSale: function (sale, seq) {
      return tx(["sales", "kv"], "readwrite", function (t) {
        t.objectStore("sales").add(sale);
        t.objectStore("kv").put(seq, "receiptSeq");
        t.objectStore("kv").delete("reservedSeq");
      });
    },
    allSales: function () { var out; return tx(["sales"], "readonly", function (t) { req(t.objectStore("sales").getAll()).then(function (v) { out = v; }); }).then(function () { return out || []; }); },
    pending: function () {
      var out;
      return tx(["sales"], "readonly", function (t) { req(t.objectStore("sales").index("status").getAll("pending")).then(function (v) { out = v; }); })
        .then(function () { return (out || []).sort(function (a, b) { return a.savedAt - b.savedAt; }); });
    },
    markSent: function (results) {
      return tx(["sales"], "readwrite", function (t) {
        var store = t.objectStore("sales");
        results.forEach(function (r) {
          req(store.get(r.uuid)).then(function (sale) {
            if (!sale) return;
            sale.status = r.status === "rejected" ? "rejected" : "sent";
            sale.serverStatus = r.status;
            if (r.errors) sale.errors = r.errors;
            store.put(sale);
          });
        });
      });
    },
    clearAll: function () { return tx(["sales", "kv"], "readwrite", function (t) { t.objectStore("sales").clear(); t.objectStore("kv").clear(); }); }
  };
  global.PosStore = Store;
})(window);
