// Tests for timeline: which activities a record's timeline shows under each roll-up mode (the
// Dynamics 365 example: a task regarding contact Chris Preston shows on his account Imported
// Sports), where each came from, the filters, the newest-first order, and that relationships are
// read as they are now (deleted and reparented records).
// Expected lists are worked out by hand from the records each test creates.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "core/civil_time.hpp"
#include "core/store.hpp"
#include "core/timeline.hpp"

using namespace crm;
using crm::test::at;
using crm::test::warsaw;

namespace {

constexpr UtcMillis kMinute = 60'000;
constexpr UtcMillis kHour = 3'600'000;
using Names = std::vector<std::string>;

std::uint8_t bit(ActivityType t) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(t)); }

// Imported Sports (Chris Preston, Maria Campbell) and Contoso (Nancy Anderson), with
// opportunities, cases and activities around them. Activity k is created at T0 + k minutes, so
// newest first is the reverse order of creation.
struct Crm {
    Store store{3};
    UtcMillis t0 = at("2026-11-01T08:00:00Z");
    int minute = 0;
    std::string user;
    std::string imported, contoso;
    std::string chris, maria, nancy, loner;
    std::string ski, tablets, contoso_deal;         // opportunities
    std::string shipment, vat, contoso_case;        // cases
    Crm() {
        Actor setup{"", t0 - kHour};
        user = store.create_user("Anna", "anna@example.com", setup).value;
        imported = record(Account{.name = "Imported Sports"});
        contoso = record(Account{.name = "Contoso"});
        chris = record(Contact{.full_name = "Chris Preston", .parent_account_id = imported,
                               .email = "Chris.Preston@ImportedSports.example"});
        maria = record(Contact{.full_name = "Maria Campbell", .parent_account_id = imported,
                               .email = "maria@importedsports.example"});
        nancy = record(Contact{.full_name = "Nancy Anderson", .parent_account_id = contoso,
                               .email = "nancy@contoso.example"});
        loner = record(Contact{.full_name = "Lone Ranger", .email = "lone@example.com"});
        ski = record(Opportunity{.name = "Ski equipment", .account_id = imported, .contact_id = chris});
        tablets = record(Opportunity{.name = "Lab tablets", .account_id = contoso, .contact_id = chris});
        contoso_deal = record(Opportunity{.name = "Contoso deal", .account_id = contoso, .contact_id = nancy});
        shipment = record(Case{.title = "Damaged shipment", .account_id = imported, .contact_id = maria});
        vat = record(Case{.title = "Wrong VAT", .account_id = "", .contact_id = chris});
        contoso_case = record(Case{.title = "Contoso case", .account_id = contoso, .contact_id = nancy});
    }
    template <typename T>
    std::string record(T rec) {
        rec.owner = {OwnerKind::User, user};
        auto r = store.create_record(rec, {user, t0 - kHour});
        REQUIRE(r.ok());
        return r.value;
    }
    std::string add(Activity a) {
        if (a.subject.empty()) a.subject = "?";
        if (a.type == ActivityType::Appointment && !a.scheduled_start) {
            a.scheduled_start = t0;
            a.scheduled_end = t0 + kHour;
        }
        auto r = store.create_activity(a, {user, t0 + (++minute) * kMinute});
        REQUIRE_MESSAGE(r.ok(), a.subject);
        return r.value;
    }
    std::string add(ActivityType type, std::string subject, RecordRef regarding) {
        Activity a;
        a.type = type;
        a.subject = std::move(subject);
        a.regarding = std::move(regarding);
        return add(std::move(a));
    }
    std::string email(std::string subject, RecordRef regarding, std::string to, std::string cc = {}) {
        Activity a;
        a.type = ActivityType::Email;
        a.subject = std::move(subject);
        a.regarding = std::move(regarding);
        a.email_from = "anna@example.com";
        a.email_to = std::move(to);
        a.email_cc = std::move(cc);
        return add(std::move(a));
    }
    RecordRef account(const std::string& id) const { return {RegardingKind::Account, id}; }
    RecordRef contact(const std::string& id) const { return {RegardingKind::Contact, id}; }
    RecordRef opportunity(const std::string& id) const { return {RegardingKind::Opportunity, id}; }
    RecordRef case_(const std::string& id) const { return {RegardingKind::Case, id}; }

