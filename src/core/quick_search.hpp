// Quick search across every record and activity, as the user types in the navigation bar.
// A SearchIndex keeps the folded text of each record, so each keystroke is one pass over folded
// strings stored back to back. Hits are ranked:
// whole title, title prefix, word prefix, title substring, other fields; records before
// activities at equal rank; deleted records never match.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "store.hpp"
#include "text_arena.hpp"

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

// Kept up to date incrementally from the tables' change counters (table.hpp): after an edit only
// the changed rows are folded again. While the user types on (each query extends the last one and
// nothing changed), only the last query's matches are searched again.
class SearchIndex {
public:
    // At most `limit` hits, best first. An empty or blank query gives no hits.
    std::vector<SearchHit> search(const Store& store, std::string_view query, std::size_t limit = 20);

private:
    // Which byte pairs occur in a text, hashed into 256 bits: a text can contain a query only
    // if it has every pair of the query, so most entries are ruled out by four ANDs instead of
    // a search through their description.
    struct PairSet {
        std::uint64_t bits[4] = {0, 0, 0, 0};
        void add(std::string_view text);
        bool contains(const PairSet& other) const {
            for (int k = 0; k < 4; ++k)
                if ((bits[k] & other.bits[k]) != other.bits[k]) return false;
            return true;
        }
    };
    struct Entry {
        TextArena::Span title;  // folded
        TextArena::Span other;  // folded: email, phone, city, description ... separated by '\n'
        PairSet pairs;          // of title and other
        bool live = false;
    };
    struct KindEntries {
        std::vector<Entry> rows;  // parallel to the store's table of that kind
        std::uint64_t changes = ~0ull;
        std::uint64_t generation = ~0ull;
    };
    struct Match {
        HitKind kind;
        std::uint32_t row;
    };
    void refresh(const Store& store);
    template <typename T>
    void refresh_kind(const Table<T>& table, KindEntries& entries);
    void read_entry(const Account& a, Entry& e);
    void read_entry(const Contact& c, Entry& e);
    void read_entry(const Opportunity& o, Entry& e);
    void read_entry(const Case& c, Entry& e);
    void read_entry(const Activity& a, Entry& e);

    KindEntries kinds_[5];  // by HitKind
    TextArena text_;
    std::string scratch_;   // the "other" fields of one record while it is folded
    bool changed_ = true;   // something was re-read by the last refresh
    std::string last_query_;  // folded
    std::vector<Match> last_matches_;
    bool last_matches_valid_ = false;
};

}  // namespace crm
