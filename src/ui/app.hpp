// The application as the views see it: the store, its persistence, the user's zone and clock,
// and who is signed in. Platform code creates one App, feeds it storage callbacks and input, and
// calls draw_app() each frame; views read App and change it only through Store commands.
#pragma once
#include <functional>
#include <optional>
#include <vector>
#include <memory>
#include <string>

#include "core/activity_index.hpp"
#include "core/activity_query.hpp"
#include "core/civil_time.hpp"
#include "core/persistence.hpp"
#include "core/store.hpp"
#include "core/csv_import.hpp"
#include "core/data_file.hpp"
#include "core/sync_engine.hpp"

namespace crm {

enum class StorageState { Opening, Ready, Unavailable };

struct App {
    Store store;
    // Filter and sort columns of the store's activities, brought up to date by each query
    // (mutable: a cache of the store, refreshed from const reads).
    mutable ActivityIndex activity_index;
    std::unique_ptr<Persistence> persistence;  // null while opening or when storage is unavailable
    StorageState storage_state = StorageState::Opening;
    std::string storage_message;   // why storage is unavailable, for the banner
    LoadReport load_report;        // what the last load found (errors are shown once)
    TimeZone zone = TimeZone::utc();
    std::function<UtcMillis()> clock;
    std::string current_user_id;   // empty until the user picked a profile
    std::string start_user;        // the embedding page's user, signed in once it exists (after a pull)
    std::optional<SyncConfig> sync_offer;  // a sync server the page's URL asks for, until the user answers
    std::function<void()> on_clear_data;  // platform: rewrite storage after "clear demo data"
    // platform: downloads the unreadable stored bytes (load_report.quarantined) as a file
    std::function<void()> download_quarantine;
    // platform: deletes them for good (with the next snapshot, which also replaces where they
    // were found) and empties load_report
    std::function<void()> discard_quarantine;

    // Attachments: the bytes live in the browser (IndexedDB `blobs`); the platform provides
    // these (they are empty in native tests, and the UI then offers no file actions).
    std::function<void(const std::string& activity_id)> pick_files;      // file dialog, then attach
    std::function<void(const Attachment& attachment)> download_attachment;
    std::function<void(const std::vector<std::string>& ids)> delete_attachment_bytes;
    std::string drop_target_activity_id;  // files dropped on the page attach here (set per frame)

    // Sync with a CouchDB-protocol server; the platform sends its requests (see sync_engine.hpp).
    SyncEngine sync{store};

    // Export and import of the whole database as a JSON file (data_file.hpp). The platform reads
    // attachment bytes and files; native tests leave these empty.
    std::function<void(bool with_attachments)> export_data;
    std::function<void()> pick_import_file;
    // A validated import waiting for the user's confirmation, or the errors of a refused file.
    struct PendingImport {
        std::string file_name;
        ImportPlan plan;
    };
    std::optional<PendingImport> pending_import;
    std::string import_file_name;
    std::vector<std::string> import_errors;  // shown until dismissed
    // Applies the pending import (moving it out of pending_import): the platform writes the
    // attachment bytes first, then the records. Empty (native): the view applies it directly.
    std::function<void()> commit_import;

    // Any other file the user saves or opens (CSV, iCalendar). The platform offers `bytes` as a
    // download, and opens the browser's file dialog for the `accept` types (".csv,text/csv") and
    // hands the chosen file to `on_file`: its name and bytes, or, when it was not read, `error`
    // (empty when the file is over the import size limit, then `size` says how big it is).
    // Native tests set fakes; empty hooks mean the UI offers no file actions.
    struct PickedFile {
        std::string name;
        std::string bytes;
        double size = 0;
        bool read = false;
        std::string error;
    };
    std::function<void(const std::string& name, const std::string& mime_type, std::string_view bytes)> download_file;
    std::function<void(const std::string& accept, std::function<void(PickedFile&&)> on_file)> pick_file;
    // The zone of an IANA name for an .ics file that names it without a VTIMEZONE (core/ical.hpp):
    // the browser samples Intl.DateTimeFormat; empty in native tests.
    std::function<std::optional<TimeZone>(const std::string& tzid, int first_year, int last_year)> resolve_time_zone;
    // The message for a picked file that was not read (over the size limit or unreadable).
    std::function<std::string(const PickedFile&)> unread_file_message;
    // Text about to be drawn that is neither in the store nor in the catalog (a CSV file's
    // preview): the platform adds its characters to the font atlas. Empty in native tests.
    std::function<void(std::string_view text)> note_text_to_draw;

