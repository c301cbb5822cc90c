// Checks what is stored, not what is in memory: decodes every snapshot chunk and change-log entry
// the way loading does, rebuilds the final image (snapshot, then the log in sequence order) and
// checks it: every byte decodes, no id appears twice in one chunk set or one log entry, every
// revision is "generation-hash", and every reference (Regarding, owner, parent account, team
// members, an attachment's activity) names a record that exists (a tombstone counts).
// Usage: add_chunk() per chunk, add_log_entry() per entry (any order), then finish().
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store.hpp"

namespace crm {

struct IntegrityReport {
    std::size_t chunks = 0;
    std::size_t log_entries = 0;
    std::size_t records = 0;   // decoded images, log repeats included
    std::size_t distinct = 0;  // records in the final image
    std::vector<std::string> problems;  // each names where it was found
    bool ok() const { return problems.empty(); }
};

class IntegrityCheck {
public:
    void add_chunk(std::string_view bytes);
    void add_log_entry(std::uint64_t seq, std::string_view bytes);
    IntegrityReport finish();

private:
    using Key = std::pair<RecordKind, std::string>;
    void check_record(const AnyRecord& record, const std::string& where);
    IntegrityReport report_;
    std::map<Key, AnyRecord> snapshot_image_;
    std::vector<std::pair<std::uint64_t, std::string>> log_;
};

// Whether `rev` looks like a revision this app or a CouchDB server writes: "N-hash", N >= 1.
bool revision_well_formed(std::string_view rev);

}  // namespace crm
