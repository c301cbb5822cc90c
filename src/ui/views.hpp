// Entry points of the views, one per file. Each draws from App and UiState and changes data only
// through Store commands. draw_app() is the whole frame: navigation, the current page, dialogs.
#pragma once
#include "app.hpp"
#include "ui_state.hpp"

namespace crm {

void draw_app(App& app, UiState& ui);                // app_frame.cpp
void draw_activity_grid(App& app, UiState& ui);      // activity_grid_view.cpp
void draw_activity_dialog(App& app, UiState& ui);    // activity_dialog.cpp
void draw_bulk_dialogs(App& app, UiState& ui);       // bulk_dialogs.cpp: complete/cancel, assign, delete
void draw_record_list(App& app, UiState& ui);        // record_list_view.cpp
void draw_settings(App& app, UiState& ui);           // settings_view.cpp
void draw_welcome(App& app, UiState& ui);            // welcome_view.cpp

// Commands shared by several views.
void open_new_activity(App& app, UiState& ui, ActivityType type);
void open_activity(App& app, UiState& ui, const std::string& id);
void open_state_change(App& app, UiState& ui, std::vector<std::string> ids, ActivityState target);
void open_assign(App& app, UiState& ui, std::vector<std::string> ids);
void show_notice(UiState& ui, std::string text, bool is_error = false);

}  // namespace crm
