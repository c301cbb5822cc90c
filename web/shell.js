// The page around the wasm app (loaded by shell/index.html; no inline script, so a strict
// Content-Security-Policy can forbid them):
// - start-up configuration for embedding: window.crmConfig from URL parameters and an optional
//   JSON config file (?config=embed.json), resolved before app.js loads;
// - status and error messages before the app can draw them;
// - the system clipboard's paste (a canvas does not receive it by itself);
// - the close guard while a change is still being written;
// - the service worker (offline start) and the "Update ready" banner.
(function () {
  'use strict';
  var statusEl = document.getElementById('status');
  var canvas = document.getElementById('canvas');

  var Module = window.Module = {
    canvas: canvas,
    setStatus: function (text, isError) {
      statusEl.textContent = text || '';
      statusEl.className = isError ? 'error' : '';
    },
    onAbort: function (what) {
      Module.setStatus('The app stopped because of an error: ' + what + '. Reload the page; your saved data is safe.', true);
    },
  };
  if (typeof WebAssembly !== 'object') Module.setStatus('This browser does not support WebAssembly.', true);
  window.addEventListener('error', function (e) {
    if (!window.__crmTest || !window.__crmTest.ready) Module.setStatus('Could not start: ' + e.message, true);
  });
  // Closing the tab while a change is still being written (or cannot be written) would lose it.
  window.addEventListener('beforeunload', function (e) {
    if (window.__crmUnsaved) { e.preventDefault(); e.returnValue = ''; }
  });
  document.addEventListener('paste', function (e) {
    var text = (e.clipboardData || window.clipboardData).getData('text');
    if (!text || !Module._crm_on_paste) return;
    e.preventDefault();
    var len = Module.lengthBytesUTF8(text) + 1, p = Module._malloc(len);
    Module.stringToUTF8(text, p, len);
    Module._crm_on_paste(p);
    Module._free(p);
  });
  canvas.focus();

  // ---- start-up configuration ----
  var KEYS = ['user', 'lang', 'view', 'syncUrl', 'syncDb', 'syncUser', 'db', 'test'];
  var params = new URLSearchParams(window.location.search);
  function fromUrl() {
    var config = {};
    KEYS.forEach(function (k) { if (params.has(k)) config[k] = params.get(k); });
    if (params.has('syncPassword')) {
      console.warn('Activities: syncPassword in the URL is ignored (URLs end up in history and logs); put it in a JSON config file.');
    }
    return config;
  }
  function fromFile(name) {
    if (!name) return Promise.resolve({});
    return fetch(name, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(function (json) {
        if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('it is not a JSON object');
        var config = {};
        KEYS.concat(['syncPassword']).forEach(function (k) {
          if (json[k] !== undefined && json[k] !== null) config[k] = String(json[k]);
        });
        return config;
      })
      .catch(function (e) {
        // Shown by the app once it runs (the status line is cleared when it starts).
        var message = 'The configuration file "' + name + '" could not be used (' + e.message + '); started without it.';
        Module.setStatus(message, true);
        window.crmConfigError = message;
        return { configError: message };
      });
  }
  fromFile(params.get('config')).then(function (fileConfig) {
    var config = fromUrl();
    Object.keys(fileConfig).forEach(function (k) { if (config[k] === undefined) config[k] = fileConfig[k]; });
    window.crmConfig = config;
    var script = document.createElement('script');
    script.src = 'app.js';
    script.async = true;
    document.body.appendChild(script);
  });

  // ---- offline start and updates ----
  var banner = document.getElementById('update');
  function offerUpdate(worker) {
    banner.hidden = false;
    document.getElementById('update-reload').addEventListener('click', function () {
      worker.postMessage('skip-waiting');
    }, { once: true });
  }
  if ('serviceWorker' in navigator && window.isSecureContext) {
    var hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register('sw.js').then(function (registration) {
      // A new build installed while an older one controls this page: ask before switching.
      if (registration.waiting && hadController) offerUpdate(registration.waiting);
      registration.addEventListener('updatefound', function () {
        var installing = registration.installing;
        installing.addEventListener('statechange', function () {
          if (installing.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(installing);
        });
      });
    }).catch(function (e) { console.warn('Activities: offline start is not available: ' + e.message); });
    var reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', function () {
      if (!hadController) { hadController = true; return; }  // the first install takes over silently
      if (reloading) return;
      reloading = true;
      window.location.reload();
    });
  }
})();
