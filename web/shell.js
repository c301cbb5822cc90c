// The page around the wasm app (loaded by shell/index.html; no inline script, so a strict
// Content-Security-Policy can forbid them):
// - start-up configuration for embedding: window.crmConfig from URL parameters and an optional
//   JSON config file (?config=embed.json), resolved before app.js loads;
// - status and error messages before the app can draw them;
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
  canvas.focus();

  // ---- start-up configuration ----
  // window.crmConfig: URL parameters over the keys of an optional JSON file (?config=team.json,
  // same origin only). The sync password is taken from the file only, never from the URL.
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
    return Promise.resolve().then(function () {
      var url = new URL(name, window.location.href);
      if (url.origin !== window.location.origin) throw new Error('it is not on this app\'s origin, ' + window.location.origin);
      return fetch(url.href, { cache: 'no-store', credentials: 'same-origin' });
    }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status + (r.statusText ? ' ' + r.statusText : ''));
      return r.json();
    }).then(function (json) {
      if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('it is not a JSON object');
      var config = {};
      KEYS.concat(['syncPassword']).forEach(function (k) {
        var v = json[k];
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') config[k] = String(v);
        else if (v !== undefined && v !== null) console.warn('Activities: "' + k + '" in ' + name + ' is not a string; ignored.');
      });
      return config;
    }).catch(function (e) {
      var why = e instanceof TypeError && !navigator.onLine ? 'the device is offline' : e.message;
      // Shown here until the app runs; the app then shows it in its status bar.
      var message = 'The configuration file "' + name + '" could not be used (' + why + '); started without it.';
      Module.setStatus(message, true);
      console.error('Activities: ' + message);
      window.crmConfigError = message;
      return { configError: message };
    });
  }
  fromFile(params.get('config')).then(function (fileConfig) {
    var config = fromUrl();
    // A sync server named in the URL (anyone can send a link) is only offered to the user; one
    // from the config file on the app's own origin is the administrator's and applies directly.
    if (config.syncUrl !== undefined || config.syncDb !== undefined) config.syncFromUrl = '1';
    Object.keys(fileConfig).forEach(function (k) { if (config[k] === undefined) config[k] = fileConfig[k]; });
    window.crmConfig = config;
    var script = document.createElement('script');
    script.src = 'app.js';
    script.async = true;
    script.addEventListener('error', function () {
      Module.setStatus('Could not load the app (app.js). Check the connection and reload.', true);
    });
    document.body.appendChild(script);
  });

  // ---- offline start and updates ----
  // The first worker takes over silently. A newer build's worker waits until the user presses
  // the banner's Reload: then it takes over (controllerchange) and the page reloads on it.
  var banner = document.getElementById('update');
  var waitingWorker = null, swRegistration = null;
  function offerUpdate(worker) {
    waitingWorker = worker;
    banner.hidden = false;
  }
  document.getElementById('update-reload').addEventListener('click', function () {
    // The newest waiting build (an even newer one may have replaced the one first offered).
    var worker = (swRegistration && swRegistration.waiting) || waitingWorker;
    if (worker) worker.postMessage('skip-waiting');
  });
  if ('serviceWorker' in navigator && window.isSecureContext) {
    var hadController = !!navigator.serviceWorker.controller;
    var watchInstall = function (worker) {
      if (!worker) return;
      var check = function () {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
      };
      worker.addEventListener('statechange', check);
      check();
    };
    navigator.serviceWorker.register('sw.js').then(function (registration) {
      swRegistration = registration;
      // A new build installed while an older one controls this page: ask before switching.
      if (registration.waiting && hadController) offerUpdate(registration.waiting);
      watchInstall(registration.installing);
      registration.addEventListener('updatefound', function () { watchInstall(registration.installing); });
      // A page left open for days still hears of new builds.
      var lookForUpdate = function () { registration.update().catch(function () {}); };
      setInterval(lookForUpdate, 60 * 60 * 1000);
      window.addEventListener('online', lookForUpdate);
    }).catch(function (e) { console.warn('Activities: offline start is not available: ' + e.message); });
    var reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', function () {
      if (!hadController) { hadController = true; return; }
      if (reloading) return;
      reloading = true;
      window.location.reload();
    });
  }
})();
