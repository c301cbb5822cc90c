#include "widgets.hpp"

#include <algorithm>
#include <cmath>

#include "core/activity.hpp"  // utf8_length
#include "core/i18n.hpp"
#include "imgui_stdlib.h"
#include "item_registry.hpp"

namespace crm::ui {

std::string listed_subject(const Activity& a) { return a.recurrence ? kRepeatGap + a.subject : a.subject; }

void repeat_icon(ImDrawList* dl, ImVec2 at, float size, ImU32 colour) {
    const float r = size * 0.32f, th = std::max(1.2f, size * 0.1f);
    const ImVec2 c(at.x + size * 0.5f, at.y + size * 0.52f);
    // Three quarters of a circle clockwise from the top, the arrowhead at its open end.
    dl->PathArcTo(c, r, -1.35f, 3.3f, 14);
    dl->PathStroke(colour, 0, th);
    const ImVec2 tip(c.x + r * std::cos(-1.35f), c.y + r * std::sin(-1.35f));
    const float h = size * 0.2f;
    dl->AddTriangleFilled(ImVec2(tip.x + h, tip.y), ImVec2(tip.x - h * 0.4f, tip.y - h), ImVec2(tip.x - h * 0.4f, tip.y + h), colour);
}

void mark_if_repeating(const Activity& a, ImVec2 text_at) {
    if (a.recurrence) repeat_icon(ImGui::GetWindowDrawList(), text_at, ImGui::GetTextLineHeight(), ImGui::GetColorU32(ImGuiCol_Text));
}


std::string label(const char* english, const char* id) { return std::string(tr(english)) + "###" + id; }
const char* t(const char* english) { return tr(english); }

ImU32 type_colour(ActivityType type) {
    switch (type) {
        case ActivityType::Email: return IM_COL32(0, 120, 212, 255);
        case ActivityType::PhoneCall: return IM_COL32(16, 124, 16, 255);
        case ActivityType::Task: return IM_COL32(135, 100, 184, 255);
        case ActivityType::Appointment: return IM_COL32(202, 80, 16, 255);
        case ActivityType::Note: return IM_COL32(150, 130, 40, 255);
    }
    return IM_COL32(128, 128, 128, 255);
}

void type_icon(ActivityType type, float size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float pad = size * 0.15f;
    ImVec2 a(p.x + pad, p.y + pad), b(p.x + size - pad, p.y + size - pad);
    ImU32 c = type_colour(type);
    float th = size * 0.09f;
    switch (type) {
        case ActivityType::Email:  // envelope
            dl->AddRect(a, b, c, 1.0f, 0, th);
            dl->AddLine(a, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2 + pad * 0.3f), c, th);
            dl->AddLine(ImVec2(b.x, a.y), ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2 + pad * 0.3f), c, th);
            break;
        case ActivityType::PhoneCall: {  // handset: two ear pieces joined by an arc
            ImVec2 centre((a.x + b.x) / 2, (a.y + b.y) / 2 + size * 0.12f);
            dl->PathArcTo(centre, (b.x - a.x) / 2, 3.5f, 5.92f, 10);
            dl->PathStroke(c, 0, th * 1.6f);
            dl->AddRectFilled(ImVec2(a.x, centre.y - size * 0.05f), ImVec2(a.x + size * 0.22f, centre.y + size * 0.12f), c, 1.5f);
            dl->AddRectFilled(ImVec2(b.x - size * 0.22f, centre.y - size * 0.05f), ImVec2(b.x, centre.y + size * 0.12f), c, 1.5f);
            break;
        }
        case ActivityType::Task:  // check box with tick
            dl->AddRect(a, b, c, 2.0f, 0, th);
            dl->AddLine(ImVec2(a.x + size * 0.15f, (a.y + b.y) / 2), ImVec2(a.x + size * 0.3f, b.y - size * 0.15f), c, th * 1.4f);
            dl->AddLine(ImVec2(a.x + size * 0.3f, b.y - size * 0.15f), ImVec2(b.x - size * 0.12f, a.y + size * 0.15f), c, th * 1.4f);
            break;
        case ActivityType::Appointment:  // calendar page
            dl->AddRect(a, b, c, 1.5f, 0, th);
            dl->AddRectFilled(a, ImVec2(b.x, a.y + size * 0.2f), c);
            dl->AddCircleFilled(ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2 + size * 0.1f), size * 0.09f, c);
            break;
        case ActivityType::Note: {  // page with folded corner and lines
            float fold = size * 0.2f;
            dl->PathLineTo(a);
            dl->PathLineTo(ImVec2(b.x - fold, a.y));
            dl->PathLineTo(ImVec2(b.x, a.y + fold));
            dl->PathLineTo(b);
            dl->PathLineTo(ImVec2(a.x, b.y));
            dl->PathStroke(c, ImDrawFlags_Closed, th);
            for (int i = 1; i <= 2; ++i) {
                float y = a.y + (b.y - a.y) * (0.3f + 0.25f * static_cast<float>(i));
                dl->AddLine(ImVec2(a.x + size * 0.12f, y), ImVec2(b.x - size * 0.12f, y), c, th * 0.8f);
            }
            break;
        }
    }
    ImGui::Dummy(ImVec2(size, size));
}

bool field_error(const Status& status, const char* field) {
    bool drew = false;
    for (const auto& e : status.errors) {
        if (e.field != field) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("%s", format_message(e).c_str());
        ImGui::PopStyleColor();
        drew = true;
    }
    return drew;
}

