#include "record_list.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "i18n.hpp"
#include "locale_format.hpp"
#include "text_fold.hpp"

namespace crm {
namespace {

using Rows = std::vector<std::uint32_t>;

constexpr int kColumnCount = 6;
constexpr int kOpenActivitiesColumn = 5;
constexpr int kRevenueColumn = 2;      // opportunities
constexpr int kCloseDateColumn = 4;    // opportunities

// Open (live, not completed or canceled) activities per record, by row index of each kind's
// table. Rebuilt in one pass over the activities when the store or its version changes, so a
// list of 100,000 rows does not scan the activities per row. Not thread-safe (the UI is one
// thread); a second Store in use alternately just rebuilds.
struct OpenCounts {
    const Store* store = nullptr;
    std::uint64_t version = 0;
    std::vector<std::uint32_t> by_kind[4];  // indexed by ListKind
};

const OpenCounts& open_counts(const Store& store) {
    static OpenCounts cache;
    if (cache.store == &store && cache.version == store.version()) return cache;
    cache.store = &store;
    cache.version = store.version();
    cache.by_kind[0].assign(store.accounts().size(), 0);
    cache.by_kind[1].assign(store.contacts().size(), 0);
    cache.by_kind[2].assign(store.opportunities().size(), 0);
    cache.by_kind[3].assign(store.cases().size(), 0);
    for (const Activity& a : store.activities().rows()) {
        if (a.meta.deleted || is_closed(a.state)) continue;
        std::optional<std::uint32_t> row;
        int kind = -1;
        switch (a.regarding.kind) {
            case RegardingKind::None: break;
            case RegardingKind::Account: row = store.accounts().index_of(a.regarding.id), kind = 0; break;
            case RegardingKind::Contact: row = store.contacts().index_of(a.regarding.id), kind = 1; break;
            case RegardingKind::Opportunity: row = store.opportunities().index_of(a.regarding.id), kind = 2; break;
            case RegardingKind::Case: row = store.cases().index_of(a.regarding.id), kind = 3; break;
        }
        if (row) ++cache.by_kind[kind][*row];
    }
    return cache;
}

std::uint32_t open_count(const OpenCounts& counts, ListKind kind, std::uint32_t index) {
    const auto& v = counts.by_kind[static_cast<int>(kind)];
    return index < v.size() ? v[index] : 0;
}

std::size_t table_size(const Store& store, ListKind kind) {
    switch (kind) {
        case ListKind::Accounts: return store.accounts().size();
        case ListKind::Contacts: return store.contacts().size();
        case ListKind::Opportunities: return store.opportunities().size();
        case ListKind::Cases: return store.cases().size();
    }
    return 0;
}

bool row_live(const Store& store, ListKind kind, std::uint32_t index) {
    switch (kind) {
        case ListKind::Accounts: return !store.accounts().at(index).meta.deleted;
        case ListKind::Contacts: return !store.contacts().at(index).meta.deleted;
        case ListKind::Opportunities: return !store.opportunities().at(index).meta.deleted;
        case ListKind::Cases: return !store.cases().at(index).meta.deleted;
    }
    return false;
}

// "1234567.5" -> "1,234,567.50" (English), "1 234 567,50" (Polish): the active locale's separators.
std::string format_revenue(double v) {
    const LocaleFormat& locale = active_locale();
    if (!std::isfinite(v)) return {};
    char buf[400];  // DBL_MAX has 309 integer digits
    std::snprintf(buf, sizeof buf, "%.2f", v);
    const std::string plain = buf;
    std::size_t begin = plain[0] == '-' ? 1 : 0;
    std::size_t dot = plain.find('.');
    if (dot == std::string::npos) dot = plain.size();
    std::string out = plain.substr(0, begin);
    for (std::size_t i = begin; i < dot; ++i) {
        if (i > begin && (dot - i) % 3 == 0 && static_cast<int>(dot - begin) >= locale.min_grouping_digits)
            out += locale.group_separator;
        out.push_back(plain[i]);
    }
    if (dot < plain.size()) {
        out += locale.decimal_separator;
        out.append(plain, dot + 1, std::string::npos);
    }
    return out;
}

const char* case_priority_name(CasePriority p) {
    switch (p) {
        case CasePriority::Low: return N_("Low");
        case CasePriority::Normal: return N_("Normal");
        case CasePriority::High: return N_("High");
    }
    return "";
}

std::string account_name(const Store& store, const std::string& id) {
    return id.empty() ? std::string{} : store.regarding_name({RegardingKind::Account, id});
}
std::string contact_name(const Store& store, const std::string& id) {
    return id.empty() ? std::string{} : store.regarding_name({RegardingKind::Contact, id});
}

std::string text_of(const Store& store, ListKind kind, std::uint32_t index, int column, const OpenCounts& counts) {
    if (index >= table_size(store, kind) || column < 0 || column >= kColumnCount) return {};
    if (column == kOpenActivitiesColumn) return std::to_string(open_count(counts, kind, index));
    switch (kind) {
        case ListKind::Accounts: {
            const Account& a = store.accounts().at(index);
            switch (column) {
                case 0: return a.name;
                case 1: return a.city;
                case 2: return a.phone;
                case 3: return a.website;
                case 4: return store.owner_name(a.owner);
            }
            break;
        }
        case ListKind::Contacts: {
            const Contact& c = store.contacts().at(index);
            switch (column) {
                case 0: return c.full_name;
                case 1: return account_name(store, c.parent_account_id);
                case 2: return c.job_title;
                case 3: return c.email;
                case 4: return c.phone;
            }
            break;
        }
        case ListKind::Opportunities: {
            const Opportunity& o = store.opportunities().at(index);
            switch (column) {
                case 0: return o.name;
                case 1: return account_name(store, o.account_id);
                case 2: return format_revenue(o.estimated_revenue);
                case 3: return tr(opportunity_stage_name(o.stage));
                case 4: return o.estimated_close ? format_date(*o.estimated_close) : std::string{};
            }
            break;
        }
        case ListKind::Cases: {
            const Case& c = store.cases().at(index);
            switch (column) {
                case 0: return c.title;
                case 1: return !c.account_id.empty() ? account_name(store, c.account_id) : contact_name(store, c.contact_id);
                case 2: return tr(case_status_name(c.status));
                case 3: return tr(case_priority_name(c.priority));
                case 4: return store.owner_name(c.owner);
            }
            break;
        }
    }
    return {};
}

bool numeric_column(ListKind kind, int column) {
    if (column == kOpenActivitiesColumn) return true;
    return kind == ListKind::Opportunities && (column == kRevenueColumn || column == kCloseDateColumn);
}

// Sort key of a numeric column; blanks (no date) and unreadable numbers sort first.
double numeric_key(const Store& store, ListKind kind, std::uint32_t index, int column, const OpenCounts& counts) {
    constexpr double kBlank = -std::numeric_limits<double>::infinity();
    if (column == kOpenActivitiesColumn) return open_count(counts, kind, index);
    const Opportunity& o = store.opportunities().at(index);
    if (column == kRevenueColumn) return std::isnan(o.estimated_revenue) ? kBlank : o.estimated_revenue;
    return o.estimated_close ? static_cast<double>(days_from_civil(*o.estimated_close)) : kBlank;
}

// A folded sort key: its first 16 bytes as two big-endian integers, so most comparisons are two
// integer compares on a small struct; only longer strings with an equal start look at the text.
struct TextKey {
    std::uint64_t head0 = 0, head1 = 0;
    std::uint32_t size = 0;
    std::uint32_t pos = 0;  // index into the filtered rows (and their folded texts)
};

std::uint64_t big_endian_at(const std::string& s, std::size_t offset) {
    std::uint64_t v = 0;
    for (std::size_t i = offset; i < offset + 8; ++i) v = (v << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
    return v;
}

TextKey text_key(const std::string& folded, std::uint32_t pos) {
    return {big_endian_at(folded, 0), big_endian_at(folded, 8), static_cast<std::uint32_t>(folded.size()), pos};
}

// Byte order of the folded texts (<0, 0, >0).
int compare_text_keys(const TextKey& a, const TextKey& b, const std::vector<std::string>& folded) {
    if (a.head0 != b.head0) return a.head0 < b.head0 ? -1 : 1;
    if (a.head1 != b.head1) return a.head1 < b.head1 ? -1 : 1;
    if (a.size <= 16 && b.size <= 16) return a.size == b.size ? 0 : (a.size < b.size ? -1 : 1);  // "ab" < "ab\0"
    return folded[a.pos].compare(folded[b.pos]);
}

std::string trimmed(std::string s) {
    s.erase(0, s.find_first_not_of(' '));
    s.erase(s.find_last_not_of(' ') + 1);
    return s;
}

}  // namespace

RegardingKind regarding_kind_of(ListKind k) {
    switch (k) {
        case ListKind::Accounts: return RegardingKind::Account;
        case ListKind::Contacts: return RegardingKind::Contact;
        case ListKind::Opportunities: return RegardingKind::Opportunity;
        case ListKind::Cases: return RegardingKind::Case;
    }
    return RegardingKind::None;
}

const char* list_title(ListKind k) {
    switch (k) {
        case ListKind::Accounts: return N_("Accounts");
        case ListKind::Contacts: return N_("Contacts");
        case ListKind::Opportunities: return N_("Opportunities");
        case ListKind::Cases: return N_("Cases");
    }
    return "";
}

std::vector<const char*> list_columns(ListKind k) {
    switch (k) {
        case ListKind::Accounts: return {N_("Account Name"), N_("City"), N_("Main Phone"), N_("Website"), N_("Owner"), N_("Open Activities")};
        case ListKind::Contacts: return {N_("Full Name"), N_("Account"), N_("Job Title"), N_("Email"), N_("Business Phone"), N_("Open Activities")};
        case ListKind::Opportunities:
            return {N_("Topic"), N_("Account"), N_("Est. Revenue"), N_("Stage"), N_("Est. Close Date"), N_("Open Activities")};
        case ListKind::Cases: return {N_("Case Title"), N_("Customer"), N_("Status"), N_("Priority"), N_("Owner"), N_("Open Activities")};
    }
    return {};
}

std::string cell_text(const Store& store, ListKind kind, std::uint32_t index, int column) {
    if (index >= table_size(store, kind)) return {};
    return text_of(store, kind, index, column, open_counts(store));
}

const std::string& record_id_at(const Store& store, ListKind kind, std::uint32_t index) {
    static const std::string kNone;
    if (index >= table_size(store, kind)) return kNone;
    switch (kind) {
        case ListKind::Accounts: return store.accounts().at(index).meta.id;
        case ListKind::Contacts: return store.contacts().at(index).meta.id;
        case ListKind::Opportunities: return store.opportunities().at(index).meta.id;
        case ListKind::Cases: return store.cases().at(index).meta.id;
    }
    return kNone;
}

std::vector<std::uint32_t> run_record_list(const Store& store, const RecordListQuery& query) {
    const ListKind kind = query.kind;
    const OpenCounts& counts = open_counts(store);
    const auto n = static_cast<std::uint32_t>(table_size(store, kind));
    const std::string needle = trimmed(fold_for_search(query.text));

    std::vector<std::uint32_t> rows;
    rows.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!row_live(store, kind, i)) continue;
        if (!needle.empty()) {
            bool hit = false;
            for (int c = 0; c < kColumnCount && !hit; ++c)
                hit = folded_contains(fold_for_search(text_of(store, kind, i, c, counts)), needle);
            if (!hit) continue;
        }
        rows.push_back(i);
    }

