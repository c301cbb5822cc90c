#include "data_file.hpp"

#include <array>
#include <map>

#include "base64.hpp"
#include "json_codec.hpp"
#include "i18n.hpp"
#include "json_safe.hpp"
#include "json_scan.hpp"
#include "locale_format.hpp"
#include "row_index.hpp"

namespace crm {
namespace {

using nlohmann::json;

// The file's sections, in the order they are written and read (references before referrers).
struct Section {
    const char* name;
    RecordKind kind;
};
constexpr std::array<Section, 8> kSections{{{"users", RecordKind::User},
                                            {"teams", RecordKind::Team},
                                            {"accounts", RecordKind::Account},
                                            {"contacts", RecordKind::Contact},
                                            {"opportunities", RecordKind::Opportunity},
                                            {"cases", RecordKind::Case},
                                            {"activities", RecordKind::Activity},
                                            {"attachments", RecordKind::Attachment}}};
constexpr const char* kFormatName = "activities-crm";
constexpr std::size_t kMaxReportedErrors = 20;
// A valid file nests 5 levels (file, section, record, owner/due/regarding); anything much deeper
// is not an export, and code that walks a parsed value recursively must never meet a "JSON bomb".
constexpr int kMaxDepth = 16;


// "line 12, column 5" of a byte offset.
std::string line_and_column(std::string_view text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return tr_args(N_("line %s, column %s"), {std::to_string(line), std::to_string(column)});
}

// Ids by kind in the file (with where each was first seen) and in the store, for references.
struct IdIndex {
    std::map<RecordKind, std::unordered_map<std::string, std::string>> in_file;  // id -> "activities[3]"
    const Store* store = nullptr;
    bool exists(RecordKind kind, const std::string& id) const {
        auto it = in_file.find(kind);
        if (it != in_file.end() && it->second.count(id)) return true;
        bool found = false;
        store->visit_table(kind, [&](const auto& table) { found = table.index_of(id).has_value(); });
        return found;
    }
};

template <typename Ids>
void check_reference(const Ids& ids, RecordKind kind, const std::string& id, const std::string& path, Status& st) {
    if (id.empty() || ids.exists(kind, id)) return;
    st.add(path, tr_args(N_("refers to %s %s, which is neither in the file nor in the database"), {record_kind_json_name(kind), id}));
}

// References of live records must resolve. A tombstone's do not matter (nothing shows it), and
// checking them would refuse files whose referenced records were removed for good.
template <typename Ids>
void check_references(const AnyRecord& any, const std::string& where, const Ids& ids, Status& st) {
    if (meta_of(any).deleted) return;
    auto owner = [&](const OwnerRef& o) {
        if (!o.empty()) check_reference(ids, o.kind == OwnerKind::User ? RecordKind::User : RecordKind::Team, o.id, where + ".owner.id", st);
    };
    std::visit(
        [&](const auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, Activity>) {
                if (!r.regarding.empty()) check_reference(ids, record_kind_of(r.regarding.kind), r.regarding.id, where + ".regarding.id", st);
                owner(r.owner);
            } else if constexpr (std::is_same_v<T, Account>) {
                owner(r.owner);
            } else if constexpr (std::is_same_v<T, Contact>) {
                check_reference(ids, RecordKind::Account, r.parent_account_id, where + ".parent_account_id", st);
                owner(r.owner);
            } else if constexpr (std::is_same_v<T, Opportunity> || std::is_same_v<T, Case>) {
                check_reference(ids, RecordKind::Account, r.account_id, where + ".account_id", st);
                check_reference(ids, RecordKind::Contact, r.contact_id, where + ".contact_id", st);
                owner(r.owner);
            } else if constexpr (std::is_same_v<T, Team>) {
                for (std::size_t i = 0; i < r.member_ids.size(); ++i)
                    check_reference(ids, RecordKind::User, r.member_ids[i], where + ".member_ids[" + std::to_string(i) + "]", st);
            } else if constexpr (std::is_same_v<T, Attachment>) {
                check_reference(ids, RecordKind::Activity, r.activity_id, where + ".activity_id", st);
            }
        },
        any);
}

// Where and why `text` is not JSON, found by a second, validating-only pass (the wasm build has
// no exceptions, so nlohmann's parse_error is received through its SAX interface instead).
struct ErrorOnlySax : nlohmann::json_sax<json> {
    std::size_t position = 0;
    std::string message;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& e) override {
        position = pos;
        message = e.what();
        return false;
    }
};

