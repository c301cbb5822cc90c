// The stacked form dialogs: each level is an ImGui modal opened inside the one below it, so the
// user sees the newest form on top and returns to the previous one, edits intact, on close.
// The bulk dialogs (mark complete, assign, delete) open inside the topmost form, or at the root
// when no form is open, because a modal opened outside the top popup would close the others.
#include <algorithm>

#include "core/i18n.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "views.hpp"

namespace crm {
namespace {

void draw_level(App& app, UiState& ui, std::size_t level) {
    if (level >= ui.dialogs.size()) {
        draw_bulk_dialogs(app, ui);
        return;
    }
    std::string popup_id = "###form" + std::to_string(level);
    bool is_record = std::holds_alternative<RecordDialog>(ui.dialogs[level]);
    std::string title = is_record ? record_form_title(app, std::get<RecordDialog>(ui.dialogs[level]))
                                  : activity_form_title(app, std::get<ActivityDialog>(ui.dialogs[level]));
    title += popup_id;
    if (!ImGui::IsPopupOpen(popup_id.c_str())) ImGui::OpenPopup(popup_id.c_str());

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // Each level is offset a little so the stack is visible behind the top form.
    float offset = 18.0f * static_cast<float>(level);
    if (is_record) {
        ImGui::SetNextWindowSize(ImVec2(std::min(1180.0f, vp->WorkSize.x - 60 - offset), vp->WorkSize.y - 80 - offset), ImGuiCond_Always);
    } else {
        ImGui::SetNextWindowSize(ImVec2(std::min(700.0f, vp->WorkSize.x - 40), 0), ImGuiCond_Always);
    }
    ImGui::SetNextWindowPos(ImVec2(vp->GetCenter().x + offset, vp->GetCenter().y + offset), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    bool keep_open = true;
    if (!ImGui::BeginPopupModal(title.c_str(), &keep_open, ImGuiWindowFlags_NoSavedSettings)) {
        ui.dialogs.resize(level);  // closed by ImGui: drop it and everything above
        return;
    }
    item_registry_title_current_window(title);
    bool is_top = level + 1 == ui.dialogs.size() && !ui.state_change.open && !ui.assign.open && !ui.confirm_delete.open &&
                  !ui.follow_up.open && !ui.reminders.panel_open;
    bool close = !keep_open;
    // The form may push a new level; the deque keeps this reference valid.
    FormDialog& form = ui.dialogs[level];
    if (auto* record = std::get_if<RecordDialog>(&form)) close |= draw_record_form(app, ui, *record, is_top);
    else close |= draw_activity_form(app, ui, std::get<ActivityDialog>(form), is_top);

    if (close) {
        ui.dialogs.resize(level);
        ImGui::CloseCurrentPopup();  // a bulk dialog it opened appears next frame at the new top
    } else {
        draw_level(app, ui, level + 1);
    }
    ImGui::EndPopup();
}

}  // namespace

void draw_dialog_stack(App& app, UiState& ui) {
    app.drop_target_activity_id.clear();
    draw_level(app, ui, 0);
}

}  // namespace crm
