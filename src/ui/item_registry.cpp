#include "item_registry.hpp"

#include <cstdio>
#include <unordered_map>

#include "imgui.h"
#include "imgui_internal.h"

namespace crm {
namespace {
struct Registry {
    bool enabled = false;
    std::vector<RegisteredItem> items;
    std::unordered_map<ImGuiID, std::size_t> by_id;
    std::unordered_map<ImGuiID, ImRect> pending_rects;  // ItemAdd seen, label not yet
    std::unordered_map<ImGuiID, std::string> window_titles;  // current titles of "###" windows
};
Registry& registry() {
    static Registry r;
    return r;
}

// "Save###save" -> "Save". A label with no visible text ("##due_filter") is named by its id
// ("due_filter") so that tests and assistive technology can still address it.
std::string strip_id_suffix(const char* s) {
    std::string out(s ? s : "");
    auto pos = out.find("##");
    if (pos == std::string::npos) return out;
    if (pos > 0) {
        out.resize(pos);
        return out;
    }
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
}  // namespace

void item_registry_enable(bool on) {
    registry().enabled = on;
    if (ImGui::GetCurrentContext()) ImGui::GetCurrentContext()->TestEngineHookItems = on;
}
bool item_registry_enabled() { return registry().enabled; }

void item_registry_begin_frame() {
    auto& r = registry();
    r.items.clear();
    r.by_id.clear();
    r.pending_rects.clear();
    r.window_titles.clear();
    if (ImGui::GetCurrentContext()) ImGui::GetCurrentContext()->TestEngineHookItems = r.enabled;
}

const std::vector<RegisteredItem>& item_registry_items() { return registry().items; }

void item_registry_title_current_window(const std::string& title) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx || !ctx->CurrentWindow) return;
    registry().window_titles[ctx->CurrentWindow->ID] = strip_id_suffix(title.c_str());
}

void item_registry_note_rect(const char* label, float x, float y, float w, float h) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx || !ctx->CurrentWindow) return;
    ImGuiID id = ImGui::GetID(label);
    ImGuiTestEngineHook_ItemAdd(ctx, id, ImRect(x, y, x + w, y + h), nullptr);
    ImGuiTestEngineHook_ItemInfo(ctx, id, label, 0);
}

void item_registry_note_last_item(const char* label) {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!registry().enabled || !ctx) return;
    ImGuiTestEngineHook_ItemAdd(ctx, ImGui::GetItemID(), ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), nullptr);
    ImGuiTestEngineHook_ItemInfo(ctx, ImGui::GetItemID(), label, 0);
}

std::string item_registry_json() {
    std::string out = "[";
    char buf[160];
    bool first = true;
    for (const auto& it : registry().items) {
        if (!first) out.push_back(',');
        first = false;
        std::snprintf(buf, sizeof buf, "{\"id\":%u,\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"layer\":%d,\"label\":", it.id,
                      it.x, it.y, it.w, it.h, it.layer);
        out += buf;
        append_json_string(out, it.label);
        out += ",\"window\":";
        append_json_string(out, it.window);
        out.push_back('}');
    }
    out.push_back(']');
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

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    auto& r = crm::registry();
    if (!r.enabled || !label || !ctx->CurrentWindow) return;
    if (ImGui::FindWindowByID(id)) return;  // a window, not an item inside one
    // A popup's first frame is laid out but not shown (auto-fit pass): its items are not where
    // they will be, and nobody can click them yet.
    for (ImGuiWindow* w = ctx->CurrentWindow; w; w = w->ParentWindow)
        if (w->HiddenFramesCannotSkipItems > 0 || w->HiddenFramesCanSkipItems > 0) return;
    auto rect = r.pending_rects.find(id);
    if (rect == r.pending_rects.end()) return;
    std::string text = crm::strip_id_suffix(label);
    if (text.empty()) return;
    const ImRect& bb = rect->second;
    // child windows report their dialog's current title (ImGui names them after its first one)
    auto titled = r.window_titles.find(ctx->CurrentWindow->RootWindow ? ctx->CurrentWindow->RootWindow->ID
                                                                       : ctx->CurrentWindow->ID);
    std::string window = titled != r.window_titles.end() ? titled->second : crm::strip_id_suffix(ctx->CurrentWindow->Name);
    crm::RegisteredItem item{id, std::move(text), std::move(window), bb.Min.x, bb.Min.y,
                             bb.GetWidth() > 0 ? bb.GetWidth() : 0, bb.GetHeight() > 0 ? bb.GetHeight() : 0,
                             ctx->BeginPopupStack.Size};
    auto existing = r.by_id.find(id);
    if (existing != r.by_id.end()) {
        r.items[existing->second] = std::move(item);
    } else {
        r.by_id[id] = r.items.size();
        r.items.push_back(std::move(item));
    }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
