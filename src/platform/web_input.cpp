// Browser input to ImGui: mouse, wheel, keyboard, text entry and the clipboard, and the canvas
// size at the device pixel ratio (so text is drawn at the screen's real resolution). Every event
// asks the frame loop for a few frames; with no events, nothing is drawn.
//
// Text entry: while an ImGui text field is active, a hidden textarea (web/text_input.js) has
// focus at the field's caret (placed through io.SetPlatformImeDataFn). Printable keys are left to
// the browser, which inserts them into the textarea (or composes them in its IME); what it
// inserts arrives in crm_on_text_input as characters. Keys that edit or move the caret are given
// to ImGui as key events with their default action prevented, so they are never also inserted.
// While no field is active the canvas has focus and printable keys become characters directly
// (the app's one-letter shortcuts read the key events).
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include "imgui.h"
#include "ui/item_registry.hpp"
#include "imgui_internal.h"
#include "web_app.hpp"

extern "C" {
void crm_js_clipboard_write(const char* text);
void crm_js_text_input_install();
void crm_js_text_input_place(int want, float x, float y, float line_height, int kind, const char* name);
int crm_js_text_input_has_focus();
int crm_js_text_input_composing();
}

namespace crm {
namespace {

ImGuiKey key_from_code(std::string_view code) {
    if (code.size() == 4 && code.substr(0, 3) == "Key" && code[3] >= 'A' && code[3] <= 'Z')
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    if (code.size() == 6 && code.substr(0, 5) == "Digit" && code[5] >= '0' && code[5] <= '9')
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    if (code.size() >= 2 && code[0] == 'F' && code.size() <= 3) {
        int n = std::atoi(std::string(code.substr(1)).c_str());
        if (n >= 1 && n <= 12) return static_cast<ImGuiKey>(ImGuiKey_F1 + n - 1);
    }
    struct Pair { const char* code; ImGuiKey key; };
    static const Pair kKeys[] = {
        {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
        {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
        {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End}, {"Insert", ImGuiKey_Insert},
        {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace}, {"Space", ImGuiKey_Space},
        {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter}, {"Escape", ImGuiKey_Escape},
        {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl}, {"ShiftLeft", ImGuiKey_LeftShift},
        {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt}, {"AltRight", ImGuiKey_RightAlt},
        {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper}, {"Minus", ImGuiKey_Minus},
        {"Equal", ImGuiKey_Equal}, {"Comma", ImGuiKey_Comma}, {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash},
        {"Semicolon", ImGuiKey_Semicolon}, {"Quote", ImGuiKey_Apostrophe}, {"BracketLeft", ImGuiKey_LeftBracket},
        {"BracketRight", ImGuiKey_RightBracket}, {"Backslash", ImGuiKey_Backslash}, {"Backquote", ImGuiKey_GraveAccent},
    };
    for (const auto& p : kKeys)
        if (code == p.code) return p.key;
    return ImGuiKey_None;
}

struct Modifiers { bool ctrl = false, shift = false, alt = false, meta = false; };
Modifiers g_mods;  // as the last key or mouse event reported them

// The text ImGui pastes (GetClipboardTextFn): the system clipboard's text from the last paste
// event, or what the app itself copied last.
std::string g_clipboard;

void update_modifiers(ImGuiIO& io, bool ctrl, bool shift, bool alt, bool meta) {
    g_mods = {ctrl, shift, alt, meta};
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

// Presses Ctrl+`key` for ImGui whatever modifiers are held (Shift+Insert pastes as Ctrl+V does;
// Ctrl+Shift+Z redoes as Ctrl+Y does), then restores the held ones. ImGui's event queue spreads
// the press and release over two frames, so the shortcut is seen.
void press_ctrl_shortcut(ImGuiIO& io, ImGuiKey key) {
    Modifiers held = g_mods;
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiMod_Shift, false);
    io.AddKeyEvent(ImGuiMod_Alt, false);
    io.AddKeyEvent(ImGuiMod_Super, false);
    io.AddKeyEvent(key, true);
    io.AddKeyEvent(key, false);
    update_modifiers(io, held.ctrl, held.shift, held.alt, held.meta);
}

// Every text that enters a field passes here first (typed, composed or pasted).
void text_arrives(const char* utf8) {
    note_text_for_glyphs(utf8);  // the font atlas must hold every glyph that can be typed in
}

void insert_text(const char* utf8) {
    if (!utf8 || !utf8[0]) return;
    text_arrives(utf8);
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    request_input_frames();
}

const char* clipboard_get(void*) { return g_clipboard.c_str(); }

void clipboard_set(void*, const char* text) {
    g_clipboard = text ? text : "";
    crm_js_clipboard_write(g_clipboard.c_str());
}

// ImGui reports the active text field's caret (or that none is active) whenever it changes. The
// field's kind lets the page pick the on-screen keyboard (Enter key label, digits) and keep a
// password's composing text hidden.
void place_text_input(ImGuiViewport*, ImGuiPlatformImeData* data) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    int kind = 0;
    if (data->WantVisible && g.InputTextState.ID == g.ActiveId) {
        ImGuiInputTextFlags f = g.InputTextState.Flags;
        if (f & ImGuiInputTextFlags_Multiline) kind |= 1;
        if (f & ImGuiInputTextFlags_Password) kind |= 2;
        if (f & (ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_CharsScientific)) kind |= 4;
    }
    // The textarea takes the field's accessible name, so a screen reader announces "Subject"
    // when focus moves into it (the field was drawn this frame, so the registry has it).
    std::string name;
    if (const RegisteredItem* item = data->WantVisible ? item_registry_find(g.ActiveId) : nullptr)
        name = item->name.empty() ? item->label : item->name;
    crm_js_text_input_place(data->WantVisible ? 1 : 0, data->InputPos.x, data->InputPos.y, data->InputLineHeight, kind,
                            name.c_str());
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button >= 0 && type == EMSCRIPTEN_EVENT_MOUSEDOWN) io.AddMouseButtonEvent(button, true);
    if (button >= 0 && type == EMSCRIPTEN_EVENT_MOUSEUP) io.AddMouseButtonEvent(button, false);
    request_input_frames();
    return type != EMSCRIPTEN_EVENT_MOUSEMOVE;  // keep focus handling of the page for moves
}

// Releases are watched on the whole document so a drag that ends outside the canvas still ends.
EM_BOOL on_mouse_up_document(int, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button >= 0) io.AddMouseButtonEvent(button, false);
    request_input_frames();
    return false;
}

EM_BOOL on_leave(int, const EmscriptenMouseEvent*, void*) {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    request_input_frames();
    return false;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    // deltaMode 0 is pixels; ImGui wants "lines" (about 3 text lines per notch)
    double scale = e->deltaMode == DOM_DELTA_PIXEL ? 1.0 / 100.0 : e->deltaMode == DOM_DELTA_LINE ? 1.0 / 3.0 : 1.0;
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-e->deltaX * scale), static_cast<float>(-e->deltaY * scale));
    request_input_frames();
    return true;
}

