#include "item_registry.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "imgui.h"
#include "imgui_internal.h"

namespace crm {
namespace {
struct Caption {
    std::string text;
    const ImGuiWindow* window = nullptr;
    const ImGuiTable* table = nullptr;  // null: names the next field only
    int table_row = -1;
    int uses = 0;
};

struct Registry {
    bool enabled = false;
    std::vector<RegisteredItem> items;
    std::vector<RegisteredWindow> windows;
    std::vector<RegisteredTable> tables;
    std::string status;
    std::unordered_map<ImGuiID, std::size_t> by_id;
    std::unordered_map<ImGuiID, ImRect> pending_rects;  // ItemAdd seen, label not yet
    std::unordered_map<ImGuiID, std::string> window_titles;  // current titles of "###" windows
    std::unordered_map<ImGuiID, int> window_index;           // root window -> windows[]
    std::unordered_map<ImGuiID, std::pair<A11yLandmark, std::string>> landmarks;  // by window
    Caption caption;
    // An activation being played into ImGui's input, one event per frame (see activate).
    struct Click {
        float x = 0, y = 0;
        int events = 0;  // still to send: the move, down, up, then Enter down and up to open
        int sent = 0;
    } click;
    std::string row_table;
    int row_index = -1;
};
Registry& registry() {
    static Registry r;
    return r;
}

// "Save###save" -> "Save". A label with no visible text ("##due_filter") is named by its id
// ("due_filter") so that tests and assistive technology can still address it; `hidden` says so.
std::string strip_id_suffix(const char* s, bool* hidden = nullptr) {
    std::string out(s ? s : "");
    if (hidden) *hidden = false;
    auto pos = out.find("##");
    if (pos == std::string::npos) return out;
    if (pos > 0) {
        out.resize(pos);
        return out;
    }
    if (hidden) *hidden = true;
    auto id_start = out.find_first_not_of('#');
    return id_start == std::string::npos ? std::string{} : out.substr(id_start);
}

void append_json_string(std::string& out, const std::string& s) {
    out.push_back('"');
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    out.push_back('"');
}

RegisteredItem* last_item() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx) return nullptr;
    auto it = registry().by_id.find(ctx->LastItemData.ID);
    return it == registry().by_id.end() ? nullptr : &registry().items[it->second];
}

A11yWindowRole window_role(const ImGuiWindow* root) {
    if (root->Flags & ImGuiWindowFlags_Modal) return A11yWindowRole::Dialog;
    if (root->Flags & ImGuiWindowFlags_Popup)
        return std::strncmp(root->Name, "##Combo_", 8) == 0 ? A11yWindowRole::Listbox : A11yWindowRole::Menu;
    return A11yWindowRole::Main;
}

// The role ImGui's flags and the window tell; views correct the rest with note_role.
A11yRole default_role(ImGuiItemStatusFlags flags, A11yWindowRole in) {
    if (flags & ImGuiItemStatusFlags_Inputable) return A11yRole::Textbox;
    if (in == A11yWindowRole::Listbox) return A11yRole::Option;
    if (in == A11yWindowRole::Menu) return A11yRole::MenuItem;  // MenuItem is checkable too
    if (flags & ImGuiItemStatusFlags_Checkable) return A11yRole::Checkbox;
    return A11yRole::Button;
}

// "due_time" -> "due time": a readable fallback for a field with no visible label.
std::string humanize(std::string s) {
    for (char& c : s)
        if (c == '_') c = ' ';
    return s;
}

bool takes_caption(A11yRole role) {
    return role == A11yRole::Textbox || role == A11yRole::TextboxMultiline || role == A11yRole::Combobox ||
           role == A11yRole::Checkbox;
}

