// Text folding for search: "zolw" finds "Żółw", "CHRIS" finds "Chris", "客戶" finds "客戶跟進".
// fold_for_search() lower-cases and strips diacritics from Latin letters (Polish ąćęłńóśźż, the
// accents of Western and Central European languages), turns runs of whitespace into one space,
// and leaves every other script (Chinese, ...) as it is. Fold both sides, then compare bytes.
#pragma once
#include <string>
#include <string_view>

namespace crm {

std::string fold_for_search(std::string_view utf8);
// Appends the UTF-8 bytes of code point `cp`.
void append_utf8(std::string& out, char32_t cp);
// Both arguments already folded. An empty needle matches everything.
bool folded_contains(std::string_view folded_haystack, std::string_view folded_needle);
// True when `folded_needle` starts `folded_haystack` or starts one of its words (after a space
// or punctuation). Used to rank hits.
bool folded_word_prefix(std::string_view folded_haystack, std::string_view folded_needle);

}  // namespace crm
