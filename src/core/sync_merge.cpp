#include "sync_merge.hpp"
#include "json_safe.hpp"

#include <set>

namespace crm {

bool is_bookkeeping_key(const std::string& key) {
    return key == "id" || key == "rev" || key == "created_by" || key == "created_at" || key == "modified_by" ||
           key == "modified_at" || (!key.empty() && key[0] == '_');
}

namespace {

using nlohmann::json;

// The value of one merge field: a plain key, or "status" = {state, reason}.
json field_value_of(const json& doc, const std::string& field) {
    if (!doc.is_object()) return nullptr;
    if (field == "status") {
        json v = json::object();
        if (doc.contains("state")) v["state"] = doc["state"];
        if (doc.contains("reason")) v["reason"] = doc["reason"];
        return v.empty() ? json(nullptr) : v;
    }
    auto it = doc.find(field);
    return it == doc.end() ? json(nullptr) : *it;
}

void set_field(json& doc, const std::string& field, const json& value) {
    if (field == "status") {
        doc.erase("state");
        doc.erase("reason");
        if (value.is_object())
            for (auto it = value.begin(); it != value.end(); ++it) doc[it.key()] = it.value();
        return;
    }
    if (value.is_null()) doc.erase(field);
    else doc[field] = value;
}

std::set<std::string> merge_fields_of(const json& a, const json& b, const json& c) {
    std::set<std::string> fields;
    for (const json* doc : {&a, &b, &c}) {
        if (!doc->is_object()) continue;
        for (auto it = doc->begin(); it != doc->end(); ++it) {
            const std::string& key = it.key();
            if (is_bookkeeping_key(key)) continue;
            fields.insert(key == "state" || key == "reason" ? std::string("status") : key);
        }
    }
    return fields;
}

std::string string_or_empty(const json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

json merge_field_value(const json& doc, const std::string& field) { return field_value_of(doc, field); }

MergeOutcome merge_record_fields(const json& base, const json& local, const json& remote) {
    MergeOutcome out;
    out.merged = local;
    bool remote_changed_something = false;
    for (const auto& field : merge_fields_of(base, local, remote)) {
        json b = field_value_of(base, field), l = field_value_of(local, field), r = field_value_of(remote, field);
        if (l == r) continue;
        if (!base.is_null() && l == b) {  // only the remote side changed it
            set_field(out.merged, field, r);
            remote_changed_something = true;
        } else if (!base.is_null() && r == b) {
            continue;  // only the local side changed it: keep
        } else {
            out.conflicts.push_back({field, l, r});
        }
    }
    // The modification stamp follows the side that changed last (ISO times compare as text).
    if (remote_changed_something && string_or_empty(remote, "modified_at") > string_or_empty(local, "modified_at")) {
        set_field(out.merged, "modified_at", field_value_of(remote, "modified_at"));
        set_field(out.merged, "modified_by", field_value_of(remote, "modified_by"));
    }
    return out;
}

json resolve_conflicts(const json& local, const std::vector<FieldConflict>& conflicts,
                       const std::vector<std::string>& take_remote) {
    json out = local;
    for (const auto& c : conflicts)
        for (const auto& f : take_remote)
            if (f == c.field) set_field(out, c.field, c.remote);
    return out;
}

std::string encode_conflict(const ConflictRecord& c) {
    json fields = json::array();
    for (const auto& f : c.fields) fields.push_back({{"field", f.field}, {"local", f.local}, {"remote", f.remote}});
    return json_dump(json{{"doc_id", c.doc_id}, {"remote_rev", c.remote_rev}, {"detected_at", c.detected_at}, {"fields", fields}});
}

std::optional<ConflictRecord> decode_conflict(const std::string& text) {
    json j = parse_untrusted_json(text);
    if (!j.is_object() || !j.contains("doc_id") || !j["doc_id"].is_string() || !j.contains("fields") ||
        !j["fields"].is_array())
        return std::nullopt;
    ConflictRecord c;
    c.doc_id = j["doc_id"].get<std::string>();
    c.remote_rev = json_string(j, "remote_rev");
    c.detected_at = json_int(j, "detected_at");
    for (const auto& f : j["fields"]) {
        if (!f.is_object() || !f.contains("field") || !f["field"].is_string()) return std::nullopt;
        c.fields.push_back({f["field"].get<std::string>(), json_member(f, "local"), json_member(f, "remote")});
    }
    return c;
}

}  // namespace crm
