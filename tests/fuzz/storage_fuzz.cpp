// Fuzzes the binary records read back from IndexedDB (record_codec: snapshot chunks and change
// log entries), which a storage fault, another version or a hand-edited database can corrupt.
// The input is split at a line "---": the first part is a snapshot chunk, the rest log entries.
// Invariants, for any bytes:
// - decoding reports, never guesses: each record it gives re-encodes to bytes that decode to
//   the same record (the same bytes again), and every error is a non-empty line;
// - count_records() agrees with what a full decode finds of each kind;
// - loading the same bytes through Persistence reads as many records as decoding the chunk and
//   the log entries' records (a log entry ends in its parents' trailer) finds.
#include <string>
#include <vector>

#include "core/persistence.hpp"
#include "core/record_codec.hpp"
#include "fuzz_support.hpp"

using namespace crm;
using namespace crm::fuzz;

namespace {

struct NoBackend : StorageBackend {
    void write_log_entry(std::uint64_t, const LogEntry&) override {}
    void write_snapshot(std::uint64_t, const std::vector<std::string>&, std::uint64_t) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text = as_text(data, size);
    std::vector<std::string> parts;
    constexpr std::string_view kSeparator = "\n---\n";
    for (std::size_t pos = 0;;) {
        std::size_t end = text.find(kSeparator, pos);
        parts.emplace_back(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (end == std::string_view::npos) break;
        pos = end + kSeparator.size();
    }

    for (const auto& part : parts) {
        std::vector<AnyRecord> records;
        DecodeReport report = decode_records(part, [&](AnyRecord&& r) { records.push_back(std::move(r)); });
        FUZZ_CHECK(report.records == records.size(), "decode_records counted other records than it gave");
        for (const auto& e : report.errors) FUZZ_CHECK(!e.empty(), "an empty decode error");
        const std::string encoded = encode_records(records);
        std::vector<AnyRecord> again;
        DecodeReport second = decode_records(encoded, [&](AnyRecord&& r) { again.push_back(std::move(r)); });
        FUZZ_CHECK(second.errors.empty() && again.size() == records.size(), "a decoded record does not re-encode readably");
        FUZZ_CHECK(encode_records(again) == encoded, "decode(encode(record)) is not the record");
        if (report.errors.empty()) {
            for (auto kind : {RecordKind::Activity, RecordKind::Account, RecordKind::Contact, RecordKind::Opportunity, RecordKind::Case,
                              RecordKind::User, RecordKind::Team, RecordKind::Setting, RecordKind::Attachment}) {
                std::size_t n = 0;
                for (const auto& r : records) n += kind_of(r) == kind;
                FUZZ_CHECK(count_records(part, kind) == n, "count_records disagrees with decode_records");
            }
        }
    }

    // What loading reads: the snapshot chunk, and each log entry without its parents' trailer
    // (found by this target: counting the trailer's bytes as records disagreed with the load).
    std::size_t readable = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string_view records = i == 0 ? std::string_view(parts[i]) : log_entry_records(parts[i]);
        readable += decode_records(records, [](AnyRecord&&) {}).records;
    }

    Store store(1);
    NoBackend backend;
    Persistence persistence(backend);
    std::vector<LogEntry> log;
    for (std::size_t i = 1; i < parts.size(); ++i) log.push_back({i, parts[i]});
    LoadReport loaded = persistence.load(store, {parts[0]}, std::move(log));
    FUZZ_CHECK(loaded.records == readable, "Persistence::load read other records than decode_records");
    for (const auto& e : loaded.errors) FUZZ_CHECK(!e.empty(), "an empty load error");
    // The loaded store writes a snapshot that loads again to the same store.
    std::vector<std::string> chunks = encode_snapshot(store);
    Store reloaded(1);
    Persistence second(backend);
    LoadReport again = second.load(reloaded, chunks, {});
    FUZZ_CHECK(again.errors.empty(), "a snapshot of a loaded store does not load: " + again.errors.front());
    FUZZ_CHECK(encode_snapshot(reloaded) == chunks, "snapshot -> load -> snapshot is not the same bytes");
    return 0;
}
