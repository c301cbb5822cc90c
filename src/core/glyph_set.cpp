#include "glyph_set.hpp"

#include <cstring>

#include "i18n.hpp"
#include "json_codec.hpp"
#include "store.hpp"

namespace crm {

bool is_cjk_code_point(char32_t cp) {
    return (cp >= 0x3000 && cp <= 0x303F) ||  // CJK symbols and punctuation
           (cp >= 0x3100 && cp <= 0x312F) ||  // Bopomofo
           (cp >= 0x31A0 && cp <= 0x31BF) ||  // Bopomofo extended
           (cp >= 0x3400 && cp <= 0x4DBF) ||  // Extension A
           (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK Unified Ideographs
           (cp >= 0xF900 && cp <= 0xFAFF) ||  // compatibility ideographs
           (cp >= 0xFF00 && cp <= 0xFFEF);    // half-width and full-width forms
}

bool GlyphSet::add(char32_t cp) {
    if (cp > 0xFFFF) return false;
    std::uint64_t bit = std::uint64_t{1} << (cp & 63);
    std::uint64_t& word = bits_[cp >> 6];
    if (word & bit) return false;
    word |= bit;
    ++count_;
    if (is_cjk_code_point(cp)) ++cjk_count_;
    grown_ = true;
    return true;
}

bool GlyphSet::add_range(char32_t first, char32_t last) {
    bool any = false;
    for (char32_t cp = first; cp <= last && cp <= 0xFFFF; ++cp) any |= add(cp);
    return any;
}

bool GlyphSet::contains(char32_t cp) const {
    return cp <= 0xFFFF && (bits_[cp >> 6] >> (cp & 63) & 1);
}

bool GlyphSet::add_text(std::string_view s) {
    bool any = false;
    std::size_t i = 0, n = s.size();
    // Once every printable ASCII character is in the set (after the first records), ASCII text
    // adds nothing drawable: runs of it are skipped eight bytes at a time. (Control characters
    // are never drawn, so leaving them out changes no atlas.)
    const bool ascii_complete = (bits_[0] >> 32) == 0xFFFFFFFFull && (bits_[1] & 0x7FFFFFFFFFFFFFFFull) == 0x7FFFFFFFFFFFFFFFull;
    while (i < n) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {  // ASCII, the common case: no decoding
            if (ascii_complete) {
                ++i;
                while (i + 8 <= n) {
                    std::uint64_t word;
                    std::memcpy(&word, s.data() + i, 8);
                    if (word & 0x8080808080808080ull) break;
                    i += 8;
                }
                while (i < n && static_cast<unsigned char>(s[i]) < 0x80) ++i;
                continue;
            }
            any |= add(b);
            ++i;
            continue;
        }
        int len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? (b < 0xF0 ? 3 : 0) : b >= 0xC2 ? 2 : 0;
        if (len == 0 || i + len > n) {
            ++i;  // a stray continuation byte, an overlong lead or a truncated sequence
            continue;
        }
        char32_t cp = b & (0x7F >> len);
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) {
                ok = false;
                break;
            }
            cp = cp << 6 | (c & 0x3F);
        }
        bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (!ok || overlong || surrogate || cp > 0x10FFFF) {
            ++i;
            continue;
        }
        any |= add(cp);
        i += len;
    }
    return any;
}

bool GlyphSet::take_grown() {
    bool g = grown_;
    grown_ = false;
    return g;
}

std::vector<char32_t> GlyphSet::ranges(bool (*keep)(char32_t)) const {
    std::vector<char32_t> out;
    bool open = false;
    for (char32_t cp = 1; cp <= 0xFFFF; ++cp) {
        if (bits_[cp >> 6] == 0 && (cp & 63) == 0) {  // skip empty words quickly
            if (open) out.push_back(cp - 1), open = false;
            cp += 63;
            continue;
        }
        bool in = contains(cp) && (!keep || keep(cp));
        if (in && !open) out.push_back(cp), open = true;
        if (!in && open) out.push_back(cp - 1), open = false;
    }
    if (open) out.push_back(0xFFFF);
    out.push_back(0);
    return out;
}

void add_catalog_text(GlyphSet& set, const Catalog& catalog) {
    catalog.for_each_translation([&](std::string_view text) { set.add_text(text); });
}

namespace {

template <typename T>
void add_record(GlyphSet& set, const T& record) {
    for_each_record_text(record, [&](std::string_view text) { set.add_text(text); });
}

}  // namespace

void add_store_text(GlyphSet& set, const Store& store) {
    store.for_each_shared_table([&](const auto& table) {
        for (const auto& record : table.rows())
            if (!record.meta.deleted) add_record(set, record);
    });
}

void add_records_text(GlyphSet& set, const Store& store, std::span<const RecordHandle> changed) {
    for (const RecordHandle& h : changed)
        store.visit_table(h.kind, [&](const auto& table) {
            if (h.index < table.size()) add_record(set, table.at(h.index));
        });
}

}  // namespace crm
