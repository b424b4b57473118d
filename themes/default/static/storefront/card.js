/* Stripe card form: Stripe.js confirms the PaymentIntent, then the form posts to the shop,
   which asks the core for the transaction's state before placing the order. */
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form || !window.Stripe) return;
  var stripe = window.Stripe(form.dataset.key);
  var card = stripe.elements().create("card");
  card.mount("#card-element");
  var errors = document.getElementById("card-errors"), pay = document.getElementById("card-pay");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    pay.disabled = true; errors.textContent = "";
    stripe.confirmCardPayment(form.dataset.secret, { payment_method: { card: card } }).then(function (result) {
      if (result.error) { errors.textContent = result.error.message; pay.disabled = false; return; }
      form.submit();
    });
  });
})();
