// Fuzzes the iCalendar reader (core/ical) with whole .ics files, against the fuzz base store.
// Invariants, beyond not crashing:
//  - a refused file says why (non-empty UTF-8 messages) and the plan is all or nothing;
//  - every planned activity passes validate_activity, has a UUID-shaped id, and the counts add up;
//  - applying the plan works on the store it was planned against, adds exactly the planned new
//    activities, and importing the same bytes again adds and updates nothing (no duplicates);
//  - exporting the imported activities gives lines of at most 75 octets, each valid UTF-8, and
//    importing that export into the same store changes nothing (export -> import round trip).
#include <algorithm>

#include "core/ical.hpp"
#include "core/ids.hpp"
#include "fuzz_support.hpp"

using namespace crm;
using namespace crm::fuzz;

namespace {

const Store& base_store() {
    static const Store store = make_base_store();
    return store;
}

const TimeZone& warsaw() {
    static const TimeZone zone = *TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3", 1970, 2100);
    return zone;
}

std::optional<TimeZone> resolve(const std::string& tzid, int first, int last) {
    if (tzid == "America/New_York") return TimeZone::from_posix(tzid, "EST5EDT,M3.2.0,M11.1.0", first, last);
    return std::nullopt;
}

IcalImportOptions options(const Store& store, UtcMillis now) {
    IcalImportOptions o;
    o.user_zone = &warsaw();
    o.resolve_zone = resolve;
    o.owner = {OwnerKind::User, store.users().at(0).meta.id};
    o.actor = {o.owner.id, now};
    return o;
}

void check_plan(const IcalImportPlan& p, const char* what) {
    FUZZ_CHECK(p.activities.size() == p.expected_revs.size(), std::string(what) + ": one expected revision per activity");
    FUZZ_CHECK(p.activities.size() == p.events_added + p.events_updated + p.tasks_added + p.tasks_updated,
               std::string(what) + ": counts do not add up to the planned activities");
    for (const auto& a : p.activities) {
        Status st = validate_activity(a);
        FUZZ_CHECK(st.ok(), std::string(what) + ": a planned activity fails validation: " +
                                (st.errors.empty() ? "" : st.errors[0].field + " " + st.errors[0].message));
        FUZZ_CHECK(looks_like_uuid(a.meta.id), std::string(what) + ": an id that is not UUID-shaped: " + a.meta.id);
        FUZZ_CHECK(a.type == ActivityType::Task || a.type == ActivityType::Appointment, "only tasks and appointments");
    }
    for (const auto& n : p.notes)
        FUZZ_CHECK(!n.message.empty() && utf8_valid(n.message) && utf8_valid(n.arg) && utf8_valid(n.where) && n.count >= 1,
                   std::string(what) + ": a note without a readable message");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = as_text(data, size);
    Store store = base_store();
    auto planned = plan_ical_import(store, bytes, options(store, kFuzzNow));
    if (!planned.ok()) {
        check_refusal_messages(planned.status, "ical import");
        return 0;
    }
    const IcalImportPlan& plan = planned.value;
    check_plan(plan, "ical import");

    std::size_t before = store.live_activity_count();
    Status applied = apply_ical_import(store, plan);
    FUZZ_CHECK(applied.ok(), "a fresh plan does not apply to the store it was planned against");
    FUZZ_CHECK(store.live_activity_count() == before + plan.events_added + plan.tasks_added,
               "applying added another number of activities than planned");

    auto again = plan_ical_import(store, bytes, options(store, kFuzzNow + 1000));
    FUZZ_CHECK(again.ok(), "the same bytes are refused the second time");
    check_plan(again.value, "ical re-import");
    FUZZ_CHECK(again.value.events_added + again.value.tasks_added == 0, "importing the same file again adds activities");
    FUZZ_CHECK(again.value.events_updated + again.value.tasks_updated == 0, "importing the same file again changes activities");

    // Export what the file brought, and read it back into the same store.
    std::vector<std::uint32_t> rows;
    for (const auto& a : plan.activities)
        if (auto i = store.activities().index_of(a.meta.id)) rows.push_back(*i);
    IcalExport out = export_icalendar(store, rows, warsaw(), kFuzzNow + 2000);
    for (std::size_t pos = 0; pos < out.text.size();) {
        std::size_t end = out.text.find("\r\n", pos);
        FUZZ_CHECK(end != std::string::npos, "an exported line without CRLF");
        std::string_view line = std::string_view(out.text).substr(pos, end - pos);
        FUZZ_CHECK(line.size() <= 75, "an exported line over 75 octets");
        FUZZ_CHECK(utf8_valid(line), "an exported line that splits a UTF-8 character");
        pos = end + 2;
    }
    auto back = plan_ical_import(store, out.text, options(store, kFuzzNow + 3000));
    FUZZ_CHECK(back.ok(), "our own export is refused: " + (back.status.errors.empty() ? std::string() : back.status.errors[0].message));
    check_plan(back.value, "ical round trip");
    FUZZ_CHECK(back.value.events_added + back.value.tasks_added == 0, "export -> import adds activities");
    if (back.value.events_updated + back.value.tasks_updated != 0) {
        const Activity& a = back.value.activities.front();
        const Activity* s = store.activities().find(a.meta.id);
        FUZZ_CHECK(false, "export -> import changes an activity: " + a.subject + " / " + (s ? s->subject : std::string("?")));
    }
    return 0;
}
