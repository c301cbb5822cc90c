// Fuzzes the data file import (data_file: the json_scan fast path, the nlohmann checked path,
// json_codec's record readers, the reference checks, then the commit into a Store).
// Invariants, for any bytes:
// - planning never changes the store (its version and its export are the same after);
// - a refusal names the problem (non-empty UTF-8 messages);
// - the fast path accepts only what the checked path accepts, with the same plan;
// - an accepted file, applied, leaves a store whose export imports into an empty store and
//   exports back byte for byte, and imports into itself changing nothing.
#include <string>

#include "core/record_codec.hpp"
#include "fuzz_support.hpp"

using namespace crm;
using namespace crm::fuzz;

namespace {

// What a plan would write, as bytes (records, per-kind counts, attachment bytes).
std::string plan_signature(const ImportPlan& plan) {
    std::string out = encode_records(plan.records);
    for (auto kind : {RecordKind::User, RecordKind::Team, RecordKind::Account, RecordKind::Contact, RecordKind::Opportunity,
                      RecordKind::Case, RecordKind::Activity, RecordKind::Attachment}) {
        auto it = plan.counts.find(kind);
        ImportCounts c = it == plan.counts.end() ? ImportCounts{} : it->second;
        out += "|" + std::to_string(c.added) + "," + std::to_string(c.updated) + "," + std::to_string(c.unchanged);
    }
    for (const auto& [id, bytes] : plan.attachment_bytes) out += "|" + id + "=" + bytes;
    return out;
}

const Store& base_store() {
    static const Store store = make_base_store();
    return store;
}
const std::string& base_export() {
    static const std::string text = export_database(base_store(), kFuzzNow);
    return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = as_text(data, size);
    const Store& base = base_store();
    const std::uint64_t version = base.version();

    auto fast = plan_import_fast(base, text);
    Result<ImportPlan> plan = plan_import_checked(base, text);
    FUZZ_CHECK(base.version() == version, "planning changed the store's version");
    if (!plan.ok()) {
        check_refusal_messages(plan.status, "import");
        FUZZ_CHECK(!fast, "the fast path accepted a file the checked path refuses: " + plan.status.errors[0].message);
        FUZZ_CHECK(export_database(base, kFuzzNow) == base_export(), "a refused import changed the store");
        return 0;
    }
    if (fast) FUZZ_CHECK(plan_signature(*fast) == plan_signature(plan.value), "the fast and checked paths planned differently");

    Store imported = base;
    apply_import(imported, plan.value);
    // Every planned record is stored as planned.
    for (const auto& r : plan.value.records) {
        auto stored = imported.find_any(kind_of(r), meta_of(r).id);
        FUZZ_CHECK(stored.has_value(), "a planned record is missing after the import: " + meta_of(r).id);
        FUZZ_CHECK(encode_records(std::span(&*stored, 1)) == encode_records(std::span(&r, 1)),
                   "a record was stored differently from its plan: " + meta_of(r).id);
    }
    // Round trip: the result's export reads back, into an empty store, to the same export.
    const std::string out = export_database(imported, kFuzzNow);
    Store fresh(7);
    Result<ImportPlan> again = plan_import(fresh, out);
    FUZZ_CHECK(again.ok(), "the export of an imported file does not import: " +
                               (again.status.errors.empty() ? std::string() : again.status.errors[0].field + ": " + again.status.errors[0].message));
    apply_import(fresh, again.value);
    FUZZ_CHECK(export_database(fresh, kFuzzNow) == out, "export -> import -> export is not the same text");
    // And into the store it came from, as "unchanged" everywhere.
    Result<ImportPlan> same = plan_import(imported, out);
    FUZZ_CHECK(same.ok() && same.value.records.empty(), "re-importing a store's own export would change it");
    return 0;
}
