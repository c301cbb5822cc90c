// First start on a device: the user picks who they are (one of the existing users, or a new
// profile with name and email). The choice is remembered on this device; it stamps every
// record the user creates or changes and decides what "My activities" shows.
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {

void draw_welcome(App& app, UiState& ui) {
    constexpr const char* kPopup = "###welcome";
    if (!ImGui::IsPopupOpen(kPopup)) ImGui::OpenPopup(kPopup);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(460, 0));
    std::string title = std::string(tr("Welcome to Activities")) + kPopup;
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) return;
    ImGui::TextWrapped("%s", tr("Your data stays in this browser. Choose who you are on this device:"));
    ImGui::Spacing();
    for (const auto& u : app.store.users().rows()) {
        if (u.meta.deleted) continue;
        std::string text = u.name + (u.email.empty() ? "" : "  <" + u.email + ">") + "##" + u.meta.id;
        if (ImGui::Button(text.c_str(), ImVec2(-1, 0))) {
            sign_in(app, u.meta.id);
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::Spacing();
    ImGui::SeparatorText(tr("Or create a new profile"));
    ui::input_text("Name", "new_user_name", ui.new_user_name, 300);
    ui::field_error(ui.profile_errors, "name");
    ui::input_text("Email", "new_user_email", ui.new_user_email, 300);
    ui::field_error(ui.profile_errors, "email");
    if (ImGui::Button(ui::label("Create profile", "create_profile").c_str())) {
        auto made = app.store.create_user(ui.new_user_name, ui.new_user_email, app.actor());
        ui.profile_errors = made.status;
        if (made.ok()) {
            sign_in(app, made.value);
            ui.new_user_name.clear();
            ui.new_user_email.clear();
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
}

}  // namespace crm
