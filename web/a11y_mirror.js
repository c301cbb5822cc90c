// The screen-reader mirror: the canvas is opaque to assistive technology, so this keeps a
// visually hidden DOM copy of what the app drew in its last frame (windows and dialogs,
// navigation and main landmarks, headings, buttons, fields, the Activities grid with rows and
// cells, a live status line). The app sends what changed since its last update
// (item_registry_mirror_update in src/ui/item_registry.cpp, published by
// src/platform/web_a11y.cpp, through queue(): the DOM work runs in a task right after the
// app's frame): each update is applied to the mirror's copy of the frame's description and the
// DOM is diffed against that, so an element that stays keeps its focus, and an item the app did
// not resend is not looked at again (only put in its place). Activating a mirror element (click, Enter, Space: what a screen
// reader sends) asks the app to click the item, and focusing a mirror field activates the
// app's field. Names are set with textContent and attributes only, never as HTML: imported
// data must not become markup.
(function () {
  'use strict';

  var root = null;
  var statusEl = null;
  var topLevel = new Map();  // key -> container element (windows)
  var byKey = new Map();     // key -> element (items, landmarks, tables)
  var module = null;
  var touched = null;        // keys used by the update in progress; the rest are dropped
  var returnFocus = [];      // per open dialog (in the mirror): where focus was before it opened
  // The last frame's description, as the app's updates built it up.
  var frameState = { windows: [], tables: [], status: '', order: [], items: new Map() };

  // Visually hidden but in the accessibility tree (not display:none, not aria-hidden).
  function hide(el) {
    var s = el.style;
    s.position = 'absolute';
    s.width = '1px';
    s.height = '1px';
    s.margin = '-1px';
    s.padding = '0';
    s.border = '0';
    s.overflow = 'hidden';
    s.clip = 'rect(0 0 0 0)';
    s.clipPath = 'inset(50%)';
    s.whiteSpace = 'nowrap';
  }

  function ensureRoot() {
    if (root) return;
    root = document.createElement('div');
    root.id = 'a11y-mirror';
    hide(root);
    statusEl = document.createElement('div');
    statusEl.setAttribute('role', 'status');
    statusEl.setAttribute('aria-live', 'polite');
    root.appendChild(statusEl);
    document.body.appendChild(root);
    root.addEventListener('click', onClick);
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('input', onInput);
    root.addEventListener('compositionend', onInput);
  }

  function setAttr(el, name, value) {
    if (value === null || value === undefined || value === false) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
      return;
    }
    var v = value === true ? 'true' : String(value);
    if (el.getAttribute(name) !== v) el.setAttribute(name, v);
  }
  function setData(el, name, value) {
    if (el.dataset[name] !== value) el.dataset[name] = value;
  }
  function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
  }

  // Puts `children` into `parent` in this order, moving only what is out of place (moving a
  // focused element would drop its focus) and removing what is no longer there.
  function arrange(parent, children, keep) {
    var cursor = parent.firstChild;
    for (var i = 0; i < children.length; i++) {
      var el = children[i];
      while (cursor && keep && keep(cursor) && cursor !== el) cursor = cursor.nextSibling;
      if (el === cursor) { cursor = cursor.nextSibling; continue; }
      parent.insertBefore(el, cursor);
    }
    while (cursor) {
      var next = cursor.nextSibling;
      if (!(keep && keep(cursor))) parent.removeChild(cursor);
      cursor = next;
    }
  }

  function tagFor(role) {
    switch (role) {
      case 'checkbox': case 'radio': case 'textbox': return 'input';
      case 'textarea': return 'textarea';
      case 'link': return 'a';
      case 'heading': return 'h3';
      case 'text': return 'p';
      case 'row': return 'div';
      case 'listitem': return 'div';
      default: return 'button';
    }
  }

  function makeItem(item) {
    var el = document.createElement(tagFor(item.role));
    el.dataset.role = item.role;
    switch (item.role) {
      case 'checkbox': el.type = 'checkbox'; break;
      case 'radio': el.type = 'radio'; break;
      case 'textbox': el.type = 'text'; break;
      case 'link': el.href = '#'; break;
      case 'combobox': el.type = 'button'; el.setAttribute('role', 'combobox'); el.setAttribute('aria-haspopup', 'listbox'); break;
      case 'menuitem': case 'option': case 'tab': el.type = 'button'; el.setAttribute('role', item.role); break;
      case 'listitem': el.setAttribute('role', 'listitem'); break;
      case 'row': el.setAttribute('role', 'row'); el.tabIndex = -1; break;
      case 'button': el.type = 'button'; break;
      default: break;
    }
    return el;
  }

  function cell(text, role) {
    var c = document.createElement('div');
    c.setAttribute('role', role || 'gridcell');
    c.textContent = text;
    return c;
  }

  function sameElements(a, b) {
    a = a || [];
    b = b || [];
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  // One item's element, created or updated in place. An item the app did not resend is the same
  // object as last time: its element is already right, unless it is a field or a check box the
  // user may have changed in the mirror (those always show the app's state again).
  function itemElement(item, rowMembers) {
    var key = 'i' + item.id;
    touched.add(key);
    var el = byKey.get(key);
    var userMayChange = item.role === 'textbox' || item.role === 'textarea' || item.role === 'checkbox' || item.role === 'radio';
    if (el && el.mirrorItem === item && !userMayChange && sameElements(el.mirrorLead, rowMembers)) return el;
    if (el && el.dataset.role !== item.role) el = null;
    if (!el) {
      el = makeItem(item);
      byKey.set(key, el);
    }
    el.mirrorItem = item;
    el.mirrorLead = rowMembers ? rowMembers.slice() : null;
    setData(el, 'id', String(item.id));
    var name = item.name || item.label;
    switch (item.role) {
      case 'checkbox': case 'radio':
        setAttr(el, 'aria-label', name);
        if (el.checked !== !!item.checked) el.checked = !!item.checked;
        break;
      case 'textbox': case 'textarea':
        setAttr(el, 'aria-label', name);
        // The app owns the text: typing goes to the app's field (the app takes the keys), and
        // the mirror shows the field's text after each frame.
        if (el.value !== (item.value || '')) el.value = item.value || '';
        break;
      case 'combobox':
        setAttr(el, 'aria-label', name);
        setAttr(el, 'aria-expanded', item.expanded ? 'true' : 'false');
        setText(el, item.value || '');
        break;
      case 'link':
        setText(el, name);
        setAttr(el, 'aria-current', item.selected ? 'page' : null);
        break;
      case 'option':
        setText(el, name);
        setAttr(el, 'aria-selected', item.selected ? 'true' : 'false');
        break;
      case 'row': {
        setAttr(el, 'aria-selected', item.selected ? 'true' : 'false');
        setAttr(el, 'aria-rowindex', item.row + 2);  // 1 is the header row
        var cells = [];
        var first = el.firstChild && el.firstChild.dataset && el.firstChild.dataset.lead ? el.firstChild : null;
        if (rowMembers && rowMembers.length) {
          if (!first) { first = cell(''); first.dataset.lead = '1'; }
          arrange(first, rowMembers);
          cells.push(first);
        }
        var texts = item.cells || [item.label];
        var existing = Array.prototype.filter.call(el.children, function (c) { return !c.dataset.lead; });
        for (var i = 0; i < texts.length; i++) {
          var c = existing[i] || cell('');
          setText(c, texts[i]);
          cells.push(c);
        }
        arrange(el, cells);
        break;
      }
      default:
        setText(el, name);
    }
    if (item.role !== 'row' && item.role !== 'text' && item.role !== 'heading') setAttr(el, 'aria-disabled', item.disabled ? 'true' : null);
    if (item.expanded !== undefined && item.role !== 'combobox') setAttr(el, 'aria-expanded', item.expanded ? 'true' : 'false');
    return el;
  }

  function container(key, tag, setup) {
    touched.add(key);
    var el = byKey.get(key);
    if (!el) {
      el = document.createElement(tag);
      if (setup) setup(el);
      byKey.set(key, el);
    }
    return el;
  }

  function heading(key, level, text) {
    var h = container(key, 'h' + level);
    setText(h, text);
    return h;
  }

  function tableElement(table, rows) {
    var key = 't:' + table.id;
    var grid = container(key, 'div', function (g) { g.setAttribute('role', 'grid'); });
    setAttr(grid, 'aria-label', table.label);
    setAttr(grid, 'aria-rowcount', table.rowCount + 1);
    var head = container(key + ':head', 'div', function (r) { r.setAttribute('role', 'row'); r.setAttribute('aria-rowindex', '1'); });
    var hasLead = rows.some(function (r) { return r.lead.length > 0; });
    var headers = (hasLead ? [''] : []).concat(table.headers);
    var hcells = [];
    for (var i = 0; i < headers.length; i++) {
      var h = container(key + ':h' + i, 'div', function (c) { c.setAttribute('role', 'columnheader'); });
      setText(h, headers[i]);
      hcells.push(h);
    }
    arrange(head, hcells);
    // one tab stop for the grid: the selected row, else the first (arrow keys move, see onKey)
    var stop = rows.find(function (r) { return r.item.selected; }) || rows[0];
    var rowEls = rows.map(function (r) {
      var el = itemElement(r.item, r.lead);
      var tab = r === stop ? 0 : -1;
      if (el.tabIndex !== tab) el.tabIndex = tab;
      return el;
    });
    arrange(grid, [head].concat(rowEls));
    return grid;
  }

  // Takes one of the app's updates into frameState; false when it could not be read.
  function apply(json) {
    var data;
    var parseStart = performance.now();
    try { data = JSON.parse(json); } catch (e) { return false; }
    api.parseMs += performance.now() - parseStart;  // read by the benchmark (web_bench.cpp)
    var state = frameState;
    if (data.windows) state.windows = data.windows;
    if (data.tables) state.tables = data.tables;
    if (data.status !== undefined) state.status = data.status;
    if (data.order) {
      state.order = data.order;
      var present = new Set(data.order);
      state.items.forEach(function (it, id) { if (!present.has(id)) state.items.delete(id); });
    }
    if (data.set) data.set.forEach(function (it) { state.items.set(it.id, it); });
    return true;
  }

  // The DOM made to match frameState.
  function render() {
    ensureRoot();
    var state = frameState;
    touched = new Set();
    var items = [];
    state.order.forEach(function (id) { var it = state.items.get(id); if (it) items.push(it); });
    var tables = new Map();
    state.tables.forEach(function (t) { tables.set(t.id, t); });

    // rows of tables, and the other items drawn inside each row
    var rowsByKey = new Map();
    items.forEach(function (it) {
      if (it.table === undefined) return;
      var k = it.table + ':' + it.row;
      var r = rowsByKey.get(k) || { item: null, lead: [] };
      if (it.role === 'row') r.item = it; else r.lead.push(it);
      rowsByKey.set(k, r);
    });

    var windows = state.windows;
    var topModal = -1;
    windows.forEach(function (w) { if (w.role === 'dialog') topModal = Math.max(topModal, w.layer); });

    // children per window, per landmark
    var perWindow = windows.map(function () { return { none: [], navigation: [], main: [], labels: {} }; });
    var placedTables = new Set();
    var live = new Set();  // window keys of this frame
    items.forEach(function (it) {
      var slot = perWindow[it.win];
      if (!slot) return;
      var group = slot[it.landmark || 'none'];
      if (it.landmark) slot.labels[it.landmark] = it.landmarkLabel;
      if (it.table !== undefined) {
        var table = tables.get(it.table);
        if (!table) return;
        if (placedTables.has(it.table)) return;
        placedTables.add(it.table);
        var rows = [];
        rowsByKey.forEach(function (r, k) {
          if (k.indexOf(it.table + ':') === 0 && r.item) {
            rows.push(r);
          }
        });
        rows.sort(function (a, b) { return a.item.row - b.item.row; });
        rows.forEach(function (r) { r.lead = r.lead.map(function (m) { return itemElement(m); }); });
        group.push(tableElement(table, rows));
        return;
      }
      group.push(itemElement(it));
    });

    var opened = null;
    var windowEls = windows.map(function (w, i) {
      var key = 'w:' + w.role + ':' + w.layer + ':' + w.title;
      var el = topLevel.get(key);
      if (!el) {
        el = document.createElement('div');
        if (w.role === 'dialog') opened = { key: key, el: el };
        if (w.role === 'dialog') { el.setAttribute('role', 'dialog'); el.setAttribute('aria-modal', 'true'); }
        if (w.role === 'menu') el.setAttribute('role', 'menu');
        if (w.role === 'listbox') el.setAttribute('role', 'listbox');
        topLevel.set(key, el);
      }
      live.add(key);
      if (w.role !== 'main') setAttr(el, 'aria-label', w.title);
      // Under an open dialog nothing else can be used, as in the app.
      el.inert = w.layer < topModal;
      var slot = perWindow[i];
      var children = [];
      if (w.role === 'dialog') {
        var h = heading(key + ':h', 2, w.title);
        h.tabIndex = -1;  // focus lands here when the dialog opens
        children.push(h);
      }
      if (slot.navigation.length) {
        var nav = container(key + ':nav', 'nav');
        setAttr(nav, 'aria-label', slot.labels.navigation);
        arrange(nav, slot.navigation);
        children.push(nav);
      }
      if (slot.main.length) {
        var main = container(key + ':main', 'main');
        setAttr(main, 'aria-label', slot.labels.main);
        arrange(main, [heading(key + ':mainh', 1, slot.labels.main)].concat(slot.main));
        children.push(main);
      }
      children = children.concat(slot.none);
      arrange(el, children);
      return el;
    });
    arrange(root, windowEls, function (n) { return n === statusEl; });
    setText(statusEl, state.status || '');

    // A dialog that opens while the user is in the mirror takes focus (on its heading, which
    // activates nothing); when it closes, focus goes back where it was if that is still there.
    var active = document.activeElement;
    var inMirror = active && active !== document.body && root.contains(active);
    var lost = !active || active === document.body || !active.isConnected;
    if (opened && (inMirror || (lost && returnFocus.length))) {
      returnFocus.push({ key: opened.key, el: inMirror ? active : null });
      opened.el.querySelector('h2').focus();
    }
    for (var k = returnFocus.length - 1; k >= 0; k--) {
      if (live.has(returnFocus[k].key)) continue;
      var back = returnFocus.splice(k, 1)[0].el;
      if (back && back.isConnected && (document.activeElement === document.body || !document.activeElement)) back.focus();
    }

    // forget elements that are gone (arrange has taken them out of the DOM)
    topLevel.forEach(function (el, key) { if (!live.has(key)) topLevel.delete(key); });
    byKey.forEach(function (el, key) { if (!touched.has(key)) byKey.delete(key); });
  }

  // An update applied and shown at once.
  function update(json, mod) {
    module = mod || module;
    if (apply(json)) render();
  }

  // The app's way in: updates arrive during its animation frame, and the DOM work runs in a task
  // of its own right after it, so the frame is on screen without waiting for it. Every update
  // is applied in order (each holds only what changed); the DOM is made to match once, for the
  // last frame. A message-channel task, not a timer: timers may be held back, this may not.
  var pending = [];
  var channel = null;
  function runPending() {
    var started = performance.now();
    var list = pending;
    pending = [];
    var any = false;
    for (var i = 0; i < list.length; i++) any = apply(list[i]) || any;
    if (any) render();
    if (api.taskMs.length < 20000) api.taskMs.push(performance.now() - started);  // read by the benchmark
  }
  function queue(json, mod) {
    module = mod || module;
    pending.push(json);
    if (pending.length > 1) return;  // the task is already on its way
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = runPending;
    }
    channel.port2.postMessage(0);
  }

  function activate(el, action) {  // 1 click, 2 click then Enter (open)
    if (!module || !module._crm_a11y_activate || !el || !el.dataset.id) return;
    module._crm_a11y_activate(Number(el.dataset.id) >>> 0, action);
  }

  function mirrorTarget(node) {
    while (node && node !== root) {
      if (node.dataset && node.dataset.id) return node;
      node = node.parentNode;
    }
    return null;
  }

  function isField(el) {
    return el && (el.dataset.role === 'textbox' || el.dataset.role === 'textarea');
  }

  function onClick(e) {
    var el = mirrorTarget(e.target);
    if (!el || isField(el)) return;
    e.preventDefault();  // the app decides: a checkbox shows the app's state next frame
    activate(el, 1);
  }

  function onFocusIn(e) {
    var el = mirrorTarget(e.target);
    if (isField(el)) activate(el, 1);  // the app's field takes the text (and the IME)
  }

  // Text that arrives without key events (an IME's result, a screen reader's or a test's
  // insertText) goes to the app's active field; the mirror field shows the app's text again on
  // the next frame. Key presses need nothing here: the app takes them itself.
  function onInput(e) {
    var el = mirrorTarget(e.target);
    if (!isField(el) || !module || !module._crm_on_text_input) return;
    if (e.type === 'input' && (e.isComposing || e.inputType !== 'insertText')) return;
    if (!e.data) return;
    var len = module.lengthBytesUTF8(e.data) + 1, p = module._malloc(len);
    module.stringToUTF8(e.data, p, len);
    module._crm_on_text_input(p);
    module._free(p);
  }

  // Keys inside the mirror belong to the mirror (the app listens on the whole window): Enter and
  // Space activate, Tab moves between mirror elements, arrows move between grid rows. Text
  // fields pass their keys on to the app's field. Registered before the app's own listener.
  function onKey(e) {
    if (!root || !root.contains(e.target)) return;
    var el = mirrorTarget(e.target);
    if (isField(el)) return;
    e.stopImmediatePropagation();
    if (e.type !== 'keydown' || !el || el.dataset.role !== 'row') return;
    if (e.key === 'Enter') { e.preventDefault(); activate(el, 2); }  // opens: selects, then Enter
    else if (e.key === ' ') { e.preventDefault(); activate(el, 1); }  // selects
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      var next = e.key === 'ArrowDown' ? el.nextElementSibling : el.previousElementSibling;
      if (next && next.dataset.role === 'row') { e.preventDefault(); next.focus(); }
    }
  }
  ['keydown', 'keyup', 'keypress'].forEach(function (type) { window.addEventListener(type, onKey, true); });

  var api = { update: update, queue: queue, parseMs: 0, taskMs: [] };
  window.crmA11yMirror = api;
})();