// Records one item drawn in `window` (normally the current one). `layer` is the popup depth.
void record(ImGuiContext* ctx, ImGuiWindow* window, ImGuiID id, const char* label, ImGuiItemStatusFlags flags,
            int layer, A11yRole forced_role, bool role_forced) {
    auto& r = registry();
    auto rect = r.pending_rects.find(id);
    if (rect == r.pending_rects.end()) return;
    bool hidden_label = false;
    std::string text = strip_id_suffix(label, &hidden_label);
    if (text.empty()) return;
    const ImRect& bb = rect->second;
    ImGuiWindow* root = window->RootWindow ? window->RootWindow : window;
    // child windows report their dialog's current title (ImGui names them after its first one)
    auto titled = r.window_titles.find(root->ID);
    std::string title = titled != r.window_titles.end() ? titled->second : strip_id_suffix(window->Name);
    auto [win, added] = r.window_index.try_emplace(root->ID, static_cast<int>(r.windows.size()));
    if (added)
        r.windows.push_back({titled != r.window_titles.end() ? titled->second : strip_id_suffix(root->Name), window_role(root), layer});
    A11yWindowRole in = r.windows[static_cast<std::size_t>(win->second)].role;

    RegisteredItem item{id, std::move(text), std::move(title), bb.Min.x, bb.Min.y,
                        bb.GetWidth() > 0 ? bb.GetWidth() : 0, bb.GetHeight() > 0 ? bb.GetHeight() : 0, layer};
    item.role = role_forced ? forced_role : default_role(flags, in);
    item.checkable = (flags & ImGuiItemStatusFlags_Checkable) != 0;
    item.checked = (flags & ImGuiItemStatusFlags_Checked) != 0;
    item.expandable = (flags & ImGuiItemStatusFlags_Openable) != 0;
    item.expanded = (flags & ImGuiItemStatusFlags_Opened) != 0;
    item.disabled = (ctx->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    item.window_index = win->second;
    for (ImGuiWindow* w = window; w; w = w->ParentWindow) {
        if (auto lm = r.landmarks.find(w->ID); lm != r.landmarks.end()) {
            item.landmark = lm->second.first;
            item.landmark_label = lm->second.second;
            break;
        }
        if (w == root) break;
    }
    // only the row's own cells: a context menu opened from the row is not part of it
    if (r.row_index >= 0 && ctx->CurrentTable && window == ctx->CurrentTable->InnerWindow) {
        item.table = r.row_table;
        item.row_index = r.row_index;
    }
    Caption& c = r.caption;
    if (hidden_label && takes_caption(item.role) && !c.text.empty() && c.window == window &&
        (c.table ? (ctx->CurrentTable == c.table && c.table->CurrentRow == c.table_row) : c.uses == 0)) {
        item.name = c.uses == 0 ? c.text : c.text + ": " + humanize(item.label);
        ++c.uses;
    }
    auto existing = r.by_id.find(id);
    if (existing != r.by_id.end()) {
        r.items[existing->second] = std::move(item);
    } else {
        r.by_id[id] = r.items.size();
        r.items.push_back(std::move(item));
    }
}
}  // namespace

const char* a11y_role_name(A11yRole role) {
    switch (role) {
        case A11yRole::Button: return "button";
        case A11yRole::Checkbox: return "checkbox";
        case A11yRole::Radio: return "radio";
        case A11yRole::Textbox: return "textbox";
        case A11yRole::TextboxMultiline: return "textarea";
        case A11yRole::Combobox: return "combobox";
        case A11yRole::MenuItem: return "menuitem";
        case A11yRole::Option: return "option";
        case A11yRole::Tab: return "tab";
        case A11yRole::Link: return "link";
        case A11yRole::Heading: return "heading";
        case A11yRole::Row: return "row";
        case A11yRole::Text: return "text";
        case A11yRole::ListItem: return "listitem";
    }
    return "button";
}

void item_registry_enable(bool on) {
    registry().enabled = on;
    if (ImGui::GetCurrentContext()) ImGui::GetCurrentContext()->TestEngineHookItems = on;
}
bool item_registry_enabled() { return registry().enabled; }