std::string parse_error_place(std::string_view text) {
    ErrorOnlySax sax;
    json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, /*strict=*/true);
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while parsing
    // value - unexpected end of input; expected '[', '{', or a literal" -> the part after "- ".
    // nlohmann quotes the bytes it last read, which may be the invalid UTF-8 it stopped at: the
    // message is shown as text, so those bytes become U+FFFD (found by tests/fuzz/import_fuzz.cpp).
    std::string why;
    std::string_view raw = sax.message;
    auto dash = raw.find(" - ");
    if (dash != std::string_view::npos) raw.remove_prefix(dash + 3);
    for (std::size_t i = 0; i < raw.size();) {
        std::size_t n = static_cast<unsigned char>(raw[i]) < 0x80 ? 1 : utf8_sequence_length(raw, i);
        if (n == 0) {
            why += "\xEF\xBF\xBD";
            ++i;
        } else {
            why.append(raw, i, n);
            i += n;
        }
    }
    return line_and_column(text, sax.position > 0 ? sax.position - 1 : 0) + (why.empty() ? "" : ": " + why);
}

// Keeps at most kMaxReportedErrors errors, counting the ones left out, so that a file with an
// error in every one of 100,000 records neither floods the user nor fills memory.
struct ErrorList {
    Status& st;
    std::size_t left_out = 0;
    void cap() {
        if (st.errors.size() <= kMaxReportedErrors) return;
        left_out += st.errors.size() - kMaxReportedErrors;
        st.errors.resize(kMaxReportedErrors);
    }
    void finish() {
        cap();
        if (left_out) st.add("", count_phrase("... and %s more problem", "... and %s more problems", static_cast<long long>(left_out)));
    }
};

// Whether the stored copy and the file's copy would export the same (same revision, same content).
template <typename T>
bool same_record(const T& stored, const T& imported, std::string& scratch_a, std::string& scratch_b) {
    if (stored.meta.rev != imported.meta.rev) return false;
    scratch_a.clear();
    scratch_b.clear();
    append_record_json(stored, scratch_a);
    append_record_json(imported, scratch_b);
    return scratch_a == scratch_b;
}

// A record read from the file, with where it was ("activities[3]"; empty on the fast path).
struct Read {
    AnyRecord record;
    std::string where;
    std::string bytes;
    bool has_bytes = false;
};

// Decides what changes. Records already here keep this device's sync bookkeeping, so a later
// sync pushes the imported content as a local change.
void decide_changes(const Store& store, std::vector<Read>& read, ImportPlan& plan) {
    std::string stored_text, file_text;
    for (auto& r : read) {
        ImportCounts& counts = plan.counts[kind_of(r.record)];
        bool write = std::visit(
            [&](auto& rec) {
                const auto* stored = store.table<std::decay_t<decltype(rec)>>().find(rec.meta.id);
                if (!stored) {
                    ++counts.added;
                    return true;
                }
                rec.meta.remote_rev = stored->meta.remote_rev;
                rec.meta.remote_synced_rev = stored->meta.remote_synced_rev;
                if (same_record(*stored, rec, stored_text, file_text)) {
                    ++counts.unchanged;
                    return false;
                }
                ++counts.updated;
                return true;
            },
            r.record);
        // Bytes come along even for unchanged records: this device may not have them yet.
        if (r.has_bytes) plan.attachment_bytes.emplace_back(meta_of(r.record).id, std::move(r.bytes));
        if (write) plan.records.push_back(std::move(r.record));
    }
}

