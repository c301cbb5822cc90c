// The set of characters the UI has to draw, so the font atlas holds only those glyphs.
// ImGui 1.90.1 rasterises its atlas up front; a whole CJK face is ~20,000 glyphs x dpr^2 of
// texture. Instead the platform feeds every text that can reach the screen into a GlyphSet
// (translations, the store's records on load and as they change, typed characters), asks
// take_grown() between frames, and rebuilds the atlas from ranges() when it says yes.
// Code points outside the Basic Multilingual Plane are ignored: ImWchar is 16 bits in this build.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace crm {

class Catalog;
class Store;
struct RecordHandle;

// Code points the CJK face draws and the Latin face does not: CJK punctuation, Bopomofo,
// ideographs (with Extension A and the compatibility block), half/full-width forms.
bool is_cjk_code_point(char32_t cp);

class GlyphSet {
public:
    // Adds each code point of `utf8`; malformed bytes are skipped. Returns true when any was new.
    bool add_text(std::string_view utf8);
    bool add(char32_t cp);
    // Adds every code point of [first, last].
    bool add_range(char32_t first, char32_t last);
    bool contains(char32_t cp) const;
    std::size_t size() const { return count_; }
    std::size_t cjk_count() const { return cjk_count_; }
    // True once if anything was added since the last call: the atlas needs rebuilding.
    bool take_grown();
    // The set as ImGui glyph ranges: [first, last] pairs of consecutive code points in ascending
    // order, followed by a terminating 0. Only code points for which `keep` is true are listed.
    std::vector<char32_t> ranges(bool (*keep)(char32_t) = nullptr) const;

private:
    static constexpr std::size_t kWords = 0x10000 / 64;
    std::array<std::uint64_t, kWords> bits_{};
    std::size_t count_ = 0;
    std::size_t cjk_count_ = 0;
    bool grown_ = false;
};

// Feeding the set from the app's data.
// Every translated string of `catalog` (the English source texts are ASCII and drawn by default).
void add_catalog_text(GlyphSet& set, const Catalog& catalog);
// The text fields of every record in the store (after loading: one pass).
void add_store_text(GlyphSet& set, const Store& store);
// The text fields of the given records only (after an edit, import or sync: O(changed records)).
void add_records_text(GlyphSet& set, const Store& store, std::span<const RecordHandle> changed);

}  // namespace crm
