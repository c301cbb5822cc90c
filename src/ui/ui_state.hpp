// What the user is looking at and doing, separate from the data: the page, the grid's query and
// sort, the selection, and the open dialogs. Holds record ids, never records (a dialog's draft
// is a copy being edited). Plain data so it can be saved and restored as preferences.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include <deque>
#include <memory>
#include <optional>
#include <map>
#include <set>
#include <variant>

#include "core/activity.hpp"
#include "core/activity_report.hpp"
#include "core/stale_edit.hpp"
#include "core/activity_query.hpp"
#include "core/csv.hpp"
#include "core/csv_import.hpp"
#include "core/followup.hpp"
#include "core/grid_export.hpp"
#include "core/reminders.hpp"
#include "core/quick_search.hpp"
#include "core/record_list.hpp"
#include "core/shortcuts.hpp"
#include "core/result.hpp"
#include "core/store.hpp"
#include "core/timeline.hpp"
#include "core/view_prefs.hpp"

namespace crm {

// A built view kept until something it depends on changes (data, query, sort, mode, minute), so
// dragging across 10,000 cards does not re-run the query every frame.
template <typename View, typename Key>
struct ViewCache {
    View view;
    Key key{};
    std::uint64_t store_version = 0;
    std::int64_t minute = -1;
    bool valid = false;
    template <typename Build>
    const View& get(const Key& k, std::uint64_t version, std::int64_t now_minute, Build build) {
        if (!valid || !(key == k) || store_version != version || minute != now_minute) {
            view = build();
            key = k;
            store_version = version;
            minute = now_minute;
            valid = true;
        }
        return view;
    }
};

enum class Page : std::uint8_t { Activities, Accounts, Contacts, Opportunities, Cases, SyncAndData, Settings };

// The create/edit form. Dates and times are edited as text and parsed on save, so a half-typed
// date is never written into the draft.
// A save that met a newer revision saved elsewhere since the form was opened (another tab, a
// sync): the fields that differ, and for each whether to take the other value.
struct StaleEditChoice {
    bool open = false;
    std::string their_rev;
    std::vector<StaleField> fields;
    std::set<std::string> take_theirs;
};

// The form's Repeat section (tasks and appointments), edited as choices and text and turned into
// a Recurrence on save (activity_dialog.cpp, collect_repeat).
struct RepeatForm {
    int frequency = -1;                // -1 none, else Frequency
    std::string interval = "1";
    std::uint8_t weekdays = 0;         // weekly: bit (1 << weekday); 0 = the start's weekday
    bool by_weekday = false;           // monthly/yearly: "the 2nd Tuesday" rather than "day 12"
    int end = 0;                       // 0 never, 1 on a date, 2 after a number of times
    std::string until, count = "10";
    std::vector<LocalDate> exceptions; // kept as they were (the form does not edit them)
};

struct ActivityDialog {
    bool is_new = true;
    bool focus_subject = false;
    Activity draft;
    std::string due_date, due_time;          // "" = no due date; time "" = date-only due
    std::string start_date, start_time, end_date, end_time;
    std::string duration;                    // minutes as text
    std::string regarding_filter;            // search text in the Regarding picker
    Status errors;
    std::string saved_note;                  // "Saved" after Save (dialog stays open)
    Activity opened;                         // the stored copy the form started from
    StaleEditChoice stale;
    RepeatForm repeat;
    // Editing one occurrence of a series ("this one"): until the first save the draft is the
    // occurrence (not stored yet), saved with Store::save_occurrence; then a normal activity.
    std::string occurrence_of;               // the master's id
    std::string occurrence_master_rev;
    LocalDate occurrence{};
};

// The form of an account, contact, opportunity or case, with its timeline.
struct RecordDialog {
    RegardingKind kind = RegardingKind::Account;
    bool is_new = true;
    AnyRecord draft = Account{};
    std::string revenue, close_date;         // edited as text, parsed on save
    std::string account_filter, contact_filter;  // search text in the pickers
    Status errors;
    std::string saved_note;
    AnyRecord opened = Account{};            // the stored copy the form started from
    StaleEditChoice stale;
    bool confirm_delete = false;
    TimelineFilter timeline;
    ViewCache<Timeline, TimelineFilter> timeline_cache;
};

// Forms open as a stack of dialogs, as Dynamics' main form dialogs: from an activity the user
// opens its Regarding record on top, from there another record, and closes back down to the
// first with every unsaved edit still in place. A deque keeps references to lower levels valid
// while a new level is pushed during drawing.
using FormDialog = std::variant<ActivityDialog, RecordDialog>;

// Mark complete (or cancel) for one or many activities, with a status reason.
struct StateChangeDialog {
    bool open = false;
    std::vector<std::string> ids;
    ActivityState target = ActivityState::Completed;
    int reason_index = 0;
    Status errors;
    // Several marked complete, `series` of them repeating: each of those completes the occurrence
    // its row shows and goes on, unless the user picks `whole_series` (which ends them).
    std::size_t series = 0;
    bool whole_series = false;
};

// "Complete & schedule next": the status reason to close with, then what to open next.
struct FollowUpDialog {
    bool open = false;
    std::string activity_id;
    int reason_index = 0;
    FollowUpChoice choice;
    std::string date_text;  // for FollowUpOffset::OnDate, YYYY-MM-DD
    Status errors;
};

// The reminders showing now (reminders.hpp), rescanned when the data or the snoozes change or
// the next reminder instant is reached; and which ones the browser was already notified of.
struct ReminderUi {
    bool panel_open = false;
    bool focus_panel = false;
    Snoozes snoozes;
    bool snoozes_loaded = false;
    std::uint64_t snooze_version = 0;
    ReminderScan scan;
    bool valid = false;
    std::uint64_t store_version = 0;
    std::uint64_t scanned_snooze_version = 0;
    UtcMillis timer_at = -1;                     // the wake-up last asked of the platform
    std::set<std::pair<std::string, UtcMillis>> notified;  // (activity id, instant) shown as a notification
    long long notifications_shown = 0;
};

struct AssignDialog {
    bool open = false;
    std::vector<std::string> ids;
    int owner_index = 0;  // into the list of users then teams
    Status errors;
};

struct ConfirmDialog {
    bool open = false;
    std::vector<std::string> ids;  // activities to delete
};

// A kanban drop onto a state with several status reasons waits here for the user's choice.
struct ReasonPrompt {
    bool open = false;
    std::string activity_id;
    KanbanLane target;
    std::vector<StatusReason> reasons;
    int choice = 0;
};

// Calendar interactions in progress.
struct CalendarUi {
    LocalDate anchor{};                // the day the current page is built around
    bool anchor_set = false;
    // drag over empty slots to create an appointment
    bool creating = false;
    int create_day = 0, create_from = 0, create_to = 0;
    // dragging an item to another day or time
    std::string drag_id;
    int grab_minute_offset = 0;        // where in the item the mouse grabbed it
    std::string summary_id;            // activity shown in the summary popup
    std::optional<LocalDate> summary_occurrence;  // ...and which occurrence, for a series
    std::optional<LocalDate> drag_occurrence;     // the occurrence being dragged
};

// Opening, moving, deleting or completing an occurrence of a series asks first: this
// occurrence or the whole series (series_prompt.cpp).
struct SeriesPrompt {
    enum class Action : std::uint8_t { Open, Move, Delete, Complete };
    bool open = false;
    Action action = Action::Open;
    std::string master_id;
    LocalDate occurrence{};
    Activity moved;                    // Move: the occurrence as dropped
};

struct GridKey {
    ActivityQuery query;
    SortSpec sort;
    std::string user;
    bool operator==(const GridKey&) const = default;
};

struct BoardKey {
    ActivityQuery query;
    SortSpec sort;
    KanbanGrouping grouping = KanbanGrouping::State;
    std::string user;
    bool operator==(const BoardKey&) const = default;
};

struct CalendarKey {
    ActivityQuery query;
    CalendarMode mode = CalendarMode::Week;
    LocalDate anchor{};
    CalendarSettings settings;
    std::string user;
    bool operator==(const CalendarKey&) const = default;
};

// Import of a CSV file (csv_import_view.cpp): the file as read, the column mapping the user is
// choosing, and the plan for that mapping (recomputed when the mapping or the store changes).
struct CsvImportDialog {
    bool open = false;
    CsvImportKind kind = CsvImportKind::Activities;
    std::string file_name;
    csv::Table table;
    std::vector<CsvField> mapping;
    CsvImportPlan plan;
    bool import_duplicates = false;  // "Import them anyway": rows already in the data too
    bool plan_stale = true;
    std::uint64_t planned_store_version = 0;
};

struct ReportKey {
    ActivityQuery query;
    int first_day_of_week = 1;
    std::string user;
    bool operator==(const ReportKey&) const = default;
};

// The sync settings as typed, saved on "Save and sync".
struct SyncForm {
    bool loaded = false;
    std::string server_url, database, user, password;
    Status errors;
};

struct CalendarImportState;  // calendar_file_view.cpp

struct UiState {
    Page page = Page::Activities;
    ViewCache<KanbanBoard, BoardKey> board_cache;
    ViewCache<CalendarView, CalendarKey> calendar_cache;
    ViewCache<ActivityReport, ReportKey> report_cache;
    ShowAs show_as = ShowAs::Grid;
    std::optional<ShowAs> start_view;  // from the embedding page; wins over the saved preference once
    ActivityQuery query;
    SortSpec sort;
    KanbanGrouping grouping = KanbanGrouping::State;
    CalendarMode calendar_mode = CalendarMode::Week;
    CalendarSettings calendar;
    CalendarUi cal;
    UndoStack undo;                    // kanban and calendar moves
    ReasonPrompt reason_prompt;
    SeriesPrompt series_prompt;
    bool prefs_loaded = false;
    ViewPrefs prefs_saved;             // the preferences last written
    bool grid_sort_applied = false;
    // The grid's shown columns in the user's order, as the table last drew them (for the CSV export).
    std::vector<GridColumn> grid_columns = {GridColumn::Type, GridColumn::Subject, GridColumn::Regarding, GridColumn::Due,
                                            GridColumn::State, GridColumn::Reason, GridColumn::Priority, GridColumn::Owner,
                                            GridColumn::CreatedBy};
    std::unordered_set<std::string> selected;  // activity ids
    std::string anchor_id;                     // keyboard cursor and shift-click range anchor
    bool scroll_to_anchor = false;
    bool focus_search = false;
    bool open_new_menu = false;
    // keyboard: the shortcut pressed this frame (read once by the frame, acted on by the view it
    // belongs to), a pending "G then ..." prefix, and the help overlay
    std::optional<ShortcutId> shortcut;
    ShortcutSequence shortcut_keys;
    bool show_help = false;
    bool focus_page_top = false;               // after "G then ...": the next Tab starts at the page's top
    std::string kanban_card_id;                // the kanban card the keyboard moves
    bool scroll_to_card = false;
    std::deque<FormDialog> dialogs;            // bottom first; the last one is on top
    StateChangeDialog state_change;
    FollowUpDialog follow_up;
    ReminderUi reminders;
    AssignDialog assign;
    ConfirmDialog confirm_delete;
    ViewCache<std::vector<std::uint32_t>, GridKey> grid;  // the grid's rows (indexes into activities)
    std::string notice;                        // one-line message in the status bar
    bool notice_is_error = false;
    // welcome / profile
    std::string new_user_name, new_user_email;
    Status profile_errors;
    bool confirm_clear_data = false;
    bool confirm_discard_quarantine = false;
    std::string new_team_name;
    // record lists
    RecordListQuery list_query;
    ViewCache<std::vector<std::uint32_t>, RecordListQuery> list;  // rows of the list shown
    // sync and data page
    SyncForm sync_form;
    bool export_with_attachments = true;
    bool calendar_export_filtered = false;  // .ics export: the Activities page's filters, or all
    std::shared_ptr<CalendarImportState> calendar_import;  // calendar_file_view.cpp: preview or refusal shown
    CsvImportDialog csv_import;
    std::map<std::string, std::set<std::string>> conflict_take_remote;  // doc id -> fields to take from the server
    Status conflict_errors;
    // quick search in the navigation bar
    std::string search_text;
    ViewCache<std::vector<SearchHit>, std::string> search_hits;  // hits for search_text
    SearchIndex search_index;
};

}  // namespace crm