// The ids each section of the file holds, for reference checks on the fast path: views of the
// ids of the records read, which no longer move.
struct FileIds {
    struct Section {
        std::vector<std::string_view> ids;
        RowIndex index;
    };
    std::map<RecordKind, Section> in_file;
    const Store* store = nullptr;
    // false when an id repeats
    bool add(RecordKind kind, std::string_view id) {
        Section& s = in_file[kind];
        auto row = static_cast<std::uint32_t>(s.ids.size());
        s.ids.push_back(id);
        return !s.index.insert(id, row, [&](std::uint32_t i) { return s.ids[i]; }).has_value();
    }
    bool exists(RecordKind kind, const std::string& id) const {
        auto it = in_file.find(kind);
        if (it != in_file.end() && it->second.index.find(id, [&](std::uint32_t i) { return it->second.ids[i]; })) return true;
        bool found = false;
        store->visit_table(kind, [&](const auto& table) { found = table.index_of(id).has_value(); });
        return found;
    }
};

}  // namespace

// One record at a time (json_scan) instead of through a DOM of the whole file: at 100,000
// activities the DOM took 100 MB and most of the time, half of it spent freeing it.
std::optional<ImportPlan> plan_import_fast(const Store& store, std::string_view text) {
    JsonScanner scan(text);
    if (!scan.consume('{')) return std::nullopt;
    std::vector<Read> by_section[kSections.size()];
    bool seen_section[kSections.size()] = {};
    bool seen_format = false, seen_version = false, seen_exported_at = false;
    FlatJson value;
    std::string key;
    // the file is 2 levels (the file, a section); no record nests as deep as this
    constexpr int kRecordDepth = kMaxDepth - 2;
    if (!scan.consume('}')) {
        do {
            if (!scan.scan_key(key)) return std::nullopt;
            if (key == "format" || key == "version" || key == "exported_at") {
                bool& seen = key == "format" ? seen_format : key == "version" ? seen_version : seen_exported_at;
                if (seen || !scan.parse_value(value, 1)) return std::nullopt;
                seen = true;
                const FlatValue& v = value.root();
                bool right = key == "format"        ? v.is_string() && v.text() == kFormatName
                             : key == "version"     ? v.is_number_integer() && v.as_int64() == kDataFileVersion &&
                                                      !(v.is_number_unsigned() && v.as_uint64() != kDataFileVersion)
                                                    : v.is_string() && parse_iso_utc(std::string(v.text())).has_value();
                if (!right) return std::nullopt;
                continue;
            }
            std::size_t s = 0;
            while (s < kSections.size() && key != kSections[s].name) ++s;
            if (s == kSections.size() || seen_section[s] || !scan.consume('[')) return std::nullopt;
            seen_section[s] = true;
            RecordKind kind = kSections[s].kind;
            auto& read = by_section[s];
            if (scan.consume(']')) continue;
            do {
                if (!scan.parse_value(value, kRecordDepth) || !value.root().is_object()) return std::nullopt;
                Read r;
                if (kind == RecordKind::Attachment) {
                    const FlatValue& root = value.root();
                    for (std::size_t i = 0; i < root.size(); ++i) {
                        if (root[i].key() != "data_base64") continue;
                        auto bytes = root[i].is_string() ? base64_decode(std::string(root[i].text())) : std::nullopt;
                        if (!bytes) return std::nullopt;
                        r.bytes = std::move(*bytes);
                        r.has_bytes = true;
                        break;
                    }
                    if (r.has_bytes) value.remove_root_member("data_base64");
                }
                Result<AnyRecord> rec = record_from_json(kind, value.root(), std::string());
                if (!rec.ok()) return std::nullopt;
                if (r.has_bytes && r.bytes.size() != std::get<Attachment>(rec.value).size) return std::nullopt;
                r.record = std::move(rec.value);
                read.push_back(std::move(r));
            } while (scan.consume(','));
            if (!scan.consume(']')) return std::nullopt;
        } while (scan.consume(','));
        if (!scan.consume('}')) return std::nullopt;
    }
    if (!scan.at_end() || !seen_format || !seen_version) return std::nullopt;

    // Sections in the order of kSections, whatever their order in the file, as the DOM path.
    FileIds ids;
    ids.store = &store;
    for (const auto& read : by_section)
        for (const auto& r : read)
            if (!ids.add(kind_of(r.record), meta_of(r.record).id)) return std::nullopt;
    Status st;
    for (const auto& read : by_section)
        for (const auto& r : read) {
            check_references(r.record, r.where, ids, st);
            if (!st.ok()) return std::nullopt;
        }
    ImportPlan plan;
    std::size_t total = 0;
    for (const auto& read : by_section) total += read.size();
    plan.records.reserve(total);
    for (auto& read : by_section) decide_changes(store, read, plan);
    return plan;
}

