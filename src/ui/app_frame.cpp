// The frame around every page: navigation on the left (My Work › Activities; Customers;
// Settings), the page, and a status bar with the save state, so the user always knows whether
// their last change is safely stored.
#include "core/i18n.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "imgui_internal.h"  // GImGui->NavWindowingTarget
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

void nav_item(UiState& ui, Page page, const char* english, const char* id) {
    if (ImGui::Selectable(ui::label(english, id).c_str(), ui.page == page)) ui.page = page;
    item_registry_note_role(A11yRole::Link);
    item_registry_note_selected(ui.page == page);
}

const char* page_title(Page page) {
    switch (page) {
        case Page::Activities: return tr("Activities");
        case Page::Accounts: return tr("Accounts");
        case Page::Contacts: return tr("Contacts");
        case Page::Opportunities: return tr("Opportunities");
        case Page::Cases: return tr("Cases");
        case Page::SyncAndData: return tr("Sync & data");
        case Page::Settings: return tr("Settings");
    }
    return "";
}

// "+ Create": new activities (standalone, no Regarding) and new records, from anywhere.
void draw_create_menu(App& app, UiState& ui) {
    if (ImGui::Button(ui::label("+ Create", "nav_create").c_str(), ImVec2(-1, 0))) ImGui::OpenPopup("create_menu");
    if (ImGui::BeginPopup("create_menu")) {
        ImGui::TextDisabled("%s", tr("Activity"));
        for (auto type : kAllActivityTypes)
            if (ImGui::MenuItem(tr(activity_type_name(type)))) open_new_activity(app, ui, type);
        ImGui::Separator();
        ImGui::TextDisabled("%s", tr("Record"));
        for (auto kind : {RegardingKind::Account, RegardingKind::Contact, RegardingKind::Opportunity, RegardingKind::Case})
            if (ImGui::MenuItem(tr(regarding_kind_name(kind)))) open_new_record(app, ui, kind);
        ImGui::EndPopup();
    }
}

void draw_navigation(App& app, UiState& ui) {
    draw_quick_search(app, ui);
    draw_create_menu(app, ui);
    if (!app.current_user_id.empty()) draw_reminder_bell(app, ui);
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(tr("My Work"));
    ImGui::PopStyleColor();
    nav_item(ui, Page::Activities, "Activities", "nav_activities");
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(tr("Customers"));
    ImGui::PopStyleColor();
    nav_item(ui, Page::Accounts, "Accounts", "nav_accounts");
    nav_item(ui, Page::Contacts, "Contacts", "nav_contacts");
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(tr("Sales"));
    ImGui::PopStyleColor();
    nav_item(ui, Page::Opportunities, "Opportunities", "nav_opportunities");
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(tr("Service"));
    ImGui::PopStyleColor();
    nav_item(ui, Page::Cases, "Cases", "nav_cases");
    ImGui::Spacing();
    ImGui::Separator();
    {
        std::size_t conflicts = app.sync.conflicts().size();
        std::string text = conflicts ? std::string(tr("Sync & data")) + " (" + std::to_string(conflicts) + ")" : tr("Sync & data");
        if (ImGui::Selectable((text + "###nav_sync").c_str(), ui.page == Page::SyncAndData)) ui.page = Page::SyncAndData;
        item_registry_note_role(A11yRole::Link);
        item_registry_note_selected(ui.page == Page::SyncAndData);
    }
    nav_item(ui, Page::Settings, "Settings", "nav_settings");
}

ImGuiKey imgui_key(Key k) {
    if (k >= Key::A && k <= Key::Z) return static_cast<ImGuiKey>(ImGuiKey_A + (static_cast<int>(k) - static_cast<int>(Key::A)));
    switch (k) {
        case Key::Slash: return ImGuiKey_Slash;
        case Key::Comma: return ImGuiKey_Comma;
        case Key::Up: return ImGuiKey_UpArrow;
        case Key::Down: return ImGuiKey_DownArrow;
        case Key::Left: return ImGuiKey_LeftArrow;
        case Key::Right: return ImGuiKey_RightArrow;
        case Key::PageUp: return ImGuiKey_PageUp;
        case Key::PageDown: return ImGuiKey_PageDown;
        case Key::Home: return ImGuiKey_Home;
        case Key::End: return ImGuiKey_End;
        case Key::Enter: return ImGuiKey_Enter;
        case Key::Space: return ImGuiKey_Space;
        case Key::Escape: return ImGuiKey_Escape;
        case Key::Delete: return ImGuiKey_Delete;
        case Key::Tab: return ImGuiKey_Tab;
        case Key::F1: return ImGuiKey_F1;
        default: return ImGuiKey_None;
    }
}