    Timeline run(const RecordRef& r, TimelineFilter f, UtcMillis now = 0) const {
        return build_timeline(store, r, f, warsaw(), now ? now : t0 + 1000 * kMinute);
    }
    Timeline run(const RecordRef& r, RollupMode mode) const {
        TimelineFilter f;
        f.rollup = mode;
        return run(r, f);
    }
    Names subjects(const Timeline& t) const {
        Names out;
        for (const auto& e : t.entries) out.push_back(store.activities().at(e.activity_index).subject);
        return out;
    }
    // "subject <- via" for checking where each entry came from
    Names sources(const Timeline& t) const {
        Names out;
        for (const auto& e : t.entries)
            out.push_back(store.activities().at(e.activity_index).subject + " <- " + via_label(store, e.via));
        return out;
    }
    void remove(const std::string& contact_id) {
        Contact c = *store.contacts().find(contact_id);
        c.meta.deleted = true;
        store.load(c);
    }
};

// The activities of the roll-up tests, created in this order (so listed newest first below).
struct RollupCrm : Crm {
    RollupCrm() {
        add(ActivityType::Task, "Task for Chris", contact(chris));                    // 1
        add(ActivityType::PhoneCall, "Call Imported", account(imported));             // 2
        add(ActivityType::Task, "Ski quote", opportunity(ski));                       // 3
        add(ActivityType::PhoneCall, "Shipment call", case_(shipment));               // 4
        add(ActivityType::Task, "Tablets demo", opportunity(tablets));                // 5
        add(ActivityType::Task, "VAT fix", case_(vat));                               // 6
        email("Email to Chris", account(contoso), "other@x.example; CHRIS.PRESTON@importedsports.example");  // 7
        email("Email cc Maria", {}, "someone@x.example", "Maria@ImportedSports.example");                  // 8
        add(ActivityType::Note, "Nancy note", contact(nancy));                        // 9
        add(ActivityType::PhoneCall, "Contoso deal call", opportunity(contoso_deal)); // 10
        auto gone = add(ActivityType::Task, "Deleted task", account(imported));       // 11
        add(ActivityType::Task, "Unrelated", {});                                     // 12
        add(ActivityType::Task, "Lone task", contact(loner));                         // 13
        email("Email to nobody we know", account(contoso), "stranger@x.example");     // 14
        std::vector<std::string> ids{gone};
        REQUIRE(store.delete_activities(ids, {user, t0 + 500 * kMinute}).ok());
    }
};

}  // namespace

TEST_CASE("timeline: the Dynamics example - a contact's task rolls up to its account") {
    RollupCrm c;
    const std::string task_id = c.store.activities().rows()[0].meta.id;
    REQUIRE(c.store.activities().rows()[0].subject == "Task for Chris");

    auto on_contact = c.run(c.contact(c.chris), RollupMode::None);
    REQUIRE(on_contact.entries.size() == 1);
    CHECK(on_contact.entries[0].activity_index == 0);
    CHECK(on_contact.entries[0].via.empty());
    CHECK(via_label(c.store, on_contact.entries[0].via) == "");
    CHECK(on_contact.direct == 1);
    CHECK(on_contact.rolled_up == 0);

    for (RollupMode mode : {RollupMode::Related, RollupMode::Extended}) {
        CAPTURE(static_cast<int>(mode));
        auto on_account = c.run(c.account(c.imported), mode);
        auto it = std::find_if(on_account.entries.begin(), on_account.entries.end(),
                               [](const TimelineEntry& e) { return e.activity_index == 0; });
        REQUIRE(it != on_account.entries.end());
        CHECK(it->via == RecordRef{RegardingKind::Contact, c.chris});
        CHECK(via_label(c.store, it->via) == "via contact Chris Preston");
    }
    auto none = c.run(c.account(c.imported), RollupMode::None);
    CHECK(c.subjects(none) == Names{"Call Imported"});
    CHECK(!task_id.empty());
}

