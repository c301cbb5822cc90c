#include "quick_search.hpp"

#include <algorithm>

#include "activity_format.hpp"
#include "i18n.hpp"
#include "text_fold.hpp"

namespace crm {
namespace {

// Rank tiers; the score is tier * 10, plus 1 for records so they come before activities.
constexpr int kExactTitle = 50;
constexpr int kTitlePrefix = 40;
constexpr int kWordPrefix = 30;
constexpr int kTitleSubstring = 20;
constexpr int kOtherField = 10;
constexpr int kAllWords = 5;  // every word of a multi-word query, in any field and any order

// Long descriptions are indexed by their beginning only: quick search finds records, the
// timeline's text filter searches whole descriptions.
constexpr std::size_t kMaxIndexedDescription = 4096;

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

void add_field(std::string& other, std::string_view text) {
    if (text.empty()) return;
    std::string folded = fold_for_search(text);
    if (folded.empty()) return;
    // '\n' never occurs in folded text (whitespace becomes ' '), so no match spans two fields.
    if (!other.empty()) other += '\n';
    other += folded;
}

std::vector<std::string_view> split_words(std::string_view folded) {
    std::vector<std::string_view> words;
    std::size_t start = 0;
    while (start < folded.size()) {
        std::size_t end = folded.find(' ', start);
        if (end == std::string_view::npos) end = folded.size();
        if (end > start) words.push_back(folded.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

int rank(std::string_view title, std::string_view other, std::string_view q, const std::vector<std::string_view>& words) {
    // Most entries do not match at all: one pass over the title decides the title tiers.
    if (folded_contains(title, q)) {
        if (title == q) return kExactTitle;
        if (title.starts_with(q)) return kTitlePrefix;
        if (folded_word_prefix(title, q)) return kWordPrefix;
        return kTitleSubstring;
    }
    if (folded_contains(other, q)) return kOtherField;
    if (words.size() > 1) {
        for (auto w : words)
            if (!folded_contains(title, w) && !folded_contains(other, w)) return 0;
        return kAllWords;
    }
    return 0;
}

std::string account_name(const Store& store, std::string_view account_id) {
    const Account* a = account_id.empty() ? nullptr : store.accounts().find_live(account_id);
    return a ? a->name : std::string();
}

std::string join(const char* kind, const std::string& detail) {
    std::string s = tr(kind);
    if (!detail.empty()) s += " \xC2\xB7 " + detail;  // " · "
    return s;
}

}  // namespace

const char* hit_kind_name(HitKind k) {
    switch (k) {
        case HitKind::Account: return N_("Account");
        case HitKind::Contact: return N_("Contact");
        case HitKind::Opportunity: return N_("Opportunity");
        case HitKind::Case: return N_("Case");
        case HitKind::Activity: return N_("Activity");
    }
    return "?";
}

void SearchIndex::read_entry(const Account& a, Entry& e) {
    e.title = text_.replace(e.title, fold_for_search(a.name));
    add_field(scratch_, a.city);
    add_field(scratch_, a.phone);
    add_field(scratch_, a.website);
}
void SearchIndex::read_entry(const Contact& c, Entry& e) {
    e.title = text_.replace(e.title, fold_for_search(c.full_name));
    add_field(scratch_, c.email);
    add_field(scratch_, c.phone);
    add_field(scratch_, c.job_title);
}
void SearchIndex::read_entry(const Opportunity& o, Entry& e) { e.title = text_.replace(e.title, fold_for_search(o.name)); }
void SearchIndex::read_entry(const Case& c, Entry& e) { e.title = text_.replace(e.title, fold_for_search(c.title)); }
void SearchIndex::read_entry(const Activity& a, Entry& e) {
    e.title = text_.replace(e.title, fold_for_search(a.subject));
    add_field(scratch_, utf8_prefix(a.description, kMaxIndexedDescription));
    add_field(scratch_, a.email_from);
    add_field(scratch_, a.email_to);
    add_field(scratch_, a.email_cc);
    add_field(scratch_, a.phone_number);
    add_field(scratch_, a.location);
    add_field(scratch_, a.attendees);
}

void SearchIndex::PairSet::add(std::string_view text) {
    for (std::size_t i = 1; i < text.size(); ++i) {
        unsigned pair = (static_cast<unsigned char>(text[i - 1]) * 31u + static_cast<unsigned char>(text[i])) & 255u;
        bits[pair >> 6] |= 1ull << (pair & 63);
    }
}

template <typename T>
void SearchIndex::refresh_kind(const Table<T>& table, KindEntries& entries) {
    if (table.generation() == entries.generation && table.change_count() == entries.changes) return;
    const bool all = table.generation() != entries.generation;
    if (all) entries.rows.clear();
    const std::size_t known = entries.rows.size();
    entries.rows.resize(table.size());
    for (std::uint32_t i = 0; i < table.size(); ++i) {
        if (!all && i < known && table.row_changed_at(i) <= entries.changes) continue;
        const T& record = table.at(i);
        Entry& e = entries.rows[i];
        e.live = !record.meta.deleted;
        scratch_.clear();
        if (e.live) read_entry(record, e);
        else e.title = text_.replace(e.title, {});
        e.other = text_.replace(e.other, scratch_);
        e.pairs = {};
        e.pairs.add(text_.view(e.title));
        e.pairs.add(text_.view(e.other));
    }
    entries.generation = table.generation();
    entries.changes = table.change_count();
    changed_ = true;
}

void SearchIndex::refresh(const Store& store) {
    changed_ = false;
    refresh_kind(store.accounts(), kinds_[static_cast<int>(HitKind::Account)]);
    refresh_kind(store.contacts(), kinds_[static_cast<int>(HitKind::Contact)]);
    refresh_kind(store.opportunities(), kinds_[static_cast<int>(HitKind::Opportunity)]);
    refresh_kind(store.cases(), kinds_[static_cast<int>(HitKind::Case)]);
    refresh_kind(store.activities(), kinds_[static_cast<int>(HitKind::Activity)]);
    if (changed_) {
        last_matches_valid_ = false;
        text_.compact_if_wasteful([&](auto fn) {
            for (auto& kind : kinds_)
                for (auto& e : kind.rows) fn(e.title), fn(e.other);
        });
    }
}

std::vector<SearchHit> SearchIndex::search(const Store& store, std::string_view query, std::size_t limit) {
    std::vector<SearchHit> hits;
    const std::string q = fold_for_search(query);
    if (q.empty() || limit == 0) return hits;
    refresh(store);
    const auto words = split_words(q);

    struct Candidate {
        int score;
        Match entry;
    };
    std::vector<Candidate> candidates;
    // An entry matches only if it has every byte pair of the whole query, or (for the all-words
    // tier) of each word.
    PairSet query_pairs;
    query_pairs.add(q);
    std::vector<PairSet> word_pairs(words.size() > 1 ? words.size() : 0);
    for (std::size_t k = 0; k < word_pairs.size(); ++k) word_pairs[k].add(words[k]);
    auto may_match = [&](const PairSet& pairs) {
        if (pairs.contains(query_pairs)) return true;
        if (word_pairs.empty()) return false;
        for (const auto& w : word_pairs)
            if (!pairs.contains(w)) return false;
        return true;
    };
    auto consider = [&](HitKind kind, std::uint32_t row) {
        const Entry& e = kinds_[static_cast<int>(kind)].rows[row];
        if (!e.live || !may_match(e.pairs)) return;
        int r = rank(text_.view(e.title), text_.view(e.other), q, words);
        if (r > 0) candidates.push_back({r * 10 + (kind == HitKind::Activity ? 0 : 1), {kind, row}});
    };
    // Typing on narrows: what matches the longer query matched the shorter one (a substring of a
    // substring; each word of a longer multi-word query contains a word of the shorter one).
    // Folded queries have no leading, trailing or doubled spaces, so "word " never reaches here.
    const bool narrows = last_matches_valid_ && q.starts_with(last_query_);
    if (narrows) {
        for (const Match& m : last_matches_) consider(m.kind, m.row);
    } else {
        for (int kind = 0; kind < 5; ++kind)
            for (std::uint32_t row = 0; row < kinds_[kind].rows.size(); ++row) consider(static_cast<HitKind>(kind), row);
    }
    last_query_ = q;
    last_matches_.clear();
    for (const auto& c : candidates) last_matches_.push_back(c.entry);
    last_matches_valid_ = true;

    // Best score first; among equals records by kind (account, contact, ...), shorter titles
    // (closer to the query) first, then alphabetically; activities most recently modified first.
    auto modified = [&](const Match& m) -> UtcMillis {
        return m.kind == HitKind::Activity ? store.activities().at(m.row).meta.modified_at : 0;
    };
    auto better = [&](const Candidate& a, const Candidate& b) {
        if (a.score != b.score) return a.score > b.score;
        const Match &ma = a.entry, &mb = b.entry;
        if (ma.kind != mb.kind) return ma.kind < mb.kind;
        if (ma.kind == HitKind::Activity) {
            UtcMillis ta = modified(ma), tb = modified(mb);
            if (ta != tb) return ta > tb;
        }
        std::string_view title_a = text_.view(kinds_[static_cast<int>(ma.kind)].rows[ma.row].title);
        std::string_view title_b = text_.view(kinds_[static_cast<int>(mb.kind)].rows[mb.row].title);
        if (title_a.size() != title_b.size()) return title_a.size() < title_b.size();
        if (title_a != title_b) return title_a < title_b;
        return ma.row < mb.row;
    };
    std::size_t n = std::min(limit, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(), better);
    candidates.resize(n);

    const TimeZone utc = TimeZone::utc();
    hits.reserve(n);
    for (const Candidate& c : candidates) {
        const Match& e = c.entry;
        SearchHit hit;
        hit.kind = e.kind;
        hit.score = c.score;
        switch (e.kind) {
            case HitKind::Account: {
                const Account& a = store.accounts().at(e.row);
                hit.id = a.meta.id;
                hit.title = a.name;
                hit.subtitle = join("Account", a.city);
                break;
            }
            case HitKind::Contact: {
                const Contact& r = store.contacts().at(e.row);
                hit.id = r.meta.id;
                hit.title = r.full_name;
                std::string account = account_name(store, r.parent_account_id);
                hit.subtitle = join("Contact", account.empty() ? r.job_title : account);
                break;
            }
            case HitKind::Opportunity: {
                const Opportunity& r = store.opportunities().at(e.row);
                hit.id = r.meta.id;
                hit.title = r.name;
                hit.subtitle = join("Opportunity", account_name(store, r.account_id));
                break;
            }
            case HitKind::Case: {
                const Case& r = store.cases().at(e.row);
                hit.id = r.meta.id;
                hit.title = r.title;
                hit.subtitle = join("Case", account_name(store, r.account_id));
                break;
            }
            case HitKind::Activity: {
                const Activity& a = store.activities().at(e.row);
                hit.id = a.meta.id;
                hit.title = a.subject;
                // Type, then the due date when it is a calendar date (an instant would need the
                // user's zone to show), else what it is regarding.
                Due due = effective_due(a);
                std::string detail;
                if (due.kind == Due::Kind::Date) detail = tr_format("due %s", format_due(due, utc));
                else if (!a.regarding.empty()) detail = store.regarding_name(a.regarding);
                hit.subtitle = join(activity_type_name(a.type), detail);
                break;
            }
        }
        hits.push_back(std::move(hit));
    }
    return hits;
}

}  // namespace crm