void item_registry_begin_frame() {
    auto& r = registry();
    r.items.clear();
    r.windows.clear();
    r.tables.clear();
    r.status.clear();
    r.by_id.clear();
    r.pending_rects.clear();
    r.window_titles.clear();
    r.window_index.clear();
    r.landmarks.clear();
    r.caption = {};
    r.row_index = -1;
    if (ImGui::GetCurrentContext()) ImGui::GetCurrentContext()->TestEngineHookItems = r.enabled;
    if (r.click.events > 0 && ImGui::GetCurrentContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(r.click.x, r.click.y);  // again, in case the real mouse moved meanwhile
        if (r.click.sent == 1 || r.click.sent == 2) io.AddMouseButtonEvent(ImGuiMouseButton_Left, r.click.sent == 1);
        if (r.click.sent == 3 || r.click.sent == 4) io.AddKeyEvent(ImGuiKey_Enter, r.click.sent == 3);
        ++r.click.sent;
        --r.click.events;
    }
}

const std::vector<RegisteredItem>& item_registry_items() { return registry().items; }

const RegisteredItem* item_registry_find(unsigned id) {
    auto it = registry().by_id.find(id);
    return it == registry().by_id.end() ? nullptr : &registry().items[it->second];
}
const std::vector<RegisteredWindow>& item_registry_windows() { return registry().windows; }

void item_registry_title_current_window(const std::string& title) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx || !ctx->CurrentWindow) return;
    registry().window_titles[ctx->CurrentWindow->ID] = strip_id_suffix(title.c_str());
}

void item_registry_note_rect(const char* label, float x, float y, float w, float h, A11yRole role) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx || !ctx->CurrentWindow) return;
    ImGuiID id = ImGui::GetID(label);
    ImGuiTestEngineHook_ItemAdd(ctx, id, ImRect(x, y, x + w, y + h), nullptr);
    record(ctx, ctx->CurrentWindow, id, label, 0, ctx->BeginPopupStack.Size, role, true);
}

void item_registry_note_item(unsigned id, const char* label, A11yRole role, const std::string& value, bool opened_popup) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx || !ctx->CurrentWindow) return;
    // An open combo has already begun its popup: the combo itself sits in the window below
    // (its rectangle was taken by the ItemAdd hook before the popup began).
    ImGuiWindow* window = ctx->CurrentWindow;
    int layer = ctx->BeginPopupStack.Size;
    if (opened_popup && window->ParentWindow) {
        window = window->ParentWindow;
        --layer;
    }
    record(ctx, window, id, label, 0, layer, role, true);
    auto found = registry().by_id.find(id);
    if (found == registry().by_id.end()) return;
    RegisteredItem& it = registry().items[found->second];
    it.value = value;
    if (role == A11yRole::Combobox) {
        it.expandable = true;
        it.expanded = opened_popup;
    }
}

void item_registry_note_role(A11yRole role) {
    if (RegisteredItem* it = last_item()) it->role = role;
}
void item_registry_note_selected(bool selected) {
    if (RegisteredItem* it = last_item()) it->selected = selected;
}
void item_registry_note_checked(bool checked) {
    if (RegisteredItem* it = last_item()) {
        it->checkable = true;
        it->checked = checked;
    }
}
void item_registry_note_expanded(bool expanded) {
    if (RegisteredItem* it = last_item()) {
        it->expandable = true;
        it->expanded = expanded;
    }
}
void item_registry_note_value(const std::string& value) {
    if (RegisteredItem* it = last_item()) it->value = value;
}

void item_registry_caption(const std::string& caption) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx) return;
    Caption& c = registry().caption;
    c.text = caption;
    c.window = ctx->CurrentWindow;
    c.table = ctx->CurrentTable;
    c.table_row = ctx->CurrentTable ? ctx->CurrentTable->CurrentRow : -1;
    c.uses = 0;
}

void item_registry_landmark(A11yLandmark landmark, const std::string& label) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx || !ctx->CurrentWindow) return;
    registry().landmarks[ctx->CurrentWindow->ID] = {landmark, label};
}