TEST_CASE("timeline: account under each roll-up mode") {
    RollupCrm c;
    auto none = c.run(c.account(c.imported), RollupMode::None);
    CHECK(c.subjects(none) == Names{"Call Imported"});
    CHECK(none.direct == 1);
    CHECK(none.rolled_up == 0);

    auto related = c.run(c.account(c.imported), RollupMode::Related);
    CHECK(c.sources(related) == Names{
                                    "Shipment call <- via case Damaged shipment",
                                    "Ski quote <- via opportunity Ski equipment",
                                    "Call Imported <- ",
                                    "Task for Chris <- via contact Chris Preston",
                                });
    CHECK(related.direct == 1);
    CHECK(related.rolled_up == 3);

    auto extended = c.run(c.account(c.imported), RollupMode::Extended);
    CHECK(c.sources(extended) == Names{
                                     "Email cc Maria <- via contact Maria Campbell",
                                     "Email to Chris <- via contact Chris Preston",
                                     "VAT fix <- via contact Chris Preston",
                                     "Tablets demo <- via contact Chris Preston",
                                     "Shipment call <- via case Damaged shipment",
                                     "Ski quote <- via opportunity Ski equipment",
                                     "Call Imported <- ",
                                     "Task for Chris <- via contact Chris Preston",
                                 });
    CHECK(extended.direct == 1);
    CHECK(extended.rolled_up == 7);

    // Contoso: the email to Chris regards it directly; Chris's Lab tablets opportunity belongs to it.
    auto contoso_none = c.run(c.account(c.contoso), RollupMode::None);
    CHECK(c.subjects(contoso_none) == Names{"Email to nobody we know", "Email to Chris"});
    auto contoso_related = c.run(c.account(c.contoso), RollupMode::Related);
    CHECK(c.sources(contoso_related) == Names{
                                           "Email to nobody we know <- ",
                                           "Contoso deal call <- via opportunity Contoso deal",
                                           "Nancy note <- via contact Nancy Anderson",
                                           "Email to Chris <- ",
                                           "Tablets demo <- via opportunity Lab tablets",
                                       });
    CHECK(contoso_related.direct == 2);
    CHECK(contoso_related.rolled_up == 3);
    // Nancy has nothing outside Contoso and no email to her: Extended adds nothing.
    CHECK(c.run(c.account(c.contoso), RollupMode::Extended).entries.size() == 5);
}

TEST_CASE("timeline: contact under each roll-up mode") {
    RollupCrm c;
    auto none = c.run(c.contact(c.chris), RollupMode::None);
    CHECK(c.subjects(none) == Names{"Task for Chris"});
    auto related = c.run(c.contact(c.chris), RollupMode::Related);
    CHECK(c.sources(related) == Names{
                                    "VAT fix <- via case Wrong VAT",
                                    "Tablets demo <- via opportunity Lab tablets",
                                    "Ski quote <- via opportunity Ski equipment",
                                    "Task for Chris <- ",
                                });
    CHECK(related.direct == 1);
    CHECK(related.rolled_up == 3);
    auto extended = c.run(c.contact(c.chris), RollupMode::Extended);
    CHECK(c.subjects(extended) == Names{"Email to Chris", "VAT fix", "Tablets demo", "Ski quote", "Task for Chris"});
    // the email to Chris's own address is his own history: direct, not "via" himself
    CHECK(extended.direct == 2);
    CHECK(extended.rolled_up == 3);

    // Maria: nothing regarding her; her case; the email that copied her.
    CHECK(c.run(c.contact(c.maria), RollupMode::None).entries.empty());
    CHECK(c.subjects(c.run(c.contact(c.maria), RollupMode::Related)) == Names{"Shipment call"});
    CHECK(c.subjects(c.run(c.contact(c.maria), RollupMode::Extended)) == Names{"Email cc Maria", "Shipment call"});

    // A contact without an account rolls up nowhere but shows its own activities.
    CHECK(c.subjects(c.run(c.contact(c.loner), RollupMode::Extended)) == Names{"Lone task"});
}