std::string export_quarantine(const std::vector<QuarantinedBytes>& items, UtcMillis now) {
    std::string out = "{\n\"format\": \"activities-crm-quarantine\",\n\"exported_at\": \"" + format_iso_utc(now) + "\",\n\"unreadable\": [";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i ? ",\n{\"key\":" : "\n{\"key\":";
        append_json_string(items[i].key, out);
        out += ",\"where\":";
        append_json_string(items[i].where, out);
        out += ",\"error\":";
        append_json_string(items[i].error, out);
        out += ",\"bytes_base64\":\"" + base64_encode(items[i].bytes) + "\"}";
    }
    out += items.empty() ? "]\n}\n" : "\n]\n}\n";
    return out;
}

std::string export_database(const Store& store, UtcMillis now, const std::unordered_map<std::string, std::string>* attachment_bytes) {
    // Written as text, one record per line, rather than through a DOM: a DOM of 100,000
    // activities costs several times the time and memory of the text itself.
    // Reserved from a sample of each table: a fixed guess per activity was 20% short at 100k,
    // and the string's doubling then held 80 + 160 MB at once (wasm memory never shrinks back).
    std::string out;
    std::size_t estimate = 4096;
    store.for_each_shared_table([&](const auto& table) {
        constexpr std::size_t kSample = 64;
        std::size_t n = table.size(), sampled = 0;
        if (n == 0) return;
        std::string sample;
        for (std::size_t i = 0; i < n; i += std::max<std::size_t>(1, n / kSample), ++sampled)
            append_record_json(table.at(static_cast<std::uint32_t>(i)), sample);
        estimate += (sample.size() + 2 * sampled) * n / sampled * 21 / 20;
    });
    out.reserve(estimate);
    out += "{\n\"format\": \"";
    out += kFormatName;
    out += "\",\n\"version\": " + std::to_string(kDataFileVersion) + ",\n\"exported_at\": \"" + format_iso_utc(now) + "\"";
    for (const auto& section : kSections) {
        out += ",\n\"";
        out += section.name;
        out += "\": [";
        bool first = true;
        store.visit_table(section.kind, [&](const auto& table) {
            for (const auto& r : table.rows()) {
                out += first ? "\n" : ",\n";
                first = false;
                append_record_json(r, out);
                if constexpr (std::is_same_v<std::decay_t<decltype(r)>, Attachment>) {
                    if (!attachment_bytes) continue;
                    auto it = attachment_bytes->find(r.meta.id);
                    if (it == attachment_bytes->end()) continue;
                    out.pop_back();  // the record's closing brace
                    out += ",\"data_base64\":\"" + base64_encode(it->second) + "\"}";
                }
            }
        });
        out += first ? "]" : "\n]";
    }
    out += "\n}\n";
    return out;
}

