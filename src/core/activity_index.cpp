#include "activity_index.hpp"

#include <algorithm>
#include <array>

#include "activity_query.hpp"  // ascii_lower
#include "i18n.hpp"
#include "recurrence_expand.hpp"
#include "text_fold.hpp"

namespace crm {

int compare_ascii_lower(std::string_view a, std::string_view b) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        auto ca = static_cast<unsigned char>(a[i]), cb = static_cast<unsigned char>(b[i]);
        if (ca >= 'A' && ca <= 'Z') ca = static_cast<unsigned char>(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z') cb = static_cast<unsigned char>(cb - 'A' + 'a');
        if (ca != cb) return ca < cb ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

namespace {

// ranks[order[k]] = how many distinct keys come before it; neighbours in `order` for which `same`
// holds share a rank.
template <typename Same>
void assign_dense_ranks(const std::vector<std::uint32_t>& order, std::vector<std::uint32_t>& ranks, Same same) {
    ranks.assign(order.size(), 0);
    std::uint32_t rank = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (k > 0 && !same(order[k - 1], order[k])) ++rank;
        ranks[order[k]] = rank;
    }
}

struct SortedText {
    TextArena::Span span;
    std::uint32_t row;
};

// Multikey quicksort (Bentley and Sedgewick) of rows by texts[row] from byte `depth` on, equal
// texts by row: partitions on one byte at a time, so long common prefixes ("Follow up on ...")
// are read once per level rather than once per comparison.
void sort_texts(SortedText* a, std::size_t n, std::size_t depth, const std::vector<std::string_view>& texts) {
    auto byte_at = [&](const SortedText& t) -> int {
        std::string_view s = texts[t.row];
        return depth < s.size() ? static_cast<unsigned char>(s[depth]) : -1;
    };
    while (n > 1) {
        if (n < 12) {
            std::sort(a, a + n, [&](const SortedText& x, const SortedText& y) {
                int c = texts[x.row].substr(std::min(depth, texts[x.row].size())).compare(texts[y.row].substr(std::min(depth, texts[y.row].size())));
                return c != 0 ? c < 0 : x.row < y.row;
            });
            return;
        }
        const int pivot = byte_at(a[n / 2]);
        std::size_t lt = 0, i = 0, gt = n;  // [0, lt) < pivot, [lt, i) == pivot, [gt, n) > pivot
        while (i < gt) {
            int b = byte_at(a[i]);
            if (b < pivot) std::swap(a[lt++], a[i++]);
            else if (b > pivot) std::swap(a[i], a[--gt]);
            else ++i;
        }
        sort_texts(a, lt, depth, texts);
        sort_texts(a + gt, n - gt, depth, texts);
        a += lt;
        n = gt - lt;
        if (pivot < 0) {  // the texts ended: all equal, in row order
            std::sort(a, a + n, [](const SortedText& x, const SortedText& y) { return x.row < y.row; });
            return;
        }
        ++depth;
    }
}

std::uint64_t regarding_tables_changes(const Store& store) {
    return store.accounts().change_count() + store.contacts().change_count() + store.opportunities().change_count() +
           store.cases().change_count();
}

}  // namespace

void stable_sort_by_key(std::vector<std::pair<std::uint64_t, std::uint32_t>>& items) {
    if (items.size() < 64) {
        std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        return;
    }
    // Which bytes differ at all: keys often share their high bytes (timestamps of one year, small
    // enums), and a pass over a byte every key has the same is skipped.
    std::uint64_t all_or = 0, all_and = ~0ull;
    for (const auto& it : items) all_or |= it.first, all_and &= it.first;
    const std::uint64_t varying = all_or ^ all_and;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> buffer(items.size());
    for (int shift = 0; shift < 64; shift += 8) {
        if (((varying >> shift) & 0xFF) == 0) continue;
        std::array<std::size_t, 257> count{};
        for (const auto& it : items) ++count[((it.first >> shift) & 0xFF) + 1];
        for (int b = 0; b < 256; ++b) count[static_cast<std::size_t>(b) + 1] += count[static_cast<std::size_t>(b)];
        for (const auto& it : items) buffer[count[(it.first >> shift) & 0xFF]++] = it;
        items.swap(buffer);
    }
}

std::uint32_t ActivityIndex::owner_slot(std::string_view id) const {
    auto it = owner_slots_.find(id);
    return it == owner_slots_.end() ? kNoSlot : it->second;
}

std::uint32_t ActivityIndex::intern_owner(const std::string& id, OwnerKind kind) {
    auto it = owner_slots_.find(std::string_view(id));
    if (it != owner_slots_.end()) return it->second;
    auto slot = static_cast<std::uint32_t>(owner_ids_.size());
    owner_ids_.push_back(id);
    owner_kinds_.push_back(kind);
    owner_slots_.emplace(id, slot);
    return slot;
}

std::uint32_t ActivityIndex::intern_regarding(const RecordRef& ref) {
    // One map per kind: an id names one record of one kind.
    auto& slots = regarding_slots_[static_cast<std::size_t>(ref.kind) % std::size(regarding_slots_)];
    auto it = slots.find(std::string_view(ref.id));
    if (it != slots.end()) return it->second;
    auto slot = static_cast<std::uint32_t>(regarding_refs_.size());
    regarding_refs_.push_back(ref);
    slots.emplace(ref.id, slot);
    return slot;
}

void ActivityIndex::read_row(const Store& store, std::uint32_t i) {
    const Activity& a = store.activities().at(i);
    Row& r = rows_[i];
    r.due = effective_due(a);
    r.created_at = a.meta.created_at;
    r.modified_at = a.meta.modified_at;
    r.owner = a.owner.empty() ? kNoSlot : intern_owner(a.owner.id, a.owner.kind);
    r.created_by = a.meta.created_by.empty() ? kNoSlot : intern_owner(a.meta.created_by, OwnerKind::User);
    r.regarding = a.regarding.empty() ? kNoSlot : intern_regarding(a.regarding);
    r.type = a.type;
    r.state = a.state;
    r.reason = a.reason;
    r.priority = a.priority;
    r.deleted = a.meta.deleted;
    r.series = a.recurrence.has_value() && !a.meta.deleted;
    subject_[i] = text_.replace(subject_[i], fold_for_search(a.subject));
}

void ActivityIndex::rebuild(const Store& store) {
    const auto& table = store.activities();
    rows_.assign(table.size(), Row{});
    subject_.assign(table.size(), TextArena::Span{});
    text_.clear();
    text_.reserve(table.size() * 48);
    for (std::uint32_t i = 0; i < table.size(); ++i) read_row(store, i);
    activity_generation_ = table.generation();
    activity_changes_ = table.change_count();
}

void ActivityIndex::refresh_regarding_names(const Store& store) {
    // Names show "(deleted)" and "(unknown record)" in the UI language: a language change
    // renames them as a record change does.
    const std::uint64_t changes = regarding_tables_changes(store);
    const std::uint64_t catalog = active_catalog().revision();
    if (changes != regarding_table_changes_ || catalog != regarding_catalog_revision_) {
        regarding_table_changes_ = changes;
        regarding_catalog_revision_ = catalog;
        regarding_names_valid_ = 0;
    }
    if (regarding_names_valid_ == regarding_refs_.size()) return;
    regarding_names_.resize(regarding_refs_.size());
    regarding_display_.resize(regarding_refs_.size());
    for (std::size_t slot = regarding_names_valid_; slot < regarding_refs_.size(); ++slot) {
        regarding_display_[slot] = store.regarding_name(regarding_refs_[slot]);
        regarding_names_[slot] = fold_for_search(regarding_display_[slot]);
    }
    regarding_names_valid_ = regarding_refs_.size();
    regarding_ranks_.clear();
}

std::vector<std::uint32_t> ranks_by_lowered_text(const std::vector<std::string>& texts) {
    std::vector<std::uint32_t> order(texts.size()), ranks;
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return compare_ascii_lower(texts[a], texts[b]) < 0; });
    assign_dense_ranks(order, ranks, [&](std::uint32_t a, std::uint32_t b) { return compare_ascii_lower(texts[a], texts[b]) == 0; });
    return ranks;
}

