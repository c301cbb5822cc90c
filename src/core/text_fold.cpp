#include "text_fold.hpp"

#include <string.h>  // memmem

#include <cstdint>

namespace crm {
namespace {

// Latin-1 Supplement U+00C0..U+00FF: the letter each folds to ("" = keep the character).
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0..CF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0..DF (D7 ×)
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0..EF
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0..FF (F7 ÷)
};

// Latin Extended-A U+0100..U+017F, one base letter per code point; '*' marks the digraphs
// handled separately (Ĳ ĳ Œ œ).
constexpr char kLatinExtA[] =
    "aaaaaa"        // 100-105 Ā ā Ă ă Ą ą
    "cccccccc"      // 106-10D Ć ć Ĉ ĉ Ċ ċ Č č
    "dddd"          // 10E-111 Ď ď Đ đ
    "eeeeeeeeee"    // 112-11B Ē ē Ĕ ĕ Ė ė Ę ę Ě ě
    "gggggggg"      // 11C-123 Ĝ ĝ Ğ ğ Ġ ġ Ģ ģ
    "hhhh"          // 124-127 Ĥ ĥ Ħ ħ
    "iiiiiiiiii"    // 128-131 Ĩ ĩ Ī ī Ĭ ĭ Į į İ ı
    "**"            // 132-133 Ĳ ĳ
    "jj"            // 134-135 Ĵ ĵ
    "kkk"           // 136-138 Ķ ķ ĸ
    "llllllllll"    // 139-142 Ĺ ĺ Ļ ļ Ľ ľ Ŀ ŀ Ł ł
    "nnnnnnn"       // 143-149 Ń ń Ņ ņ Ň ň ŉ
    "nn"            // 14A-14B Ŋ ŋ
    "oooooo"        // 14C-151 Ō ō Ŏ ŏ Ő ő
    "**"            // 152-153 Œ œ
    "rrrrrr"        // 154-159 Ŕ ŕ Ŗ ŗ Ř ř
    "ssssssss"      // 15A-161 Ś ś Ŝ ŝ Ş ş Š š
    "tttttt"        // 162-167 Ţ ţ Ť ť Ŧ ŧ
    "uuuuuuuuuuuu"  // 168-173 Ũ ũ Ū ū Ŭ ŭ Ů ů Ű ű Ų ų
    "ww"            // 174-175 Ŵ ŵ
    "yyy"           // 176-178 Ŷ ŷ Ÿ
    "zzzzzz"        // 179-17E Ź ź Ż ż Ž ž
    "s";            // 17F ſ
static_assert(sizeof(kLatinExtA) == 0x80 + 1);

// Latin Extended Additional U+1E00..U+1E95, one letter per upper/lower pair.
constexpr char kLatinExtAdditional[] =
    "abbbcdddddeeeeefghhhhhiikkkllllmmmnnnnoooopprrrrsssssttttuuuuuvvwwwwwxxyzzz";
static_assert(sizeof(kLatinExtAdditional) == 75 + 1);


constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at `i`, advancing `i`. Invalid sequences (stray continuation bytes,
// truncated sequences, overlong forms, surrogates, > U+10FFFF) give U+FFFD and consume one byte.
char32_t decode(std::string_view s, std::size_t& i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int len = 0;
    char32_t cp = 0, min = 0;
    if ((b0 & 0xE0) == 0xC0) len = 2, cp = b0 & 0x1F, min = 0x80;
    else if ((b0 & 0xF0) == 0xE0) len = 3, cp = b0 & 0x0F, min = 0x800;
    else if ((b0 & 0xF8) == 0xF0) len = 4, cp = b0 & 0x07, min = 0x10000;
    else {
        ++i;
        return kReplacement;
    }
    if (i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return kReplacement;
    }
    for (int k = 1; k < len; ++k) {
        auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kReplacement;
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

bool is_space(char32_t cp) {
    switch (cp) {
        case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
        case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
            return true;
        default: return cp >= 0x2000 && cp <= 0x200A;
    }
}

// Characters that carry nothing for search: combining diacritics (decomposed input such as
// "e" + U+0301), soft hyphen, zero-width spaces and joiners, byte order mark.
bool is_ignorable(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
           cp == 0xFEFF;
}

// Appends the folded form of `cp` (not whitespace, not ignorable).
void append_folded(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
        return;
    }
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char* f = kLatin1[cp - 0xC0];
        if (*f) {
            out += f;
            return;
        }
    } else if (cp >= 0x100 && cp <= 0x17F) {
        char c = kLatinExtA[cp - 0x100];
        if (c != '*') out += c;
        else out += (cp == 0x132 || cp == 0x133) ? "ij" : "oe";
        return;
    } else if (cp >= 0x180 && cp <= 0x24F) {
        // Latin Extended-B: the letters used by living European and Vietnamese orthographies.
        char c = 0;
        if (cp == 0x180) c = 'b';
        else if (cp == 0x191 || cp == 0x192) c = 'f';
        else if (cp == 0x1A0 || cp == 0x1A1) c = 'o';
        else if (cp == 0x1AF || cp == 0x1B0) c = 'u';
        else if (cp == 0x1B5 || cp == 0x1B6) c = 'z';
        else if (cp == 0x1CD || cp == 0x1CE) c = 'a';
        else if (cp == 0x1CF || cp == 0x1D0) c = 'i';
        else if (cp == 0x1D1 || cp == 0x1D2) c = 'o';
        else if (cp >= 0x1D3 && cp <= 0x1DC) c = 'u';
        else if (cp == 0x218 || cp == 0x219) c = 's';
        else if (cp == 0x21A || cp == 0x21B) c = 't';
        if (c) {
            out += c;
            return;
        }
    } else if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) {
        cp += 0x20;  // Greek capitals
    } else if (cp == 0x3C2) {
        cp = 0x3C3;  // final sigma matches sigma
    } else if (cp >= 0x410 && cp <= 0x42F) {
        cp += 0x20;  // Cyrillic capitals
    } else if (cp >= 0x400 && cp <= 0x40F) {
        cp += 0x50;  // Ѐ..Џ
    } else if (cp >= 0x1E00 && cp <= 0x1E95) {
        out += kLatinExtAdditional[(cp - 0x1E00) / 2];
        return;
    } else if (cp == 0x1E9E) {
        out += "ss";  // capital sharp s
        return;
    } else if (cp >= 0x1EA0 && cp <= 0x1EF9) {
        // Vietnamese: runs of a, e, i, o, u, y with stacked marks
        out += cp <= 0x1EB7 ? 'a' : cp <= 0x1EC7 ? 'e' : cp <= 0x1ECB ? 'i' : cp <= 0x1EE3 ? 'o' : cp <= 0x1EF1 ? 'u' : 'y';
        return;
    } else if (cp >= 0xFF21 && cp <= 0xFF3A) {
        out += static_cast<char>('a' + (cp - 0xFF21));  // fullwidth Latin, as typed by CJK input methods
        return;
    } else if (cp >= 0xFF41 && cp <= 0xFF5A) {
        out += static_cast<char>('a' + (cp - 0xFF41));
        return;
    } else if (cp >= 0xFF10 && cp <= 0xFF19) {
        out += static_cast<char>('0' + (cp - 0xFF10));
        return;
    }
    append_utf8(out, cp);
}

// The code point that ends just before byte `pos` of valid UTF-8 text.
char32_t previous_code_point(std::string_view s, std::size_t pos) {
    std::size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && pos - start < 4) --start;
    std::size_t i = start;
    return decode(s, i);
}

