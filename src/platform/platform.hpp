// The browser edge, the only place that knows about Emscripten and the page. Everything the app
// needs from the browser goes through these few functions (implemented in web_platform.cpp over
// web/crm_platform.js): clock, time zone, local preferences, the IndexedDB storage backend,
// the test hooks, and clipboard.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "core/persistence.hpp"

namespace crm::platform {

UtcMillis now_ms();
// The browser's time zone as a transition table sampled from Date (1970..2100) plus its IANA name.
TimeZone browser_time_zone();
std::string local_storage_get(const std::string& key);
void local_storage_set(const std::string& key, const std::string& value);
// Start-up options: window.crmConfig (built by the page from URL parameters and an optional JSON
// config file), falling back to the URL itself.
bool url_flag(const char* name);  // "?name=1"
std::string url_param(const char* name);
// A value that may only come from the JSON config file (passwords), never from the URL.
std::string config_secret(const char* name);
// navigator.languages, most preferred first ("pl-PL", "en-US").
std::vector<std::string> browser_languages();
// <html lang> follows the UI language, so screen readers pick the right voice.
void set_document_language(const std::string& code);
// The page's own texts in the UI language: the canvas's accessible name and the update banner.
void set_page_texts(const std::string& app_name, const std::string& update_ready, const std::string& reload);
// 53 random bits from crypto.getRandomValues, for record ids unique across devices.
std::uint64_t random_seed();

// Opens the database, reads everything and calls back on_storage_loaded() (storage_web.cpp).
void open_storage(const std::string& database_name);
std::unique_ptr<StorageBackend> make_indexeddb_backend();

void publish_test_state(const std::string& json);  // window.__crmTest
void publish_a11y(const std::string& update);  // an item_registry_mirror_update() for the screen-reader mirror (web_a11y.cpp), always on
// Attachments: the browser's file dialog, download of stored bytes, deletion of bytes.
void pick_files(const std::string& activity_id);
void download_blob(const std::string& key, const std::string& name, const std::string& type);
void delete_blob(const std::string& key);
void clear_blobs();
void install_file_drop();  // files dropped on the page attach to the open activity
void set_page_status(const std::string& text, bool is_error);  // the shell's status line
void set_unsaved_changes(bool unsaved);  // the page asks before closing while true

}  // namespace crm::platform