Result<ImportPlan> plan_import_checked(const Store& store, std::string_view text) {
    Result<ImportPlan> out;
    Status& st = out.status;
    // Checked before parsing, in one cheap pass: nlohmann's parser callback could check it too,
    // but makes parsing five times slower.
    if (std::size_t at = offset_nested_deeper_than(text, kMaxDepth); at != std::string_view::npos) {
        st.add("", tr_args(N_("The file nests objects or lists more than %s levels deep at %s; it is not an export of this app."),
                           {std::to_string(kMaxDepth), line_and_column(text, at)}));
        return out;
    }
    json file = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (file.is_discarded()) {
        st.add("", tr_args(N_("The file is not valid JSON at %s."), {parse_error_place(text)}));
        return out;
    }
    if (!file.is_object()) {
        st.add("", tr_args(N_("The file must be a JSON object, not %s."), {file.type_name()}));
        return out;
    }
    if (!file.contains("format") || file["format"] != kFormatName) {
        st.add("format", tr_args(N_("This is not an export of this app (expected \"format\": \"%s\")."), {kFormatName}));
        return out;
    }
    if (!file.contains("version") || !file["version"].is_number_integer()) {
        st.add("version", "The file has no version number (a whole number).");
        return out;
    }
    if (file["version"].get<std::int64_t>() != kDataFileVersion) {
        st.add("version", tr_args(N_("The file is version %s; this app reads version %s. Update the app to import it."),
                                  {json_dump(file["version"]), std::to_string(kDataFileVersion)}));
        return out;
    }
    for (auto it = file.begin(); it != file.end(); ++it) {
        bool known = it.key() == "format" || it.key() == "version" || it.key() == "exported_at";
        for (const auto& s : kSections) known |= it.key() == s.name;
        if (!known) st.add(it.key(), "is not a known section of the file");
    }
    if (file.contains("exported_at") && !(file["exported_at"].is_string() && parse_iso_utc(file["exported_at"].get<std::string>())))
        st.add("exported_at", tr_args(N_("expected a time like 2026-11-24T14:00:00.000Z, got %s"), {json_dump(file["exported_at"])}));

    // Read every record and index the ids. An id is indexed even when its record has errors, so
    // that records referring to it are not also reported.
    std::vector<Read> read;
    IdIndex ids;
    ids.store = &store;
    ErrorList errors{st};
    for (const auto& section : kSections) {
        if (!file.contains(section.name)) continue;
        const json& list = file[section.name];
        if (!list.is_array()) {
            st.add(section.name, std::string("expected a list, got ") + list.type_name());
            continue;
        }
        auto& seen = ids.in_file[section.kind];
        seen.reserve(list.size());
        if (section.kind == RecordKind::Activity) read.reserve(read.size() + list.size());
        for (std::size_t i = 0; i < list.size(); ++i) {
            std::string where = std::string(section.name) + "[" + std::to_string(i) + "]";
            const json* item = &list[i];
            std::string id = json_string(*item, "id");
            if (!id.empty()) {
                auto [first, fresh] = seen.emplace(id, where);
                if (!fresh) {
                    st.add(where + ".id", tr_args(N_("repeats the id %s of %s"), {id, first->second}));
                    errors.cap();
                    continue;
                }
            }
            Read r;
            json without_data;  // an attachment with its bytes is read without them
            if (section.kind == RecordKind::Attachment && item->is_object() && item->contains("data_base64")) {
                const json& data = (*item)["data_base64"];
                auto bytes = data.is_string() ? base64_decode(data.get<std::string>()) : std::nullopt;
                if (!bytes) st.add(where + ".data_base64", "is not valid base64");
                else {
                    r.bytes = std::move(*bytes);
                    r.has_bytes = true;
                }
                without_data = *item;
                without_data.erase("data_base64");
                item = &without_data;
            }
            Result<AnyRecord> rec = record_from_json(section.kind, *item, where);
            if (!rec.ok()) {
                for (auto& e : rec.status.errors) st.errors.push_back(std::move(e));
                errors.cap();
                continue;
            }
            if (r.has_bytes) {
                const auto& a = std::get<Attachment>(rec.value);
                if (r.bytes.size() != a.size)
                    st.add(where + ".size", tr_args(N_("says %s bytes but data_base64 has %s"),
                                                    {std::to_string(a.size), std::to_string(r.bytes.size())}));
            }
            r.record = std::move(rec.value);
            r.where = std::move(where);
            read.push_back(std::move(r));
        }
    }
    for (const auto& r : read) {
        check_references(r.record, r.where, ids, st);
        errors.cap();
    }
    if (!st.ok()) {
        errors.finish();
        return out;
    }

    decide_changes(store, read, out.value);
    return out;
}

Result<ImportPlan> plan_import(const Store& store, std::string_view text) {
    if (auto plan = plan_import_fast(store, text)) return {.status = {}, .value = std::move(*plan)};
    return plan_import_checked(store, text);
}

void apply_import(Store& store, const ImportPlan& plan) {
    // A large import into a small table gets its room at once, rather than the table doubling
    // (and moving its rows) several times; a small one leaves the growth to the vector, since an
    // exact reserve each time would move all rows on every import.
    std::size_t activities = 0;
    for (const auto& r : plan.records) activities += std::holds_alternative<Activity>(r);
    if (activities > store.activities().size()) store.reserve_activities(store.activities().size() + activities);
    store.put_verbatim(plan.records);
}

}  // namespace crm