void item_registry_table(const char* id, const std::string& label, int row_count, std::vector<std::string> headers) {
    if (!registry().enabled) return;
    registry().tables.push_back({id, label, row_count, std::move(headers)});
}

void item_registry_row_begin(const char* table, int row_index) {
    if (!registry().enabled) return;
    registry().row_table = table;
    registry().row_index = row_index;
}
void item_registry_row_end() { registry().row_index = -1; }

void item_registry_note_row(std::vector<std::string> cells, bool selected) {
    if (RegisteredItem* it = last_item()) {
        it->role = A11yRole::Row;
        it->cells = std::move(cells);
        it->selected = selected;
    }
}

void item_registry_status(const std::string& text) {
    if (registry().enabled) registry().status = text;
}

bool item_registry_activate(unsigned id, A11yAction action) {
    auto& r = registry();
    auto found = r.by_id.find(id);
    if (found == r.by_id.end() || !ImGui::GetCurrentContext()) return false;
    const RegisteredItem& it = r.items[found->second];
    if (it.w <= 0 || it.h <= 0) return false;
    // Where a person clicks: the centre, or near the text of a wide row (its centre can fall on
    // a column border's resize handle).
    float x = it.x + (it.w > 240 ? 60 : it.w / 2), y = it.y + it.h / 2;
    // One event per frame: the move first, so the item is hovered in the frame before the press
    // (ImGui lets an overlapping item, like a grid row, take a press only when it was hovered).
    r.click = {x, y, action == A11yAction::Open ? 5 : 3, 0};
    return true;
}