// A key that produces text: `key` is one code point (possibly multi-byte UTF-8), typed without
// Ctrl/Cmd, or with Ctrl+Alt (AltGr on Windows: Polish ą, ż, ...).
bool is_text_key(const EmscriptenKeyboardEvent* e) {
    std::size_t len = std::strlen(e->key);
    bool single_char = len > 0 && len <= 4 && (len == 1 || static_cast<unsigned char>(e->key[0]) >= 0xC0);
    bool altgr = e->ctrlKey && e->altKey;
    return single_char && (altgr || !(e->ctrlKey || e->metaKey));
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    // Keys the IME is composing with (keyCode 229 is Chrome's "Process" key) are the IME's.
    if (e->keyCode == 229 || crm_js_text_input_composing()) return false;
    bool text_field = crm_js_text_input_has_focus();
    // A dead key (the accent of ´ + e = é) starts a composition in the text input.
    if (text_field && std::strcmp(e->key, "Dead") == 0) return false;
    ImGuiIO& io = ImGui::GetIO();
    bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    bool text_key = is_text_key(e);
    bool command = (e->ctrlKey || e->metaKey) && !text_key;
    ImGuiKey key = key_from_code(e->code);
    // AltGr letters are text, not Ctrl+Alt shortcuts (AltGr+A is ą, not select all; AltGr+N is
    // ń, not the N shortcut), so ImGui gets no key for them.
    bool altgr_text = text_key && e->ctrlKey && e->altKey;
    if (altgr_text) {
        update_modifiers(io, false, e->shiftKey, false, e->metaKey);
        key = ImGuiKey_None;
    } else {
        update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    }
    request_input_frames();
    // Paste: ImGui gets Ctrl+V once the page's paste event has brought the system clipboard's
    // text (crm_on_text_paste), so the browser must see this key.
    bool paste = (command && key == ImGuiKey_V) || (e->shiftKey && !command && key == ImGuiKey_Insert);
    if (paste) return false;
    // Redo: ImGui knows Ctrl+Y (and Cmd+Shift+Z on macOS only); Ctrl+Shift+Z is redo too.
    if (down && text_field && command && e->shiftKey && key == ImGuiKey_Z) {
        press_ctrl_shortcut(io, ImGuiKey_Y);
        return true;
    }
    if (key != ImGuiKey_None) io.AddKeyEvent(key, down);
    if (!down) return true;
    if (text_key) {
        // With a field active the textarea receives the character (or the IME composes it);
        // otherwise it goes to ImGui here.
        if (text_field) return false;
        insert_text(e->key);
        return true;
    }
    // Leave other browser shortcuts (reload, zoom, dev tools) alone.
    if (command) {
        bool ours = key == ImGuiKey_A || key == ImGuiKey_C || key == ImGuiKey_X || key == ImGuiKey_Z ||
                    key == ImGuiKey_Y || key == ImGuiKey_Enter || key == ImGuiKey_S ||
                    key == ImGuiKey_Backspace || key == ImGuiKey_Delete || key == ImGuiKey_LeftArrow ||
                    key == ImGuiKey_RightArrow || key == ImGuiKey_Home || key == ImGuiKey_End;
        return ours;
    }
    return key != ImGuiKey_None && key != ImGuiKey_F5 && key != ImGuiKey_F12;
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    update_display_size();
    request_input_frames();
    return false;
}

