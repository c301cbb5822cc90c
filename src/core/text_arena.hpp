// Many short texts (folded subjects, search fields) stored back to back in one buffer instead of
// one heap block each: a scan over 100,000 of them reads memory in order, and the index that owns
// them costs a few bytes per text beyond the text itself. A replaced text leaves its old bytes
// behind; compact() packs the live ones again once the waste is large.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace crm {

class TextArena {
public:
    struct Span {
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
    };
    std::string_view view(Span s) const { return std::string_view(bytes_).substr(s.offset, s.length); }
    // Stores `text` in place of what `replaced` held (an empty Span for a new text).
    Span replace(Span replaced, std::string_view text) {
        waste_ += replaced.length;
        Span s{static_cast<std::uint32_t>(bytes_.size()), static_cast<std::uint32_t>(text.size())};
        bytes_.append(text);
        return s;
    }
    void clear() {
        bytes_.clear();
        waste_ = 0;
    }
    void reserve(std::size_t n) { bytes_.reserve(n); }
    // Packs the live texts when more than half the buffer (and over 1 MB) is waste.
    // `for_each_span(fn)` must call fn(Span&) for every live Span, which is updated in place.
    template <typename ForEachSpan>
    void compact_if_wasteful(ForEachSpan for_each_span) {
        if (waste_ < (1u << 20) || waste_ * 2 < bytes_.size()) return;
        std::string packed;
        packed.reserve(bytes_.size() - waste_);
        for_each_span([&](Span& s) {
            auto offset = static_cast<std::uint32_t>(packed.size());
            packed.append(bytes_, s.offset, s.length);
            s.offset = offset;
        });
        bytes_.swap(packed);
        waste_ = 0;
    }

private:
    std::string bytes_;
    std::size_t waste_ = 0;
};

}  // namespace crm
