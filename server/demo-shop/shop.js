/*
 * Lantern & Loom demo shop — plain browser script (no modules, no build).
 * Loaded with <script src="shop.js" defer></script>; no inline scripts or
 * handlers anywhere, so the pages work under `script-src 'self'`.
 */
(function () {
  'use strict';

  var CART_KEY = 'demo-cart';
  var SDK_WAIT_MS = 10000;
  var SDK_POLL_MS = 50;

  // ---------------------------------------------------------------- cart --

  function readCart() {
    try {
      var raw = window.localStorage.getItem(CART_KEY);
      var parsed = raw ? JSON.parse(raw) : [];
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(function (line) {
        return line && typeof line.sku === 'string' && line.qty > 0;
      });
    } catch (err) {
      return [];
    }
  }

  function writeCart(cart) {
    try {
      window.localStorage.setItem(CART_KEY, JSON.stringify(cart));
    } catch (err) {
      console.error('Could not save cart', err);
    }
  }

  function cartQuantity(cart) {
    return cart.reduce(function (sum, line) { return sum + line.qty; }, 0);
  }

  function cartTotal(cart) {
    return cart.reduce(function (sum, line) { return sum + line.price * line.qty; }, 0);
  }

  function formatPrice(amount) {
    return '$' + amount.toFixed(2);
  }

  function addToCart(sku, name, price) {
    var cart = readCart();
    var existing = null;
    for (var i = 0; i < cart.length; i++) {
      if (cart[i].sku === sku) { existing = cart[i]; break; }
    }
    if (existing) {
      existing.qty += 1;
    } else {
      cart.push({ sku: sku, name: name, price: price, qty: 1 });
    }
    writeCart(cart);
    return cart;
  }

  function removeFromCart(sku) {
    var cart = readCart().filter(function (line) { return line.sku !== sku; });
    writeCart(cart);
    return cart;
  }

  function updateCartCount(cart) {
    var el = document.getElementById('cart-count');
    if (el) el.textContent = String(cartQuantity(cart || readCart()));
  }

  function renderCartLines(cart) {
    var container = document.getElementById('cart-lines');
    if (!container) return;
    cart = cart || readCart();
    container.textContent = '';

    if (cart.length === 0) {
      var empty = document.createElement('p');
      empty.className = 'cart-empty';
      empty.textContent = 'Your cart is empty';
      container.appendChild(empty);
      return;
    }

    var list = document.createElement('ul');
    list.className = 'cart-list';
    cart.forEach(function (line) {
      var item = document.createElement('li');
      item.className = 'cart-line';
      item.setAttribute('data-sku', line.sku);

      var name = document.createElement('span');
      name.className = 'cart-line-name';
      name.textContent = line.name;

      var qty = document.createElement('span');
      qty.className = 'cart-line-qty';
      qty.textContent = '× ' + line.qty;

      var price = document.createElement('span');
      price.className = 'cart-line-price';
      price.textContent = formatPrice(line.price * line.qty);

      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'btn-link cart-line-remove';
      remove.setAttribute('data-sku', line.sku);
      remove.setAttribute('aria-label', 'Remove ' + line.name);
      remove.textContent = 'Remove';

      item.appendChild(name);
      item.appendChild(qty);
      item.appendChild(price);
      item.appendChild(remove);
      list.appendChild(item);
    });
    container.appendChild(list);

    var total = document.createElement('p');
    total.className = 'cart-total';
    var label = document.createElement('span');
    label.textContent = 'Total';
    var amount = document.createElement('strong');
    amount.id = 'cart-total';
    amount.textContent = formatPrice(cartTotal(cart));
    total.appendChild(label);
    total.appendChild(amount);
    container.appendChild(total);
  }

  function refreshCart(cart) {
    cart = cart || readCart();
    updateCartCount(cart);
    renderCartLines(cart);
  }

  function initAddToCart() {
    var buttons = document.querySelectorAll('.add-to-cart');
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener('click', function () {
        var product = button.closest('.product');
        if (!product) return;
        var sku = product.getAttribute('data-sku');
        var nameEl = product.querySelector('.product-name');
        var name = nameEl ? nameEl.textContent.trim() : sku;
        var price = parseFloat(product.getAttribute('data-price')) || 0;
        refreshCart(addToCart(sku, name, price));

        var original = 'Add to cart';
        button.textContent = 'Added ✓';
        button.classList.add('is-added');
        window.setTimeout(function () {
          button.textContent = original;
          button.classList.remove('is-added');
        }, 1200);
      });
    });
  }

  function initCartLines() {
    var container = document.getElementById('cart-lines');
    if (!container) return;
    container.addEventListener('click', function (event) {
      var target = event.target;
      if (target && target.classList && target.classList.contains('cart-line-remove')) {
        refreshCart(removeFromCart(target.getAttribute('data-sku')));
      }
    });
  }

  // Keep the counter in sync if the cart changes in another tab.
  window.addEventListener('storage', function (event) {
    if (event.key === CART_KEY || event.key === null) refreshCart();
  });

  // --------------------------------------------------------------- forms --

  function showMessage(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }

  function initAccountForm() {
    var form = document.getElementById('account-form');
    if (!form) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      showMessage('account-message', 'Signed in (demo)');
    });
  }

  function initCheckoutForm() {
    var form = document.getElementById('checkout-form');
    if (!form) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      writeCart([]);
      refreshCart([]);
      var confirmation = document.getElementById('order-confirmation');
      if (confirmation) {
        confirmation.textContent = 'Thanks! (demo — nothing was charged)';
        confirmation.classList.add('is-visible');
      }
    });
  }

  function initReturnForm() {
    var form = document.getElementById('return-form');
    if (!form) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var orderInput = document.getElementById('order-number');
      var order = orderInput ? orderInput.value.trim() : '';
      showMessage('return-message', order
        ? 'Return requested for order ' + order + ' (demo).'
        : 'Return requested (demo).');
    });
  }

  // ------------------------------------------------------- Lookalong SDK --

  function sdkReady() {
    return !!(window.Lookalong && typeof window.Lookalong.requestHelp === 'function');
  }

  // Resolve once window.Lookalong is available: either when the SDK fires
  // 'lookalong:ready' or when polling sees it; give up after SDK_WAIT_MS.
  function whenSdkReady(callback) {
    if (sdkReady()) { callback(null); return; }

    var done = false;
    var started = Date.now();
    var timer = null;

    function finish(err) {
      if (done) return;
      done = true;
      window.clearInterval(timer);
      window.removeEventListener('lookalong:ready', onReady);
      callback(err);
    }

    function onReady() {
      if (sdkReady()) finish(null);
    }

    window.addEventListener('lookalong:ready', onReady);
    timer = window.setInterval(function () {
      if (sdkReady()) {
        finish(null);
      } else if (Date.now() - started >= SDK_WAIT_MS) {
        finish(new Error('Lookalong SDK did not load within ' + SDK_WAIT_MS / 1000 + ' s'));
      }
    }, SDK_POLL_MS);
  }

  function initHelpButton() {
    var button = document.getElementById('get-help');
    if (!button) return;
    var waiting = false;

    button.addEventListener('click', function () {
      if (waiting) return; // a click is already queued until the SDK loads
      waiting = true;
      button.setAttribute('aria-busy', 'true');

      whenSdkReady(function (err) {
        waiting = false;
        button.removeAttribute('aria-busy');
        if (err) {
          console.error(err);
          return;
        }
        try {
          var result = window.Lookalong.requestHelp();
          if (result && typeof result.then === 'function') {
            result.then(null, function (reason) {
              console.error('Lookalong requestHelp failed:', reason);
            });
          }
        } catch (e) {
          console.error('Lookalong requestHelp failed:', e);
        }
      });
    });
  }

  // ---------------------------------------------------------------- init --

  function init() {
    refreshCart();
    initAddToCart();
    initCartLines();
    initAccountForm();
    initCheckoutForm();
    initReturnForm();
    initHelpButton();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
