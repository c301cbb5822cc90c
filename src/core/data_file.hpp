// Export and import of the whole database as one JSON file (format documented in
// docs/data-format.md). Import is plan-then-apply: plan_import() reads and validates everything
// without touching the store; apply_import() then writes the plan in one store change, so a bad
// file never leaves the database half-imported.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "persistence.hpp"
#include "store.hpp"

namespace crm {

inline constexpr int kDataFileVersion = 1;

// Every record (tombstones included) except device-local Settings and sync bookkeeping. With
// `attachment_bytes`, attachments whose id is a key carry their bytes as "data_base64".
std::string export_database(const Store& store, UtcMillis now,
                            const std::unordered_map<std::string, std::string>* attachment_bytes = nullptr);

// The stored bytes that could not be read (persistence.hpp, QuarantinedBytes) as a file of their
// own: where each was, why it failed, its bytes in base64. Not an Activities data file: an import
// must not take damaged bytes for records, and the records file stays importable as it is.
std::string export_quarantine(const std::vector<QuarantinedBytes>& items, UtcMillis now);

struct ImportCounts {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
};

struct ImportPlan {
    std::vector<AnyRecord> records;  // to write: new and changed records only
    std::vector<std::pair<std::string, std::string>> attachment_bytes;  // attachment id, bytes
    std::unordered_map<RecordKind, ImportCounts> counts;  // per kind
};

// Reads and checks everything without touching the store: plan_import_fast() when it accepts the
// file, else plan_import_checked(), so the answer (and every message) is always the checked one's.
Result<ImportPlan> plan_import(const Store& store, std::string_view file_text);
// The two readings, public so tests hold them to the same answers. plan_import_fast() reads one
// record at a time without a DOM and gives a plan only for a file without any problem (nullopt
// for anything wrong, and for some legal oddities such as repeated keys or integers past 64
// bits). plan_import_checked() reads the file through nlohmann's DOM and names every problem.
std::optional<ImportPlan> plan_import_fast(const Store& store, std::string_view file_text);
Result<ImportPlan> plan_import_checked(const Store& store, std::string_view file_text);
void apply_import(Store& store, const ImportPlan& plan);

}  // namespace crm
