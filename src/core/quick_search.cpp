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
    if (title == q) return kExactTitle;
    if (title.starts_with(q)) return kTitlePrefix;
    if (folded_word_prefix(title, q)) return kWordPrefix;
    if (folded_contains(title, q)) return kTitleSubstring;
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

void SearchIndex::rebuild(const Store& store) {
    entries_.clear();
    entries_.reserve(store.accounts().size() + store.contacts().size() + store.opportunities().size() +
                     store.cases().size() + store.activities().size());
    auto add = [&](HitKind kind, std::uint32_t index, std::string_view title) -> std::string& {
        entries_.push_back({kind, index, fold_for_search(title), {}});
        return entries_.back().other;
    };
    const auto& accounts = store.accounts().rows();
    for (std::uint32_t i = 0; i < accounts.size(); ++i) {
        const Account& a = accounts[i];
        if (a.meta.deleted) continue;
        std::string& other = add(HitKind::Account, i, a.name);
        add_field(other, a.city);
        add_field(other, a.phone);
        add_field(other, a.website);
    }
    const auto& contacts = store.contacts().rows();
    for (std::uint32_t i = 0; i < contacts.size(); ++i) {
        const Contact& c = contacts[i];
        if (c.meta.deleted) continue;
        std::string& other = add(HitKind::Contact, i, c.full_name);
        add_field(other, c.email);
        add_field(other, c.phone);
        add_field(other, c.job_title);
    }
    const auto& opportunities = store.opportunities().rows();
    for (std::uint32_t i = 0; i < opportunities.size(); ++i)
        if (!opportunities[i].meta.deleted) add(HitKind::Opportunity, i, opportunities[i].name);
    const auto& cases = store.cases().rows();
    for (std::uint32_t i = 0; i < cases.size(); ++i)
        if (!cases[i].meta.deleted) add(HitKind::Case, i, cases[i].title);
    const auto& activities = store.activities().rows();
    for (std::uint32_t i = 0; i < activities.size(); ++i) {
        const Activity& a = activities[i];
        if (a.meta.deleted) continue;
        std::string& other = add(HitKind::Activity, i, a.subject);
        add_field(other, utf8_prefix(a.description, kMaxIndexedDescription));
        add_field(other, a.email_from);
        add_field(other, a.email_to);
        add_field(other, a.email_cc);
        add_field(other, a.phone_number);
        add_field(other, a.location);
        add_field(other, a.attendees);
    }
    version_ = store.version();
}

std::vector<SearchHit> SearchIndex::search(const Store& store, std::string_view query, std::size_t limit) {
    std::vector<SearchHit> hits;
    const std::string q = fold_for_search(query);
    if (q.empty() || limit == 0) return hits;
    if (version_ != store.version()) rebuild(store);
    const auto words = split_words(q);

    struct Candidate {
        int score;
        std::uint32_t entry;
    };
    std::vector<Candidate> candidates;
    for (std::uint32_t e = 0; e < entries_.size(); ++e) {
        const Entry& entry = entries_[e];
        int r = rank(entry.title, entry.other, q, words);
        if (r == 0) continue;
        candidates.push_back({r * 10 + (entry.kind == HitKind::Activity ? 0 : 1), e});
    }

    // Best score first; among equals records by kind (account, contact, ...), shorter titles
    // (closer to the query) first, then alphabetically; activities most recently modified first.
    auto modified = [&](const Entry& e) -> UtcMillis {
        return e.kind == HitKind::Activity ? store.activities().at(e.index).meta.modified_at : 0;
    };
    auto better = [&](const Candidate& a, const Candidate& b) {
        if (a.score != b.score) return a.score > b.score;
        const Entry& ea = entries_[a.entry];
        const Entry& eb = entries_[b.entry];
        if (ea.kind != eb.kind) return ea.kind < eb.kind;
        if (ea.kind == HitKind::Activity) {
            UtcMillis ma = modified(ea), mb = modified(eb);
            if (ma != mb) return ma > mb;
        }
        if (ea.title.size() != eb.title.size()) return ea.title.size() < eb.title.size();
        if (ea.title != eb.title) return ea.title < eb.title;
        return a.entry < b.entry;
    };
    std::size_t n = std::min(limit, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(), better);
    candidates.resize(n);

    const TimeZone utc = TimeZone::utc();
    hits.reserve(n);
    for (const Candidate& c : candidates) {
        const Entry& e = entries_[c.entry];
        SearchHit hit;
        hit.kind = e.kind;
        hit.score = c.score;
        switch (e.kind) {
            case HitKind::Account: {
                const Account& a = store.accounts().at(e.index);
                hit.id = a.meta.id;
                hit.title = a.name;
                hit.subtitle = join("Account", a.city);
                break;
            }
            case HitKind::Contact: {
                const Contact& r = store.contacts().at(e.index);
                hit.id = r.meta.id;
                hit.title = r.full_name;
                std::string account = account_name(store, r.parent_account_id);
                hit.subtitle = join("Contact", account.empty() ? r.job_title : account);
                break;
            }
            case HitKind::Opportunity: {
                const Opportunity& r = store.opportunities().at(e.index);
                hit.id = r.meta.id;
                hit.title = r.name;
                hit.subtitle = join("Opportunity", account_name(store, r.account_id));
                break;
            }
            case HitKind::Case: {
                const Case& r = store.cases().at(e.index);
                hit.id = r.meta.id;
                hit.title = r.title;
                hit.subtitle = join("Case", account_name(store, r.account_id));
                break;
            }
            case HitKind::Activity: {
                const Activity& a = store.activities().at(e.index);
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