TEST_CASE("timeline: opportunities and cases show only their own activities") {
    RollupCrm c;
    for (RollupMode mode : {RollupMode::None, RollupMode::Related, RollupMode::Extended}) {
        CAPTURE(static_cast<int>(mode));
        CHECK(c.subjects(c.run(c.opportunity(c.ski), mode)) == Names{"Ski quote"});
        CHECK(c.subjects(c.run(c.opportunity(c.tablets), mode)) == Names{"Tablets demo"});
        CHECK(c.subjects(c.run(c.case_(c.shipment), mode)) == Names{"Shipment call"});
        CHECK(c.run(c.case_(c.contoso_case), mode).entries.empty());
    }
    // empty and unknown records have no timeline
    CHECK(c.run(RecordRef{}, RollupMode::Extended).entries.empty());
    CHECK(c.run(c.account("no-such-id"), RollupMode::Extended).entries.empty());
}

TEST_CASE("timeline: deleted activities and deleted contacts are left out") {
    RollupCrm c;
    c.add(ActivityType::Task, "Lunch with Maria", c.contact(c.maria));  // 15
    auto before = c.subjects(c.run(c.account(c.imported), RollupMode::Extended));
    CHECK(std::find(before.begin(), before.end(), "Lunch with Maria") != before.end());
    CHECK(std::find(before.begin(), before.end(), "Deleted task") == before.end());

    c.remove(c.maria);
    for (RollupMode mode : {RollupMode::None, RollupMode::Related, RollupMode::Extended}) {
        auto names = c.subjects(c.run(c.account(c.imported), mode));
        CHECK(std::find(names.begin(), names.end(), "Lunch with Maria") == names.end());
    }
    // the case she was the contact of is still the account's; the email that copied her no longer counts
    CHECK(c.subjects(c.run(c.account(c.imported), RollupMode::Extended)) ==
          Names{"Email to Chris", "VAT fix", "Tablets demo", "Shipment call", "Ski quote", "Call Imported",
                "Task for Chris"});
    // a deleted record has no timeline
    CHECK(c.run(c.contact(c.maria), RollupMode::None).entries.empty());

    // an email found through Chris's address but regarding a case deleted since is left out too
    c.email("About the Contoso case", c.case_(c.contoso_case), "chris.preston@importedsports.example");
    CHECK(c.subjects(c.run(c.contact(c.chris), RollupMode::Extended)).front() == "About the Contoso case");
    Case gone = *c.store.cases().find(c.contoso_case);
    gone.meta.deleted = true;
    c.store.load(gone);
    CHECK(c.subjects(c.run(c.contact(c.chris), RollupMode::Extended)) ==
          Names{"Email to Chris", "VAT fix", "Tablets demo", "Ski quote", "Task for Chris"});
}

