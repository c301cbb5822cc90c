// The store fixture shared by the store test files: a store with a signed-in user, a clock,
// and helpers to make activities and records.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/activity.hpp"
#include "core/ids.hpp"
#include "core/record_rules.hpp"
#include "core/store.hpp"

using namespace crm;

namespace {

constexpr UtcMillis kT0 = 1'795'000'000'000;  // 2026-11-18T11:06:40Z

struct Fixture {
    Store store{42};
    Actor setup{"", kT0};
    std::string anna, bob, carol, dave;
    std::string north, south;
    std::string account;

    Fixture() {
        anna = store.create_user("Anna Kowalska", "anna@example.com", setup).value;
        bob = store.create_user("Bob Smith", "bob@example.com", setup).value;
        carol = store.create_user("Carol Jones", "", setup).value;
        dave = store.create_user("Dave Lee", "dave@example.com", setup).value;
        north = store.create_team("North", setup).value;
        south = store.create_team("South", setup).value;
        REQUIRE(store.set_team_member(north, anna, true, setup).ok());
        REQUIRE(store.set_team_member(north, bob, true, setup).ok());
        REQUIRE(store.set_team_member(south, anna, true, setup).ok());
        REQUIRE(store.set_team_member(south, carol, true, setup).ok());
        Account a;
        a.name = "Imported Sports";
        a.owner = {OwnerKind::User, anna};
        account = store.create_record(a, setup).value;
        REQUIRE(!anna.empty());
        REQUIRE(!account.empty());
        store.take_pending_changes();
    }

    Actor as(const std::string& user, UtcMillis now) const { return {user, now}; }

    std::string make(ActivityType type, std::string subject, const Actor& actor) {
        Activity a;
        a.type = type;
        a.subject = std::move(subject);
        if (type == ActivityType::Appointment) {
            a.scheduled_start = actor.now + 3'600'000;
            a.scheduled_end = actor.now + 7'200'000;
        }
        auto r = store.create_activity(a, actor);
        REQUIRE_MESSAGE(r.ok(), subject);
        return r.value;
    }
    const Activity& get(const std::string& id) const {
        const Activity* a = store.activities().find(id);
        REQUIRE(a != nullptr);
        return *a;
    }
};

}  // namespace
