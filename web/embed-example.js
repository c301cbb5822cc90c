// The example host page's own script (kept out of the HTML so a strict CSP works there too).
var own = new URLSearchParams(window.location.search);
ActivitiesCRM.mount(document.getElementById('activities'), {
  src: './',
  user: own.get('user') || 'Anna Kowalska',
  view: own.get('view') || 'kanban',
  lang: own.get('lang') || undefined,
  syncUrl: own.get('syncUrl') || undefined,
  syncDb: own.get('syncDb') || undefined,
  config: own.get('config') || undefined,
  params: own.has('test') ? { test: own.get('test') } : {},  // the browser tests' hook
});