const std::vector<std::uint32_t>& ActivityIndex::regarding_name_ranks() {
    if (regarding_ranks_.size() != regarding_display_.size()) regarding_ranks_ = ranks_by_lowered_text(regarding_display_);
    return regarding_ranks_;
}

void ActivityIndex::refresh(const Store& store) {
    const auto& table = store.activities();
    if (table.generation() != activity_generation_) {
        rebuild(store);
    } else if (table.change_count() != activity_changes_) {
        const std::size_t known = rows_.size();
        rows_.resize(table.size());
        subject_.resize(table.size());
        for (std::uint32_t i = 0; i < table.size(); ++i)
            if (i >= known || table.row_changed_at(i) > activity_changes_) read_row(store, i);
        activity_changes_ = table.change_count();
        text_.compact_if_wasteful([&](auto fn) {
            for (auto& span : subject_) fn(span);
        });
    }
    refresh_regarding_names(store);
}

void ActivityIndex::refresh_series(const Store& store, const TimeZone& zone, LocalDate today) {
    const auto& table = store.activities();
    if (series_generation_ == activity_generation_ && series_changes_ == activity_changes_ && series_today_ == today &&
        series_zone_ == zone)
        return;
    // Series are few next to one-off activities: a flag scan of the rows, then one expansion
    // (a jump to today's period, not a walk from the start) per series.
    series_rows_.clear();
    for (std::uint32_t i = 0; i < rows_.size(); ++i) {
        if (!rows_[i].series) continue;
        series_rows_.push_back(i);
        rows_[i].due = shown_due(table.at(i), zone, today);
    }
    series_generation_ = activity_generation_;
    series_changes_ = activity_changes_;
    series_today_ = today;
    if (!(series_zone_ == zone)) series_zone_ = zone;
}

