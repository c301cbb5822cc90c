// Export and import files in the browser: reading attachment bytes for an export, downloading the
// file, picking a file to import, and storing imported attachment bytes before the records.
// What goes into the file and what an import may change is decided in core/data_file.
#include <emscripten.h>

#include <optional>
#include <unordered_map>

#include "core/i18n.hpp"
#include "platform.hpp"
#include "ui/views.hpp"
#include "web_app.hpp"
#include "web_bench.hpp"

extern "C" {
void crm_js_download_bytes(const char* bytes, int len, const char* name, const char* type);
void crm_js_read_all_blobs();
void crm_js_pick_file(const char* accept, int request);
void crm_js_blob_stage(const char* key, const char* bytes, int len, const char* name, const char* type);
void crm_js_blob_commit();
int crm_js_named_zone_transitions(const char* name, int from_year, int to_year, double* out, int max, int* out_initial);
}

namespace crm {
namespace {

std::unordered_map<std::string, std::string> g_export_bytes;  // attachment id -> bytes, while exporting
std::optional<App::PendingImport> g_committing;               // the import whose bytes are being stored
// Who asked for each open file dialog (a dialog the user cancels never answers: its entry stays,
// a few bytes).
std::unordered_map<int, std::function<void(App::PickedFile&&)>> g_file_requests;
int g_next_file_request = 1;

// The largest file the browser reads for an import: a data file of about 250,000 activities. Its
// bytes are copied into the wasm heap and planned into records beside the store, which must all
// fit in the 2 GB the heap may grow to; a bigger file is refused before it is read.
constexpr double kImportFileLimit = 256.0 * 1024 * 1024;

std::string unread_file_message(const App::PickedFile& f) {
    if (!f.error.empty()) return tr_args(N_("The file could not be read: %s"), {f.error});
    return tr_args(N_("The file is %s MB; a file over %s MB cannot be imported in the browser. Split it, or bring the data in through the sync server."),
                   {std::to_string(static_cast<long long>(f.size / (1024 * 1024))),
                    std::to_string(static_cast<long long>(kImportFileLimit / (1024 * 1024)))});
}

void read_import_file(WebApp& w, App::PickedFile&& file) {
    w.app.import_file_name = file.name;
    w.app.import_errors.clear();
    if (!file.read) {
        w.app.import_errors.push_back(unread_file_message(file));
        return request_frames();
    }
    bench::ScopedSpan span(bench::Span::ImportPlan);
    auto plan = plan_import(w.app.store, file.bytes);
    if (plan.ok()) {
        w.app.pending_import = App::PendingImport{file.name, std::move(plan.value)};
    } else {
        for (const auto& e : plan.status.errors)
            w.app.import_errors.push_back(e.field.empty() ? e.message : e.field + ": " + e.message);
    }
    request_frames();
}

void download_export(WebApp& w, const std::unordered_map<std::string, std::string>* bytes) {
    bench::ScopedSpan span(bench::Span::Export);
    std::string text = export_database(w.app.store, w.app.now(), bytes);
    std::string name = "activities-" + format_iso_date(w.app.zone.local_date(w.app.now())) + ".json";
    crm_js_download_bytes(text.data(), static_cast<int>(text.size()), name.c_str(), "application/json");
    show_notice(w.ui, std::string(tr("Exported")) + " " + name + " (" + std::to_string(text.size() / 1024) + " KB).");
    request_frames();
}

void apply_committed(WebApp& w) {
    bench::ScopedSpan span(bench::Span::ImportApply);
    apply_import(w.app.store, g_committing->plan);
    show_notice(w.ui, std::string(tr("Imported")) + " " + g_committing->file_name + ".");
    g_committing.reset();
    request_frames();
}

}  // namespace

void install_data_file(WebApp& w) {
    w.app.export_data = [&w](bool with_attachments) {
        if (!with_attachments) return download_export(w, nullptr);
        g_export_bytes.clear();
        crm_js_read_all_blobs();  // answers with crm_on_blob_read ... crm_on_blobs_read
    };
    w.app.download_file = [](const std::string& name, const std::string& mime_type, std::string_view bytes) {
        crm_js_download_bytes(bytes.data(), static_cast<int>(bytes.size()), name.c_str(), mime_type.c_str());
    };
    w.app.pick_file = [](const std::string& accept, std::function<void(App::PickedFile&&)> on_file) {
        int request = g_next_file_request++;
        g_file_requests[request] = std::move(on_file);
        crm_js_pick_file(accept.c_str(), request);
    };
    w.app.unread_file_message = unread_file_message;
    w.app.resolve_time_zone = [](const std::string& tzid, int first_year, int last_year) -> std::optional<TimeZone> {
        // Sampled daily, as the user's own zone: only the years the file's times use.
        constexpr int kMax = 1200;
        std::vector<double> raw(kMax * 2);
        int initial = 0;
        int n = crm_js_named_zone_transitions(tzid.c_str(), first_year, last_year, raw.data(), kMax, &initial);
        if (n < 0) return std::nullopt;
        std::vector<ZoneTransition> transitions;
        for (int i = 0; i < n; ++i)
            transitions.push_back({static_cast<UtcMillis>(raw[static_cast<std::size_t>(2 * i)]),
                                   static_cast<int>(raw[static_cast<std::size_t>(2 * i + 1)])});
        return TimeZone::from_transitions(tzid, initial, std::move(transitions));
    };
    w.app.note_text_to_draw = [](std::string_view text) { note_text_for_glyphs(std::string(text).c_str()); };
    w.app.pick_import_file = [&w] {
        w.app.pick_file(".json,application/json", [&w](App::PickedFile&& f) { read_import_file(w, std::move(f)); });
    };
    w.app.commit_import = [&w] {
        if (!w.app.pending_import) return;
        g_committing = std::move(*w.app.pending_import);
        w.app.pending_import.reset();
        const ImportPlan& plan = g_committing->plan;
        if (plan.attachment_bytes.empty()) return apply_committed(w);
        // The bytes first, in one transaction; the records only once the bytes are stored.
        for (const auto& [id, bytes] : plan.attachment_bytes) {
            std::string name, type;
            for (const auto& r : plan.records)
                if (const auto* a = std::get_if<Attachment>(&r); a && a->meta.id == id) name = a->file_name, type = a->mime_type;
            crm_js_blob_stage(id.c_str(), bytes.data(), static_cast<int>(bytes.size()), name.c_str(), type.c_str());
        }
        crm_js_blob_commit();  // answers with crm_on_blobs_stored
    };
}

}  // namespace crm

