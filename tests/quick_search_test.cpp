// Tests for quick_search: folded matching across records and activities, the ranking tiers
// (whole title > title prefix > word prefix > title substring > other fields, records before
// activities), the limit, deleted records, and the index following store changes.
// Expected orders are worked out by hand from the records each test creates.
#include <doctest/doctest.h>

#include "test_time.hpp"

#include <string>
#include <vector>

#include "core/bench_data.hpp"
#include "core/civil_time.hpp"
#include "core/demo_data.hpp"
#include "core/quick_search.hpp"
#include "core/store.hpp"

using namespace crm;
using crm::test::at;
using crm::test::warsaw;

namespace {

std::vector<std::string> titles(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const auto& h : hits) out.push_back(h.title);
    return out;
}

using Names = std::vector<std::string>;

struct Demo {
    Store store{11};
    UtcMillis now = at("2026-11-23T12:00:00Z");
    DemoSeedReport report;
    Demo() { report = seed_demo_data(store, warsaw(), now); }
    std::string add(std::string subject, RecordRef regarding = {}, std::string description = {}) {
        Activity a;
        a.type = ActivityType::Task;
        a.subject = std::move(subject);
        a.description = std::move(description);
        a.regarding = std::move(regarding);
        auto r = store.create_activity(a, {report.user_ids[0], now});
        REQUIRE(r.ok());
        return r.value;
    }
    std::string contact_id(const std::string& name) const {
        for (const auto& c : store.contacts().rows())
            if (c.full_name == name) return c.meta.id;
        FAIL("no contact " << name);
        return {};
    }
};

// A hand-made store for the ranking tests.
struct Small {
    Store store{5};
    Actor actor{"", at("2026-11-01T08:00:00Z")};
    std::string user;
    Small() { user = store.create_user("Anna", "", actor).value; }
    std::string account(std::string name, std::string city = {}) {
        Account a;
        a.name = std::move(name);
        a.city = std::move(city);
        a.owner = {OwnerKind::User, user};
        auto r = store.create_record(a, actor);
        REQUIRE(r.ok());
        return r.value;
    }
    std::string contact(std::string name, std::string email = {}) {
        Contact c;
        c.full_name = std::move(name);
        c.email = std::move(email);
        c.owner = {OwnerKind::User, user};
        auto r = store.create_record(c, actor);
        REQUIRE(r.ok());
        return r.value;
    }
    std::string opportunity(std::string name) {
        Opportunity o;
        o.name = std::move(name);
        o.owner = {OwnerKind::User, user};
        auto r = store.create_record(o, actor);
        REQUIRE(r.ok());
        return r.value;
    }
    std::string task(std::string subject, std::string description = {}, UtcMillis when = 0) {
        Activity a;
        a.type = ActivityType::Task;
        a.subject = std::move(subject);
        a.description = std::move(description);
        auto r = store.create_activity(a, {user, when ? when : actor.now});
        REQUIRE(r.ok());
        return r.value;
    }
};

}  // namespace

TEST_CASE("quick_search: folded query finds a Polish account in the demo data") {
    Demo d;
    SearchIndex index;
    auto hits = index.search(d.store, "zolw");
    REQUIRE(!hits.empty());
    CHECK(hits[0].kind == HitKind::Account);
    CHECK(hits[0].title == "Hurtownia Żółw sp. z o.o.");
    CHECK(hits[0].subtitle == "Account · Łódź");
    CHECK(hits[0].id == d.store.accounts().rows()[6].meta.id);
    // the same account with the diacritics and upper case typed
    auto again = index.search(d.store, "ŻÓŁW");
    REQUIRE(!again.empty());
    CHECK(again[0].id == hits[0].id);
    // "lodz" is the account's city: an other-field hit
    auto city = index.search(d.store, "lodz");
    REQUIRE(!city.empty());
    CHECK(city[0].title == "Hurtownia Żółw sp. z o.o.");
    CHECK(city[0].score < hits[0].score);
    // the contact whose email is at zolw.example is found through the email
    bool contact_found = false;
    for (const auto& h : hits) contact_found |= h.kind == HitKind::Contact && h.title == "Małgorzata Wiśniewska";
    CHECK(contact_found);
}

