#!/usr/bin/env node
// Checks the translation catalogs (assets/i18n/<code>.json) against the English source strings
// the C++ code uses, and fails when a screen would show English in Polish or Chinese.
//
//   node scripts/i18n-check.mjs             check every catalog (CTest runs this)
//   node scripts/i18n-check.mjs --missing pl    print the missing keys of pl.json as JSON, for a translator
//   node scripts/i18n-check.mjs --keys          print every key the sources use, one per line
//
// Source strings are the string-literal arguments of tr, tr_format, tr_count and count_phrase
// (singular and plural), N_, and the view helpers that translate their caption (ui::label, ui::t, form_row,
// field_caption, input_text, input_multiline), tr_args, and the messages of Status::add/failure
// and the JSON reader's error(key, message).
// Failures: a key without a translation, a translation whose printf placeholders or {names}
// differ from its key's, a plural entry with the wrong number of forms, and a literal shown by an
// ImGui widget in src/ui without going through a translation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const I18N_DIR = path.join(ROOT, 'assets', 'i18n');
const PLURAL_FORMS = { pl: 3, 'zh-Hant': 1 };

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(cpp|hpp)$/.test(entry.name)) out.push(p);
  }
  return out;
}

// Reads the C++ string literal starting at text[i] (a '"'); adjacent literals are joined.
// Returns { value, end } or null when text[i..] is not a literal.
function readLiterals(text, i) {
  let value = '';
  let found = false;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('u8"', i)) i += 2;
    if (text[i] !== '"') break;
    found = true;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const c = text[i + 1];
        const simple = { n: '\n', t: '\t', '"': '"', '\\': '\\', "'": "'", '0': '\0', r: '\r' };
        if (c in simple) { value += simple[c]; i += 2; continue; }
        if (c === 'u') { value += String.fromCodePoint(parseInt(text.substr(i + 2, 4), 16)); i += 6; continue; }
        if (c === 'x') {
          const m = /^[0-9a-fA-F]+/.exec(text.slice(i + 2));
          value += String.fromCharCode(parseInt(m[0], 16)); i += 2 + m[0].length; continue;
        }
        value += c; i += 2; continue;
      }
      value += text[i++];
    }
    i++;  // closing quote
  }
  return found ? { value, end: i } : null;
}

// Skips one argument (up to the next top-level comma); returns the index after the comma or -1.
function skipArgument(text, i) {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') { const lit = readLiterals(text, i); i = lit.end - 1; continue; }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') { if (depth === 0) return -1; depth--; }
    else if (c === ',' && depth === 0) return i + 1;
  }
  return -1;
}

