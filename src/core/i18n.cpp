#include "i18n.hpp"

#include "json_safe.hpp"

namespace crm {

bool is_supported_language(std::string_view code) {
    for (const auto& l : kLanguages)
        if (code == l.code) return true;
    return false;
}

std::string pick_language(const std::vector<std::string>& browser_languages) {
    for (const auto& tag : browser_languages) {
        std::string primary;
        for (char c : tag) {
            if (c == '-' || c == '_') break;
            primary.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        }
        if (primary == "en") return "en";
        if (primary == "pl") return "pl";
        if (primary == "zh") return "zh-Hant";
    }
    return "en";
}

std::size_t plural_form_count(std::string_view language) {
    if (language == "pl") return 3;
    if (language == "zh-Hant") return 1;
    return 2;
}

std::size_t plural_form_index(std::string_view language, long long n) {
    if (n < 0) n = -n;
    if (language == "zh-Hant") return 0;
    if (language == "pl") {
        // CLDR: one = 1; few = 2..4 except 12..14 (mod 100); many = everything else.
        if (n == 1) return 0;
        long long last = n % 10, last_two = n % 100;
        if (last >= 2 && last <= 4 && !(last_two >= 12 && last_two <= 14)) return 1;
        return 2;
    }
    return n == 1 ? 0 : 1;
}

namespace {
// Symbols ("<", "+", "%s: %s") need no translation and are not reported as misses.
bool has_letters(const char* s) {
    for (; *s; ++s)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) return true;
    return false;
}

// "button|Open" -> "Open": the English text of a key with a context prefix (lower-case word, '|').
const char* without_context(const char* key) {
    const char* p = key;
    while (*p >= 'a' && *p <= 'z') ++p;
    return (*p == '|' && p != key) ? p + 1 : key;
}

}  // namespace

const char* Catalog::lookup(const char* english) const {
    if (language_ == "en") return without_context(english);
    auto it = entries_.find(english);
    if (it == entries_.end() || it->second.empty() || it->second.front().empty()) {
        if (record_misses_ && has_letters(english)) misses_.insert(english);
        return without_context(english);
    }
    return it->second.front().c_str();
}

const char* Catalog::lookup_count(const char* singular, const char* plural, long long n) const {
    const char* english = plural_form_index("en", n) == 0 ? singular : plural;
    if (language_ == "en") return english;
    auto it = entries_.find(singular);
    std::size_t form = plural_form_index(language_, n);
    if (it == entries_.end() || form >= it->second.size() || it->second[form].empty()) {
        if (record_misses_) misses_.insert(singular);
        return english;
    }
    return it->second[form].c_str();
}

std::uint64_t Catalog::next_revision() {
    static std::uint64_t counter = 0;
    return ++counter;
}

Result<Catalog> parse_catalog(std::string_view json_text, std::string_view language) {
    Result<Catalog> out;
    out.value.set_language(std::string(language));
    const nlohmann::json doc = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        out.status.add("", "The translation file is not valid JSON.");
        return out;
    }
    if (!doc.is_object()) {
        out.status.add("", "The translation file must be a JSON object of English text to translation.");
        return out;
    }
    const std::size_t forms = plural_form_count(language);
    for (const auto& [key, value] : doc.items()) {
        if (key.empty() || key[0] == '@') continue;
        if (value.is_string()) {
            out.value.set(key, {value.get<std::string>()});
        } else if (value.is_array() && value.size() == forms) {
            std::vector<std::string> list;
            for (const auto& f : value) {
                if (!f.is_string()) break;
                list.push_back(f.get<std::string>());
            }
            if (list.size() == forms) out.value.set(key, std::move(list));
            else out.status.add(key, "Each plural form must be a string.");
        } else {
            out.status.add(key, "Expected a string, or a list of %s plural forms.", std::to_string(forms));
        }
    }
    return out;
}

Catalog& active_catalog() {
    static Catalog catalog;
    return catalog;
}

std::string tr_format(const std::string& message, const std::string& arg) {
    std::string text = tr(message.c_str());
    if (text.find("%s") != std::string::npos) return fill_args(std::move(text), {arg});
    if (!arg.empty()) text += " (" + arg + ")";
    return text;
}

std::string tr_args(const char* english, std::initializer_list<std::string> args) { return fill_args(tr(english), args); }

std::string fill_args(std::string text, std::initializer_list<std::string> args) {
    std::size_t from = 0;
    for (const auto& a : args) {
        auto pos = text.find("%s", from);
        if (pos == std::string::npos) break;
        text.replace(pos, 2, a);
        from = pos + a.size();
    }
    return text;
}

std::string format_message(const FieldError& e) { return tr_format(e.message, e.arg); }

}  // namespace crm
