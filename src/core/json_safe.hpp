// Reading untrusted JSON (files, sync servers) without exceptions: nlohmann's value(), get() and
// dump() throw on a type mismatch or invalid UTF-8, and the wasm build has no exception support
// (a throw there stops the app). Core code that reads JSON it did not write goes through these.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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

// The byte offset of the first '[' or '{' of `text` that opens a level deeper than `limit`
// (brackets inside strings do not count), or npos. One cheap pass before parsing: nlohmann's
// parser is iterative, but copying, comparing and dumping a value recurse once per level, so a
// "JSON bomb" of 100,000 '[' parses and then overflows the stack wherever it is next used.
inline std::size_t offset_nested_deeper_than(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

// JSON from outside (a sync server's answers, stored settings): discarded when it is not JSON or
// nests deeper than `max_depth`, never an exception.
inline nlohmann::json parse_untrusted_json(std::string_view text, int max_depth = 64) {
    if (offset_nested_deeper_than(text, max_depth) != std::string_view::npos) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace crm
