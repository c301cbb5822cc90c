// Identifiers and revisions for replicated records.
// Every record has a random UUID v4 id (never reused, safe to create offline on any device) and a
// CouchDB-style revision "N-hash" that grows on every save, so a later sync can tell which copy
// is newer and detect conflicts. The random source is injectable so tests are deterministic.
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace crm {

class IdGenerator {
public:
    explicit IdGenerator(std::uint64_t seed);
    std::string uuid_v4();
private:
    std::mt19937_64 rng_;
};

// "3-9f2c..." -> 3; 0 for an empty or malformed revision.
int revision_generation(std::string_view rev);
// Next revision after `previous` for a record whose content hashes to `content_hash`.
std::string next_revision(std::string_view previous, std::uint64_t content_hash);
// FNV-1a, used for revision hashes and chunk checksums (stable across platforms).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 14695981039346656037ull);

bool looks_like_uuid(std::string_view s);

}  // namespace crm