// Only the window's own focus counts: focus moving between the canvas and the text input inside
// the page must not clear ImGui's key state.
EM_BOOL on_focus(int type, const EmscriptenFocusEvent* e, void*) {
    if (std::strcmp(e->nodeName, "#window") != 0) return false;
    ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    request_input_frames();
    return false;
}

}  // namespace

void update_display_size() {
    WebApp& w = web_app();
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (dpr <= 0) dpr = 1;
    emscripten_set_canvas_element_size("#canvas", static_cast<int>(std::lround(css_w * dpr)),
                                       static_cast<int>(std::lround(css_h * dpr)));
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(css_w), static_cast<float>(css_h));
    io.DisplayFramebufferScale = ImVec2(dpr, dpr);
    w.dpr = dpr;
}

void install_input_handlers() {
    ImGuiIO& io = ImGui::GetIO();
    io.SetClipboardTextFn = clipboard_set;
    io.GetClipboardTextFn = clipboard_get;
    io.SetPlatformImeDataFn = place_text_input;
    crm_js_text_input_install();
    const char* canvas = "#canvas";
    emscripten_set_mousedown_callback(canvas, nullptr, true, on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, on_mouse_up_document);
    emscripten_set_mousemove_callback(canvas, nullptr, true, on_mouse);
    emscripten_set_mouseleave_callback(canvas, nullptr, true, on_leave);
    emscripten_set_wheel_callback(canvas, nullptr, true, on_wheel);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_key);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_resize);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_focus);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, on_focus);
}

ActiveTextField active_text_field() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiInputTextState& st = g.InputTextState;
    if (g.ActiveId == 0 || st.ID != g.ActiveId || st.TextW.Size == 0) return {};
    std::string text(static_cast<std::size_t>(ImTextCountUtf8BytesFromStr(st.TextW.Data, st.TextW.Data + st.CurLenW)) + 1, '\0');
    ImTextStrToUtf8(text.data(), static_cast<int>(text.size()), st.TextW.Data, st.TextW.Data + st.CurLenW);
    text.resize(text.size() - 1);
    return {.active = true, .text = std::move(text), .undo_steps = st.GetUndoAvailCount()};
}

}  // namespace crm

// What the browser inserted into the text input: typed characters, an IME's committed text.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_on_text_input(const char* text) { crm::insert_text(text); }

// The system clipboard's text from a paste event: ImGui pastes it at the caret as one edit (one
// Ctrl+Z undoes it), through its own Ctrl+V.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_on_text_paste(const char* text) {
    crm::g_clipboard = text ? text : "";
    crm::text_arrives(crm::g_clipboard.c_str());
    crm::press_ctrl_shortcut(ImGui::GetIO(), ImGuiKey_V);
    crm::request_input_frames();
}

// Edits an on-screen keyboard sent as input events rather than keys: 1 Backspace, 2 Delete, 3 Enter.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_on_text_edit_key(int which) {
    ImGuiKey key = which == 1 ? ImGuiKey_Backspace : which == 2 ? ImGuiKey_Delete : ImGuiKey_Enter;
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(key, true);
    io.AddKeyEvent(key, false);
    crm::request_input_frames();
}
