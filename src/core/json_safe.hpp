// Reading untrusted JSON (files, sync servers) without exceptions: nlohmann's value(), get() and
// dump() throw on a type mismatch or invalid UTF-8, and the wasm build has no exception support
// (a throw there stops the app). Core code that reads JSON it did not write goes through these.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace crm {

inline std::string json_string(const nlohmann::json& obj, const char* key, std::string fallback = {}) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : fallback;
}
inline bool json_bool(const nlohmann::json& obj, const char* key, bool fallback = false) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    return it != obj.end() && it->is_boolean() ? it->get<bool>() : fallback;
}
inline std::int64_t json_int(const nlohmann::json& obj, const char* key, std::int64_t fallback = 0) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    return it != obj.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}
inline nlohmann::json json_member(const nlohmann::json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it != obj.end() ? *it : nlohmann::json(nullptr);
}
// Serialises; invalid UTF-8 in strings becomes U+FFFD instead of throwing.
inline std::string json_dump(const nlohmann::json& j, int indent = -1) {
    return j.dump(indent, indent < 0 ? ' ' : '\t', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace crm