// The shortcuts that go to the frame itself: help, pages, views and new activities work the
// same from every page. The rest are left in ui.shortcut for the view they belong to.
void run_global_shortcut(App& app, UiState& ui) {
    if (!ui.shortcut) return;
    auto go = [&](Page p) {
        ui.page = p;
        ui.focus_page_top = true;
    };
    auto show = [&](ShowAs mode) {
        go(Page::Activities);
        ui.show_as = mode;
    };
    switch (*ui.shortcut) {
        case ShortcutId::Help: ui.show_help = true; break;
        case ShortcutId::GoActivities: go(Page::Activities); break;
        case ShortcutId::GoAccounts: go(Page::Accounts); break;
        case ShortcutId::GoContacts: go(Page::Contacts); break;
        case ShortcutId::GoOpportunities: go(Page::Opportunities); break;
        case ShortcutId::GoCases: go(Page::Cases); break;
        case ShortcutId::GoSyncAndData: go(Page::SyncAndData); break;
        case ShortcutId::GoSettings: go(Page::Settings); break;
        case ShortcutId::ShowGrid: show(ShowAs::Grid); break;
        case ShortcutId::ShowKanban: show(ShowAs::Kanban); break;
        case ShortcutId::ShowCalendar: show(ShowAs::Calendar); break;
        case ShortcutId::ShowDashboard: show(ShowAs::Dashboard); break;
        case ShortcutId::NewTask: open_new_activity(app, ui, ActivityType::Task); break;
        case ShortcutId::NewPhoneCall: open_new_activity(app, ui, ActivityType::PhoneCall); break;
        case ShortcutId::NewEmail: open_new_activity(app, ui, ActivityType::Email); break;
        case ShortcutId::NewAppointment: open_new_activity(app, ui, ActivityType::Appointment); break;
        case ShortcutId::NewNote: open_new_activity(app, ui, ActivityType::Note); break;
        case ShortcutId::Search: ui.focus_search = true; break;
        default: return;  // a view's shortcut
    }
    ui.shortcut.reset();
}

// While a prefix key waits, the status bar lists what may follow it (from the same table).
std::string pending_sequence_hint(const UiState& ui) {
    Key prefix = ui.shortcut_keys.pending();
    if (prefix == Key::None) return {};
    std::string hint = key_name(prefix) + " " + tr("then") + ":";
    for (const auto& s : shortcut_table())
        if (s.prefix == prefix) hint += "  " + chord_text(s.keys) + " " + tr(s.description);
    return hint;
}

void draw_status_bar(App& app, UiState& ui) {
    const char* save_text = tr("Opening your data...");
    ImU32 colour = ui::kMutedColour;
    std::string detail;
    if (app.storage_state == StorageState::Unavailable) {
        save_text = tr("Not saved: storage is unavailable, changes are kept in memory only");
        colour = ui::kErrorColour;
        detail = app.storage_message;
    } else if (app.persistence) {
        const SaveStatus& s = app.persistence->status();
        if (s.failed_writes > 0) {
            save_text = tr("Not saved yet: retrying");
            colour = ui::kErrorColour;
            detail = s.last_error + ". " + tr("Your changes stay in this tab; free some disk space, or export your data in Sync & data.");
        } else if (s.saving() || app.store.has_pending_changes()) {
            save_text = tr("Saving...");
        } else {
            save_text = tr("All changes saved");
        }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(save_text);
    if (!detail.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(("(" + detail + ")").c_str());
    }
    ImGui::PopStyleColor();
    // The mirror's live status line: notices, and save problems (not every "Saving...").
    item_registry_status(!ui.notice.empty() ? ui.notice : detail.empty() ? std::string() : std::string(save_text) + " (" + detail + ")");
    if (std::string hint = pending_sequence_hint(ui); !hint.empty()) {
        ImGui::SameLine(0, 24);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
        ImGui::TextUnformatted(hint.c_str());
        ImGui::PopStyleColor();
    } else if (!ui.notice.empty()) {
        ImGui::SameLine(0, 24);
        ImGui::PushStyleColor(ImGuiCol_Text, ui.notice_is_error ? ui::kErrorColour : ui::kAccentColour);
        ImGui::TextUnformatted(ui.notice.c_str());
        ImGui::PopStyleColor();
    }
    if (std::string sync = sync_status_line(app); !sync.empty()) {
        ImGui::SameLine(0, 24);
        ImGui::PushStyleColor(ImGuiCol_Text, app.sync.status().last_error.empty() ? ui::kMutedColour : ui::kErrorColour);
        ImGui::TextUnformatted(sync.c_str());
        ImGui::PopStyleColor();
    }
    if (!app.current_user_id.empty()) {
        std::string who = std::string(tr("Signed in as")) + " " + app.store.user_name(app.current_user_id) + "  |  " +
                          app.zone.name();
        float w = ImGui::CalcTextSize(who.c_str()).x;
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(who.c_str());
        ImGui::PopStyleColor();
    }
}

}  // namespace

void show_notice(UiState& ui, std::string text, bool is_error) {
    ui.notice = std::move(text);
    ui.notice_is_error = is_error;
}

namespace {

// A one-pixel focus anchor at the top of the page, drawn over the page's first line: after a
// "G then ..." or "V then ..." the keyboard focus is put here, so the next Tab lands on the
// page's first control rather than wherever the focus was on the page before. Never a Tab stop.
void page_focus_anchor(UiState& ui) {
    ImVec2 start = ImGui::GetCursorPos();
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
    ImGui::InvisibleButton("##page_top", ImVec2(1, 1));
    ImGui::PopItemFlag();
    if (ui.focus_page_top) {
        ImGui::SetFocusID(ImGui::GetItemID(), ImGui::GetCurrentWindow());
        GImGui->NavDisableHighlight = false;  // Tab moves on from the anchor (not from the first item)
        ui.focus_page_top = false;
    }
    ImGui::SetCursorPos(start);
}

}  // namespace

