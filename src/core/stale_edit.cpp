#include "stale_edit.hpp"

#include <algorithm>
#include <set>

#include "json_codec.hpp"
#include "json_safe.hpp"
#include "sync_merge.hpp"

namespace crm {
namespace {

using nlohmann::json;

std::set<std::string> fields_of(std::initializer_list<const json*> docs) {
    std::set<std::string> fields;
    for (const json* doc : docs) {
        if (!doc->is_object()) continue;
        for (auto it = doc->begin(); it != doc->end(); ++it) {
            if (is_bookkeeping_key(it.key())) continue;
            fields.insert(it.key() == "state" || it.key() == "reason" ? std::string("status") : it.key());
        }
    }
    return fields;
}

std::string value_text(const json& v) {
    if (v.is_null()) return {};
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("state")) return json_string(v, "state") + (v.contains("reason") ? " / " + json_string(v, "reason") : "");
    if (v.is_object() && v.size() == 1) return value_text(v.begin().value());  // {"date": ...}, {"at": ...}
    return json_dump(v);
}

}  // namespace

std::vector<StaleField> stale_edit_fields(const AnyRecord& opened, const AnyRecord& mine, const AnyRecord& theirs) {
    json jo = record_to_json(opened), jm = record_to_json(mine), jt = record_to_json(theirs);
    std::vector<StaleField> out;
    for (const auto& f : fields_of({&jo, &jm, &jt})) {
        json o = merge_field_value(jo, f), m = merge_field_value(jm, f), t = merge_field_value(jt, f);
        if (m == t) continue;
        out.push_back({.field = f, .mine = value_text(m), .theirs = value_text(t), .changed_here = m != o, .changed_there = t != o});
    }
    return out;
}

std::vector<std::string> default_take_theirs(const std::vector<StaleField>& fields) {
    std::vector<std::string> out;
    for (const auto& f : fields)
        if (!f.changed_here) out.push_back(f.field);
    return out;
}

Result<AnyRecord> rebase_stale_edit(const AnyRecord& mine, const AnyRecord& theirs, const std::vector<std::string>& take_theirs) {
    json jm = record_to_json(mine), jt = record_to_json(theirs);
    std::vector<FieldConflict> differing;
    for (const auto& f : fields_of({&jm, &jt})) {
        json m = merge_field_value(jm, f), t = merge_field_value(jt, f);
        if (m != t) differing.push_back({f, m, t});
    }
    json rebased = resolve_conflicts(jm, differing, take_theirs);
    const RecordKind kind = kind_of(theirs);
    Result<AnyRecord> out = record_from_json(kind, rebased, meta_of(theirs).id);
    if (!out.ok()) return out;
    RecordMeta& m = meta_of(out.value);
    RecordMeta keep = meta_of(theirs);  // theirs' revision: the save is based on it now
    m = keep;
    return out;
}

}  // namespace crm