TEST_CASE("timeline: a reparented contact's history moves to the new account") {
    RollupCrm c;
    Contact moved = *c.store.contacts().find(c.chris);
    moved.parent_account_id = c.contoso;
    c.store.load(moved);

    auto imported = c.run(c.account(c.imported), RollupMode::Extended);
    CHECK(c.sources(imported) == Names{
                                     "Email cc Maria <- via contact Maria Campbell",
                                     "Shipment call <- via case Damaged shipment",
                                     "Ski quote <- via opportunity Ski equipment",
                                     "Call Imported <- ",
                                 });
    CHECK(c.subjects(c.run(c.account(c.imported), RollupMode::Related)) ==
          Names{"Shipment call", "Ski quote", "Call Imported"});

    auto contoso = c.run(c.account(c.contoso), RollupMode::Related);
    CHECK(c.sources(contoso) == Names{
                                    "Email to nobody we know <- ",
                                    "Contoso deal call <- via opportunity Contoso deal",
                                    "Nancy note <- via contact Nancy Anderson",
                                    "Email to Chris <- ",
                                    "Tablets demo <- via opportunity Lab tablets",
                                    "Task for Chris <- via contact Chris Preston",
                                });
    // Extended: Chris's Ski equipment (Imported Sports') and Wrong VAT (no account) come along
    CHECK(c.sources(c.run(c.account(c.contoso), RollupMode::Extended)) ==
          Names{
              "Email to nobody we know <- ",
              "Contoso deal call <- via opportunity Contoso deal",
              "Nancy note <- via contact Nancy Anderson",
              "Email to Chris <- ",
              "VAT fix <- via contact Chris Preston",
              "Tablets demo <- via opportunity Lab tablets",
              "Ski quote <- via contact Chris Preston",
              "Task for Chris <- via contact Chris Preston",
          });
}

TEST_CASE("timeline: email addresses match case-insensitively, in every field and form") {
    Crm c;
    Activity a;
    a.type = ActivityType::Email;
    a.subject = "From Chris";
    a.email_from = "chris.preston@importedsports.EXAMPLE";
    a.email_to = "anna@example.com";
    c.add(a);
    a.subject = "To Chris in a list";
    a.email_from = "anna@example.com";
    a.email_to = "x@example.com, chris.preston@importedsports.example ,y@example.com";
    c.add(a);
    a.subject = "Almost Chris";
    a.email_to = "chris.preston@importedsports.example.org";
    c.add(a);
    // a phone call with the address in the subject is not an email
    c.add(ActivityType::PhoneCall, "chris.preston@importedsports.example", {});
    // imported data may carry display names: "Name <address>"
    Activity named = a;
    named.meta.id = "imported-email";
    named.meta.created_at = named.meta.modified_at = c.t0 + 900 * kMinute;
    named.subject = "Named address";
    named.email_to = "Chris Preston <Chris.Preston@ImportedSports.example>";
    named.owner = {OwnerKind::User, c.user};
    c.store.load(named);

    CHECK(c.subjects(c.run(c.contact(c.chris), RollupMode::Extended)) ==
          Names{"Named address", "To Chris in a list", "From Chris"});
    CHECK(c.subjects(c.run(c.account(c.imported), RollupMode::Extended)) ==
          Names{"Named address", "To Chris in a list", "From Chris"});
    CHECK(c.run(c.contact(c.chris), RollupMode::Related).entries.empty());
    CHECK(c.run(c.account(c.imported), RollupMode::Related).entries.empty());
}