    // The user's own programs and the browser's notifications (reminders.hpp, contact_links.hpp).
    // Empty in native tests unless a test sets fakes; the UI then offers no Send/Call links.
    // open_external_url: hands a mailto: or tel: URL to the browser (the mail client, a phone app).
    std::function<void(const std::string& url)> open_external_url;
    // wake_at: the app draws nothing while idle, so a reminder due later needs a timer that
    // wakes it at that instant (0: no reminder ahead, cancel the timer).
    std::function<void(UtcMillis at)> wake_at;
    // Browser notifications: the permission ("default", "granted", "denied", "unsupported"),
    // asking for it (on the user's click), and showing one (`tag` is the activity id; clicking it
    // focuses the page and opens that activity).
    std::function<std::string()> notification_permission;
    std::function<void()> request_notification_permission;
    std::function<void(const std::string& tag, const std::string& title, const std::string& body)> show_notification;

    // UI language: the user's choice in Settings (kSettingLanguage) or else the browser's.
    // Catalogs are read from catalog_dir/<code>.json (embedded in the wasm file system in the
    // browser, assets/i18n in native tests).
    std::string browser_language = "en";
    std::string catalog_dir;
    std::string applied_language;  // the last language applied ("" before the first apply_language());
                                   // active_catalog().language() says what is shown
    std::function<void(const std::string& code)> on_language_applied;  // platform: <html lang>, fonts

    UtcMillis now() const { return clock ? clock() : 0; }
    Actor actor() const { return {current_user_id, now()}; }
    QueryContext query_context() const { return {current_user_id, &zone, now(), &activity_index}; }
};

// Settings keys stored in the Setting table.
inline constexpr const char* kSettingCurrentUser = "current_user_id";
inline constexpr const char* kSettingDemoSeeded = "demo_seeded";
inline constexpr const char* kSettingLanguage = "language";  // "en", "pl", "zh-Hant"; empty: the browser's
inline constexpr const char* kSettingBrowserNotifications = "browser_notifications";  // "1": reminders also notify
inline constexpr const char* kSettingReminderSnoozes = "reminder_snoozes";  // encode_snoozes() text, this device's

// After storage has loaded: seeds the demo data on the very first start and restores the
// signed-in user. Returns true when the demo data was seeded now.
// `seed_demo` false: a device joining a sync server starts empty and pulls the shared data.
bool finish_startup(App& app, bool seed_demo = true);
// Signs a user in and remembers the choice on this device.
void sign_in(App& app, const std::string& user_id);

// How an embedding page starts the app (URL parameters or a JSON config, see README "Embedding"):
// sign in a user, open a view, set up sync. Empty fields change nothing.
struct StartOptions {
    std::string user;      // user id, name or e-mail address
    std::string language;  // "en", "pl", "zh-Hant"
    std::string view;      // "grid", "kanban", "calendar", "dashboard"
    SyncConfig sync;       // server_url and database both set: sync there
    bool sync_from_url = false;  // named in the page's URL: ask the user first (a link can be forged)
    std::string config_error;  // the page could not read its JSON config file: say so
};
// The language the UI should show: the stored choice, else the browser's.
std::string wanted_language(const App& app);
// Loads the catalog of wanted_language() when it differs from what is shown. A catalog that
// cannot be read or parsed leaves the UI in English and returns the problem.
Status apply_language(App& app);

struct UiState;
// Signs in App::start_user when that user exists (now, or after a sync brought it). True when done.
bool sign_in_start_user(App& app);
// Problems (unknown user, bad view name, invalid sync address) go to `report`, one message each.
void apply_start_options(App& app, UiState& ui, const StartOptions& options,
                         const std::function<void(const std::string&)>& report);

}  // namespace crm
