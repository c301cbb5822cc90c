// The one translation lookup every user-visible string goes through.
// Keys are the English source text (gettext style), so code reads naturally and an untranslated
// string falls back to English rather than to a key. A catalog for another language maps English
// to that language; `tr()` returns a pointer that stays valid until the catalog changes.
// `format_message()` renders a FieldError ("%s" filled from its arg) in the current language.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "result.hpp"

namespace crm {

class Catalog {
public:
    void set(std::string english, std::string translated) {
        entries_[std::move(english)] = std::move(translated);
        ++revision_;
    }
    void clear() {
        entries_.clear();
        ++revision_;
    }
    const char* lookup(const char* english) const;
    std::size_t size() const { return entries_.size(); }
    // Changes whenever an entry is set or the catalog cleared (the font's glyph set follows it).
    std::uint64_t revision() const { return revision_; }
    template <typename Fn>
    void for_each_translation(Fn&& fn) const {
        for (const auto& [english, translated] : entries_) fn(std::string_view(translated));
    }

private:
    std::unordered_map<std::string, std::string> entries_;
    std::uint64_t revision_ = 0;
};

Catalog& active_catalog();
inline const char* tr(const char* english) { return active_catalog().lookup(english); }
// tr() of `message`, with "%s" replaced by `arg` (or ": arg" appended when there is no "%s").
std::string tr_format(const std::string& message, const std::string& arg);
std::string format_message(const FieldError& e);

}  // namespace crm
