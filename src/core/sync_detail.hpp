// Helpers shared by the sync engine's parts (sync_engine.cpp: configuration, the cycle and
// status; sync_pull.cpp: the changes feed and merging; sync_push.cpp: documents and _bulk_docs).
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "records.hpp"

namespace crm::sync_detail {

std::string url_encode(std::string_view s);
// The fields that make up a record's content: without identity, revisions, stamps and the
// server's own keys. Two copies with equal content need no merge.
nlohmann::json content_of(const nlohmann::json& doc);
// The document without the keys json_codec does not read ("kind" is the sync document's own).
nlohmann::json record_part(const nlohmann::json& doc);
AnyRecord with_meta(AnyRecord record, const RecordMeta& meta);
std::string http_problem(int status);

}  // namespace crm::sync_detail