TEST_CASE("timeline: state, window and type filters") {
    Crm c;
    const UtcMillis now = at("2026-11-23T12:00:00Z");  // 13:00 in Warsaw (CET)
    auto task = [&](std::string subject, Due due, ActivityState state = ActivityState::Open) {
        Activity a;
        a.type = ActivityType::Task;
        a.subject = std::move(subject);
        a.regarding = c.account(c.imported);
        a.due = due;
        a.state = state;
        a.reason = state == ActivityState::Completed ? StatusReason::Completed : StatusReason::NotStarted;
        c.add(a);
    };
    task("t1 overdue 2h ago", Due::at(now - 2 * kHour));
    task("t2 in 3h", Due::at(now + 3 * kHour));
    task("t3 date in 5 days", Due::on_date({2026, 11, 28}));  // from 2026-11-27T23:00Z
    task("t4 in 20 days", Due::at(now + 20 * kMillisPerDay));
    task("t5 completed 5 days ago", Due::at(now - 5 * kMillisPerDay), ActivityState::Completed);
    {
        Activity call;
        call.type = ActivityType::PhoneCall;
        call.subject = "t6 canceled call 40 days ago";
        call.regarding = c.account(c.imported);
        call.due = Due::at(now - 40 * kMillisPerDay);
        call.state = ActivityState::Canceled;
        call.reason = StatusReason::Canceled;
        c.add(call);
    }
    c.add(ActivityType::Note, "t7 note", c.account(c.imported));
    task("t8 date today", Due::on_date({2026, 11, 23}));  // from 2026-11-22T23:00Z: 13 hours ago
    {
        Activity meeting;
        meeting.type = ActivityType::Appointment;
        meeting.subject = "t9 meeting in 1h";
        meeting.regarding = c.account(c.imported);
        meeting.scheduled_start = now + kHour;
        meeting.scheduled_end = now + 2 * kHour;
        meeting.state = ActivityState::Scheduled;
        meeting.reason = StatusReason::Busy;
        c.add(meeting);
    }
    task("t10 date yesterday", Due::on_date({2026, 11, 22}));  // from 2026-11-21T23:00Z: 37 hours ago
    task("t11 ten days ago", Due::at(now - 10 * kMillisPerDay));
    // on another record: never shown
    c.add(ActivityType::Task, "elsewhere", c.account(c.contoso));

    auto sorted = [&](TimelineFilter f) {
        auto names = c.subjects(c.run(c.account(c.imported), f, now));
        std::sort(names.begin(), names.end());
        return names;
    };
    TimelineFilter f;
    CHECK(sorted(f).size() == 11);

    f.state = TimelineStateFilter::Overdue;
    CHECK(sorted(f) == Names{"t1 overdue 2h ago", "t10 date yesterday", "t11 ten days ago"});
    f.state = TimelineStateFilter::Active;
    CHECK(sorted(f) == Names{"t1 overdue 2h ago", "t10 date yesterday", "t11 ten days ago", "t2 in 3h",
                             "t3 date in 5 days", "t4 in 20 days", "t7 note", "t8 date today", "t9 meeting in 1h"});
    f.state = TimelineStateFilter::Closed;
    CHECK(sorted(f) == Names{"t5 completed 5 days ago", "t6 canceled call 40 days ago"});
    f.state = TimelineStateFilter::Any;

    f.window = TimelineWindow::Next24h;
    CHECK(sorted(f) == Names{"t2 in 3h", "t9 meeting in 1h"});
    f.window = TimelineWindow::Next7d;
    CHECK(sorted(f) == Names{"t2 in 3h", "t3 date in 5 days", "t9 meeting in 1h"});
    f.window = TimelineWindow::Next30d;
    CHECK(sorted(f) == Names{"t2 in 3h", "t3 date in 5 days", "t4 in 20 days", "t9 meeting in 1h"});
    f.window = TimelineWindow::Last24h;
    CHECK(sorted(f) == Names{"t1 overdue 2h ago", "t8 date today"});
    f.window = TimelineWindow::Last7d;
    CHECK(sorted(f) == Names{"t1 overdue 2h ago", "t10 date yesterday", "t5 completed 5 days ago", "t8 date today"});
    f.window = TimelineWindow::Last30d;
    CHECK(sorted(f) == Names{"t1 overdue 2h ago", "t10 date yesterday", "t11 ten days ago", "t5 completed 5 days ago",
                             "t8 date today"});

    // window and state together
    f.window = TimelineWindow::Last7d;
    f.state = TimelineStateFilter::Overdue;
    CHECK(sorted(f) == Names{"t1 overdue 2h ago", "t10 date yesterday"});
    f = {};

    f.type_mask = bit(ActivityType::Note);
    CHECK(sorted(f) == Names{"t7 note"});
    f.type_mask = bit(ActivityType::PhoneCall) | bit(ActivityType::Appointment);
    CHECK(sorted(f) == Names{"t6 canceled call 40 days ago", "t9 meeting in 1h"});
    f.type_mask = bit(ActivityType::Email);
    CHECK(sorted(f).empty());
    f.type_mask = 0;
    CHECK(sorted(f).empty());
}