namespace {

void append_int(std::string& out, long long v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

// What an item is (name, value, states, landmark, table row, cells): the same fields in the test
// state's items and in the mirror's updates.
void append_item_semantics(std::string& out, const RegisteredItem& it) {
    if (!it.name.empty()) out += ",\"name\":", append_json_string(out, it.name);
    if (!it.value.empty() || it.role == A11yRole::Textbox || it.role == A11yRole::TextboxMultiline)
        out += ",\"value\":", append_json_string(out, it.value);
    if (it.checkable || it.role == A11yRole::Checkbox || it.role == A11yRole::Radio)
        out += it.checked ? ",\"checked\":true" : ",\"checked\":false";
    if (it.selected) out += ",\"selected\":true";
    if (it.expandable || it.role == A11yRole::Combobox) out += it.expanded ? ",\"expanded\":true" : ",\"expanded\":false";
    if (it.disabled) out += ",\"disabled\":true";
    if (it.landmark != A11yLandmark::None) {
        out += it.landmark == A11yLandmark::Navigation ? ",\"landmark\":\"navigation\",\"landmarkLabel\":" : ",\"landmark\":\"main\",\"landmarkLabel\":";
        append_json_string(out, it.landmark_label);
    }
    if (it.row_index >= 0) {
        out += ",\"table\":";
        append_json_string(out, it.table);
        out += ",\"row\":";
        append_int(out, it.row_index);
    }
    if (!it.cells.empty()) {
        out += ",\"cells\":[";
        for (std::size_t i = 0; i < it.cells.size(); ++i) {
            if (i) out.push_back(',');
            append_json_string(out, it.cells[i]);
        }
        out.push_back(']');
    }
}

}  // namespace

std::string item_registry_json() {
    std::string out = "[";
    char buf[200];
    bool first = true;
    for (const auto& it : registry().items) {
        if (!first) out.push_back(',');
        first = false;
        std::snprintf(buf, sizeof buf, "{\"id\":%u,\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"layer\":%d,\"win\":%d,\"role\":\"%s\",\"label\":",
                      it.id, it.x, it.y, it.w, it.h, it.layer, it.window_index, a11y_role_name(it.role));
        out += buf;
        append_json_string(out, it.label);
        out += ",\"window\":";
        append_json_string(out, it.window);
        append_item_semantics(out, it);
        out.push_back('}');
    }
    out.push_back(']');
    return out;
}

std::string item_registry_a11y_json(const std::string& items_json) {
    const auto& r = registry();
    std::string out = "{\"windows\":[";
    for (std::size_t i = 0; i < r.windows.size(); ++i) {
        const auto& w = r.windows[i];
        if (i) out.push_back(',');
        static const char* kRoles[] = {"main", "dialog", "menu", "listbox"};
        out += "{\"role\":\"" + std::string(kRoles[static_cast<int>(w.role)]) + "\",\"layer\":" + std::to_string(w.layer) + ",\"title\":";
        append_json_string(out, w.title);
        out.push_back('}');
    }
    out += "],\"tables\":[";
    for (std::size_t i = 0; i < r.tables.size(); ++i) {
        const auto& t = r.tables[i];
        if (i) out.push_back(',');
        out += "{\"id\":";
        append_json_string(out, t.id);
        out += ",\"label\":";
        append_json_string(out, t.label);
        out += ",\"rowCount\":" + std::to_string(t.row_count) + ",\"headers\":[";
        for (std::size_t k = 0; k < t.headers.size(); ++k) {
            if (k) out.push_back(',');
            append_json_string(out, t.headers[k]);
        }
        out += "]}";
    }
    out += "],\"status\":";
    append_json_string(out, r.status);
    out += ",\"items\":" + items_json + "}";
    return out;
}


namespace {

// Whether the mirror would show `a` and `b` the same (everything but geometry and layer).
bool same_for_mirror(const RegisteredItem& a, const RegisteredItem& b) {
    return a.id == b.id && a.role == b.role && a.window_index == b.window_index && a.checkable == b.checkable &&
           a.checked == b.checked && a.selected == b.selected && a.expandable == b.expandable && a.expanded == b.expanded &&
           a.disabled == b.disabled && a.landmark == b.landmark && a.row_index == b.row_index && a.label == b.label &&
           a.name == b.name && a.value == b.value && a.landmark_label == b.landmark_label && a.table == b.table &&
           a.cells == b.cells;
}

// One item as the mirror reads it: the fields of item_registry_json() without the geometry.
void append_mirror_item(std::string& out, const RegisteredItem& it) {
    out += "{\"id\":";
    append_int(out, it.id);
    out += ",\"win\":";
    append_int(out, it.window_index);
    out += ",\"role\":\"";
    out += a11y_role_name(it.role);
    out += "\",\"label\":";
    append_json_string(out, it.label);
    append_item_semantics(out, it);
    out.push_back('}');
}

void append_windows(std::string& out, const std::vector<RegisteredWindow>& windows) {
    static const char* kRoles[] = {"main", "dialog", "menu", "listbox"};
    out.push_back('[');
    for (std::size_t i = 0; i < windows.size(); ++i) {
        const auto& w = windows[i];
        if (i) out.push_back(',');
        out += "{\"role\":\"";
        out += kRoles[static_cast<int>(w.role)];
        out += "\",\"layer\":";
        append_int(out, w.layer);
        out += ",\"title\":";
        append_json_string(out, w.title);
        out.push_back('}');
    }
    out.push_back(']');
}

void append_tables(std::string& out, const std::vector<RegisteredTable>& tables) {
    out.push_back('[');
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const auto& t = tables[i];
        if (i) out.push_back(',');
        out += "{\"id\":";
        append_json_string(out, t.id);
        out += ",\"label\":";
        append_json_string(out, t.label);
        out += ",\"rowCount\":";
        append_int(out, t.row_count);
        out += ",\"headers\":[";
        for (std::size_t k = 0; k < t.headers.size(); ++k) {
            if (k) out.push_back(',');
            append_json_string(out, t.headers[k]);
        }
        out += "]}";
    }
    out.push_back(']');
}

// What the mirror was last sent; every buffer is kept between calls, so a publication costs
// comparisons and, for what changed, appends into storage that is already there.
struct MirrorState {
    bool valid = false;
    std::vector<RegisteredItem> items;
    std::vector<std::pair<unsigned, std::size_t>> by_id;  // sorted by id, into items
    std::vector<unsigned> order;
    std::string windows, tables, status;
    std::string out, scratch;
    std::vector<unsigned> new_order;
};
MirrorState& mirror_state() {
    static MirrorState m;
    return m;
}

// Appends `"key":<value>` to the update when `value` differs from `last`, which then takes it.
void section_if_changed(std::string& out, const char* key, std::string& value, std::string& last, bool force) {
    if (!force && value == last) return;
    out += out.size() > 1 ? ",\"" : "\"";
    out += key;
    out += "\":";
    out += value;
    last.swap(value);
}

}  // namespace

