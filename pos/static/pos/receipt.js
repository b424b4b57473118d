/* The e-receipt's print button (no inline script: the site's CSP forbids it). */
document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