// Whether a word can start after `cp`: whitespace and punctuation separate words; letters,
// digits and other scripts do not.
bool separates_words(char32_t cp) {
    if (cp < 0x80) {
        bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        return !alnum;
    }
    return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||  // Latin-1 punctuation and signs
           (cp >= 0x2000 && cp <= 0x206F) ||                            // general punctuation: „ " – — …
           (cp >= 0x3000 && cp <= 0x303F) ||                            // CJK punctuation: 、 。 「 」
           (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
           (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == kReplacement;
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    bool pending_space = false;
    std::size_t i = 0;
    while (i < utf8.size()) {
        char32_t cp = decode(utf8, i);
        if (is_space(cp)) {
            pending_space = !out.empty();  // leading whitespace is dropped
            continue;
        }
        if (is_ignorable(cp)) continue;
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        append_folded(out, cp);
    }
    return out;  // trailing whitespace was never written
}

bool folded_contains(std::string_view folded_haystack, std::string_view folded_needle) {
    if (folded_needle.empty()) return true;
    // memmem compares several bytes at a time (musl's, under Emscripten, shifts by a hash of byte
    // pairs); string_view::find stops at every occurrence of the needle's first letter, which in
    // prose is most of the text.
    return ::memmem(folded_haystack.data(), folded_haystack.size(), folded_needle.data(), folded_needle.size()) != nullptr;
}

bool folded_word_prefix(std::string_view folded_haystack, std::string_view folded_needle) {
    if (folded_needle.empty()) return true;
    for (std::size_t pos = folded_haystack.find(folded_needle); pos != std::string_view::npos;
         pos = folded_haystack.find(folded_needle, pos + 1)) {
        if (pos == 0 || separates_words(previous_code_point(folded_haystack, pos))) return true;
    }
    return false;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace crm
