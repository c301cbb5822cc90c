// The three-way field merge and the conflict records it produces.
#include <doctest/doctest.h>

#include "core/sync_merge.hpp"

using namespace crm;
using nlohmann::json;

TEST_CASE("sync_merge: edits of different fields merge without a conflict") {
    json base = {{"id", "a"}, {"subject", "Call"}, {"description", "old"}, {"modified_at", "2026-11-20T10:00:00.000Z"}};
    json local = base, remote = base;
    local["subject"] = "Call Chris";
    local["modified_at"] = "2026-11-20T11:00:00.000Z";
    remote["description"] = "new notes";
    remote["modified_at"] = "2026-11-20T12:00:00.000Z";
    remote["modified_by"] = "bob";
    MergeOutcome m = merge_record_fields(base, local, remote);
    CHECK(m.conflicts.empty());
    CHECK(m.merged["subject"] == "Call Chris");
    CHECK(m.merged["description"] == "new notes");
    CHECK(m.merged["modified_at"] == "2026-11-20T12:00:00.000Z");  // the later side's stamp
    CHECK(m.merged["modified_by"] == "bob");
}

TEST_CASE("sync_merge: the same field changed to different values is a conflict keeping both values") {
    json base = {{"subject", "Call"}, {"priority", "normal"}};
    json local = base, remote = base;
    local["subject"] = "Call A";
    remote["subject"] = "Call B";
    remote["priority"] = "high";
    MergeOutcome m = merge_record_fields(base, local, remote);
    REQUIRE(m.conflicts.size() == 1);
    CHECK(m.conflicts[0] == FieldConflict{"subject", "Call A", "Call B"});
    CHECK(m.merged["subject"] == "Call A");   // local kept until the user decides
    CHECK(m.merged["priority"] == "high");    // the other field merged
}

TEST_CASE("sync_merge: the same change on both sides is not a conflict") {
    json base = {{"subject", "Call"}};
    json both = {{"subject", "Done"}};
    CHECK(merge_record_fields(base, both, both).conflicts.empty());
}

TEST_CASE("sync_merge: added and removed optional fields merge like values") {
    json base = {{"subject", "x"}};
    json local = base, remote = base;
    local["due"] = {{"date", "2026-11-24"}};  // added here
    remote.erase("subject");                  // removed there (not a real case for subject, but the rule is generic)
    MergeOutcome m = merge_record_fields(base, local, remote);
    CHECK(m.conflicts.empty());
    CHECK(m.merged["due"]["date"] == "2026-11-24");
    CHECK_FALSE(m.merged.contains("subject"));
}

TEST_CASE("sync_merge: state and reason merge as one field") {
    json base = {{"state", "open"}, {"reason", "not_started"}};
    json local = base, remote = base;
    local["reason"] = "in_progress";
    remote["state"] = "completed";
    remote["reason"] = "completed";
    MergeOutcome m = merge_record_fields(base, local, remote);
    REQUIRE(m.conflicts.size() == 1);
    CHECK(m.conflicts[0].field == "status");
    CHECK(m.conflicts[0].local == json{{"state", "open"}, {"reason", "in_progress"}});
    // Taking the remote side takes both halves, never an invalid mix.
    json resolved = resolve_conflicts(m.merged, m.conflicts, {"status"});
    CHECK(resolved["state"] == "completed");
    CHECK(resolved["reason"] == "completed");
}

TEST_CASE("sync_merge: without a known base every difference is a conflict") {
    json local = {{"subject", "A"}, {"location", "Room 1"}};
    json remote = {{"subject", "B"}, {"location", "Room 1"}};
    MergeOutcome m = merge_record_fields(nullptr, local, remote);
    REQUIRE(m.conflicts.size() == 1);
    CHECK(m.conflicts[0].field == "subject");
}

TEST_CASE("sync_merge: identity and stamps never conflict") {
    json base = {{"id", "a"}, {"rev", "1-x"}, {"created_at", "t0"}};
    json local = {{"id", "a"}, {"rev", "2-y"}, {"created_at", "t0"}};
    json remote = {{"id", "a"}, {"rev", "2-z"}, {"created_at", "t0"}, {"_rev", "2-q"}};
    CHECK(merge_record_fields(base, local, remote).conflicts.empty());
}

TEST_CASE("sync_merge: a conflict record round-trips through its stored text, and garbage is refused") {
    ConflictRecord c{"activity:1", "3-abc", 1234, {{"subject", "A", "B"}, {"due", nullptr, {{"date", "2026-11-24"}}}}};
    auto back = decode_conflict(encode_conflict(c));
    REQUIRE(back.has_value());
    CHECK(back->doc_id == "activity:1");
    CHECK(back->remote_rev == "3-abc");
    CHECK(back->detected_at == 1234);
    CHECK(back->fields == c.fields);
    CHECK_FALSE(decode_conflict("not json").has_value());
    CHECK_FALSE(decode_conflict("{\"doc_id\": 5}").has_value());
}