void read_shortcut(App& app, UiState& ui) {
    ui.shortcut.reset();
    ImGuiIO& io = ImGui::GetIO();
    // Text fields keep their keys (Esc and Ctrl+Enter in dialogs are the dialog's own), and a
    // popup, dialog or the welcome screen has the keyboard to itself.
    bool blocked = io.WantTextInput || ImGui::IsAnyItemActive() || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) ||
                   !ui.dialogs.empty() || ui.show_help || app.current_user_id.empty() ||
                   app.storage_state == StorageState::Opening || GImGui->NavWindowingTarget != nullptr;
    if (blocked) {
        ui.shortcut_keys.reset();
        return;
    }
    ShortcutContext active[3] = {ShortcutContext::Global};
    std::size_t count = 1;
    if (ui.page == Page::Activities) {
        active[count++] = ShortcutContext::Activities;
        // the dashboard has no keys of its own: ImGui's arrow-key navigation moves between its bars
        if (ui.show_as != ShowAs::Dashboard)
            active[count++] = ui.show_as == ShowAs::Grid     ? ShortcutContext::Grid
                              : ui.show_as == ShowAs::Kanban ? ShortcutContext::Kanban
                                                             : ShortcutContext::Calendar;
    }
    for (int k = 1; k < kKeyCount && !ui.shortcut; ++k) {
        Key key = static_cast<Key>(k);
        ImGuiKey ik = imgui_key(key);
        if (!ImGui::IsKeyPressed(ik, true)) continue;
        bool repeat = !ImGui::IsKeyPressed(ik, false);
        KeyChord chord{.key = key, .ctrl = io.KeyCtrl, .shift = io.KeyShift, .alt = io.KeyAlt};
        ui.shortcut = ui.shortcut_keys.press(chord, std::span(active, count), repeat);
    }
    run_global_shortcut(app, ui);
}

std::string shortcut_tooltip(ShortcutId id) {
    for (const auto& s : shortcut_table())
        if (s.id == id) return std::string(tr(s.description)) + " (" + shortcut_keys_text(s, tr("then")) + ")";
    return {};
}

bool take_shortcut(UiState& ui, ShortcutId id) {
    if (ui.shortcut != id) return false;
    ui.shortcut.reset();
    return true;
}

void draw_app(App& app, UiState& ui) {
    // The language follows the stored choice (Settings, start-up options, another tab's sync of
    // settings never: they are device-local) the frame after it changes.
    if (app.storage_state != StorageState::Opening) {
        Status language = apply_language(app);
        if (!language.ok()) show_notice(ui, format_message(language.errors.front()), true);
    }
    read_shortcut(app, ui);
    if (!app.current_user_id.empty()) update_reminders(app, ui);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::Begin("Activities CRM###root", nullptr, flags);
    ImGui::PopStyleVar();

    float status_height = ImGui::GetFrameHeightWithSpacing() + 4;
    float body_height = ImGui::GetContentRegionAvail().y - status_height;

    // Flattened into the root window: Tab walks the navigation and then the page in one order,
    // and the arrow keys cross between them (keyboard navigation is on, main_web.cpp).
    ImGui::BeginChild("Navigation###nav", ImVec2(220, body_height), ImGuiChildFlags_Border, ImGuiWindowFlags_NavFlattened);
    item_registry_landmark(A11yLandmark::Navigation, tr("Navigation"));
    draw_navigation(app, ui);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("Page###page", ImVec2(0, body_height), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    item_registry_landmark(A11yLandmark::Main, page_title(ui.page));
    page_focus_anchor(ui);
    if (app.storage_state == StorageState::Opening) {
        ImGui::TextUnformatted(tr("Opening your data..."));
        if (!app.storage_message.empty()) ui::readable_text(app.storage_message, ui::kErrorColour);  // blocked by another tab
    } else {
        switch (ui.page) {
            case Page::Activities: draw_activities_page(app, ui); break;
            case Page::Accounts:
            case Page::Contacts:
            case Page::Opportunities:
            case Page::Cases: draw_record_list(app, ui); break;
            case Page::SyncAndData: draw_sync_and_data(app, ui); break;
            case Page::Settings: draw_settings(app, ui); break;
        }
    }
    ImGui::EndChild();
    ImGui::Separator();
    draw_status_bar(app, ui);

    if (app.storage_state != StorageState::Opening) {
        // A sync server offered by the page's link comes first: on a new device the profiles
        // arrive from there.
        if (app.sync_offer) draw_sync_offer(app, ui);
        else if (app.current_user_id.empty()) draw_welcome(app, ui);
        draw_dialog_stack(app, ui);
        draw_import_dialogs(app, ui);
        draw_csv_import_dialog(app, ui);
        draw_help_overlay(app, ui);
    }
    ImGui::End();
}

}  // namespace crm
