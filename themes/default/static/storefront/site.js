/* Progressive enhancement only: every feature here has a plain HTML fallback. */
(function () {
  "use strict";
  var $ = function (sel, root) { return (root || document).querySelector(sel); };

  /* Predictive search: suggestions under the box; Enter still submits the form. */
  var form = $("form.search");
  if (form && window.fetch) {
    var input = $("input[name=q]", form), list = $("#search-suggestions", form), timer, active = -1;
    var close = function () { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; };
    var render = function (items) {
      list.textContent = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li"), a = document.createElement("a");
        li.setAttribute("role", "option"); li.id = "suggestion-" + i;
        a.href = item.url; a.textContent = item.name + (item.price ? " — " + item.price : "");
        li.appendChild(a); list.appendChild(li);
      });
      list.hidden = !items.length; input.setAttribute("aria-expanded", items.length ? "true" : "false");
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch(form.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (data) { if (input.value.trim() === q) render(data.items || []); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      var options = list.querySelectorAll("li");
      if (list.hidden || !options.length) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : -1) + options.length) % options.length;
        options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
        input.setAttribute("aria-activedescendant", options[active].id);
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault(); window.location = options[active].querySelector("a").href;
      } else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
  }

  /* Cart drawer: add-to-cart forms post in the background and the cart opens beside the page. */
  var drawer = $("#cart-drawer"), cartLink = $("a[data-drawer=cart]"), lastFocus = null;
  var openDrawer = function () {
    return fetch(cartLink.href + "?fragment=drawer", { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var panel = doc.querySelector(".drawer-panel");
        drawer.textContent = "";
        if (panel) drawer.appendChild(document.importNode(panel, true));
        drawer.hidden = false; lastFocus = document.activeElement;
        var first = drawer.querySelector("a, button"); if (first) first.focus();
      });
  };
  var closeDrawer = function () { drawer.hidden = true; if (lastFocus) lastFocus.focus(); };
  if (drawer && cartLink && window.fetch && window.DOMParser) {
    cartLink.addEventListener("click", function (e) { e.preventDefault(); openDrawer(); });
    drawer.addEventListener("click", function (e) { if (e.target === drawer || e.target.classList.contains("drawer-close")) closeDrawer(); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !drawer.hidden) closeDrawer(); });
    document.addEventListener("submit", function (e) {
      var f = e.target;
      if (!f.matches("form.add, form.buy")) return;
      e.preventDefault();
      var button = f.querySelector("button[type=submit]"); if (button) button.disabled = true;
      fetch(f.action, { method: "POST", body: new FormData(f), credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var count = $(".cart-count"); if (count && typeof data.quantity === "number") count.textContent = data.quantity;
          if (!data.ok) { alert((data.errors || []).join("\n")); return; }
          return openDrawer();
        })
        .catch(function () { f.submit(); })
        .then(function () { if (button) button.disabled = false; });
    });
  }

  /* Address form: the ward list follows the province without a round trip of the whole page. */
  var address = $("form.address-form");
  if (address && window.fetch) {
    var province = $("#a-province", address), ward = $("#a-ward", address), shown = province.value;
    address.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
    province.addEventListener("change", function () {
      if (province.value === shown) return;  // re-picking the same province keeps the ward
      shown = province.value;
      fetch(address.dataset.wards + "?province=" + encodeURIComponent(province.value))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var placeholder = ward.options[0];
          ward.textContent = ""; ward.appendChild(placeholder); placeholder.selected = true;
          (data.wards || []).forEach(function (name) { var o = document.createElement("option"); o.textContent = name; ward.appendChild(o); });
        });
    });
  }
})();
