// Tests for stale_edit: a form saved over a newer revision saved in another tab.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/stale_edit.hpp"
#include "core/store.hpp"

using namespace crm;

namespace {

Activity task(std::string subject, std::string description) {
    Activity a;
    a.meta.id = "5a1d6a61-7f0a-4c55-9e1e-000000000001";
    a.meta.rev = "1-aaaa";
    a.type = ActivityType::Task;
    a.subject = std::move(subject);
    a.description = std::move(description);
    a.owner = {OwnerKind::User, "u"};
    return a;
}

const StaleField* field(const std::vector<StaleField>& fs, const std::string& name) {
    auto it = std::find_if(fs.begin(), fs.end(), [&](const StaleField& f) { return f.field == name; });
    return it == fs.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("stale edit: lists what each side changed and rebases the form's changes onto theirs") {
    Activity opened = task("Call Anna", "first");
    Activity mine = opened;
    mine.subject = "Call Anna about the offer";  // the form changed the subject
    Activity theirs = opened;
    theirs.meta.rev = "2-bbbb";
    theirs.description = "changed in the other tab";  // the other tab changed the description
    auto fields = stale_edit_fields(opened, mine, theirs);
    REQUIRE(fields.size() == 2);
    const StaleField* subject = field(fields, "subject");
    const StaleField* description = field(fields, "description");
    REQUIRE(subject);
    REQUIRE(description);
    CHECK(subject->changed_here);
    CHECK_FALSE(subject->changed_there);
    CHECK(description->changed_there);
    CHECK(description->mine == "first");
    CHECK(description->theirs == "changed in the other tab");

    // the default keeps the form's change on top of theirs: both changes survive
    auto take = default_take_theirs(fields);
    REQUIRE(take == std::vector<std::string>{"description"});
    auto rebased = rebase_stale_edit(mine, theirs, take);
    REQUIRE(rebased.ok());
    const Activity& r = std::get<Activity>(rebased.value);
    CHECK(r.subject == "Call Anna about the offer");
    CHECK(r.description == "changed in the other tab");
    CHECK(r.meta.rev == "2-bbbb");  // based on their revision now

    // taking theirs for every field gives their copy back
    auto theirs_all = rebase_stale_edit(mine, theirs, {"subject", "description"});
    REQUIRE(theirs_all.ok());
    CHECK(std::get<Activity>(theirs_all.value).subject == "Call Anna");
}