FormKeys form_keys(bool is_top) {
    if (!is_top || !ImGui::IsKeyDown(ImGuiMod_Ctrl)) return {};
    return {.save = ImGui::IsKeyPressed(ImGuiKey_S, false), .save_close = ImGui::IsKeyPressed(ImGuiKey_Enter)};
}

void record_errors(const Status& status) {
    for (const auto& e : status.errors) {
        if (!e.field.empty() && e.field != "state" && e.field != "reason") continue;
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("%s", format_message(e).c_str());
        ImGui::PopStyleColor();
    }
}

void form_row(const char* english, bool required) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(english));
    item_registry_caption(tr(english));  // names the row's fields for screen readers
    if (required) {
        ImGui::SameLine(0, 2);
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextUnformatted("*");
        ImGui::PopStyleColor();
    }
    ImGui::TableSetColumnIndex(1);
}

void field_caption(const char* english) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(english));
    item_registry_caption(tr(english));
    ImGui::SameLine();
}

bool input_text(const char* caption, const char* id, std::string& value, float width, int flags) {
    if (caption && caption[0] && caption[0] != '#') field_caption(caption);
    ImGui::SetNextItemWidth(width);
    bool changed = ImGui::InputText((std::string("##") + id).c_str(), &value, flags);
    // A password reaches the screen-reader mirror (page DOM) only as one bullet per character,
    // as a browser's own password field reads: the mirror is plain DOM any script can read.
    if (flags & ImGuiInputTextFlags_Password) {
        std::string bullets;
        for (std::size_t i = 0, n = utf8_length(value); i < n; ++i) bullets += "\u2022";
        item_registry_note_value(bullets);
    } else {
        item_registry_note_value(value);
    }
    return changed;
}

bool input_multiline(const char* caption, const char* id, std::string& value, float height) {
    if (caption && caption[0] && caption[0] != '#') field_caption(caption);
    bool changed = ImGui::InputTextMultiline((std::string("##") + id).c_str(), &value, ImVec2(-1, height));
    item_registry_note_role(A11yRole::TextboxMultiline);
    item_registry_note_value(value);
    return changed;
}

bool begin_combo(const char* id, const char* preview, int flags) {
    std::string imgui_id = std::string("##") + id;
    ImGuiID item_id = ImGui::GetID(imgui_id.c_str());
    bool open = ImGui::BeginCombo(imgui_id.c_str(), preview, flags);
    item_registry_note_item(item_id, imgui_id.c_str(), A11yRole::Combobox, preview ? preview : "", open);
    return open;
}

void type_mask_combo(const char* id, float width, std::uint8_t& mask) {
    const char* preview = tr("All types");
    for (auto type : kAllActivityTypes)
        if (mask == (1u << static_cast<unsigned>(type))) preview = tr(activity_type_name(type));
    ImGui::SetNextItemWidth(width);
    if (!begin_combo(id, preview)) return;
    if (ImGui::Selectable(tr("All types"), mask == 0x1F)) mask = 0x1F;
    for (auto type : kAllActivityTypes) {
        auto one = static_cast<std::uint8_t>(1u << static_cast<unsigned>(type));
        if (ImGui::Selectable(tr(activity_type_name(type)), mask == one)) mask = one;
    }
    ImGui::EndCombo();
}

void apply_style() {
    ImGui::StyleColorsLight();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 4;
    s.FrameRounding = 3;
    s.PopupRounding = 4;
    s.GrabRounding = 3;
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(8, 6);
    s.CellPadding = ImVec2(6, 4);
    s.WindowPadding = ImVec2(12, 10);
    s.FrameBorderSize = 1.0f;
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1);
    c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.95f, 0.97f, 1.0f, 1);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.90f, 0.94f, 1.0f, 1);
    c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.84f, 1);
    c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_Header] = ImVec4(0.80f, 0.88f, 0.97f, 1);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.88f, 0.93f, 0.99f, 1);
    c[ImGuiCol_HeaderActive] = ImVec4(0.72f, 0.83f, 0.96f, 1);
    c[ImGuiCol_Button] = ImVec4(0.93f, 0.94f, 0.96f, 1);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.84f, 0.89f, 0.96f, 1);
    c[ImGuiCol_ButtonActive] = ImVec4(0.74f, 0.83f, 0.95f, 1);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.93f, 0.94f, 0.96f, 1);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.975f, 0.98f, 0.99f, 1);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.1f, 0.1f, 0.15f, 0.35f);
}

bool begin_modal(const char* popup_id, std::string title, bool& open) {
    if (open && !ImGui::IsPopupOpen(popup_id)) ImGui::OpenPopup(popup_id);
    if (!open) return false;
    title += popup_id;
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    // As tall as its content up to the window's height: a fixed cap (it was 600 px) hid the
    // buttons of a long dialog (CSV import) below a scrollbar on screens that had the room.
    const float max_height = std::max(300.0f, ImGui::GetMainViewport()->Size.y - 40.0f);
    ImGui::SetNextWindowSizeConstraints(ImVec2(420, 0), ImVec2(700, max_height));
    bool keep = true;
    if (!ImGui::BeginPopupModal(title.c_str(), &keep, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        open = false;
        return false;
    }
    item_registry_title_current_window(title);
    if (!keep) {
        open = false;
        ImGui::CloseCurrentPopup();
    }
    return true;
}

void finish_modal(bool& open, bool close) {
    if (ImGui::IsKeyPressed(ImGuiKey_Escape)) close = true;
    if (close) {
        open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void readable_text(const std::string& text, ImU32 colour) {
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    if (colour) ImGui::PopStyleColor();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    item_registry_note_rect(text.c_str(), min.x, min.y, max.x - min.x, max.y - min.y);
}

}  // namespace crm::ui
