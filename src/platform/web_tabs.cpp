// Other tabs of the app on this origin (the design is at the top of core/persistence.hpp): the
// JS side reads the log entries past Persistence::seen_through() when another tab names a new
// key, or when this tab is shown or focused, and hands them over here; Persistence applies them
// to the Store and the views follow. After a gap (entries another tab compacted away before this
// tab read them) every chunk and entry is read again and applied the same way.
#include <emscripten/emscripten.h>

#include <string>
#include <vector>

#include "core/i18n.hpp"
#include "ui/views.hpp"
#include "web_app.hpp"

extern "C" {
void crm_js_storage_reload();
void crm_js_tabs_install();
void crm_js_tabs_read_tail();
}

namespace crm {
namespace {

std::vector<LogEntry> g_entries;
std::vector<std::string> g_reload_chunks;

}  // namespace

void install_tabs() {
    crm_js_tabs_install();
    crm_js_tabs_read_tail();  // what another tab wrote while this one was loading
}
void read_other_tabs_changes() { crm_js_tabs_read_tail(); }

}  // namespace crm

extern "C" {
// -1 until the stored data has been loaded: no tail is read before that.
EMSCRIPTEN_KEEPALIVE double crm_tabs_seen_through() {
    auto& w = crm::web_app();
    if (!w.app.persistence || w.app.storage_state != crm::StorageState::Ready) return -1;
    return static_cast<double>(w.app.persistence->seen_through());
}

EMSCRIPTEN_KEEPALIVE void crm_on_tabs_entry(double key, const char* bytes, int len) {
    crm::g_entries.push_back({static_cast<std::uint64_t>(key), std::string(bytes, static_cast<std::size_t>(len))});
}

EMSCRIPTEN_KEEPALIVE void crm_on_tabs_reload_chunk(const char* bytes, int len) {
    crm::g_reload_chunks.emplace_back(bytes, static_cast<std::size_t>(len));
}

EMSCRIPTEN_KEEPALIVE void crm_on_tabs_entries_done(int reload) {
    using namespace crm;
    auto& w = web_app();
    std::vector<LogEntry> entries;
    entries.swap(g_entries);
    std::vector<std::string> chunks;
    chunks.swap(g_reload_chunks);
    if (!w.app.persistence) return;
    ApplyReport r = reload ? w.app.persistence->apply_reload(w.app.store, chunks, std::move(entries), w.app.actor())
                           : w.app.persistence->apply_entries(w.app.store, std::move(entries), w.app.actor());
    if (r.gap) {
        crm_js_storage_reload();
        return;
    }
    note_records_for_glyphs(w, r.changed);
    if (r.conflicts > 0)
        show_notice(w.ui, tr("Another tab changed the same record at the same time; see Conflicts under Sync & data."), true);
    if (r.taken > 0 || r.conflicts > 0) request_frames(2);
}
}