extern "C" {
EMSCRIPTEN_KEEPALIVE void crm_on_blob_read(const char* key, const char* bytes, int len) {
    crm::g_export_bytes[key] = std::string(bytes, static_cast<std::size_t>(len));
}

EMSCRIPTEN_KEEPALIVE void crm_on_blobs_read(const char* error) {
    crm::WebApp& w = crm::web_app();
    if (error && *error) {
        crm::show_notice(w.ui, std::string(crm::tr("Export failed: the attachment files could not be read:")) + " " + error, true);
        crm::request_frames();
        return;
    }
    crm::download_export(w, &crm::g_export_bytes);
    crm::g_export_bytes.clear();
}

// The browser's answer to crm_js_pick_file: the bytes (`len` of them) when the file was read;
// otherwise none, with `error` saying why, or empty when the file is over the size limit.
EMSCRIPTEN_KEEPALIVE void crm_on_picked_file(int request, const char* name, const char* bytes, int len, double size,
                                             const char* error) {
    auto it = crm::g_file_requests.find(request);
    if (it == crm::g_file_requests.end()) return;
    auto on_file = std::move(it->second);
    crm::g_file_requests.erase(it);
    crm::App::PickedFile file;
    file.name = name;
    file.size = size;
    file.error = error ? error : "";
    file.read = file.error.empty() && size <= crm::kImportFileLimit;
    if (file.read) file.bytes.assign(bytes, static_cast<std::size_t>(len));
    on_file(std::move(file));
    crm::request_frames();
}

// Read by the page before it reads a file (web/crm_platform.js).
EMSCRIPTEN_KEEPALIVE double crm_import_file_limit() { return crm::kImportFileLimit; }

EMSCRIPTEN_KEEPALIVE void crm_on_blobs_stored(const char* error) {
    crm::WebApp& w = crm::web_app();
    if (!crm::g_committing) return;
    if (error && *error) {
        crm::show_notice(w.ui, std::string(crm::tr("Import failed; nothing was changed. The attachment files could not be stored:")) +
                                   " " + error, true);
        crm::g_committing.reset();
        crm::request_frames();
        return;
    }
    crm::apply_committed(w);
}
}
