// Per-activity columns that filters and sorts read, kept beside the store so a query over 100,000
// activities scans compact rows instead of the full records and never folds or lower-cases text
// while the user waits:
//   - a Row per activity: type, state, reason, priority, effective due, stamps, and the owner,
//     creator and Regarding record as small integer slots (interned ids);
//   - the folded subject of every activity in one contiguous buffer, and the folded display name
//     of every Regarding record (a rename folds one name, not every activity about it);
//   - sort ranks by subject, maintained incrementally: an edit re-places the rows it changed.
// refresh() brings it up to date from the tables' change counters (table.hpp): it re-reads only
// the rows written since the last call, so calling it before every query costs a scan of one
// counter per row when something changed and nothing at all when nothing did.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "activity.hpp"
#include "store.hpp"
#include "text_arena.hpp"

namespace crm {

class ActivityIndex {
public:
    static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;

    struct Row {
        // effective_due(): the due, or an appointment's start; for a series the occurrence
        // shown_due() picks for the last refresh_series() (the next on or after today), so the
        // grid's due filters and due sort treat a series as its next occurrence.
        Due due;
        UtcMillis created_at = 0;
        UtcMillis modified_at = 0;
        std::uint32_t owner = kNoSlot;       // owner_slot(): users and teams share one numbering
        std::uint32_t created_by = kNoSlot;  // owner slot of the creating user
        std::uint32_t regarding = kNoSlot;   // regarding slot; kNoSlot for standalone activities
        ActivityType type = ActivityType::Task;
        ActivityState state = ActivityState::Open;
        StatusReason reason = StatusReason::NotStarted;
        Priority priority = Priority::Normal;
        bool deleted = false;
        bool series = false;         // a live master with a rule
    };

    void refresh(const Store& store);
    // Re-keys the series rows' due for `today` in `zone`; free when neither nor any activity
    // changed since the last call (queries call it after refresh()).
    void refresh_series(const Store& store, const TimeZone& zone, LocalDate today);
    // Rows of live series masters (as of the last refresh_series()).
    const std::vector<std::uint32_t>& series_rows() const { return series_rows_; }

    std::size_t size() const { return rows_.size(); }
    const Row& row(std::uint32_t i) const { return rows_[i]; }
    std::string_view folded_subject(std::uint32_t i) const { return text_.view(subject_[i]); }
    // The folded display name of the Regarding record in `slot` (row(i).regarding).
    std::string_view folded_regarding_name(std::uint32_t slot) const { return regarding_names_[slot]; }

    // The slot of a user or team id, or kNoSlot when no activity is owned by or created by it.
    std::uint32_t owner_slot(std::string_view id) const;
    std::size_t owner_slot_count() const { return owner_ids_.size(); }
    OwnerRef owner_ref(std::uint32_t slot) const { return {owner_kinds_[slot], owner_ids_[slot]}; }
    std::size_t regarding_slot_count() const { return regarding_refs_.size(); }
    const RecordRef& regarding_ref(std::uint32_t slot) const { return regarding_refs_[slot]; }

    // Ranks by lower-cased subject (ordered; equal subjects share a rank); updated on demand.
    const std::vector<std::uint32_t>& subject_ranks(const Store& store);
    // Dense ranks of the Regarding records by lower-cased display name, per regarding slot, and
    // whether that name is empty.
    const std::vector<std::uint32_t>& regarding_name_ranks();
    bool regarding_name_empty(std::uint32_t slot) const { return regarding_display_[slot].empty(); }

private:
    void rebuild(const Store& store);
    void read_row(const Store& store, std::uint32_t i);
    std::uint32_t intern_owner(const std::string& id, OwnerKind kind);
    std::uint32_t intern_regarding(const RecordRef& ref);
    void refresh_regarding_names(const Store& store);

    std::vector<Row> rows_;
    std::vector<TextArena::Span> subject_;
    TextArena text_;  // the folded subjects

    std::vector<std::string> owner_ids_;
    std::vector<OwnerKind> owner_kinds_;
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> owner_slots_;
    std::vector<RecordRef> regarding_refs_;
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> regarding_slots_[5];  // by kind, then id
    std::vector<std::string> regarding_names_;  // folded, per slot
    std::vector<std::string> regarding_display_;  // as shown, per slot
    std::vector<std::uint32_t> regarding_ranks_;  // empty when stale
    std::size_t regarding_names_valid_ = 0;     // slots whose name is computed for the counts below

    std::uint64_t activity_generation_ = ~0ull;
    std::uint64_t activity_changes_ = 0;
    std::uint64_t regarding_table_changes_ = ~0ull;  // sum of the four Regarding tables' counters
    std::uint64_t regarding_catalog_revision_ = 0;   // the catalog the names were translated with

    std::vector<std::uint32_t> series_rows_;
    std::uint64_t series_changes_ = ~0ull;      // activity change count the series dues reflect
    std::uint64_t series_generation_ = ~0ull;
    LocalDate series_today_{};
    TimeZone series_zone_ = TimeZone::utc();

    std::vector<std::uint32_t> subject_order_;  // rows sorted by (lower-cased subject, row)
    std::vector<char> subject_same_;            // subject_order_[k] has the same subject as [k - 1]
    std::vector<std::uint32_t> subject_rank_;
    std::uint64_t subject_rank_changes_ = 0;    // activity change count the ranks reflect
    std::uint64_t subject_rank_generation_ = ~0ull;
};

// Compares the ASCII-lower-cased bytes of a and b as unsigned bytes (the order of
// std::string's < on ascii_lower() copies) without making the copies: -1, 0 or 1.
int compare_ascii_lower(std::string_view a, std::string_view b);
// Dense ranks of `texts` in that order: equal texts share a rank.
std::vector<std::uint32_t> ranks_by_lowered_text(const std::vector<std::string>& texts);

// Sorts (key, row) pairs by key, keeping rows with equal keys in their input order (LSD radix:
// a few linear passes, several times faster than a comparison sort at 100,000 rows).
void stable_sort_by_key(std::vector<std::pair<std::uint64_t, std::uint32_t>>& items);

// The order-preserving unsigned key of a signed number (for stable_sort_by_key).
inline std::uint64_t ordered_key(std::int64_t v) { return static_cast<std::uint64_t>(v) ^ (1ull << 63); }

}  // namespace crm