TEST_CASE("timeline: date-only dues count from the start of that day in the user's zone") {
    Crm c;
    Activity a;
    a.type = ActivityType::Task;
    a.subject = "due on the 24th";
    a.regarding = c.account(c.imported);
    a.due = Due::on_date({2026, 11, 24});
    c.add(a);
    // 00:30 on the 24th in Warsaw: the day began 30 minutes ago (23:00Z), not in 30 minutes (UTC midnight)
    const UtcMillis now = at("2026-11-23T23:30:00Z");
    TimelineFilter f;
    f.window = TimelineWindow::Last24h;
    CHECK(c.subjects(c.run(c.account(c.imported), f, now)) == Names{"due on the 24th"});
    f.window = TimelineWindow::Next24h;
    CHECK(c.run(c.account(c.imported), f, now).entries.empty());
    // an hour earlier it is still ahead
    CHECK(c.subjects(c.run(c.account(c.imported), f, now - kHour)) == Names{"due on the 24th"});
    // not overdue on its own day
    f.window = TimelineWindow::Any;
    f.state = TimelineStateFilter::Overdue;
    CHECK(c.run(c.account(c.imported), f, now).entries.empty());
}

TEST_CASE("timeline: text filter is folded and searches subject and description") {
    Crm c;
    Activity a;
    a.type = ActivityType::Task;
    a.regarding = c.contact(c.chris);
    a.subject = "Dostawa dla Żółw";
    c.add(a);
    a.subject = "Spotkanie";
    a.description = "Rozmowa z firmą ŻÓŁW o rabacie";
    c.add(a);
    a.subject = "Zolwiki? no";
    a.description = "";
    a.regarding = c.account(c.contoso);  // not on Imported Sports' timeline
    c.add(a);
    a.subject = "Something else";
    a.regarding = c.account(c.imported);
    c.add(a);

    TimelineFilter f;
    f.text = "zolw";
    CHECK(c.subjects(c.run(c.account(c.imported), f)) == Names{"Spotkanie", "Dostawa dla Żółw"});
    f.text = "  ŻÓŁW ";
    CHECK(c.subjects(c.run(c.account(c.imported), f)) == Names{"Spotkanie", "Dostawa dla Żółw"});
    f.text = "rabacie";
    CHECK(c.subjects(c.run(c.account(c.imported), f)) == Names{"Spotkanie"});
    f.text = "xyz";
    CHECK(c.run(c.account(c.imported), f).entries.empty());
    f.text = "";
    CHECK(c.run(c.account(c.imported), f).entries.size() == 3);
}

TEST_CASE("timeline: newest first by modified_at, then created_at") {
    Crm c;
    auto first = c.add(ActivityType::Task, "first", c.account(c.imported));
    c.add(ActivityType::Task, "second", c.account(c.imported));
    c.add(ActivityType::Task, "third", c.account(c.imported));
    CHECK(c.subjects(c.run(c.account(c.imported), RollupMode::None)) == Names{"third", "second", "first"});

    // editing "first" makes it the most recently modified
    Activity edited = *c.store.activities().find(first);
    edited.description = "edited";
    REQUIRE(c.store.update_activity(edited, {c.user, c.t0 + 60 * kMinute}).ok());
    CHECK(c.subjects(c.run(c.account(c.imported), RollupMode::None)) == Names{"first", "third", "second"});

    // equal modified_at: the later created comes first, whatever the row order
    auto loaded = [&](const char* id, const char* subject, UtcMillis created) {
        Activity a;
        a.meta.id = id;
        a.meta.created_at = created;
        a.meta.modified_at = c.t0 + 120 * kMinute;
        a.type = ActivityType::Note;
        a.subject = subject;
        a.regarding = c.account(c.contoso);
        a.owner = {OwnerKind::User, c.user};
        c.store.load(a);
    };
    loaded("n1", "created later", c.t0 + 10 * kMinute);
    loaded("n2", "created earlier", c.t0 + 5 * kMinute);
    loaded("n3", "created latest, modified earlier", c.t0 + 20 * kMinute);
    {
        Activity a = *c.store.activities().find("n3");
        a.meta.modified_at = c.t0 + 30 * kMinute;
        c.store.load(a);
    }
    CHECK(c.subjects(c.run(c.account(c.contoso), RollupMode::None)) ==
          Names{"created later", "created earlier", "created latest, modified earlier"});
}

