// The one translation lookup every user-visible string goes through.
// Keys are the English source text (gettext style), so code reads naturally and an untranslated
// string falls back to English rather than to a key. A catalog for another language maps English
// to that language; `tr()` returns a pointer that stays valid until the catalog changes.
// Catalogs are plain JSON files a translator edits (assets/i18n/<code>.json, read by
// parse_catalog); scripts/i18n-check.mjs lists every key the sources use, fails on a missing or
// malformed translation and lists stale ones. N_("...") marks a literal that a caller passes through tr() later.
// Counted phrases go through tr_count(singular, plural, n), which knows each language's plural
// rule (Polish has three forms: 1 aktywność, 2 aktywności, 5 aktywności).
// A word that English uses in two senses gets a context prefix in its key: tr("button|Open")
// shows "Open" in English and lets Polish say "Otwórz" there and "Otwarte" for the state.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "result.hpp"

namespace crm {

// Marks a string literal for translation where it is defined; the caller translates it with tr().
constexpr const char* N_(const char* english) { return english; }

struct LanguageInfo {
    const char* code;         // "en", "pl", "zh-Hant" (BCP 47)
    const char* native_name;  // the language's own name, shown in the language picker
};
inline constexpr LanguageInfo kLanguages[] = {{"en", "English"}, {"pl", "Polski"}, {"zh-Hant", "繁體中文"}};
bool is_supported_language(std::string_view code);
// The UI language for a browser's preference list (navigator.languages): the first entry whose
// primary subtag we have. Every Chinese tag maps to zh-Hant (the only Chinese we ship).
std::string pick_language(const std::vector<std::string>& browser_languages);

// Plural forms: index into a translation's forms for count n in `language`.
std::size_t plural_form_count(std::string_view language);
std::size_t plural_form_index(std::string_view language, long long n);

class Catalog {
public:
    void set(std::string english, std::vector<std::string> forms) {
        entries_[std::move(english)] = std::move(forms);
        revision_ = next_revision();
    }
    void clear() {
        entries_.clear();
        revision_ = next_revision();
    }
    const std::string& language() const { return language_; }
    void set_language(std::string code) {
        language_ = std::move(code);
        revision_ = next_revision();
    }
    // The translation of `english`, or `english` itself when there is none.
    const char* lookup(const char* english) const;
    // The form of `singular`'s translation for count n (English: singular or plural).
    const char* lookup_count(const char* singular, const char* plural, long long n) const;
    std::size_t size() const { return entries_.size(); }
    // Changes whenever the catalog changes; numbers are unique across catalogs, so a catalog
    // swapped in for another never looks unchanged (the font's glyph set follows it).
    std::uint64_t revision() const { return revision_; }
    // Every translated form, for collecting the glyphs a font needs.
    template <typename Fn>
    void for_each_translation(Fn&& fn) const {
        for (const auto& [english, forms] : entries_)
            for (const auto& f : forms) fn(std::string_view(f));
    }
    // Test support: when on, English keys looked up without a translation are remembered, so a
    // test that draws every view can prove no English is left on a translated screen.
    void record_misses(bool on) { record_misses_ = on; }
    bool recording_misses() const { return record_misses_; }
    const std::set<std::string>& misses() const { return misses_; }
    void clear_misses() { misses_.clear(); }

private:
    static std::uint64_t next_revision();
    std::string language_ = "en";
    std::unordered_map<std::string, std::vector<std::string>> entries_;
    std::uint64_t revision_ = next_revision();
    bool record_misses_ = false;
    mutable std::set<std::string> misses_;
};

// Reads a catalog file: one JSON object whose keys are English source strings and whose values
// are the translation (a string) or, for counted phrases, the plural forms (an array of
// plural_form_count(language) strings). Keys starting with "@" are comments for translators.
Result<Catalog> parse_catalog(std::string_view json_text, std::string_view language);

Catalog& active_catalog();
inline const char* tr(const char* english) { return active_catalog().lookup(english); }
inline const char* tr_count(const char* singular, const char* plural, long long n) {
    return active_catalog().lookup_count(singular, plural, n);
}
// tr() of `message`, with "%s" replaced by `arg` (or " (arg)" appended when there is no "%s").
std::string tr_format(const std::string& message, const std::string& arg);
// tr() of `english` with each "%s" replaced by the next of `args`, for messages built from
// several values ("refers to %s %s, which is ...") that are composed where they arise.
std::string tr_args(const char* english, std::initializer_list<std::string> args);
// `pattern` (already translated) with each "%s" replaced by the next of `args`; an argument's own
// text is never filled again.
std::string fill_args(std::string pattern, std::initializer_list<std::string> args);
std::string format_message(const FieldError& e);

}  // namespace crm
