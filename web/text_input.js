// Text entry through the browser (linked with --js-library beside crm_platform.js). A canvas gets
// no IME, no on-screen keyboard and no paste of its own, so one hidden <textarea> stands in for
// the ImGui text field that is active: the platform layer (web_input.cpp) focuses it and puts it
// at the field's caret when ImGui reports an active field (io.SetPlatformImeDataFn), and hands
// focus back to the canvas when none is. What the browser inserts into it (typed characters,
// IME commits, dead keys, autocorrect) goes to ImGui as characters and the textarea is emptied
// again; editing keys never reach it (web_input.cpp prevents their default action and gives them
// to ImGui as key events). While an IME composes, the textarea itself becomes visible at the
// caret and shows the composing text over the field; only the committed text reaches ImGui.
mergeInto(LibraryManager.library, {
  $CRM_TEXT__deps: ['$CRM'],
  $CRM_TEXT: {
    el: null,
    canvas: null,
    want: false,       // an ImGui text field is active
    composing: false,
    lineHeight: 15,
    font: '15px/15px "Noto Sans",system-ui,sans-serif',
    measure: null,     // a 2D context, to size the box to the composing text
    send: function (name, text) {
      if (!text || !Module[name]) return;
      CRM.withHeapString(text, function (p) { Module[name](p); });
    },
    // Whatever the browser put into the textarea goes to ImGui once; the textarea is left empty
    // so the next insertion is again the whole value (nothing is sent twice).
    flush: function () {
      var el = CRM_TEXT.el, text = el.value;
      el.value = '';
      CRM_TEXT.send('_crm_on_text_input', text);
    },
    showComposition: function (on) {
      var el = CRM_TEXT.el;
      el.classList.toggle('crm-composing', on);
      if (on) CRM_TEXT.fitComposition();
    },
    // The composing text is drawn by the textarea over the field, so it needs room for it.
    fitComposition: function () {
      var el = CRM_TEXT.el;
      if (!CRM_TEXT.measure) CRM_TEXT.measure = document.createElement('canvas').getContext('2d');
      CRM_TEXT.measure.font = CRM_TEXT.font;
      var width = Math.ceil(CRM_TEXT.measure.measureText(el.value).width) + 4;
      var room = Math.max(40, window.innerWidth - el.getBoundingClientRect().left - 10);
      el.style.width = Math.min(room, width) + 'px';
    },
    focusCanvas: function () {
      if (document.activeElement === CRM_TEXT.el && CRM_TEXT.canvas) CRM_TEXT.canvas.focus({ preventScroll: true });
    },
  },

  crm_js_text_input_install__deps: ['$CRM_TEXT'],
  crm_js_text_input_install: function () {
    if (CRM_TEXT.el) return;
    var canvas = CRM_TEXT.canvas = Module['canvas'] || document.getElementById('canvas');
    var el = CRM_TEXT.el = document.createElement('textarea');
    el.id = 'crm-text-input';
    el.setAttribute('autocomplete', 'off');
    el.setAttribute('autocorrect', 'off');
    el.setAttribute('autocapitalize', 'off');
    el.setAttribute('spellcheck', 'false');
    el.setAttribute('rows', '1');
    // Invisible but focusable (display:none or visibility:hidden could not take focus or an
    // IME); clicks pass through to the canvas.
    // Its look is in app.css (the page's Content-Security-Policy allows no inline styles).
    document.body.appendChild(el);

    el.addEventListener('compositionstart', function () {
      CRM_TEXT.composing = true;
      CRM_TEXT.showComposition(true);
    });
    el.addEventListener('compositionupdate', function () {
      // The value lags the update event by one step; fit on the next input event as well.
      CRM_TEXT.fitComposition();
    });
    el.addEventListener('compositionend', function (e) {
      CRM_TEXT.composing = false;
      CRM_TEXT.showComposition(false);
      // The committed text is e.data; the textarea may also hold it (browsers differ in whether
      // an input event follows), so empty it and send the commit exactly once.
      el.value = '';
      CRM_TEXT.send('_crm_on_text_input', e.data || '');
    });
    el.addEventListener('input', function (e) {
      if (CRM_TEXT.composing || e.isComposing) { CRM_TEXT.fitComposition(); return; }
      var type = e.inputType || '';
      // On-screen keyboards send some edits as input events instead of key events.
      if (type === 'deleteContentBackward' || type === 'deleteContentForward' ||
          type === 'insertLineBreak' || type === 'insertParagraph') {
        el.value = '';
        var key = type === 'deleteContentBackward' ? 1 : type === 'deleteContentForward' ? 2 : 3;
        if (Module['_crm_on_text_edit_key']) Module['_crm_on_text_edit_key'](key);
        return;
      }
      CRM_TEXT.flush();
    });
    // The browser's own undo would replay insertions into the (empty) textarea; ImGui keeps the
    // field's undo history, and web_input.cpp gives it Ctrl+Z/Ctrl+Y as keys.
    el.addEventListener('beforeinput', function (e) {
      if (e.inputType === 'historyUndo' || e.inputType === 'historyRedo') e.preventDefault();
    });
    // The system clipboard's text, for the textarea and for the canvas (a paste right after a
    // field became active can arrive before the textarea has focus). ImGui pastes it as one edit.
    document.addEventListener('paste', function (e) {
      var t = e.target;
      if (t !== el && t !== canvas && t !== document.body && t !== document.documentElement) return;
      var text = (e.clipboardData || window.clipboardData).getData('text');
      e.preventDefault();
      CRM_TEXT.send('_crm_on_text_paste', text);
    });
    // A touch or click that activated a field is a user gesture: focusing in it (rather than
    // on the next animation frame) lets touch devices open their on-screen keyboard.
    canvas.addEventListener('pointerup', function () {
      if (CRM_TEXT.want && document.activeElement !== el) el.focus({ preventScroll: true });
    });
  },

  // want: an ImGui text field is active, with its caret at (x, y) in canvas CSS pixels and a
  // line height of h. kind: 1 multi-line, 2 password, 4 decimal number (bits).
  crm_js_text_input_place__deps: ['$CRM_TEXT'],
  crm_js_text_input_place: function (want, x, y, h, kind, name_ptr) {
    var el = CRM_TEXT.el;
    if (!el) return;
    var name = name_ptr ? UTF8ToString(name_ptr) : '';
    if (name) el.setAttribute('aria-label', name); else el.removeAttribute('aria-label');
    CRM_TEXT.want = !!want;
    if (!want) {
      CRM_TEXT.focusCanvas();
      return;
    }
    var r = CRM_TEXT.canvas.getBoundingClientRect();
    var lh = Math.max(8, Math.round(h));
    CRM_TEXT.lineHeight = lh;
    // ImGui reports the caret one pixel to its left (a Windows IME nicety); the composing text
    // starts at the caret itself.
    el.style.left = Math.round(r.left + x + 1) + 'px';
    el.style.top = Math.round(r.top + y) + 'px';
    el.style.height = lh + 'px';
    // ImGui's font size is the height from ascender to descender; for Noto Sans (the UI font)
    // that is 1.36 em, so the composing text matches the field's text at this CSS size.
    var em = Math.round((h / 1.36) * 10) / 10;
    el.style.font = CRM_TEXT.font = em + 'px/' + lh + 'px "Noto Sans",system-ui,sans-serif';
    // Touch keyboards: Enter labelled for a new line or as done, digits for numbers; a password's
    // composing text is never shown.
    el.setAttribute('enterkeyhint', kind & 1 ? 'enter' : 'done');
    el.setAttribute('inputmode', kind & 4 ? 'decimal' : 'text');
    el.classList.toggle('crm-secret', !!(kind & 2));
    if (!CRM_TEXT.composing) el.style.width = '2px';
    if (document.activeElement !== el) el.focus({ preventScroll: true });
  },

  crm_js_text_input_has_focus__deps: ['$CRM_TEXT'],
  crm_js_text_input_has_focus: function () {
    return CRM_TEXT.el && document.activeElement === CRM_TEXT.el ? 1 : 0;
  },

  crm_js_text_input_composing__deps: ['$CRM_TEXT'],
  crm_js_text_input_composing: function () { return CRM_TEXT.composing ? 1 : 0; },
});