void item_registry_mirror_reset() { mirror_state().valid = false; }

const std::string& item_registry_mirror_update() {
    const auto& r = registry();
    MirrorState& m = mirror_state();
    bool force = !m.valid;
    std::string& out = m.out;
    out.assign("{");
    m.scratch.clear();
    append_windows(m.scratch, r.windows);
    section_if_changed(out, "windows", m.scratch, m.windows, force);
    m.scratch.clear();
    append_tables(m.scratch, r.tables);
    section_if_changed(out, "tables", m.scratch, m.tables, force);
    m.scratch.clear();
    append_json_string(m.scratch, r.status);
    section_if_changed(out, "status", m.scratch, m.status, force);

    m.new_order.clear();
    for (const auto& it : r.items) m.new_order.push_back(it.id);
    bool order_changed = force || m.new_order != m.order;
    if (order_changed) {
        out += out.size() > 1 ? ",\"order\":[" : "\"order\":[";
        for (std::size_t i = 0; i < m.new_order.size(); ++i) {
            if (i) out.push_back(',');
            append_int(out, m.new_order[i]);
        }
        out.push_back(']');
        m.order.swap(m.new_order);
    }
    bool any_set = false;
    for (const auto& it : r.items) {
        if (!force) {
            auto found = std::lower_bound(m.by_id.begin(), m.by_id.end(), std::make_pair(it.id, std::size_t{0}));
            if (found != m.by_id.end() && found->first == it.id && same_for_mirror(m.items[found->second], it)) continue;
        }
        out += any_set ? "," : out.size() > 1 ? ",\"set\":[" : "\"set\":[";
        any_set = true;
        append_mirror_item(out, it);
    }
    if (any_set) out.push_back(']');
    if (any_set || order_changed) {
        m.items = r.items;
        m.by_id.clear();
        for (std::size_t i = 0; i < m.items.size(); ++i) m.by_id.emplace_back(m.items[i].id, i);
        std::sort(m.by_id.begin(), m.by_id.end());
    }
    m.valid = true;
    if (out.size() == 1) out.clear();
    else out.push_back('}');
    return out;
}
}  // namespace crm

// ---- ImGui's hooks (declared in imgui_internal.h under IMGUI_ENABLE_TEST_ENGINE) ------------------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData*) {
    auto& r = crm::registry();
    if (!r.enabled || !ctx->CurrentWindow) return;
    ImRect visible = bb;
    visible.ClipWithFull(ctx->CurrentWindow->ClipRect);
    r.pending_rects[id] = visible;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    auto& r = crm::registry();
    if (!r.enabled || !label || !ctx->CurrentWindow) return;
    if (ImGui::FindWindowByID(id)) return;  // a window, not an item inside one
    // A popup's first frame is laid out but not shown (auto-fit pass): its items are not where
    // they will be, and nobody can click them yet.
    for (ImGuiWindow* w = ctx->CurrentWindow; w; w = w->ParentWindow)
        if (w->HiddenFramesCannotSkipItems > 0 || w->HiddenFramesCanSkipItems > 0) return;
    crm::record(ctx, ctx->CurrentWindow, id, label, flags, ctx->BeginPopupStack.Size, crm::A11yRole::Button, false);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