const std::vector<std::uint32_t>& ActivityIndex::subject_ranks(const Store& store) {
    const auto& table = store.activities();
    const std::size_t n = table.size();
    auto same = [&](std::uint32_t a, std::uint32_t b) { return compare_ascii_lower(table.at(a).subject, table.at(b).subject) == 0; };
    auto less = [&](std::uint32_t a, std::uint32_t b) {
        int c = compare_ascii_lower(table.at(a).subject, table.at(b).subject);
        return c != 0 ? c < 0 : a < b;
    };
    if (subject_rank_generation_ == table.generation() && subject_rank_changes_ == table.change_count() && subject_rank_.size() == n)
        return subject_rank_;
    // A few edits take their rows out of the order and binary-search them back in: a handful of
    // string comparisons and one pass over the ranks. Many (an import) or a cleared table sort again.
    constexpr std::size_t kMaxReplaced = 64;
    std::vector<std::uint32_t> changed;
    bool resort = subject_rank_generation_ != table.generation() || subject_order_.size() > n;
    if (!resort) {
        for (std::uint32_t i = 0; i < n && !resort; ++i)
            if (i >= subject_order_.size() || table.row_changed_at(i) > subject_rank_changes_) {
                changed.push_back(i);
                resort = changed.size() > kMaxReplaced;
            }
    }
    if (!resort) {
        std::vector<char> is_changed(n, 0);
        for (auto r : changed) is_changed[r] = 1;
        // Take them out; a row whose neighbour before it left compares with its new neighbour.
        std::size_t kept = 0;
        bool neighbour_left = false;
        for (std::size_t k = 0; k < subject_order_.size(); ++k) {
            std::uint32_t r = subject_order_[k];
            if (is_changed[r]) {
                neighbour_left = true;
                continue;
            }
            subject_order_[kept] = r;
            subject_same_[kept] = neighbour_left ? (kept > 0 && same(subject_order_[kept - 1], r)) : subject_same_[k];
            neighbour_left = false;
            ++kept;
        }
        subject_order_.resize(kept);
        subject_same_.resize(kept);
        for (auto r : changed) {
            auto at = std::upper_bound(subject_order_.begin(), subject_order_.end(), r, less) - subject_order_.begin();
            subject_order_.insert(subject_order_.begin() + at, r);
            subject_same_.insert(subject_same_.begin() + at, at > 0 && same(subject_order_[static_cast<std::size_t>(at) - 1], r));
            if (static_cast<std::size_t>(at) + 1 < subject_order_.size())
                subject_same_[static_cast<std::size_t>(at) + 1] = same(r, subject_order_[static_cast<std::size_t>(at) + 1]);
        }
    } else {
        // Lower-cased copies back to back, sorted by multikey quicksort: the comparisons read
        // this one buffer in order instead of chasing every record's heap string.
        TextArena lowered;
        lowered.reserve(n * 48);
        std::vector<SortedText> items(n);
        std::string scratch;
        for (std::uint32_t i = 0; i < n; ++i) {
            scratch = ascii_lower(table.at(i).subject);
            items[i] = {lowered.replace({}, scratch), i};
        }
        std::vector<std::string_view> texts(n);
        for (std::uint32_t i = 0; i < n; ++i) texts[i] = lowered.view(items[i].span);
        sort_texts(items.data(), items.size(), 0, texts);
        subject_order_.resize(n);
        subject_same_.assign(n, 0);
        for (std::size_t k = 0; k < n; ++k) {
            subject_order_[k] = items[k].row;
            if (k > 0) subject_same_[k] = texts[items[k - 1].row] == texts[items[k].row];
        }
    }
    // A row's rank is the position of the first row with the same subject: ordered, and equal
    // for equal subjects, without comparing any text.
    subject_rank_.resize(n);
    std::uint32_t rank = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (!subject_same_[k]) rank = static_cast<std::uint32_t>(k);
        subject_rank_[subject_order_[k]] = rank;
    }
    subject_rank_generation_ = table.generation();
    subject_rank_changes_ = table.change_count();
    return subject_rank_;
}

}  // namespace crm
