// The JSON form of records: one shape shared by the export file (data_file) and by the documents
// on a sync server (sync_protocol). The shape is documented in docs/data-format.md.
// Times are ISO-8601 UTC strings with milliseconds ("2026-11-23T21:37:45.123Z"), calendar dates
// "YYYY-MM-DD", enums lower-case snake-case names ("phone_call", "waiting_on_someone_else").
// Reading is strict: every field's type and value is checked, the record's own rules are applied
// (validate_activity, record_rules), and each error names its path ("activities[12].due.date").
// Sync bookkeeping (RecordMeta::remote_rev, remote_synced_rev) and device-local Settings are
// never part of this form.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "json_scan.hpp"
#include "store.hpp"

namespace crm {

// "activity", "account", "contact", "opportunity", "case", "user", "team", "attachment".
// Setting has no JSON form (device-local).
const char* record_kind_json_name(RecordKind kind);
std::optional<RecordKind> record_kind_from_json_name(std::string_view name);

// The record as a JSON object: "id", "rev", "deleted", "created_by", "created_at", "modified_by",
// "modified_at" and the kind's own fields. Optional fields that are unset are omitted.
nlohmann::json record_to_json(const AnyRecord& record);

// The same object as record_to_json(record), appended to `out` as compact JSON text (fields in
// the order above, no spaces) without building a DOM: the export writes 100,000 records this way.
// Defined for every record kind (a Setting gives its meta only, as in record_to_json).
template <typename Record>
void append_record_json(const Record& record, std::string& out);

// Calls `fn` with each text value of the record's JSON form except its meta (ids, names, subjects,
// addresses, enum names), for code that must see all of a record's text, such as the font's
// glyph set. Numbers, booleans and dates (ASCII) are skipped. Defined for every record kind.
template <typename Record>
void for_each_record_text(const Record& record, const std::function<void(std::string_view)>& fn);

// `text` as a JSON string with quotes and escapes; invalid UTF-8 becomes U+FFFD (as json_dump).
void append_json_string(std::string_view text, std::string& out);

// Reads a record of `kind` from `j`. Keys starting with '_' are ignored (sync server keys such
// as "_id" and "_rev"); any other unknown key is an error. `where` prefixes error field names,
// for example "activities[12]". On failure `value` is unspecified and nothing else changed.
Result<AnyRecord> record_from_json(RecordKind kind, const nlohmann::json& j, const std::string& where);
// The same from a FlatValue (the import's fast path), with the same checks, except that an
// object with a key the record does not ask for, or a key twice, is refused with one error
// naming neither: the caller then reads the record with nlohmann, whose errors are the reference.
Result<AnyRecord> record_from_json(RecordKind kind, const FlatValue& j, const std::string& where);
// nlohmann's value of a FlatValue (a repeated key keeps the last, as nlohmann's parser does):
// messages quote values as nlohmann would, and tests compare the two readings.
nlohmann::json to_json(const FlatValue& v);

// Times use civil_time's format_iso_utc / parse_iso_utc; dates format_iso_date / parse_iso_date.

}  // namespace crm