TEST_CASE("quick_search: a contact ranks above the activities that mention it") {
    Demo d;
    std::string chris = d.contact_id("Chris Preston");
    d.add("Call Chris about boots");
    d.add("Chris Preston follow-up");
    SearchIndex index;
    auto hits = index.search(d.store, "chris", 50);
    REQUIRE(hits.size() >= 3);
    CHECK(hits[0].kind == HitKind::Contact);
    CHECK(hits[0].id == chris);
    CHECK(hits[0].title == "Chris Preston");
    CHECK(hits[0].subtitle == "Contact · Imported Sports");
    // same tier (title prefix) as the contact, but records come first
    CHECK(hits[1].kind == HitKind::Activity);
    CHECK(hits[1].title == "Chris Preston follow-up");
    CHECK(hits[1].score < hits[0].score);
    // a word prefix in the title
    CHECK(hits[2].title == "Call Chris about boots");
    CHECK(hits[2].score < hits[1].score);
    // the rest are demo emails sent to chris.preston@...: other-field hits, all activities
    for (std::size_t i = 3; i < hits.size(); ++i) {
        CHECK(hits[i].kind == HitKind::Activity);
        CHECK(hits[i].score < hits[2].score);
    }
    // words in any order
    auto reversed = index.search(d.store, "preston chris");
    REQUIRE(!reversed.empty());
    CHECK(reversed[0].id == chris);
}

TEST_CASE("quick_search: Chinese subject found by a Chinese substring") {
    Demo d;
    auto id = d.add("客戶跟進會議");
    SearchIndex index;
    auto hits = index.search(d.store, "跟進");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == id);
    CHECK(hits[0].kind == HitKind::Activity);
    CHECK(hits[0].title == "客戶跟進會議");
    CHECK(hits[0].subtitle == "Task");
    CHECK(index.search(d.store, "會議跟進").empty());
}

TEST_CASE("quick_search: deleted records and activities are not found") {
    Small s;
    auto acc = s.account("Vanishing Goods");
    auto keep = s.account("Vanilla Imports");
    auto act = s.task("Vanishing act");
    SearchIndex index;
    CHECK(titles(index.search(s.store, "vani")) == Names{"Vanilla Imports", "Vanishing Goods", "Vanishing act"});

    std::vector<std::string> ids{act};
    REQUIRE(s.store.delete_activities(ids, {s.user, s.actor.now}).ok());
    Account gone = *s.store.accounts().find(acc);
    gone.meta.deleted = true;
    s.store.load(gone);
    CHECK(titles(index.search(s.store, "vani")) == Names{"Vanilla Imports"});
    CHECK(index.search(s.store, "vanishing").empty());
    CHECK(!keep.empty());
}

TEST_CASE("quick_search: ranking tiers") {
    Small s;
    s.account("Alpha", "Sportstown");      // other field (city)
    s.opportunity("Esports league");       // title substring
    s.contact("Anna Sportello");           // word prefix
    s.account("Sports Direct");            // title prefix
    s.account("Sport");                    // whole title
    s.account("Zeta");                     // no match
    s.task("Misc", "talked about sport");  // other field (description), activity
    s.task("Passport renewal");            // title substring, activity
    s.task("SPORT");                       // whole title, activity
    SearchIndex index;
    auto hits = index.search(s.store, "sport");
    CHECK(titles(hits) == Names{"Sport", "SPORT", "Sports Direct", "Anna Sportello", "Esports league",
                                "Passport renewal", "Alpha", "Misc"});
    REQUIRE(hits.size() == 8);
    CHECK(hits[0].kind == HitKind::Account);
    CHECK(hits[1].kind == HitKind::Activity);
    CHECK(hits[3].kind == HitKind::Contact);
    CHECK(hits[4].kind == HitKind::Opportunity);
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1].score > hits[i].score);
    CHECK(hits[4].subtitle == "Opportunity");

    SUBCASE("limit") {
        CHECK(titles(index.search(s.store, "sport", 3)) == Names{"Sport", "SPORT", "Sports Direct"});
        CHECK(titles(index.search(s.store, "sport", 1)) == Names{"Sport"});
        CHECK(index.search(s.store, "sport", 0).empty());
    }
    SUBCASE("newer activities first at equal rank") {
        s.task("Sport day", "", at("2026-11-03T08:00:00Z"));
        s.task("Sport club", "", at("2026-11-02T08:00:00Z"));
        auto more = titles(index.search(s.store, "sport"));
        CHECK(more == Names{"Sport", "SPORT", "Sports Direct", "Sport day", "Sport club", "Anna Sportello",
                            "Esports league", "Passport renewal", "Alpha", "Misc"});
    }
}

