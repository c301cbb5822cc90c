#include "timeline.hpp"

#include "activity_index.hpp"

#include <algorithm>
#include <unordered_map>

#include "i18n.hpp"
#include "text_fold.hpp"

namespace crm {

const char* rollup_mode_name(RollupMode m) {
    switch (m) {
        case RollupMode::None: return N_("This record only");
        case RollupMode::Related: return N_("Related");
        case RollupMode::Extended: return N_("Extended");
    }
    return "?";
}

const char* timeline_state_filter_name(TimelineStateFilter f) {
    switch (f) {
        case TimelineStateFilter::Any: return N_("Any state");
        case TimelineStateFilter::Active: return N_("Active");
        case TimelineStateFilter::Overdue: return N_("Overdue");
        case TimelineStateFilter::Closed: return N_("Closed");
    }
    return "?";
}

const char* timeline_window_name(TimelineWindow w) {
    switch (w) {
        case TimelineWindow::Any: return N_("Any time");
        case TimelineWindow::Next24h: return N_("Next 24 hours");
        case TimelineWindow::Next7d: return N_("Next 7 days");
        case TimelineWindow::Next30d: return N_("Next 30 days");
        case TimelineWindow::Last24h: return N_("Last 24 hours");
        case TimelineWindow::Last7d: return N_("Last 7 days");
        case TimelineWindow::Last30d: return N_("Last 30 days");
    }
    return "?";
}

namespace {

constexpr std::int64_t kHourMillis = 3'600'000;

// Related record id -> index into `vias` (the record an activity regarding it came through).
using ViaMap = std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>>;

struct Relations {
    std::vector<RecordRef> vias;
    ViaMap contacts, opportunities, cases;  // regarding id -> via
    ViaMap emails;                           // lower-cased address -> via (Extended only)

