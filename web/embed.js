// Embedding Activities in an intranet page:
//   <div id="crm" style="height: 600px"></div>
//   <script src="https://apps.example.com/activities/embed.js"></script>
//   <script>ActivitiesCRM.mount(document.getElementById('crm'),
//             { src: 'https://apps.example.com/activities/', user: 'anna@example.com', view: 'kanban' });</script>
// The app runs in an iframe that fills the element, set up through URL parameters. Its data stays
// on the app's origin; browsers that partition storage by top-level site (Chrome, Firefox, Safari)
// keep the embedded copy's data apart from the app opened directly: sync joins them. A sync
// password is never put in a URL: pass `config`, the name of a JSON file on the app's origin that
// holds it. mount() returns the iframe (null when it refuses).
(function () {
  'use strict';
  var KEYS = ['user', 'lang', 'view', 'syncUrl', 'syncDb', 'syncUser', 'db', 'config'];
  function mount(element, options) {
    options = options || {};
    if (!element) throw new Error('ActivitiesCRM.mount: no element to mount into');
    if (options.syncPassword !== undefined || (options.params && options.params.syncPassword !== undefined)) {
      console.error('ActivitiesCRM.mount: syncPassword is refused (it would end up in the URL); ' +
                    'put it in a JSON config file on the app\'s origin and pass its name as `config`.');
      return null;
    }
    var src = new URL(options.src || './', document.baseURI);
    KEYS.forEach(function (k) {
      if (options[k] !== undefined && options[k] !== null && options[k] !== '') src.searchParams.set(k, String(options[k]));
    });
    // Anything else the page should get (for example db=... to keep two embedded copies apart).
    Object.keys(options.params || {}).forEach(function (k) {
      if (options.params[k] != null) src.searchParams.set(k, String(options.params[k]));
    });
    var frame = document.createElement('iframe');
    frame.src = src.href;
    frame.title = options.title || 'Activities';
    frame.style.cssText = 'border:0;width:100%;height:100%;display:block';
    frame.setAttribute('allow', 'clipboard-read; clipboard-write');
    element.replaceChildren(frame);
    return frame;
  }
  window.ActivitiesCRM = { mount: mount };
})();
