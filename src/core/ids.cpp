#include "ids.hpp"

#include <charconv>
#include <cstdio>

namespace crm {

IdGenerator::IdGenerator(std::uint64_t seed) : rng_(seed) {}

std::string IdGenerator::uuid_v4() {
    std::uint64_t hi = rng_(), lo = rng_();
    hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                  static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                  static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
    return buf;
}

int revision_generation(std::string_view rev) {
    auto dash = rev.find('-');
    if (dash == std::string_view::npos || dash == 0) return 0;
    int n = 0;
    auto [p, ec] = std::from_chars(rev.data(), rev.data() + dash, n);
    if (ec != std::errc{} || p != rev.data() + dash || n < 0) return 0;
    return n;
}

std::string next_revision(std::string_view previous, std::uint64_t content_hash) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%d-%016llx", revision_generation(previous) + 1,
                  static_cast<unsigned long long>(content_hash));
    return buf;
}

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

bool looks_like_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool dash_pos = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash_pos ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

}  // namespace crm