TEST_CASE("timeline: names") {
    CHECK(std::string(rollup_mode_name(RollupMode::Extended)) == "Extended");
    CHECK(std::string(timeline_state_filter_name(TimelineStateFilter::Overdue)) == "Overdue");
    CHECK(std::string(timeline_window_name(TimelineWindow::Last7d)) == "Last 7 days");
    Crm c;
    CHECK(via_label(c.store, {RegardingKind::Opportunity, c.ski}) == "via opportunity Ski equipment");
    CHECK(via_label(c.store, {RegardingKind::Case, c.vat}) == "via case Wrong VAT");
    CHECK(via_label(c.store, {}) == "");
}

TEST_CASE("timeline: 100,000 activities in one pass") {
    Store store{9};
    Actor setup{"", at("2026-11-01T08:00:00Z")};
    auto user = store.create_user("Anna", "", setup).value;
    Account a{.name = "Big"};
    a.owner = {OwnerKind::User, user};
    auto big = store.create_record(a, setup).value;
    Account b{.name = "Other"};
    b.owner = {OwnerKind::User, user};
    auto other = store.create_record(b, setup).value;
    // contacts 0..499 belong to Big, 500..999 to Other
    std::vector<std::string> contacts;
    for (int k = 0; k < 1000; ++k) {
        Contact c{.full_name = "Contact " + std::to_string(k), .parent_account_id = k < 500 ? big : other,
                  .email = "c" + std::to_string(k) + "@example.com"};
        c.owner = {OwnerKind::User, user};
        contacts.push_back(store.create_record(c, setup).value);
    }
    // activity i regards Big directly when i % 4 == 3, else contact (i % 1000)
    constexpr int kCount = 100'000;
    store.reserve_activities(kCount);
    for (int i = 0; i < kCount; ++i) {
        Activity act;
        act.meta.id = "act-" + std::to_string(i);
        act.meta.created_at = act.meta.modified_at = setup.now + i;
        act.type = i % 2 ? ActivityType::Task : ActivityType::Email;
        act.subject = "Activity " + std::to_string(i);
        act.owner = {OwnerKind::User, user};
        act.email_to = "nobody@example.com";
        act.regarding = i % 4 == 3 ? RecordRef{RegardingKind::Account, big}
                                   : RecordRef{RegardingKind::Contact, contacts[static_cast<std::size_t>(i % 1000)]};
        store.load(act);
    }
    auto zone = warsaw();
    auto start = std::chrono::steady_clock::now();
    TimelineFilter f;
    f.rollup = RollupMode::Extended;
    auto t = build_timeline(store, {RegardingKind::Account, big}, f, zone, setup.now);
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    // direct: i % 4 == 3, a quarter of 100,000. Through contacts: contact k < 500 with
    // k % 4 != 3 (375 of the 1000 residues), each residue 100 times.
    CHECK(t.direct == 25'000);
    CHECK(t.rolled_up == 37'500);
    CHECK(t.entries.size() == 62'500);
    CHECK(store.activities().at(t.entries.front().activity_index).subject == "Activity 99999");
    MESSAGE("timeline over 100,000 activities: " << elapsed.count() << " ms (reported, not asserted)");
}
