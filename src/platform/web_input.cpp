// Browser input to ImGui: mouse, wheel, keyboard and text, paste, and the canvas size at the
// device pixel ratio (so text is drawn at the screen's real resolution). Every event asks the
// frame loop for a few frames; with no events, nothing is drawn.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstring>
#include <string_view>

#include "imgui.h"
#include "web_app.hpp"

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

void update_modifiers(ImGuiIO& io, bool ctrl, bool shift, bool alt, bool meta) {
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    io.AddMousePosEvent(static_cast<float>(e->targetX), static_cast<float>(e->targetY));
    int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button >= 0 && type == EMSCRIPTEN_EVENT_MOUSEDOWN) io.AddMouseButtonEvent(button, true);
    if (button >= 0 && type == EMSCRIPTEN_EVENT_MOUSEUP) io.AddMouseButtonEvent(button, false);
    request_frames();
    return type != EMSCRIPTEN_EVENT_MOUSEMOVE;  // keep focus handling of the page for moves
}

// Releases are watched on the whole document so a drag that ends outside the canvas still ends.
EM_BOOL on_mouse_up_document(int, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button >= 0) io.AddMouseButtonEvent(button, false);
    request_frames();
    return false;
}

EM_BOOL on_leave(int, const EmscriptenMouseEvent*, void*) {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    request_frames();
    return false;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    // deltaMode 0 is pixels; ImGui wants "lines" (about 3 text lines per notch)
    double scale = e->deltaMode == DOM_DELTA_PIXEL ? 1.0 / 100.0 : e->deltaMode == DOM_DELTA_LINE ? 1.0 / 3.0 : 1.0;
    ImGui::GetIO().AddMouseWheelEvent(static_cast<float>(-e->deltaX * scale), static_cast<float>(-e->deltaY * scale));
    request_frames();
    return true;
}

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    update_modifiers(io, e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    ImGuiKey key = key_from_code(e->code);
    if (key != ImGuiKey_None) io.AddKeyEvent(key, down);
    request_frames();
    if (!down) return true;
    // Printable characters: `key` is the character itself (one code point, possibly multi-byte).
    std::size_t len = std::strlen(e->key);
    bool single_char = len > 0 && len <= 4 && (len == 1 || (static_cast<unsigned char>(e->key[0]) >= 0xC0));
    bool command = e->ctrlKey || e->metaKey;
    if (single_char && !command) {
        note_text_for_glyphs(e->key);
        io.AddInputCharactersUTF8(e->key);
        return true;
    }
    // Let the browser see Ctrl/Cmd+V so the paste event brings the system clipboard in, and
    // leave other browser shortcuts (reload, zoom, dev tools) alone.
    if (command) {
        bool ours = key == ImGuiKey_A || key == ImGuiKey_C || key == ImGuiKey_X || key == ImGuiKey_Z ||
                    key == ImGuiKey_Y || key == ImGuiKey_Enter || key == ImGuiKey_S;
        return ours;
    }
    return key != ImGuiKey_None && key != ImGuiKey_F5 && key != ImGuiKey_F12;
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    update_display_size();
    request_frames();
    return false;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
    ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    request_frames();
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

}  // namespace crm

// Text pasted into the page (Ctrl+V) arrives here from the shell's paste listener.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_on_paste(const char* text) {
    crm::note_text_for_glyphs(text);
    ImGui::GetIO().AddInputCharactersUTF8(text);
    crm::request_frames();
}