    void add(ViaMap& map, const std::string& id, RecordRef via) {
        if (map.count(id)) return;  // the first, closest relationship wins
        map.emplace(id, static_cast<std::uint32_t>(vias.size()));
        vias.push_back(std::move(via));
    }
    const ViaMap* map_for(RegardingKind k) const {
        switch (k) {
            case RegardingKind::Contact: return &contacts;
            case RegardingKind::Opportunity: return &opportunities;
            case RegardingKind::Case: return &cases;
            default: return nullptr;
        }
    }
};

std::string lower_trimmed(std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    std::size_t e = s.find_last_not_of(" \t\r\n");
    std::string out(s.substr(b, e - b + 1));
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Calls fn(address) for each address in a ';'/','-separated list; "Name <addr>" gives addr.
template <typename Fn>
bool any_address(std::string_view list, Fn fn) {
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find_first_of(";,", start);
        if (end == std::string_view::npos) end = list.size();
        std::string_view part = list.substr(start, end - start);
        auto lt = part.find('<');
        if (lt != std::string_view::npos) {
            auto gt = part.find('>', lt);
            part = part.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
        }
        if (fn(part)) return true;
        start = end + 1;
    }
    return false;
}

void add_contact_email(Relations& rel, const Contact& c) {
    std::string address = lower_trimmed(c.email);
    if (!address.empty()) rel.add(rel.emails, address, {RegardingKind::Contact, c.meta.id});
}

Relations relations_of(const Store& store, const RecordRef& record, RollupMode mode) {
    Relations rel;
    if (mode == RollupMode::None) return rel;
    const bool extended = mode == RollupMode::Extended;
    if (record.kind == RegardingKind::Account) {
        const std::string& account = record.id;
        std::vector<const Contact*> own_contacts;
        for (const Contact& c : store.contacts().rows()) {
            if (c.meta.deleted || c.parent_account_id != account) continue;
            own_contacts.push_back(&c);
            rel.add(rel.contacts, c.meta.id, {RegardingKind::Contact, c.meta.id});
        }
        for (const Opportunity& o : store.opportunities().rows())
            if (!o.meta.deleted && o.account_id == account)
                rel.add(rel.opportunities, o.meta.id, {RegardingKind::Opportunity, o.meta.id});
        for (const Case& c : store.cases().rows())
            if (!c.meta.deleted && c.account_id == account) rel.add(rel.cases, c.meta.id, {RegardingKind::Case, c.meta.id});
        if (extended) {
            // Opportunities and cases of the account's contacts that belong to another account (or
            // none) come through the contact.
            for (const Opportunity& o : store.opportunities().rows())
                if (!o.meta.deleted && o.account_id != account && !o.contact_id.empty() && rel.contacts.count(o.contact_id))
                    rel.add(rel.opportunities, o.meta.id, {RegardingKind::Contact, o.contact_id});
            for (const Case& c : store.cases().rows())
                if (!c.meta.deleted && c.account_id != account && !c.contact_id.empty() && rel.contacts.count(c.contact_id))
                    rel.add(rel.cases, c.meta.id, {RegardingKind::Contact, c.contact_id});
            for (const Contact* c : own_contacts) add_contact_email(rel, *c);
        }
    } else if (record.kind == RegardingKind::Contact) {
        const std::string& contact = record.id;
        for (const Opportunity& o : store.opportunities().rows())
            if (!o.meta.deleted && o.contact_id == contact)
                rel.add(rel.opportunities, o.meta.id, {RegardingKind::Opportunity, o.meta.id});
        for (const Case& c : store.cases().rows())
            if (!c.meta.deleted && c.contact_id == contact) rel.add(rel.cases, c.meta.id, {RegardingKind::Case, c.meta.id});
        if (extended) {
            // An email from/to/cc the contact comes through the contact itself (it is not regarding it).
            if (const Contact* c = store.contacts().find_live(contact)) add_contact_email(rel, *c);
        }
    }
    return rel;
}

bool record_live(const Store& store, const RecordRef& r) {
    return !r.empty() && store.regarding_exists(r);
}

bool state_matches(const ActivityIndex::Row& a, TimelineStateFilter f, const DueWindow& w) {
    switch (f) {
        case TimelineStateFilter::Any: return true;
        case TimelineStateFilter::Active: return !is_closed(a.state);
        case TimelineStateFilter::Overdue: return is_overdue(a.due, a.type, a.state, w);
        case TimelineStateFilter::Closed: return is_closed(a.state);
    }
    return true;
}

bool window_matches(const Due& d, TimelineWindow window, const TimeZone& zone, UtcMillis now) {
    if (window == TimelineWindow::Any) return true;
    if (d.empty()) return false;
    UtcMillis t = d.kind == Due::Kind::Date ? zone.start_of_day(d.date) : d.instant;
    auto next = [&](std::int64_t span) { return t >= now && t < now + span; };
    auto last = [&](std::int64_t span) { return t < now && t >= now - span; };
    switch (window) {
        case TimelineWindow::Any: return true;
        case TimelineWindow::Next24h: return next(24 * kHourMillis);
        case TimelineWindow::Next7d: return next(7 * kMillisPerDay);
        case TimelineWindow::Next30d: return next(30 * kMillisPerDay);
        case TimelineWindow::Last24h: return last(24 * kHourMillis);
        case TimelineWindow::Last7d: return last(7 * kMillisPerDay);
        case TimelineWindow::Last30d: return last(30 * kMillisPerDay);
    }
    return true;
}

}  // namespace

Timeline build_timeline(const Store& store, const RecordRef& record, const TimelineFilter& filter,
                        const TimeZone& zone, UtcMillis now, ActivityIndex* kept_index) {
    Timeline out;
    if (!record_live(store, record)) return out;  // a deleted record's history is left out with it
    ActivityIndex fallback;
    ActivityIndex& index = kept_index ? *kept_index : fallback;
    index.refresh(store);
    index.refresh_series(store, zone, zone.local_date(now));  // a series is due at its next occurrence
    const Relations rel = relations_of(store, record, filter.rollup);
    const DueWindow w = make_due_window(zone, now);
    const std::string text = fold_for_search(filter.text);
    const bool match_emails = !rel.emails.empty();

    // Where each Regarding record's activities come from, decided once per record rather than
    // once per activity: the record itself, a related record (an index into rel.vias), or neither.
    constexpr std::int32_t kUnrelated = -1, kDirect = -2;
    std::vector<std::int32_t> slot_source(index.regarding_slot_count(), kUnrelated);
    for (std::uint32_t slot = 0; slot < slot_source.size(); ++slot) {
        const RecordRef& ref = index.regarding_ref(slot);
        if (ref.kind == record.kind && ref.id == record.id) {
            slot_source[slot] = kDirect;
        } else if (const ViaMap* map = rel.map_for(ref.kind)) {
            auto it = map->find(std::string_view(ref.id));
            if (it != map->end()) slot_source[slot] = static_cast<std::int32_t>(it->second);
        }
    }

    const auto& rows = store.activities().rows();
    std::string address;
    for (std::uint32_t i = 0; i < index.size(); ++i) {
        const ActivityIndex::Row& r = index.row(i);
        if (r.deleted) continue;
        if (!(filter.type_mask & (1u << static_cast<unsigned>(r.type)))) continue;

        const std::int32_t source = r.regarding == ActivityIndex::kNoSlot ? kUnrelated : slot_source[r.regarding];
        bool direct = source == kDirect;
        const RecordRef* via = source >= 0 ? &rel.vias[static_cast<std::size_t>(source)] : nullptr;
        if (!direct && !via) {
            // An email found by one of the record's email addresses.
            if (!match_emails || r.type != ActivityType::Email) continue;
            const Activity& a = rows[i];
            auto lookup = [&](std::string_view part) {
                address = lower_trimmed(part);
                auto it = rel.emails.find(std::string_view(address));
                if (it == rel.emails.end()) return false;
                via = &rel.vias[it->second];
                return true;
            };
            if (!any_address(a.email_from, lookup) && !any_address(a.email_to, lookup)) any_address(a.email_cc, lookup);
            // an email found by address but regarding a deleted record stays out
            if (via && !a.regarding.empty() && !store.regarding_exists(a.regarding)) via = nullptr;
            if (!via) continue;
        }
        // An email to the contact's own address, on that contact's timeline, is the contact's own
        // history: shown as direct, not "via" the record itself.
        if (via && via->kind == record.kind && via->id == record.id) {
            via = nullptr;
            direct = true;
        }

        if (!state_matches(r, filter.state, w)) continue;
        if (!window_matches(r.due, filter.window, zone, now)) continue;
        if (!text.empty() && !folded_contains(index.folded_subject(i), text) && !folded_contains(fold_for_search(rows[i].description), text))
            continue;

        TimelineEntry e;
        e.activity_index = i;
        if (via) e.via = *via;
        out.entries.push_back(std::move(e));
        ++(direct ? out.direct : out.rolled_up);
    }

    std::sort(out.entries.begin(), out.entries.end(), [&](const TimelineEntry& x, const TimelineEntry& y) {
        const RecordMeta& a = rows[x.activity_index].meta;
        const RecordMeta& b = rows[y.activity_index].meta;
        if (a.modified_at != b.modified_at) return a.modified_at > b.modified_at;
        if (a.created_at != b.created_at) return a.created_at > b.created_at;
        return x.activity_index > y.activity_index;  // later rows were added later
    });
    return out;
}

std::string via_label(const Store& store, const RecordRef& via) {
    const char* message = nullptr;
    switch (via.kind) {
        case RegardingKind::None: return {};
        case RegardingKind::Account: message = N_("via account %s"); break;
        case RegardingKind::Contact: message = N_("via contact %s"); break;
        case RegardingKind::Opportunity: message = N_("via opportunity %s"); break;
        case RegardingKind::Case: message = N_("via case %s"); break;
    }
    return tr_format(message, store.regarding_name(via));
}

}  // namespace crm