TEST_CASE("quick_search: the index follows store changes") {
    Small s;
    auto direct = s.account("Sports Direct");
    SearchIndex index;
    CHECK(titles(index.search(s.store, "quasar")).empty());
    // a new record is found
    s.account("Quasar Sport");
    CHECK(titles(index.search(s.store, "quasar")) == Names{"Quasar Sport"});
    // a renamed record is found under its new name only
    Account renamed = *s.store.accounts().find(direct);
    renamed.name = "Direct Goods";
    s.store.load(renamed);
    CHECK(titles(index.search(s.store, "direct")) == Names{"Direct Goods"});
    CHECK(index.search(s.store, "sports direct").empty());
    CHECK(titles(index.search(s.store, "sport")) == Names{"Quasar Sport"});
    // a new activity is found
    s.task("Quasar kickoff");
    CHECK(titles(index.search(s.store, "quasar")) == Names{"Quasar Sport", "Quasar kickoff"});
    // clearing the customer data empties the results
    s.store.clear_customer_data();
    CHECK(index.search(s.store, "quasar").empty());
}

TEST_CASE("quick_search: blank query gives nothing") {
    Demo d;
    SearchIndex index;
    CHECK(index.search(d.store, "").empty());
    CHECK(index.search(d.store, "   ").empty());
    CHECK(index.search(d.store, "\t\n").empty());
    CHECK(!index.search(d.store, " chris ").empty());
    CHECK(index.search(d.store, "no such thing anywhere").empty());
}

TEST_CASE("quick search follows edits incrementally and narrows while typing, with the same hits as a fresh index") {
    Store store;
    seed_bench_data(store, {.activities = 3000});
    {
        // Matches "review t" by its two words only, not as one text.
        Activity a;
        a.type = ActivityType::Note;
        a.subject = "Quarterly review";
        a.description = "Talk later.";
        a.reason = StatusReason::NoteActive;
        REQUIRE(store.create_activity(a, {store.users().rows()[0].meta.id, 1'800'000'000'000}).ok());
    }
    SearchIndex kept;  // follows the store through every change below
    auto same_as_fresh = [&](const std::string& q) {
        SearchIndex fresh;
        auto a = kept.search(store, q, 50);
        auto b = fresh.search(store, q, 50);
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].id == b[i].id);
            CHECK(a[i].score == b[i].score);
        }
        return a.size();
    };
    // Typing on narrows; a second word then matches both words anywhere.
    for (const char* q : {"r", "re", "rev", "revi", "review", "review ", "review t", "review th", "month", "month ", "month b", "zz", "umow", "報", "報價"})
        same_as_fresh(q);
    CHECK(same_as_fresh("review") > 0);
    const Actor actor{store.users().rows()[0].meta.id, 1'800'000'000'000};
    Account acc = store.accounts().rows()[1];
    acc.name = "Quokka Holdings";
    REQUIRE(store.save_record(acc, actor).ok());
    CHECK(same_as_fresh("quokka") == 1);
    REQUIRE(store.delete_record(RegardingKind::Account, acc.meta.id, actor).ok());
    CHECK(same_as_fresh("quokka") == 0);
    Activity fresh_task;
    fresh_task.type = ActivityType::Task;
    fresh_task.subject = "Quokka follow-up";
    fresh_task.owner = {OwnerKind::User, actor.user_id};
    REQUIRE(store.create_activity(fresh_task, actor).ok());
    CHECK(same_as_fresh("quok") == 1);
    CHECK(same_as_fresh("quokka") == 1);
    store.clear_customer_data();
    CHECK(same_as_fresh("quokka") == 0);
}
