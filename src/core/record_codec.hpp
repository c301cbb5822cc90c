// Compact binary encoding of records for IndexedDB storage.
// A batch is a sequence of records, each written as [varint length][kind byte][format byte][fields].
// Reading 100,000 activities as a few large binary chunks is ~10x faster than one IndexedDB
// object per activity (see README, "Storage layout"), and decoding this format in wasm is far
// cheaper than parsing JSON. JSON stays the format for export, import and sync (json_codec).
// Decoding never trusts its input: a truncated or corrupted record is reported, not guessed at.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store.hpp"

namespace crm {

// Format 2 added the sync bookkeeping to the record meta, format 3 the series and reminder fields
// of activities; older records are still read (with those fields empty).
inline constexpr std::uint8_t kRecordFormatVersion = 3;

// Appends one record to `out`.
void encode_record(const AnyRecord& record, std::string& out);
std::string encode_records(std::span<const AnyRecord> records);

struct DecodeReport {
    std::size_t records = 0;
    std::vector<std::string> errors;  // one line per record that could not be read
    // The bytes behind each error, so a caller can keep them (quarantine) instead of losing them:
    // `index` counts the records before it in the batch; a broken length prefix spans to the end.
    struct Unreadable {
        std::size_t index = 0;
        std::size_t offset = 0;
        std::size_t length = 0;
    };
    std::vector<Unreadable> unreadable;
};
// Calls `sink` for each record in the batch. A record that fails to decode is skipped and
// reported; decoding continues with the next one when its length prefix is intact.
DecodeReport decode_records(std::string_view bytes, const std::function<void(AnyRecord&&)>& sink);

// How many records of `kind` the batch holds, read from the length prefixes and kind bytes only
// (no record is decoded): loading reserves its tables exactly rather than guessing from sizes.
std::size_t count_records(std::string_view bytes, RecordKind kind);

// Stable hash of a record's content (not its revision), for revision ids.
std::uint64_t content_hash(const AnyRecord& record);

}  // namespace crm
