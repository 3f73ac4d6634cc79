/* global window, document, navigator, localStorage, fetch, crypto, URL, MutationObserver */
/**
 * Custodian's consent banner (docs/banner.md): one script, no dependencies, its styles inlined.
 * Embed it with `<script src="https://custodian.example.com/sdk/custodian.js"
 * data-site-key="pk_…" defer></script>`. It asks before anything of a consent purpose runs,
 * keeps the answer first-party (localStorage), records it in the ledger with the publishable
 * site key, and runs what was granted without a reload. `npm run build` minifies it
 * (scripts/build-sdk.js), which fails above 8 kB gzipped, as test/browser/banner.test.ts does.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.Custodian) return;
  var base = new URL(script.src).origin;
  var siteKey = script.getAttribute('data-site-key') || '';
  var STORE = 'custodian-consent';
  // GPC (Cal. Civ. Code 1798.135(e), 11 CCR 7025): an opt-out of sale and sharing.
  var gpc = navigator.globalPrivacyControl === true;
  var listeners = [];
  var config = null;
  var state = read();
  var host = null;
  var returnFocus = null;
  // Custodian.identify: the account token the site signed; kept in memory only, never stored.
  var account = null;

  var CSS =
    ':host{all:initial}' +
    '.b{position:fixed;z-index:2147483647;left:1rem;right:1rem;bottom:1rem;max-width:40rem;margin:auto;' +
    'background:#fff;color:#1a1a1a;border:1px solid #555;border-radius:.5rem;padding:1rem 1.25rem;' +
    'font:15px/1.45 system-ui,sans-serif;box-shadow:0 .25rem 1rem rgba(0,0,0,.25)}' +
    'h2{font-size:1.1rem;margin:0 0 .5rem}p{margin:0 0 .75rem}' +
    '.g{border-left:4px solid #1a5e20;padding-left:.5rem}' +
    'fieldset{border:0;margin:0 0 .75rem;padding:0}label{display:block;margin:.4rem 0}' +
    'label span{display:block;color:#333;font-size:.9em;margin-left:1.6rem}' +
    '.a{display:flex;flex-wrap:wrap;gap:.5rem}' +
    // EDPB Guidelines 03/2022: accepting and refusing equally prominent (same size and style).
    'button{flex:1 1 9rem;font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:.35rem;' +
    'border:2px solid #1a1a1a;background:#1a1a1a;color:#fff;cursor:pointer}' +
    'button:focus-visible,input:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}';

  function read() {
    try {
      return JSON.parse(localStorage.getItem(STORE) || 'null');
    } catch {
      return null;
    }
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join('');
  }

  /**
   * Whether the stored answer still covers the consent purposes shown now: the same consent
   * fingerprint (GDPR Art. 7(1): consent to what the person was shown). A new notice version that
   * changes no consent purpose asks nothing again; an answer stored without a fingerprint falls back
   * to the notice version.
   */
  function answered() {
    return (
      !!state && (state.k ? state.k === config.consentVersion : state.v === config.noticeVersion)
    );
  }

  function granted(purpose) {
    return !!(state && state.c && state.c[purpose] === true);
  }

  var GATED = 'script[type="text/plain"][data-purpose],iframe[data-src][data-purpose]';

  /** Runs a gated script, or loads a gated iframe, when its purpose is granted. */
  function release(node) {
    if (!node.isConnected || !node.matches(GATED) || !granted(node.getAttribute('data-purpose')))
      return;
    if (node.tagName === 'IFRAME') {
      node.src = node.getAttribute('data-src');
      node.removeAttribute('data-src');
      return;
    }
    var run = document.createElement('script');
    Array.prototype.forEach.call(node.attributes, function (attribute) {
      if (attribute.name !== 'type') run.setAttribute(attribute.name, attribute.value);
    });
    run.text = node.text;
    node.parentNode.replaceChild(run, node);
  }

  /** Releases every gated element in `root` (the page by default) whose purpose is granted. */
  function activate(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(GATED), release);
  }

  /** Gated elements the page adds later: released at once if granted, else at the next choice. */
  function watch() {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        Array.prototype.forEach.call(record.addedNodes, function (node) {
          if (node.nodeType !== 1) return;
          release(node);
          activate(node);
        });
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  /** Keeps the choices first-party, records them in the ledger, then runs what they allow. */
  function decide(choices) {
    var id = (state && state.id) || newId();
    save({ v: config.noticeVersion, k: config.consentVersion, id: id, c: choices, gpc: gpc });
    record(choices);
    close();
    activate();
    listeners.forEach(function (listener) {
      listener(copy(choices));
    });
  }

  function save(next) {
    state = next;
    try {
      localStorage.setItem(STORE, JSON.stringify(state));
    } catch {
      // Storage refused (private mode): the choice holds for this page only.
    }
  }

  function record(choices) {
    var list = Object.keys(choices).map(function (purpose) {
      return { purpose: purpose, granted: choices[purpose] };
    });
    if (list.length === 0) return;
    fetch(base + '/v1/public/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        siteKey: siteKey,
        visitorId: state.id,
        choices: list,
        gpc: gpc,
        noticeVersion: config.noticeVersion,
        accountToken: account || undefined,
      }),
      keepalive: true,
      credentials: 'omit',
    }).catch(function () {
      // Kept locally; recorded again when the person next chooses.
    });
  }

  function copy(choices) {
    var out = {};
    for (var key in choices) out[key] = choices[key];
    return out;
  }

  /** Every purpose set to `value`, except that GPC keeps sale and sharing off. */
  function all(value) {
    var choices = {};
    config.purposes.forEach(function (purpose) {
      choices[purpose.id] = value && !(gpc && purpose.gpcOptOut);
    });
    return choices;
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    for (var name in attributes) node.setAttribute(name, attributes[name]);
    if (text) node.textContent = text;
    return node;
  }

  function open() {
    if (!config || host) return;
    var labels = config.labels;
    returnFocus = document.activeElement;
    host = el('div', { 'data-custodian': '' });
    var root = host.attachShadow({ mode: 'open' });
    root.appendChild(el('style', {}, CSS));
    var box = el('div', {
      class: 'b',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 't',
      'aria-describedby': 'i',
      lang: config.language,
    });
    box.appendChild(el('h2', { id: 't', tabindex: '-1' }, labels.title));
    box.appendChild(el('p', { id: 'i' }, labels.intro));
    if (gpc) box.appendChild(el('p', { class: 'g', role: 'note' }, labels.gpc));
    var set = el('fieldset', { hidden: '' });
    set.appendChild(el('legend', {}, labels.choose));
    config.purposes.forEach(function (purpose) {
      var label = el('label');
      var box2 = el('input', { type: 'checkbox', name: purpose.id });
      // Unticked unless the person ticked it for these purposes (CJEU C-673/17, Planet49).
      box2.checked = answered() && granted(purpose.id);
      label.appendChild(box2);
      label.appendChild(document.createTextNode(' ' + purpose.name));
      label.appendChild(el('span', {}, purpose.description));
      set.appendChild(label);
    });
    box.appendChild(set);
    var actions = el('div', { class: 'a' });
    var accept = el('button', { type: 'button', 'data-action': 'accept' }, labels.acceptAll);
    var reject = el('button', { type: 'button', 'data-action': 'reject' }, labels.rejectAll);
    var choose = el('button', { type: 'button', 'data-action': 'choose' }, labels.choose);
    accept.onclick = function () {
      decide(all(true));
    };
    reject.onclick = function () {
      decide(all(false));
    };
    choose.onclick = function () {
      if (set.hidden) {
        set.hidden = false;
        choose.textContent = labels.save;
        choose.setAttribute('data-action', 'save');
        set.querySelector('input').focus();
        return;
      }
      var choices = {};
      Array.prototype.forEach.call(set.querySelectorAll('input'), function (input) {
        choices[input.name] = input.checked;
      });
      decide(choices);
    };
    actions.appendChild(accept);
    actions.appendChild(reject);
    actions.appendChild(choose);
    box.appendChild(actions);
    // Keyboard: Tab stays in the dialog; Escape decides nothing and leaves it open.
    box.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        return;
      }
      if (event.key !== 'Tab') return;
      var focusable = Array.prototype.filter.call(
        box.querySelectorAll('button,input'),
        function (node) {
          return node.offsetParent !== null;
        },
      );
      var first = focusable[0];
      var last = focusable[focusable.length - 1];
      if (event.shiftKey && root.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && root.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
    root.appendChild(box);
    document.body.appendChild(host);
    accept.focus();
  }

  function close() {
    if (!host) return;
    host.parentNode.removeChild(host);
    host = null;
    if (returnFocus && returnFocus.focus) returnFocus.focus();
    returnFocus = null;
  }

  function start() {
    activate();
    watch();
    var url =
      base +
      '/v1/public/banner?siteKey=' +
      encodeURIComponent(siteKey) +
      '&lang=' +
      encodeURIComponent(navigator.language || 'en');
    fetch(url, { credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) throw new Error('custodian: banner ' + response.status);
        return response.json();
      })
      .then(function (answer) {
        config = answer;
        // Changed consent purposes ask again (GDPR Art. 7(1): consent to what the person was shown).
        if (answered()) return sync();
        if (gpc) {
          // Denied and recorded before the banner shows; the banner says so.
          var denied = {};
          config.purposes.forEach(function (purpose) {
            if (purpose.gpcOptOut) denied[purpose.id] = false;
          });
          // Kept under no notice version, so the banner still asks.
          save({ v: '', id: (state && state.id) || newId(), c: denied, gpc: true });
          record(denied);
        }
        open();
      })
      .catch(function (error) {
        if (window.console) window.console.warn(error.message);
      });
  }

  /** Records the current choices for the identified account, once both are known. */
  function sync() {
    if (account && config && state && state.c && answered()) record(state.c);
  }

  window.Custodian = {
    /**
     * Ties the choices to the account a signed token names (docs/banner.md): the current ones
     * now, and every later one.
     */
    identify: function (token) {
      account = typeof token === 'string' && token ? token : null;
      sync();
    },
    /** Opens the banner again, to change one's choices. */
    open: open,
    /** `change`: called with the choices each time the person decides. */
    on: function (event, listener) {
      if (event === 'change' && typeof listener === 'function') listeners.push(listener);
    },
    /** Whether a purpose is granted now. */
    granted: granted,
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
