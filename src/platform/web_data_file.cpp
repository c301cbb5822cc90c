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
void crm_js_pick_import_file();
void crm_js_blob_stage(const char* key, const char* bytes, int len, const char* name, const char* type);
void crm_js_blob_commit();
}

namespace crm {
namespace {

std::unordered_map<std::string, std::string> g_export_bytes;  // attachment id -> bytes, while exporting
std::optional<App::PendingImport> g_committing;               // the import whose bytes are being stored

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
    w.app.download_file = [](const std::string& name, const std::string& bytes, const std::string& type) {
        crm_js_download_bytes(bytes.data(), static_cast<int>(bytes.size()), name.c_str(), type.c_str());
    };
    w.app.pick_import_file = [] { crm_js_pick_import_file(); };
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

EMSCRIPTEN_KEEPALIVE void crm_on_import_file(const char* name, const char* bytes, int len) {
    crm::WebApp& w = crm::web_app();
    crm::bench::ScopedSpan span(crm::bench::Span::ImportPlan);
    auto plan = crm::plan_import(w.app.store, std::string_view(bytes, static_cast<std::size_t>(len)));
    w.app.import_file_name = name;
    if (plan.ok()) {
        w.app.pending_import = crm::App::PendingImport{name, std::move(plan.value)};
    } else {
        w.app.import_errors.clear();
        for (const auto& e : plan.status.errors)
            w.app.import_errors.push_back(e.field.empty() ? e.message : e.field + ": " + e.message);
    }
    crm::request_frames();
}

// The largest file an import reads: a data file of about 250,000 activities. Its bytes are
// copied into the wasm heap and planned into records beside the store, which must all fit in
// the 2 GB the heap may grow to; a bigger file is refused before it is read.
EMSCRIPTEN_KEEPALIVE double crm_import_file_limit() { return 256.0 * 1024 * 1024; }

// The file was not read: over the limit (`error` empty) or the browser could not read it.
EMSCRIPTEN_KEEPALIVE void crm_on_import_unreadable(const char* name, double size, const char* error) {
    crm::WebApp& w = crm::web_app();
    w.app.import_file_name = name;
    w.app.import_errors.clear();
    if (error && *error)
        w.app.import_errors.push_back(crm::tr_args(crm::N_("The file could not be read: %s"), {error}));
    else
        w.app.import_errors.push_back(crm::tr_args(crm::N_("The file is %s MB; a file over %s MB cannot be imported in the browser. Split it, or bring the data in through the sync server."),
                                                   {std::to_string(static_cast<long long>(size / (1024 * 1024))),
                                                    std::to_string(static_cast<long long>(crm_import_file_limit() / (1024 * 1024)))}));
    crm::request_frames();
}

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
