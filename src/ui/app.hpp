// The application as the views see it: the store, its persistence, the user's zone and clock,
// and who is signed in. Platform code creates one App, feeds it storage callbacks and input, and
// calls draw_app() each frame; views read App and change it only through Store commands.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "core/activity_query.hpp"
#include "core/civil_time.hpp"
#include "core/persistence.hpp"
#include "core/store.hpp"

namespace crm {

enum class StorageState { Opening, Ready, Unavailable };

struct App {
    Store store;
    std::unique_ptr<Persistence> persistence;  // null while opening or when storage is unavailable
    StorageState storage_state = StorageState::Opening;
    std::string storage_message;   // why storage is unavailable, for the banner
    LoadReport load_report;        // what the last load found (errors are shown once)
    TimeZone zone = TimeZone::utc();
    std::function<UtcMillis()> clock;
    std::string current_user_id;   // empty until the user picked a profile
    std::function<void()> on_clear_data;  // platform: rewrite storage after "clear demo data"

    // Attachments: the bytes live in the browser (IndexedDB `blobs`); the platform provides
    // these (they are empty in native tests, and the UI then offers no file actions).
    std::function<void(const std::string& activity_id)> pick_files;      // file dialog, then attach
    std::function<void(const Attachment& attachment)> download_attachment;
    std::function<void(const std::vector<std::string>& ids)> delete_attachment_bytes;
    std::string drop_target_activity_id;  // files dropped on the page attach here (set per frame)

    UtcMillis now() const { return clock ? clock() : 0; }
    Actor actor() const { return {current_user_id, now()}; }
    QueryContext query_context() const { return {current_user_id, &zone, now()}; }
};

// Settings keys stored in the Setting table.
inline constexpr const char* kSettingCurrentUser = "current_user_id";
inline constexpr const char* kSettingDemoSeeded = "demo_seeded";

// After storage has loaded: seeds the demo data on the very first start and restores the
// signed-in user. Returns true when the demo data was seeded now.
bool finish_startup(App& app);
// Signs a user in and remembers the choice on this device.
void sign_in(App& app, const std::string& user_id);

}  // namespace crm
