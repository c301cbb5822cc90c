// The browser side of src/platform: IndexedDB storage, time zone sampling, preferences,
// clipboard and the test hooks. Linked with --js-library; each function is called from C++
// through the declarations in src/platform/*.cpp. Answers to asynchronous work (IndexedDB)
// come back through functions the wasm module exports (crm_on_*).
mergeInto(LibraryManager.library, {
  $CRM: {
    db: null,
    staged: [],
    dbName: '',
    // Copies bytes out of the wasm heap into a standalone ArrayBuffer for IndexedDB.
    copyOut: function (ptr, len) {
      return HEAPU8.slice(ptr, ptr + len).buffer;
    },
    // Hands bytes to a wasm callback through a temporary heap buffer.
    withHeapBytes: function (bytes, fn) {
      var view = new Uint8Array(bytes);
      var ptr = _malloc(Math.max(1, view.length));
      HEAPU8.set(view, ptr);
      try { fn(ptr, view.length); } finally { _free(ptr); }
    },
    withHeapString: function (text, fn) {
      var len = lengthBytesUTF8(text) + 1;
      var ptr = _malloc(len);
      stringToUTF8(text, ptr, len);
      try { fn(ptr); } finally { _free(ptr); }
    },
    errorText: function (e) {
      if (!e) return 'unknown error';
      var name = e.name || '';
      var msg = e.message || String(e);
      if (name === 'QuotaExceededError') return 'the browser storage is full (' + msg + ')';
      return name ? name + ': ' + msg : msg;
    },
    ownLogKeys: {},  // log key -> the number of the write of this tab that put it (a plain object: the library is serialized)
    tellOtherTabs: function (message) {
      try { if (CRM.channel) CRM.channel.postMessage(message); } catch (e) {}
    },
    // Reads every log entry past what Persistence has applied; one read at a time, and one more
    // when asked again meanwhile.
    readLogTail: function () {
      if (!CRM.db || !Module['_crm_tabs_seen_through']) return;
      if (CRM.tailReading) { CRM.tailAgain = true; return; }
      CRM.tailReading = true;
      CRM.tailAgain = false;
      var seen = Module['_crm_tabs_seen_through']();
      if (seen < 0) { CRM.tailReading = false; return; }  // not loaded yet
      var finish = function () {
        CRM.tailReading = false;
        if (CRM.tailAgain) CRM.readLogTail();
      };
      try {
        var tx = CRM.db.transaction('log', 'readonly');
        var range = IDBKeyRange.lowerBound(seen, true);
        var values = null, keys = null;
        tx.objectStore('log').getAll(range).onsuccess = function (e) { values = e.target.result; };
        tx.objectStore('log').getAllKeys(range).onsuccess = function (e) { keys = e.target.result; };
        tx.oncomplete = function () {
          for (var j = 0; j < values.length; j++)
            CRM.withHeapBytes(values[j], function (p, n) { Module['_crm_on_tabs_entry'](keys[j], p, n); });
          Module['_crm_on_tabs_entries_done'](0);
          if (values.length) (window.crmBenchMarks = window.crmBenchMarks || {}).tabsAppliedAt = Date.now();
          finish();
        };
        tx.onabort = finish;
      } catch (e) { finish(); }
    },
    loadFailed: function (reason) {
      CRM.withHeapString(reason, function (p) { Module['_crm_on_storage_loaded'](0, p); });
    },
    // A zone's offset changes between the years, from offsetAt(utc ms) -> minutes: sampled daily,
    // each change narrowed to the minute by bisection, written to out[] as pairs (utc ms as
    // double, offset minutes); the initial offset to out_initial. Returns the count (<= max).
    zoneTransitions: function (offsetAt, from_year, to_year, out, max, out_initial) {
      var t = Date.UTC(from_year, 0, 1);
      var end = Date.UTC(to_year + 1, 0, 1);
      var day = 86400000;
      var prev = offsetAt(t);
      HEAP32[out_initial >> 2] = prev;
      var n = 0;
      for (; t < end && n < max; t += day) {
        var next = offsetAt(t + day);
        if (next === prev) continue;
        var lo = t, hi = t + day;  // offset(lo) == prev, offset(hi) == next
        while (hi - lo > 60000) {
          var mid = lo + Math.floor((hi - lo) / 120000) * 60000;
          if (mid <= lo) mid = lo + 60000;
          if (offsetAt(mid) === prev) lo = mid; else hi = mid;
        }
        HEAPF64[(out >> 3) + n * 2] = hi;
        HEAPF64[(out >> 3) + n * 2 + 1] = next;
        n++;
        prev = next;
      }
      return n;
    },
  },

  crm_js_now__deps: [],
  crm_js_now: function () { return Date.now(); },

  // Fills out[] with pairs (utc ms as double, offset minutes) for every change of the local
  // offset between the years; returns the count (at most max). The initial offset is
  // written to out_initial. getTimezoneOffset is sampled daily, then each change is narrowed to
  // the minute by bisection.
  crm_js_time_zone_transitions__deps: ['$CRM'],
  crm_js_time_zone_transitions: function (from_year, to_year, out, max, out_initial) {
    return CRM.zoneTransitions(function (t) { return -new Date(t).getTimezoneOffset(); }, from_year, to_year, out, max,
                               out_initial);
  },

  // The same table for a named IANA zone (an .ics file's TZID without a VTIMEZONE), read through
  // Intl.DateTimeFormat; -1 when the browser does not know the name.
  crm_js_named_zone_transitions__deps: ['$CRM'],
  crm_js_named_zone_transitions: function (name_ptr, from_year, to_year, out, max, out_initial) {
    var format;
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: UTF8ToString(name_ptr), hourCycle: 'h23', year: 'numeric',
                                                  month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
                                                  second: 'numeric' });
    } catch (e) { return -1; }
    var offsetAt = function (t) {
      var p = {};
      format.formatToParts(new Date(t)).forEach(function (x) { p[x.type] = x.value; });
      var wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
      return Math.round((wall - Math.floor(t / 1000) * 1000) / 60000);
    };
    return CRM.zoneTransitions(offsetAt, from_year, to_year, out, max, out_initial);
  },

  crm_js_time_zone_name: function () {
    var name = 'local';
    try { name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local'; } catch (e) {}
    var len = lengthBytesUTF8(name) + 1;
    var p = _malloc(len);
    stringToUTF8(name, p, len);
    return p;
  },

  crm_js_local_storage_get: function (key) {
    var v = null;
    try { v = window.localStorage.getItem(UTF8ToString(key)); } catch (e) {}
    if (v === null) return 0;
    var len = lengthBytesUTF8(v) + 1;
    var p = _malloc(len);
    stringToUTF8(v, p, len);
    return p;
  },

  crm_js_local_storage_set: function (key, value) {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
  },

  crm_js_url_param: function (name, secret) {
    var key = UTF8ToString(name), cfg = window.crmConfig, v = null;
    if (cfg && cfg[key] !== undefined && cfg[key] !== null) v = String(cfg[key]);
    else if (!secret) v = new URLSearchParams(window.location.search).get(key);
    if (v === null) return 0;
    var len = lengthBytesUTF8(v) + 1;
    var p = _malloc(len);
    stringToUTF8(v, p, len);
    return p;
  },

  crm_js_browser_languages: function () {
    var list = [];
    try { list = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language || 'en']; } catch (e) {}
    var s = Array.prototype.join.call(list, ',');
    var len = lengthBytesUTF8(s) + 1;
    var p = _malloc(len);
    stringToUTF8(s, p, len);
    return p;
  },

  crm_js_set_document_language: function (code) {
    document.documentElement.lang = UTF8ToString(code);
  },

  // shell/index.html's texts: the canvas's name and the update banner (its text, then a button).
  crm_js_set_page_texts: function (app_name, update_ready, reload) {
    var canvas = document.getElementById('canvas');
    if (canvas) canvas.setAttribute('aria-label', UTF8ToString(app_name));
    var banner = document.getElementById('update'), button = document.getElementById('update-reload');
    if (banner && button) {
      if (banner.firstChild && banner.firstChild.nodeType === 3) banner.firstChild.textContent = UTF8ToString(update_ready);
      button.textContent = UTF8ToString(reload);
    }
  },

  crm_js_publish_test_state__deps: [],
  crm_js_publish_test_state: function (json) {
    var state = JSON.parse(UTF8ToString(json));
    var prev = window.__crmTest || {};
    state.frame = (prev.frame || 0) + 1;
    window.__crmTest = state;
  },

  // The screen-reader mirror (web/a11y_mirror.js) takes what changed since its last update, and
  // shows it in a task of its own right after this frame. 0: there is no mirror to take it (the
  // app sends everything once there is).
  crm_js_publish_a11y: function (json) {
    if (!window.crmA11yMirror) return 0;
    window.crmA11yMirror.queue(UTF8ToString(json), Module);
    return 1;
  },

  crm_js_set_page_status: function (text, is_error) {
    if (Module['setStatus']) Module['setStatus'](UTF8ToString(text), !!is_error);
  },

  // The page warns before closing while a change is not yet durable (see shell/index.html).
  crm_js_set_unsaved: function (flag) { window.__crmUnsaved = !!flag; },

  crm_js_clipboard_write: function (text) {
    var s = UTF8ToString(text);
    try { if (navigator.clipboard) navigator.clipboard.writeText(s).catch(function () {}); } catch (e) {}
  },

  // ---- attachments ---------------------------------------------------------------------------------
  // File bytes go straight from the File object into IndexedDB's 'blobs' store (never through
  // the wasm heap); the wasm side validates first and records the metadata after the bytes are
  // stored, so a record never points at bytes that were not written.
  $CRM_FILES__deps: ['$CRM'],
  $CRM_FILES: {
    attach: function (activityId, files) {
      for (var i = 0; i < files.length; i++) CRM_FILES.attachOne(activityId, files[i]);
    },
    attachOne: function (activityId, file) {
      var error = CRM_FILES.callString('_crm_validate_attachment', [activityId, file.name], file.size);
      if (error) return;  // the app shows the message
      var key = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
      var report = function (ok, message) {
        CRM_FILES.callString('_crm_on_attachment_stored', [activityId, key, file.name, file.type || 'application/octet-stream', message || ''], ok ? file.size : -1);
      };
      if (!CRM.db) { report(false, 'storage is not open'); return; }
      file.arrayBuffer().then(function (bytes) {
        var tx = CRM.db.transaction('blobs', 'readwrite', { durability: 'strict' });
        tx.objectStore('blobs').put({ bytes: bytes, name: file.name, type: file.type }, key);
        tx.oncomplete = function () { report(true); };
        tx.onabort = function () { report(false, CRM.errorText(tx.error)); };
      }, function (e) { report(false, CRM.errorText(e)); });
    },
    // Calls an exported wasm function with string arguments and one trailing number; returns
    // the string it returns (malloc'd, freed here) or ''.
    callString: function (name, strings, number) {
      var ptrs = strings.map(function (s) {
        var len = lengthBytesUTF8(s) + 1, p = _malloc(len);
        stringToUTF8(s, p, len);
        return p;
      });
      var result = Module[name].apply(null, ptrs.concat([number]));
      ptrs.forEach(function (p) { _free(p); });
      if (!result) return '';
      var text = UTF8ToString(result);
      _free(result);
      return text;
    },
  },

  crm_js_pick_files__deps: ['$CRM_FILES'],
  crm_js_pick_files: function (activity_id) {
    var id = UTF8ToString(activity_id);
    var input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.style.display = 'none';
    input.addEventListener('change', function () {
      CRM_FILES.attach(id, Array.prototype.slice.call(input.files || []));
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  },

  crm_js_download_blob__deps: ['$CRM'],
  crm_js_download_blob: function (key_ptr, name_ptr, type_ptr) {
    var key = UTF8ToString(key_ptr), name = UTF8ToString(name_ptr);  // type_ptr: see below
    var fail = function (message) {
      CRM.withHeapString(message, function (p) { Module['_crm_on_download_failed'](p); });
    };
    if (!CRM.db) { fail('storage is not open'); return; }
    var req = CRM.db.transaction('blobs', 'readonly').objectStore('blobs').get(key);
    req.onsuccess = function () {
      var value = req.result;
      if (!value) { fail('the file "' + name + '" is missing from this browser\'s storage'); return; }
      // Always an opaque download: an attached .html or .svg given its own type could be opened
      // by the browser as a page of this origin, with this origin's data. `type` stays in the
      // record for the user to see; the bytes are handed over as octet-stream.
      var url = URL.createObjectURL(new Blob([value.bytes], { type: 'application/octet-stream' }));
      var a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    };
    req.onerror = function () { fail(CRM.errorText(req.error)); };
  },

  crm_js_delete_blob__deps: ['$CRM'],
  crm_js_delete_blob: function (key_ptr) {
    var key = UTF8ToString(key_ptr);
    if (!CRM.db) return;
    try { CRM.db.transaction('blobs', 'readwrite').objectStore('blobs').delete(key); } catch (e) {}
  },

  crm_js_clear_blobs__deps: ['$CRM'],
  crm_js_clear_blobs: function () {
    if (!CRM.db) return;
    try { CRM.db.transaction('blobs', 'readwrite').objectStore('blobs').clear(); } catch (e) {}
  },

  // Files dropped anywhere on the page attach to the open note, task or email.
  crm_js_install_drop__deps: ['$CRM_FILES'],
  crm_js_install_drop: function () {
    var hasFiles = function (e) { return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0; };
    window.addEventListener('dragover', function (e) { if (hasFiles(e)) e.preventDefault(); });
    window.addEventListener('drop', function (e) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      var target = CRM_FILES.callString('_crm_drop_target', [], 0);
      var files = Array.prototype.slice.call(e.dataTransfer.files || []);
      if (!target) { CRM_FILES.callString('_crm_on_drop_refused', [], files.length); return; }
      CRM_FILES.attach(target, files);
    });
  },

  // ---- IndexedDB -------------------------------------------------------------------------------
  // Object stores: 'chunks' (key: chunk number, value: ArrayBuffer of encoded records), 'log'
  // (key: sequence number, value: ArrayBuffer of one save), 'blobs' (attachment bytes) and
  // 'quarantine' (bytes that could not be read, kept for the user: deleted only when the user discards them in Settings).
  // See src/core/persistence.hpp.
  $CRM_DB__deps: ['$CRM'],
  $CRM_DB: {
    version: 3,
    // Opens (or re-creates) the database; onOpen(db) on success. Wires the connection's ends:
    // the browser clearing site data closes it ('close'), another page deleting it or a newer
    // version of the app asks it to close ('versionchange').
    open: function (name, onOpen, onFail, onBlocked) {
      var req;
      try { req = indexedDB.open(name, CRM_DB.version); } catch (e) { onFail(CRM.errorText(e)); return; }
      req.onupgradeneeded = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains('chunks')) db.createObjectStore('chunks');
        if (!db.objectStoreNames.contains('log')) db.createObjectStore('log');
        // version 2: attachment bytes, keyed by attachment id
        if (!db.objectStoreNames.contains('blobs')) db.createObjectStore('blobs');
        // version 3: unreadable stored bytes, keyed by where they were and their hash
        if (!db.objectStoreNames.contains('quarantine')) db.createObjectStore('quarantine');
      };
      req.onblocked = function () { if (onBlocked) onBlocked(); };
      req.onerror = function () { onFail(CRM.errorText(req.error)); };
      req.onsuccess = function () {
        var db = req.result;
        CRM.db = db;
        db.onclose = function () {
          if (CRM.db !== db) return;
          CRM.db = null;
          CRM_DB.lost('cleared', true);
        };
        db.onversionchange = function (e) {
          db.close();
          if (CRM.db !== db) return;
          CRM.db = null;
          // newVersion null: the database is being deleted (by another page or the user)
          if (e.newVersion === null) CRM_DB.lost('deleted', true);
          else CRM_DB.lost('newer', false);
        };
        onOpen(db);
      };
    },
    // The database went away under the running app: tell it, and re-create the database so the
    // app can write everything it holds again (it writes a full snapshot when told).
    lost: function (why, reopen) {
      CRM.withHeapString(why, function (p) { Module['_crm_on_storage_lost'](p); });
      if (!reopen) return;
      var attempt = function (delay) {
        setTimeout(function () {
          CRM_DB.open(CRM.dbName, function () { Module['_crm_on_storage_reopened'](); },
                      function () { if (delay < 30000) attempt(delay * 2); }, null);
        }, delay);
      };
      attempt(200);
    },
    isBytes: function (v) { return v instanceof ArrayBuffer || ArrayBuffer.isView(v); },
    // A stored value that is not bytes (a damaged or foreign record), as text for the quarantine.
    describe: function (v) {
      if (typeof v === 'string') return v;
      try { return JSON.stringify(v); } catch (e) { return String(v); }
    },
  },

  crm_js_storage_open__deps: ['$CRM', '$CRM_DB'],
  crm_js_storage_open: function (name_ptr) {
    var name = UTF8ToString(name_ptr);
    CRM.dbName = name;
    if (!window.indexedDB) { CRM.loadFailed('this browser has no IndexedDB (private mode or disabled)'); return; }
    try {
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    } catch (e) {}
    // Reads what is stored and hands it to the integrity check (tests, "check data").
    window.crmCheckStoredData = function () {
      return new Promise(function (resolve, reject) {
        if (!CRM.db) { reject(new Error('storage is not open')); return; }
        var tx = CRM.db.transaction(['chunks', 'log'], 'readonly');
        var chunks, logValues, logKeys;
        tx.objectStore('chunks').getAll().onsuccess = function (e) { chunks = e.target.result; };
        tx.objectStore('log').getAll().onsuccess = function (e) { logValues = e.target.result; };
        tx.objectStore('log').getAllKeys().onsuccess = function (e) { logKeys = e.target.result; };
        tx.onerror = function () { reject(tx.error); };
        tx.oncomplete = function () {
          Module['_crm_integrity_begin']();
          var empty = new ArrayBuffer(0);
          for (var i = 0; i < chunks.length; i++)
            CRM.withHeapBytes(CRM_DB.isBytes(chunks[i]) ? chunks[i] : empty, function (p, n) { Module['_crm_integrity_chunk'](p, n); });
          for (var j = 0; j < logValues.length; j++)
            CRM.withHeapBytes(CRM_DB.isBytes(logValues[j]) ? logValues[j] : empty, function (p, n) { Module['_crm_integrity_log'](logKeys[j], p, n); });
          var out = Module['_crm_integrity_finish']();
          var text = UTF8ToString(out);
          _free(out);
          var report = JSON.parse(text);
          report.notBytes = chunks.filter(function (c) { return !CRM_DB.isBytes(c); }).length +
                            logValues.filter(function (c) { return !CRM_DB.isBytes(c); }).length;
          resolve(report);
        };
      });
    };
    var blockedSaid = false;
    CRM_DB.open(name, function (db) {
      (window.crmBenchMarks = window.crmBenchMarks || {}).storageOpened = performance.now();  // tests/bench/run.mjs
      var tx = db.transaction(['chunks', 'log', 'quarantine'], 'readonly');
      var chunks = null, chunkKeys = null, logValues = null, logKeys = null, kept = null, keptKeys = null;
      tx.objectStore('chunks').getAll().onsuccess = function (e) { chunks = e.target.result; };
      tx.objectStore('chunks').getAllKeys().onsuccess = function (e) { chunkKeys = e.target.result; };
      tx.objectStore('log').getAll().onsuccess = function (e) { logValues = e.target.result; };
      tx.objectStore('log').getAllKeys().onsuccess = function (e) { logKeys = e.target.result; };
      tx.objectStore('quarantine').getAll().onsuccess = function (e) { kept = e.target.result; };
      tx.objectStore('quarantine').getAllKeys().onsuccess = function (e) { keptKeys = e.target.result; };
      tx.onerror = function () { CRM.loadFailed(CRM.errorText(tx.error)); };
      tx.oncomplete = function () {
        window.crmBenchMarks.chunksRead = performance.now();
        var unreadable = function (where, value) {
          CRM.withHeapString(where, function (w) {
            CRM.withHeapString(typeof value === 'string' ? 'stored as text, not bytes' : 'stored as ' + typeof value + ', not bytes', function (e) {
              var text = new TextEncoder().encode(CRM_DB.describe(value));
              CRM.withHeapBytes(text, function (p, n) { Module['_crm_on_storage_unreadable'](w, e, p, n); });
            });
          });
        };
        // One chunk at a time into the heap, decoded there and freed, and let go here too.
        Module['_crm_on_storage_begin'](chunks.length);
        for (var i = 0; i < chunks.length; i++) {
          if (CRM_DB.isBytes(chunks[i])) CRM.withHeapBytes(chunks[i], function (p, n) { Module['_crm_on_storage_chunk'](p, n); });
          else unreadable('snapshot chunk ' + i + ' (key ' + chunkKeys[i] + ')', chunks[i]);
          chunks[i] = null;
        }
        for (var j = 0; j < logValues.length; j++) {
          if (CRM_DB.isBytes(logValues[j])) CRM.withHeapBytes(logValues[j], function (p, n) { Module['_crm_on_storage_log'](logKeys[j], p, n); });
          else unreadable('change log entry ' + logKeys[j], logValues[j]);
        }
        // What earlier starts put in quarantine: listed again (the damaged chunk itself may be gone).
        for (var k = 0; k < kept.length; k++) {
          var q = kept[k] || {};
          CRM.withHeapString(String(keptKeys[k]), function (key) {
            CRM.withHeapString(String(q.where || keptKeys[k]), function (w) {
              CRM.withHeapString(String(q.error || ''), function (e) {
                CRM.withHeapBytes(CRM_DB.isBytes(q.bytes) ? q.bytes : new ArrayBuffer(0), function (p, n) {
                  Module['_crm_on_storage_kept'](key, w, e, p, n);
                });
              });
            });
          });
        }
        window.crmBenchMarks.chunksDelivered = performance.now();
        Module['_crm_on_storage_loaded'](1, 0);
      };
    }, CRM.loadFailed, function () {
      // An older version holds the database open in another tab. The open request stays queued and
      // succeeds once that tab closes it or goes away; until then the app says what to do.
      if (!blockedSaid) Module['_crm_on_storage_blocked']();
      blockedSaid = true;
    });
  },

  // Keeps unreadable bytes: in a transaction of their own, before any snapshot (whose scope
  // includes this store, so IndexedDB runs it after this one) could replace the chunk they came from.
  crm_js_storage_quarantine__deps: ['$CRM'],
  crm_js_storage_quarantine: function (key_ptr, where_ptr, error_ptr, ptr, len) {
    if (!CRM.db) return;
    try {
      var tx = CRM.db.transaction('quarantine', 'readwrite', { durability: 'strict' });
      tx.objectStore('quarantine').put({ where: UTF8ToString(where_ptr), error: UTF8ToString(error_ptr),
                                         bytes: CRM.copyOut(ptr, len), at: Date.now() }, UTF8ToString(key_ptr));
    } catch (e) {}
  },

  // Discarding the unreadable values: the next snapshot's own transaction empties the quarantine
  // store (crm_js_storage_commit_snapshot), so they go together with the chunks and log entries
  // they were found in.
  crm_js_storage_discard_quarantine_with_next_snapshot__deps: ['$CRM'],
  crm_js_storage_discard_quarantine_with_next_snapshot: function () { CRM.discardQuarantine = true; },

  // Log keys are assigned here, inside the write transaction: one past the highest key in the
  // log. Readwrite transactions on 'log' run one at a time across tabs, so keys are unique and
  // ascend in commit order (src/core/persistence.hpp). Other tabs hear of the new key by message.
  crm_js_storage_write_log__deps: ['$CRM'],
  crm_js_storage_write_log: function (write_id, seq, ptr, len) {
    var done = function (ok, err, key) {
      if (ok) { Module['_crm_on_storage_written'](write_id, 1, 0, key); return; }
      CRM.withHeapString(CRM.errorText(err), function (p) { Module['_crm_on_storage_written'](write_id, 0, p, 0); });
    };
    if (!CRM.db) { done(false, new Error('storage is not open')); return; }
    try {
      var bytes = CRM.copyOut(ptr, len);
      var issued = CRM.logWritesIssued = (CRM.logWritesIssued || 0) + 1;
      // 'strict': the transaction completes only once the data is flushed, so "saved" means saved.
      var tx = CRM.db.transaction('log', 'readwrite', { durability: 'strict' });
      var log = tx.objectStore('log');
      var key = 0, failure = null;
      log.openKeyCursor(null, 'prev').onsuccess = function (e) {
        var last = e.target.result;
        key = (last ? last.key : 0) + 1;
        // A put can throw (QuotaExceededError, DataCloneError); thrown from this handler it
        // would abort the transaction as a bare AbortError, and the user would not learn why.
        try { log.put(bytes, key); } catch (err) { failure = err; tx.abort(); }
      };
      tx.oncomplete = function () {
        (window.crmBenchMarks = window.crmBenchMarks || {}).logCommittedAt = Date.now();  // tests: tab latency
        CRM.ownLogKeys[key] = issued;
        done(true, null, key);
        CRM.tellOtherTabs({ key: key });
      };
      tx.onabort = function () { done(false, failure || tx.error); };
    } catch (e) { done(false, e); }
  },

  crm_js_storage_stage_chunk__deps: ['$CRM'],
  crm_js_storage_stage_chunk: function (ptr, len) { CRM.staged.push(CRM.copyOut(ptr, len)); },

  // A compaction: only while this tab holds the database's Web Lock, and only when every key in
  // the log is one this tab has applied (<= seen_through) or wrote before the snapshot was taken.
  // Otherwise nothing changes and the answer is "refused" (2): the tab catches up and retries.
  // Own entries written after the snapshot was taken stay; when none do, the whole log goes and
  // an empty entry at the next key keeps keys from restarting.
  crm_js_storage_commit_snapshot__deps: ['$CRM'],
  crm_js_storage_commit_snapshot: function (write_id, seen_through) {
    var chunks = CRM.staged;
    CRM.staged = [];
    var mark = (CRM.logWritesIssued || 0) + 1;  // own writes issued before this are in the snapshot
    var marker = 0;  // the key of the empty entry left, if any
    var done = function (ok, err) {
      if (ok === 2) { Module['_crm_on_storage_written'](write_id, 2, 0, 0); return; }
      if (ok) { Module['_crm_on_storage_written'](write_id, 1, 0, marker); return; }
      CRM.withHeapString(CRM.errorText(err), function (p) { Module['_crm_on_storage_written'](write_id, 0, p, 0); });
    };
    if (!CRM.db) { done(false, new Error('storage is not open')); return; }
    var run = function (finished) {
      var refused = false, failure = null;
      var discarding = !!CRM.discardQuarantine;
      try {
        // 'quarantine' only orders this after the quarantine writes queued before it.
        var tx = CRM.db.transaction(['chunks', 'log', 'quarantine'], 'readwrite', { durability: 'strict' });
        var log = tx.objectStore('log');
        log.getAllKeys().onsuccess = function (e) {
          var keys = e.target.result, firstKept = null;
          for (var i = 0; i < keys.length && !refused; i++) {
            var k = keys[i], own = CRM.ownLogKeys[k];
            var covered = k <= seen_through || (own !== undefined && own < mark);
            if (covered && firstKept === null) continue;
            if (own !== undefined && !covered) { if (firstKept === null) firstKept = k; continue; }
            refused = true;  // another tab's entry this tab has not applied
          }
          if (refused) { tx.abort(); return; }
          try {  // a throwing put (a full disk) is reported as itself, not as a bare AbortError
            var store = tx.objectStore('chunks');
            store.clear();
            for (var c = 0; c < chunks.length; c++) store.put(chunks[c], c);
            if (discarding) tx.objectStore('quarantine').clear();
            if (firstKept !== null) { log.delete(IDBKeyRange.upperBound(firstKept, true)); return; }
            var last = keys.length ? keys[keys.length - 1] : 0;
            if (last >= 1) log.delete(IDBKeyRange.upperBound(last));
            marker = last + 1;
            log.put(new ArrayBuffer(0), marker);
          } catch (err) { failure = err; tx.abort(); }
        };
        tx.oncomplete = function () { if (discarding) CRM.discardQuarantine = false; finished(); done(true); };
        tx.onabort = function () { finished(); done(refused ? 2 : false, failure || tx.error); };
      } catch (e) { finished(); done(false, e); }
    };
    if (!navigator.locks) { run(function () {}); return; }
    navigator.locks.request('crm-compaction:' + CRM.dbName, { ifAvailable: true }, function (lock) {
      if (!lock) { done(2); return; }  // another tab is compacting: catch up, then try again
      return new Promise(function (resolve) { run(resolve); });
    }).catch(function (e) { done(false, e); });
  },

  // ---- other tabs of the app on this origin ----
  // Another tab's new log entry arrives as a message naming its key; the tail of the log past
  // what this tab has applied is read in one transaction and handed to Persistence. A message
  // can be missed (the tab was frozen): the tail is read again when the tab is shown or focused.
  crm_js_tabs_install__deps: ['$CRM'],
  crm_js_tabs_install: function () {
    if (self.BroadcastChannel) {
      try {
        CRM.channel = new BroadcastChannel('crm-tabs:' + CRM.dbName);
        CRM.channel.onmessage = function () { CRM.readLogTail(); };
      } catch (e) {}
    }
    document.addEventListener('visibilitychange', function () { if (!document.hidden) CRM.readLogTail(); });
    window.addEventListener('focus', function () { CRM.readLogTail(); });
  },

  crm_js_tabs_read_tail__deps: ['$CRM'],
  crm_js_tabs_read_tail: function () { CRM.readLogTail(); },

  // After a gap (entries compacted away before this tab read them): chunks and log again.
  crm_js_storage_reload__deps: ['$CRM'],
  crm_js_storage_reload: function () {
    if (!CRM.db) return;
    var tx = CRM.db.transaction(['chunks', 'log'], 'readonly');
    var chunks = null, values = null, keys = null;
    tx.objectStore('chunks').getAll().onsuccess = function (e) { chunks = e.target.result; };
    tx.objectStore('log').getAll().onsuccess = function (e) { values = e.target.result; };
    tx.objectStore('log').getAllKeys().onsuccess = function (e) { keys = e.target.result; };
    tx.oncomplete = function () {
      for (var i = 0; i < chunks.length; i++) {
        CRM.withHeapBytes(chunks[i], function (p, n) { Module['_crm_on_tabs_reload_chunk'](p, n); });
        chunks[i] = null;
      }
      for (var j = 0; j < values.length; j++)
        CRM.withHeapBytes(values[j], function (p, n) { Module['_crm_on_tabs_entry'](keys[j], p, n); });
      Module['_crm_on_tabs_entries_done'](1);
    };
  },

  // ---- randomness for record ids ----
  crm_js_random_seed: function () {
    var a = new Uint32Array(2);
    if (self.crypto && crypto.getRandomValues) crypto.getRandomValues(a);
    else { a[0] = Date.now() >>> 0; a[1] = (Math.random() * 4294967296) >>> 0; }
    return a[0] * 4294967296 + (a[1] & 0x1fffff);  // 53 bits survive the trip as a double
  },

  // ---- sync: HTTP to the CouchDB-protocol server ----
  // The password goes into the Authorization header only; it is never logged or put in a URL.
  crm_js_http_request__deps: ['$CRM'],
  // The body goes as a Blob of the heap's bytes and the answer comes back as bytes: fetch() takes
  // a Blob by reference and reads it off the page's thread, where a string body (decoded from the
  // heap, then encoded again by fetch) cost the page 15-20 ms a megabyte on its one thread, ten
  // times per 10,000-activity push, beside the server on a 2-core machine.
  crm_js_http_request: function (id, method_ptr, url_ptr, body_ptr, body_len, user_ptr, password_ptr) {
    var method = UTF8ToString(method_ptr), url = UTF8ToString(url_ptr);
    var user = UTF8ToString(user_ptr), password = UTF8ToString(password_ptr);
    var headers = { 'Accept': 'application/json' };
    var body;
    if (body_len > 0) {
      headers['Content-Type'] = 'application/json';
      body = new Blob([HEAPU8.subarray(body_ptr, body_ptr + body_len)], { type: 'application/json' });
    }
    if (user) {
      var bytes = new TextEncoder().encode(user + ':' + password), bin = '';
      for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      headers['Authorization'] = 'Basic ' + btoa(bin);
    }
    var deliver = function (status, answer, error) {
      CRM.withHeapString(error, function (e) {
        CRM.withHeapBytes(answer || new ArrayBuffer(0), function (p, n) { Module['_crm_on_sync_response'](id, status, p, n, e); });
      });
    };
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, 60000);
    try {
      fetch(url, { method: method, headers: headers, body: body, signal: controller.signal,
                   cache: 'no-store', credentials: 'omit' })
        .then(function (r) { return r.arrayBuffer().then(function (b) { return [r.status, b]; }); })
        .then(function (res) { clearTimeout(timer); deliver(res[0], res[1], ''); },
              function (e) {
                clearTimeout(timer);
                var why = e && e.name === 'AbortError' ? 'no answer within 60 s'
                        : navigator.onLine === false ? 'this device is offline'
                        : 'the server is down, or it does not allow this page\'s origin (CORS)';
                deliver(0, null, why);
              });
    } catch (e) { clearTimeout(timer); deliver(0, null, CRM.errorText(e)); }
  },

  crm_js_watch_online: function () {
    window.addEventListener('online', function () { if (Module['_crm_on_online']) Module['_crm_on_online'](); });
  },

  // ---- export and import files ----
  crm_js_download_bytes: function (ptr, len, name_ptr, type_ptr) {
    var blob = new Blob([HEAPU8.slice(ptr, ptr + len)], { type: UTF8ToString(type_ptr) });
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = UTF8ToString(name_ptr);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  },

  // Reads every attachment's bytes (for an export that includes them), then calls back.
  crm_js_read_all_blobs__deps: ['$CRM'],
  crm_js_read_all_blobs: function () {
    var finish = function (error) {
      CRM.withHeapString(error || '', function (p) { Module['_crm_on_blobs_read'](p); });
    };
    if (!CRM.db) { finish('storage is not open'); return; }
    try {
      var req = CRM.db.transaction('blobs', 'readonly').objectStore('blobs').openCursor();
      req.onsuccess = function () {
        var cursor = req.result;
        if (!cursor) { finish(''); return; }
        var key = String(cursor.key), value = cursor.value;
        var bytes = value && value.bytes ? value.bytes : value;
        if (bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes)) {
          CRM.withHeapString(key, function (k) {
            CRM.withHeapBytes(bytes instanceof ArrayBuffer ? bytes : bytes.buffer, function (p, n) {
              Module['_crm_on_blob_read'](k, p, n);
            });
          });
        }
        cursor.continue();
      };
      req.onerror = function () { finish(CRM.errorText(req.error)); };
    } catch (e) { finish(CRM.errorText(e)); }
  },

  // The browser's file dialog for one file of the `accept` types; answers crm_on_picked_file with
  // the request id and the file's name and bytes, or with its size and why it was not read.
  crm_js_pick_file__deps: ['$CRM'],
  crm_js_pick_file: function (accept_ptr, request) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept_ptr);
    input.style.display = 'none';
    document.body.appendChild(input);
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.remove();
      if (!file) return;
      var answer = function (bytes, error) {
        CRM.withHeapString(file.name, function (n) {
          CRM.withHeapString(error, function (e) {
            CRM.withHeapBytes(bytes, function (p, len) { Module['_crm_on_picked_file'](request, n, p, len, file.size, e); });
          });
        });
      };
      // Over the limit the file is not read at all: its bytes, and the records planned from
      // them, would not fit the app's memory (src/platform/web_data_file.cpp).
      if (file.size > Module['_crm_import_file_limit']()) { answer(new ArrayBuffer(0), ''); return; }
      file.arrayBuffer().then(function (bytes) { answer(bytes, ''); },
                              function (e) { answer(new ArrayBuffer(0), CRM.errorText(e)); });
    });
    input.click();
  },

  // mailto: and tel: links go to the user's mail client or phone app through a link click, which
  // works inside an embedding iframe too (setting top.location would need the host's permission)
  // and leaves this page where it is.
  crm_js_open_external_url: function (url_ptr) {
    var url = UTF8ToString(url_ptr);
    if (!/^(mailto|tel):/i.test(url)) return;  // nothing else leaves through here
    var a = document.createElement('a');
    a.href = url;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
  },

  // One timer, set to the next reminder instant (0: none). Long waits are cut to a day: a
  // setTimeout beyond 2^31 ms fires at once, and a sleeping device fires late anyway; the app
  // rescans when woken and sets the timer again.
  crm_js_wake_at__deps: ['$CRM'],
  crm_js_wake_at: function (at_ms) {
    if (CRM.wakeTimer) clearTimeout(CRM.wakeTimer);
    CRM.wakeTimer = null;
    if (!(at_ms > 0)) return;
    var wait = Math.min(Math.max(0, at_ms - Date.now()) + 5, 86400000);
    CRM.wakeTimer = setTimeout(function () {
      CRM.wakeTimer = null;
      Module['_crm_on_wake']();
    }, wait);
  },

  crm_js_notification_permission: function () {
    var p = typeof Notification === 'undefined' ? 'unsupported' : String(Notification.permission);
    var len = lengthBytesUTF8(p) + 1;
    var out = _malloc(len);
    stringToUTF8(p, out, len);
    return out;
  },

  // Asked on the user's click on the Settings switch; the answer redraws the switch's status.
  crm_js_request_notification_permission: function () {
    if (typeof Notification === 'undefined') return;
    var done = function () { Module['_crm_on_notification_permission'](); };
    try {
      var answer = Notification.requestPermission(done);
      if (answer && answer.then) answer.then(done, done);
    } catch (e) { done(); }
  },

  // A reminder as a browser notification; clicking it brings this page forward and opens the
  // activity (`tag` is its id, so a second notification of the same activity replaces the first).
  crm_js_show_notification__deps: ['$CRM'],
  crm_js_show_notification: function (tag_ptr, title_ptr, body_ptr) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    var tag = UTF8ToString(tag_ptr);
    try {
      var n = new Notification(UTF8ToString(title_ptr), { body: UTF8ToString(body_ptr), tag: tag });
      n.onclick = function () {
        try { window.focus(); } catch (e) {}
        n.close();
        CRM.withHeapString(tag, function (p) { Module['_crm_on_notification_click'](p); });
      };
    } catch (e) {
      // some browsers only notify from a service worker; the in-app list still shows the reminder
    }
  },

  // Imported attachment bytes: staged, then written in one transaction before the records.
  crm_js_blob_stage__deps: ['$CRM'],
  crm_js_blob_stage: function (key_ptr, ptr, len, name_ptr, type_ptr) {
    CRM.stagedBlobs = CRM.stagedBlobs || [];
    CRM.stagedBlobs.push([UTF8ToString(key_ptr), { bytes: CRM.copyOut(ptr, len), name: UTF8ToString(name_ptr),
                                                   type: UTF8ToString(type_ptr) }]);
  },
  crm_js_blob_commit__deps: ['$CRM'],
  crm_js_blob_commit: function () {
    var blobs = CRM.stagedBlobs || [];
    CRM.stagedBlobs = [];
    var done = function (error) {
      CRM.withHeapString(error || '', function (p) { Module['_crm_on_blobs_stored'](p); });
    };
    if (!CRM.db) { done('storage is not open'); return; }
    try {
      var tx = CRM.db.transaction('blobs', 'readwrite', { durability: 'strict' });
      var store = tx.objectStore('blobs');
      for (var i = 0; i < blobs.length; i++) store.put(blobs[i][1], blobs[i][0]);
      tx.oncomplete = function () { done(''); };
      tx.onabort = function () { done(CRM.errorText(tx.error)); };
    } catch (e) { done(CRM.errorText(e)); }
  },

  // ---- sync: attachment files go through the `blobs` store ----
  crm_js_sync_read_blob__deps: ['$CRM'],
  crm_js_sync_read_blob: function (id, key_ptr) {
    var key = UTF8ToString(key_ptr);
    var answer = function (status, bytes, error) {
      CRM.withHeapString(error || '', function (e) {
        CRM.withHeapBytes(bytes || new ArrayBuffer(0), function (p, n) { Module['_crm_on_sync_bytes'](id, status, p, n, e); });
      });
    };
    if (!CRM.db) { answer(500, null, 'storage is not open'); return; }
    try {
      var req = CRM.db.transaction('blobs', 'readonly').objectStore('blobs').get(key);
      req.onsuccess = function () {
        var v = req.result;
        var bytes = v && v.bytes ? v.bytes : v;
        if (bytes instanceof ArrayBuffer) answer(200, bytes);
        else if (bytes && ArrayBuffer.isView(bytes)) answer(200, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        else answer(404, null, 'no file stored for this attachment');
      };
      req.onerror = function () { answer(500, null, CRM.errorText(req.error)); };
    } catch (e) { answer(500, null, CRM.errorText(e)); }
  },
  crm_js_sync_write_blob__deps: ['$CRM'],
  crm_js_sync_write_blob: function (id, key_ptr, ptr, len, name_ptr, type_ptr) {
    var key = UTF8ToString(key_ptr);
    var value = { bytes: CRM.copyOut(ptr, len), name: UTF8ToString(name_ptr), type: UTF8ToString(type_ptr) };
    var answer = function (status, error) {
      CRM.withHeapString(error || '', function (e) { Module['_crm_on_sync_bytes'](id, status, 0, 0, e); });
    };
    if (!CRM.db) { answer(500, 'storage is not open'); return; }
    try {
      var tx = CRM.db.transaction('blobs', 'readwrite', { durability: 'strict' });
      tx.objectStore('blobs').put(value, key);
      tx.oncomplete = function () { answer(200); };
      tx.onabort = function () { answer(500, CRM.errorText(tx.error)); };
    } catch (e) { answer(500, CRM.errorText(e)); }
  },
  // ---- fonts -------------------------------------------------------------------------------------
  // The Traditional Chinese face is a separate file beside app.wasm, fetched only when the app
  // first needs it (see src/platform/web_fonts.cpp). The service worker caches it once fetched.
  crm_js_fetch_font__deps: ['$CRM'],
  crm_js_fetch_font: function (url_ptr) {
    var url = UTF8ToString(url_ptr);
    var sw = navigator.serviceWorker;
    var throughWorker = !!(sw && sw.controller);
    var failed = function (message) {
      CRM.withHeapString(url + ': ' + message, function (p) { Module['_crm_on_font_loaded'](0, 0, p); });
    };
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.arrayBuffer();
    }).then(function (bytes) {
      CRM.withHeapBytes(bytes, function (p, n) { Module['_crm_on_font_loaded'](p, n, 0); });
      // At the first visit the service worker may take over only after this fetch started: fetch
      // once more through it (from the HTTP cache) so it keeps the file for offline starts.
      if (!sw || throughWorker) return;
      var again = function () { fetch(url).catch(function () {}); };
      if (sw.controller) again();
      else sw.addEventListener('controllerchange', again, { once: true });
    }).catch(function (e) { failed(CRM.errorText(e)); });
  },
});