    const int column = query.sort_column;
    if (column < 0 || column >= kColumnCount) return rows;  // table order
    const bool desc = query.descending;
    // Keys are computed once per row. Equal keys keep table order in both directions: the row
    // index is the last tie-breaker, which makes std::sort give the stable order.
    if (numeric_column(kind, column)) {
        std::vector<std::pair<double, std::uint32_t>> keyed;
        keyed.reserve(rows.size());
        for (auto i : rows) keyed.emplace_back(numeric_key(store, kind, i, column, counts), i);
        std::sort(keyed.begin(), keyed.end(), [desc](const auto& a, const auto& b) {
            if (a.first != b.first) return desc ? b.first < a.first : a.first < b.first;
            return a.second < b.second;
        });
        for (std::size_t k = 0; k < keyed.size(); ++k) rows[k] = keyed[k].second;
    } else {
        std::vector<std::string> folded;
        folded.reserve(rows.size());
        std::vector<TextKey> keyed;
        keyed.reserve(rows.size());
        for (std::size_t k = 0; k < rows.size(); ++k) {
            folded.push_back(fold_for_search(text_of(store, kind, rows[k], column, counts)));
            keyed.push_back(text_key(folded.back(), static_cast<std::uint32_t>(k)));
        }
        std::sort(keyed.begin(), keyed.end(), [&](const TextKey& a, const TextKey& b) {
            int c = compare_text_keys(a, b, folded);
            if (c != 0) return desc ? c > 0 : c < 0;
            return a.pos < b.pos;
        });
        Rows sorted(rows.size());
        for (std::size_t k = 0; k < keyed.size(); ++k) sorted[k] = rows[keyed[k].pos];
        rows.swap(sorted);
    }
    return rows;
}

}  // namespace crm
