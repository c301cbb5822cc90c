// Quick search across every record and activity, as the user types in the navigation bar.
// A SearchIndex keeps the folded text of each record and rebuilds itself when the store's
// version changes, so each keystroke is one pass over short folded strings. Hits are ranked:
// whole title, title prefix, word prefix, title substring, other fields; records before
// activities at equal rank; deleted records never match.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "store.hpp"

namespace crm {

enum class HitKind : std::uint8_t { Account, Contact, Opportunity, Case, Activity };

struct SearchHit {
    HitKind kind = HitKind::Account;
    std::string id;
    std::string title;     // name, full name, topic, case title, or activity subject
    std::string subtitle;  // e.g. "Contact · Imported Sports", "Task · due 2026-11-24"
    int score = 0;         // higher is better
};

const char* hit_kind_name(HitKind k);  // English, for tr()

class SearchIndex {
public:
    // At most `limit` hits, best first. An empty or blank query gives no hits.
    std::vector<SearchHit> search(const Store& store, std::string_view query, std::size_t limit = 20);

private:
    struct Entry {
        HitKind kind;
        std::uint32_t index;     // row in the store's table of that kind
        std::string title;       // folded
        std::string other;       // folded: email, phone, city, description ...
    };
    void rebuild(const Store& store);
    std::uint64_t version_ = 0;
    std::vector<Entry> entries_;
};

}  // namespace crm
