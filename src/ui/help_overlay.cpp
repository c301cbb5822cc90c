// The keyboard help overlay (? or F1): every shortcut of core/shortcuts.cpp, grouped by where it
// works, drawn from the same table the key handlers use, so what it says is what the keys do.
// A modal: Esc, Enter or Close closes it. Each line is readable text, so the item registry (and
// through it the tests and the accessibility mirror) can read it.
#include <string>
#include <vector>

#include "core/i18n.hpp"
#include "core/shortcuts.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kPopup = "###keyboard_help";

// One line per shortcut; entries of one action that follow each other share it ("? or F1").
void draw_context(ShortcutContext context, float keys_width) {
    ImGui::SeparatorText(tr(shortcut_context_name(context)));
    if (!ImGui::BeginTable(shortcut_context_name(context), 2, ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed, keys_width);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
    auto entries = shortcuts_in(context);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::string keys = shortcut_keys_text(*entries[i], tr("then"));
        while (i + 1 < entries.size() && entries[i + 1]->id == entries[i]->id)
            keys += std::string(" ") + tr("or") + " " + shortcut_keys_text(*entries[++i], tr("then"));
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
        ImGui::TextUnformatted(keys.c_str());
        ImGui::PopStyleColor();
        ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        item_registry_note_rect(keys.c_str(), min.x, min.y, max.x - min.x, max.y - min.y);
        ImGui::TableSetColumnIndex(1);
        ui::readable_text(tr(entries[i]->description));
    }
    ImGui::EndTable();
    ImGui::Spacing();
}

}  // namespace

void draw_help_overlay(App&, UiState& ui) {
    if (!ui.show_help) return;
    if (!ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImVec2 size(std::min(980.0f, vp->WorkSize.x - 40), std::min(640.0f, vp->WorkSize.y - 40));
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    std::string title = std::string(tr("Keyboard shortcuts")) + kPopup;
    bool keep = true;
    if (!ImGui::BeginPopupModal(title.c_str(), &keep, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize)) {
        ui.show_help = false;
        return;
    }
    item_registry_title_current_window(title);
    ImGui::TextDisabled("%s", tr("Tab and Shift+Tab move between buttons and fields everywhere; Space or Enter presses "
                                 "the one with the focus frame; arrows move inside lists and menus."));
    float footer = ImGui::GetFrameHeightWithSpacing() + 8;
    // a scrolling body, so long translations still fit; Page Up/Down scroll it from the keyboard
    ImGui::BeginChild("help_body", ImVec2(0, -footer), ImGuiChildFlags_None);
    const float keys_width = 104;
    if (ImGui::BeginTable("help_columns", 3, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        draw_context(ShortcutContext::Global, keys_width);
        draw_context(ShortcutContext::Dialog, keys_width);
        ImGui::TableSetColumnIndex(1);
        draw_context(ShortcutContext::Activities, keys_width);
        draw_context(ShortcutContext::Grid, keys_width);
        ImGui::TableSetColumnIndex(2);
        draw_context(ShortcutContext::Kanban, keys_width);
        draw_context(ShortcutContext::Calendar, keys_width);
        ImGui::EndTable();
    }
    ImGui::EndChild();
    bool close = !keep || ImGui::Button(ui::label("Close", "help_close").c_str()) ||
                 ImGui::IsKeyPressed(ImGuiKey_Escape, false) ||
                 (ImGui::IsKeyPressed(ImGuiKey_Enter, false) && !ImGui::IsAnyItemActive());
    if (close) {
        ui.show_help = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace crm