function stripComments(text) {
  // Keeps string literals, blanks comments (line numbers stay right).
  let out = '';
  for (let i = 0; i < text.length;) {
    if (text[i] === '"') { const end = scanLiteralEnd(text, i); out += text.slice(i, end); i = end; continue; }
    if (text[i] === "'" && !/[0-9A-Za-z_]/.test(text[i - 1] || '')) {  // a char literal, not a digit separator
      let j = i + 1;
      while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1); i = j + 1; continue;
    }
    if (text.startsWith('//', i)) { while (i < text.length && text[i] !== '\n') { out += ' '; i++; } continue; }
    if (text.startsWith('/*', i)) { while (i < text.length && !text.startsWith('*/', i)) { out += text[i] === '\n' ? '\n' : ' '; i++; } out += '  '; i += 2; continue; }
    out += text[i++];
  }
  return out;
}
function scanLiteralEnd(text, i) {
  i++;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

const FIRST_ARG = ['tr', 'tr_format', 'tr_args', 'N_', 'label', 't', 'form_row', 'field_caption', 'input_text', 'input_multiline'];
const WIDGETS = ['Button', 'SmallButton', 'Text', 'TextUnformatted', 'TextDisabled', 'TextWrapped', 'BulletText', 'MenuItem',
  'BeginMenu', 'Checkbox', 'RadioButton', 'Selectable', 'SeparatorText', 'SetTooltip', 'TableSetupColumn', 'BeginTabItem',
  'CollapsingHeader', 'TreeNode', 'LabelText', 'InputText', 'InputTextMultiline', 'InputTextWithHint', 'Combo'];

export function extract() {
  const keys = new Map();  // key -> { where, plural }
  const rawLiterals = [];
  for (const file of [...sourceFiles(path.join(ROOT, 'src'))]) {
    const rel = path.relative(ROOT, file);
    const text = stripComments(fs.readFileSync(file, 'utf8'));
    const lineAt = (i) => text.slice(0, i).split('\n').length;
    const add = (value, i, plural) => {
      // Words, or a pattern joining values ("%s: %s": Chinese uses full-width punctuation); not
      // lone symbols ("<", "+") nor '##id' (no visible caption).
      const pattern = /%s/.test(value) && /[^%s\s]/.test(value.replace(/%s/g, ''));
      if ((!/[A-Za-z]/.test(value) && !pattern) || value.startsWith('##')) return;
      if (!keys.has(value)) keys.set(value, { where: `${rel}:${lineAt(i)}`, plural: !!plural });
      else if (plural) keys.get(value).plural = true;
    };
    const call = /(?<![\w])(tr_count|count_phrase|tr_format|tr|N_|label|t|form_row|field_caption|input_text|input_multiline|add|failure|error|tr_args)\s*\(/g;
    let m;
    while ((m = call.exec(text))) {
      const name = m[1];
      let i = m.index + m[0].length;
      if (name === 'add' || name === 'failure' || name === 'error') {
        // Status::add(field, "message", arg) / Status::failure(field, "message", arg)
        i = skipArgument(text, i);
        if (i < 0) continue;
        const lit = readLiterals(text, i);
        if (lit) add(lit.value, i);
        continue;
      }
      const lit = readLiterals(text, i);
      if (!lit) continue;
      if (name === 'tr_count' || name === 'count_phrase') {
        const comma = text.slice(lit.end).match(/^\s*,/);
        const second = comma ? readLiterals(text, lit.end + comma[0].length) : null;
        add(lit.value, i, true);
        if (!second) continue;
      } else if (FIRST_ARG.includes(name)) {
        add(lit.value, i);
      }
    }
    if (rel.startsWith('src' + path.sep + 'ui')) {
      const widget = new RegExp(`ImGui::(${WIDGETS.join('|')})\\s*\\(`, 'g');
      while ((m = widget.exec(text))) {
        const i = m.index + m[0].length;
        const lit = readLiterals(text, i);
        if (!lit) continue;
        const visible = lit.value.split('##')[0].replace(/%[-+ #0]*[0-9.*]*(zu|lld|ld|d|s|f|u|x|%)/g, '');
        // Lower-case single words ("label", "value") are column ids of header-less tables.
        if (/[A-Za-z]{2,}/.test(visible) && !/^[a-z_]+$/.test(visible)) rawLiterals.push(`${rel}:${lineAt(i)}: "${lit.value}" is shown untranslated (wrap it in tr())`);
      }
    }
  }
  return { keys, rawLiterals };
}

// printf conversions in order, and {names} as a sorted set: what a translation must keep.
export function placeholders(s) {
  const printf = (s.match(/%[-+ #0]*[0-9.*]*(zu|lld|ld|d|s|f|u|x|%)/g) || []).filter((p) => p !== '%%');
  const named = (s.match(/\{[a-z_]+\}/g) || []).sort();
  return JSON.stringify({ printf, named });
}

function loadCatalog(code) {
  const file = path.join(I18N_DIR, `${code}.json`);
  const text = fs.readFileSync(file, 'utf8');
  try { return JSON.parse(text); } catch (e) { throw new Error(`${path.relative(ROOT, file)} is not valid JSON: ${e.message}`); }
}

function main() {
  const args = process.argv.slice(2);
  const { keys, rawLiterals } = extract();
  if (args[0] === '--keys') { for (const k of [...keys.keys()].sort()) console.log(JSON.stringify(k)); return 0; }
  const codes = Object.keys(PLURAL_FORMS);
  if (args[0] === '--missing') {
    const code = args[1];
    const catalog = loadCatalog(code);
    const missing = {};
    for (const [k, info] of [...keys].sort()) if (!(k in catalog)) missing[k] = info.plural ? Array(PLURAL_FORMS[code]).fill('') : '';
    console.log(JSON.stringify(missing, null, 2));
    return 0;
  }
  const failures = [...rawLiterals];
  let checked = 0;
  for (const code of codes) {
    const catalog = loadCatalog(code);
    for (const [key, info] of keys) {
      const value = catalog[key];
      if (value === undefined || value === '' || (Array.isArray(value) && value.some((v) => !v))) {
        failures.push(`${code}: no translation for ${JSON.stringify(key)} (${info.where})`);
        continue;
      }
      const forms = Array.isArray(value) ? value : [value];
      if (info.plural && forms.length !== PLURAL_FORMS[code])
        failures.push(`${code}: ${JSON.stringify(key)} needs ${PLURAL_FORMS[code]} plural forms, has ${forms.length}`);
      if (!info.plural && Array.isArray(value)) failures.push(`${code}: ${JSON.stringify(key)} is not counted; give one string`);
      for (const f of forms) {
        if (typeof f !== 'string') { failures.push(`${code}: ${JSON.stringify(key)} has a form that is not a string`); continue; }
        if (placeholders(f) !== placeholders(key))
          failures.push(`${code}: ${JSON.stringify(key)} -> ${JSON.stringify(f)} changes the placeholders (must keep ${placeholders(key)})`);
      }
      checked++;
    }
    const stale = Object.keys(catalog).filter((k) => !k.startsWith('@') && !keys.has(k));
    if (stale.length) console.log(`${code}: ${stale.length} entries no longer used by the sources (runtime-only keys are fine): ${stale.slice(0, 5).map((s) => JSON.stringify(s)).join(', ')}${stale.length > 5 ? ', ...' : ''}`);
  }
  if (failures.length) {
    for (const f of failures.slice(0, 200)) console.error(f);
    if (failures.length > 200) console.error(`... and ${failures.length - 200} more`);
    console.error(`i18n check: ${failures.length} problems (${keys.size} source strings, ${codes.length} catalogs)`);
    return 1;
  }
  console.log(`i18n check: ${keys.size} source strings translated in ${codes.join(', ')} (${checked} entries checked)`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
