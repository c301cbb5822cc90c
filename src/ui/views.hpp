// Entry points of the views, one per file. Each draws from App and UiState and changes data only
// through Store commands. draw_app() is the whole frame: navigation, the current page, dialogs.
#pragma once
#include "app.hpp"
#include "ui_state.hpp"

namespace crm {

void draw_app(App& app, UiState& ui);                // app_frame.cpp
void draw_activities_page(App& app, UiState& ui);    // activities_page.cpp: Show as, filters, prefs
void draw_activity_grid(App& app, UiState& ui);      // activity_grid_view.cpp
void draw_kanban(App& app, UiState& ui);             // kanban_view.cpp
void draw_calendar(App& app, UiState& ui);           // calendar_view.cpp
void draw_report(App& app, UiState& ui);             // report_view.cpp: the dashboard
void draw_dialog_stack(App& app, UiState& ui);       // dialog_stack.cpp: the stacked forms
void draw_quick_search(App& app, UiState& ui);       // quick_search_view.cpp
void draw_bulk_dialogs(App& app, UiState& ui);       // bulk_dialogs.cpp: complete/cancel, assign, delete
void draw_record_list(App& app, UiState& ui);        // record_list_view.cpp
void draw_settings(App& app, UiState& ui);           // settings_view.cpp
void draw_sync_and_data(App& app, UiState& ui);      // sync_page.cpp: sync settings and status
void draw_sync_conflicts(App& app, UiState& ui);     // conflicts_view.cpp: pick a value per field
void draw_data_file(App& app, UiState& ui);          // data_file_view.cpp: export, import, confirm
void draw_import_dialogs(App& app, UiState& ui);     // data_file_view.cpp: confirm / errors popups
void draw_calendar_file(App& app, UiState& ui);      // calendar_file_view.cpp: .ics export, import preview
// csv_import_view.cpp: the Import CSV buttons, the mapping and preview dialog, and the grid export.
void draw_csv_import_buttons(App& app, UiState& ui);
void draw_csv_import_dialog(App& app, UiState& ui);
// A picked file's bytes: parsed and shown in the mapping dialog, or refused with its problem.
void open_csv_file(App& app, UiState& ui, CsvImportKind kind, const std::string& name, std::string_view bytes);
// Opens the platform's file dialog (App::pick_file) for a CSV of this kind, then open_csv_file().
void pick_csv_file(App& app, UiState& ui, CsvImportKind kind);
// Downloads the grid's current view (rows, shown columns in their order) as CSV.
void export_grid_view_csv(App& app, UiState& ui);
std::string sync_status_line(const App& app);        // sync_page.cpp: for the status bar
void draw_sync_offer(App& app, UiState& ui);         // sync_page.cpp: "Sync with this server?" 
void draw_welcome(App& app, UiState& ui);            // welcome_view.cpp
void draw_help_overlay(App& app, UiState& ui);       // help_overlay.cpp: the shortcut table (?, F1)
// Reads this frame's key presses into ui.shortcut (app_frame.cpp); nothing when a text field,
// a popup or a dialog has the keyboard.
void read_shortcut(App& app, UiState& ui);
// True once for `id` when it was pressed this frame; the view that acts on it consumes it.
bool take_shortcut(UiState& ui, ShortcutId id);
// "Mark the selected activities complete (M)": a tooltip from the shortcut table, translated.
std::string shortcut_tooltip(ShortcutId id);

// Forms inside the stacked dialogs; each returns true when its dialog should close.
// `is_top`: the form is the topmost dialog (it owns Escape, Ctrl+Enter and file drops).
bool draw_activity_form(App& app, UiState& ui, ActivityDialog& d, bool is_top);  // activity_dialog.cpp
bool draw_record_form(App& app, UiState& ui, RecordDialog& d, bool is_top);      // record_dialog.cpp
void draw_timeline(App& app, UiState& ui, RecordDialog& d);                      // timeline_view.cpp
std::string activity_form_title(const App& app, const ActivityDialog& d);
std::string record_form_title(const App& app, const RecordDialog& d);

// Commands shared by several views. The open_* functions push a form onto the dialog stack.
void open_new_activity(App& app, UiState& ui, ActivityType type, const RecordRef& regarding = {});
void open_activity(App& app, UiState& ui, const std::string& id);
void open_record(App& app, UiState& ui, const RecordRef& ref);
void open_new_record(App& app, UiState& ui, RegardingKind kind);
// Series (series_prompt.cpp). open_any_activity opens an activity; for a series master it asks
// first whether to edit the occurrence on `occurrence` (default: its shown due) or the series.
void open_any_activity(App& app, UiState& ui, const std::string& id, std::optional<LocalDate> occurrence = std::nullopt);
// Asks "this occurrence or the whole series" for an action on an occurrence.
void ask_series(UiState& ui, SeriesPrompt::Action action, const std::string& master_id, LocalDate occurrence, Activity moved = {});
void draw_series_prompt(App& app, UiState& ui);
// The occurrence a series' row shows today (shown_occurrence_date in the user's zone); nullopt
// for an activity that does not repeat.
std::optional<LocalDate> row_occurrence(const App& app, const Activity& a);
// Completes the occurrence on `date` as an activity of its own (the series goes on), with one
// undo step; the new activity's id, or why not. `master` is a copy: the store changes under it.
Result<std::string> complete_occurrence(App& app, UiState& ui, Activity master, LocalDate date, StatusReason reason);
// The form on one occurrence ("this one"), before it is stored.
void open_occurrence_form(App& app, UiState& ui, const Activity& master, LocalDate occurrence);
// A new appointment with start and end prefilled (calendar click or drag over empty slots).
void open_new_appointment(App& app, UiState& ui, UtcMillis start, UtcMillis end);
// Undoes the last kanban or calendar move (Undo button, Ctrl+Z).
void undo_last_move(App& app, UiState& ui);
// Deletes activities and the bytes of their attachments.
Status delete_activities_everywhere(App& app, const std::vector<std::string>& ids);
// Mark complete / Cancel (bulk_dialogs.cpp): the dialog with a status reason. Marking one
// repeating activity complete asks first: the occurrence its row shows, or the whole series.
void open_state_change(App& app, UiState& ui, std::vector<std::string> ids, ActivityState target);
// The dialog without that question (the series prompt's "whole series").
void open_state_dialog(UiState& ui, std::vector<std::string> ids, ActivityState target);
void open_assign(App& app, UiState& ui, std::vector<std::string> ids);
void show_notice(UiState& ui, std::string text, bool is_error = false);
// activity_dialog.cpp: a new activity's form on a prepared draft (a follow-up), not saved yet.
void open_new_activity_draft(App& app, UiState& ui, Activity draft);
// follow_ups.cpp: "Complete & schedule next", reminders, and the phone actions.
void open_follow_up(App& app, UiState& ui, const std::string& activity_id);
void draw_follow_up(App& app, UiState& ui);       // the follow-up step and the reminders list (modals)
void update_reminders(App& app, UiState& ui);     // each frame: rescan when due, the wake-up timer, notifications
void draw_reminder_bell(App& app, UiState& ui);   // navigation: "Reminders (n)"
void open_activity_from_notification(App& app, UiState& ui, const std::string& activity_id);
// A "Call" button for a phone number (nothing when it has no digits or there is no platform):
// opens tel:, and with `from` (a contact or an account) also logs an open outgoing phone call
// regarding it and opens its form. True when clicked.
bool call_button(App& app, UiState& ui, const char* id, const std::string& number, const RecordRef& from = {});
// conflicts_view.cpp: a form's save met a newer revision saved elsewhere. `offer_stale_edit`
// fills the choice (false when nothing differs: the save can go ahead on their revision);
// `draw_stale_edit` shows both values of each differing field and returns true when the user
// asks to save the chosen ones.
bool offer_stale_edit(StaleEditChoice& c, const AnyRecord& opened, const AnyRecord& mine, const AnyRecord& theirs);
bool draw_stale_edit(StaleEditChoice& c);

}  // namespace crm
