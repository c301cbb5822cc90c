// Tests for Store's customer records, attachments and undo restores: save_record with revision
// and reference checks, tombstones, attachment rules, and restore_activity.
#include "store_fixture.hpp"

namespace {

Attachment file(const std::string& activity_id, std::string name = "quote.pdf", std::uint64_t size = 1000) {
    Attachment a;
    a.activity_id = activity_id;
    a.file_name = std::move(name);
    a.mime_type = "application/pdf";
    a.size = size;
    return a;
}

bool pending_has(const std::vector<RecordHandle>& changes, RecordKind kind, std::uint32_t index) {
    return std::find(changes.begin(), changes.end(), RecordHandle{kind, index}) != changes.end();
}

}  // namespace

TEST_CASE("store: save_record creates records with new ids, stamps and the actor as default owner") {
    Fixture f;
    const auto v0 = f.store.version();
    Account acc;
    acc.meta.id = "chosen-by-the-form";  // unknown id: a new record with a fresh id
    acc.meta.rev = "5-abc";
    acc.meta.created_by = "someone";
    acc.name = "Hurtownia Żółw";
    acc.city = "Łódź";
    auto r = f.store.save_record(acc, f.as(f.bob, kT0 + 100));
    REQUIRE(r.ok());
    CHECK(looks_like_uuid(r.value));
    CHECK(r.value != "chosen-by-the-form");
    CHECK(f.store.accounts().find("chosen-by-the-form") == nullptr);
    const Account* saved = f.store.accounts().find(r.value);
    REQUIRE(saved != nullptr);
    CHECK(saved->name == "Hurtownia Żółw");
    CHECK(saved->city == "Łódź");
    CHECK(saved->owner == OwnerRef{OwnerKind::User, f.bob});
    CHECK(saved->meta.created_by == f.bob);
    CHECK(saved->meta.created_at == kT0 + 100);
    CHECK(saved->meta.modified_by == f.bob);
    CHECK(revision_generation(saved->meta.rev) == 1);
    CHECK(f.store.version() == v0 + 1);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Account, *f.store.accounts().index_of(r.value)});

    // an empty id is new too; an explicit owner is kept
    Contact c;
    c.full_name = "Chris Preston";
    c.parent_account_id = f.account;
    c.email = "chris@example.com";
    c.owner = {OwnerKind::Team, f.north};
    auto rc = f.store.save_record(c, f.as(f.bob, kT0 + 101));
    REQUIRE(rc.ok());
    CHECK(f.store.contacts().find(rc.value)->owner == OwnerRef{OwnerKind::Team, f.north});
    CHECK(f.store.contacts().find(rc.value)->parent_account_id == f.account);

    Opportunity o;
    o.name = "Warehouse system";
    o.account_id = f.account;
    o.contact_id = rc.value;
    o.estimated_revenue = 48000;
    o.estimated_close = LocalDate{2026, 12, 15};
    auto ro = f.store.save_record(o, f.as(f.bob, kT0 + 102));
    REQUIRE(ro.ok());
    CHECK(f.store.opportunities().find(ro.value)->estimated_revenue == 48000);

    Case k;
    k.title = "Missing pallets";
    k.contact_id = rc.value;  // a contact alone is a customer
    auto rk = f.store.save_record(k, f.as(f.bob, kT0 + 103));
    REQUIRE(rk.ok());
    CHECK(f.store.cases().find(rk.value)->contact_id == rc.value);
    CHECK(f.store.accounts().size() == 2);
    CHECK(f.store.contacts().size() == 1);
    CHECK(f.store.opportunities().size() == 1);
    CHECK(f.store.cases().size() == 1);
}

TEST_CASE("store: save_record refuses invalid records and dangling references, changing nothing") {
    Fixture f;
    Contact dead_end;
    dead_end.full_name = "Deleted Later";
    auto gone = f.store.save_record(dead_end, f.as(f.anna, kT0)).value;
    REQUIRE(f.store.delete_record(RegardingKind::Contact, gone, f.as(f.anna, kT0)).ok());
    f.store.take_pending_changes();
    const auto v = f.store.version();
    const auto rows = f.store.accounts().size() + f.store.contacts().size() + f.store.opportunities().size() +
                      f.store.cases().size();

    Account blank;
    blank.name = "  ";
    auto r = f.store.save_record(blank, f.as(f.anna, kT0));
    CHECK(r.status.error_for("name") != nullptr);
    CHECK(r.value.empty());

    Contact c;
    c.full_name = "Orphan";
    c.parent_account_id = "no-such-account";
    r = f.store.save_record(c, f.as(f.anna, kT0));
    REQUIRE(r.status.errors.size() == 1);
    CHECK(r.status.errors[0].field == "parent_account_id");
    c.parent_account_id = f.account;
    c.email = "not an email";
    CHECK(f.store.save_record(c, f.as(f.anna, kT0)).status.error_for("email") != nullptr);

    Opportunity o;
    o.name = "Ghost deal";
    o.account_id = gone;  // a contact id is not an account id
    o.contact_id = gone;  // and this contact was deleted
    r = f.store.save_record(o, f.as(f.anna, kT0));
    CHECK(r.status.error_for("account_id") != nullptr);
    CHECK(r.status.error_for("contact_id") != nullptr);
    CHECK(r.status.errors.size() == 2);

    Case k;
    k.title = "No customer";
    r = f.store.save_record(k, f.as(f.anna, kT0));
    CHECK(r.status.error_for("account_id") != nullptr);
    k.account_id = "no-such-account";
    r = f.store.save_record(k, f.as(f.anna, kT0));
    CHECK(r.status.error_for("account_id") != nullptr);

    Account with_ghost_owner;
    with_ghost_owner.name = "Owned by nobody";
    with_ghost_owner.owner = {OwnerKind::Team, f.anna};  // a user id given as a team
    CHECK(f.store.save_record(with_ghost_owner, f.as(f.anna, kT0)).status.error_for("owner") != nullptr);

    // other kinds are not saved through forms
    Activity act;
    act.subject = "Not here";
    CHECK_FALSE(f.store.save_record(act, f.as(f.anna, kT0)).ok());
    CHECK_FALSE(f.store.save_record(User{}, f.as(f.anna, kT0)).ok());
    CHECK_FALSE(f.store.save_record(file("x"), f.as(f.anna, kT0)).ok());

    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());
    CHECK(f.store.accounts().size() + f.store.contacts().size() + f.store.opportunities().size() +
              f.store.cases().size() ==
          rows);
    CHECK(f.store.activities().size() == 0);
}

TEST_CASE("store: save_record updates with a revision check") {
    Fixture f;
    Account original = *f.store.accounts().find(f.account);
    const std::string rev1 = original.meta.rev;
    Account copy_a = original;  // two forms opened on the same account
    Account copy_b = original;
    copy_a.phone = "+48 12 555 01 01";
    copy_a.meta.created_by = f.bob;  // creation stamps are not editable
    copy_a.meta.created_at = 7;
    auto r = f.store.save_record(copy_a, f.as(f.bob, kT0 + 50));
    REQUIRE(r.ok());
    CHECK(r.value == f.account);
    CHECK(f.store.accounts().size() == 1);
    const Account* now = f.store.accounts().find(f.account);
    CHECK(now->phone == "+48 12 555 01 01");
    CHECK(now->name == "Imported Sports");
    CHECK(revision_generation(now->meta.rev) == 2);
    CHECK(now->meta.rev != rev1);
    CHECK(now->meta.created_by == "");  // the fixture's setup actor
    CHECK(now->meta.created_at == kT0);
    CHECK(now->meta.modified_by == f.bob);
    CHECK(now->meta.modified_at == kT0 + 50);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Account, 0});

    // the second form is stale: refused, nothing changes
    const std::string rev2 = now->meta.rev;
    const auto v = f.store.version();
    copy_b.name = "Renamed by B";
    r = f.store.save_record(copy_b, f.as(f.carol, kT0 + 60));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status.errors[0].message.find("changed elsewhere") != std::string::npos);
    CHECK(f.store.accounts().find(f.account)->name == "Imported Sports");
    CHECK(f.store.accounts().find(f.account)->meta.rev == rev2);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());

    // an invalid edit is refused too
    Account bad = *f.store.accounts().find(f.account);
    bad.website = "www.example .com";
    CHECK(f.store.save_record(bad, f.as(f.carol, kT0 + 61)).status.error_for("website") != nullptr);
    CHECK(f.store.accounts().find(f.account)->website.empty());

    // a deleted record cannot be saved, not even with its current revision
    REQUIRE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.anna, kT0 + 70)).ok());
    Account after_delete = *f.store.accounts().find(f.account);
    after_delete.meta.deleted = false;
    after_delete.name = "Resurrected";
    const auto v2 = f.store.version();
    r = f.store.save_record(after_delete, f.as(f.anna, kT0 + 71));
    CHECK_FALSE(r.ok());
    CHECK(f.store.accounts().find(f.account)->meta.deleted);
    CHECK(f.store.accounts().find(f.account)->name == "Imported Sports");
    CHECK(f.store.version() == v2);
}

TEST_CASE("store: an unchanged reference to a record deleted since does not block an edit") {
    Fixture f;
    Contact c;
    c.full_name = "Chris Preston";
    c.parent_account_id = f.account;
    auto id = f.store.save_record(c, f.as(f.anna, kT0)).value;
    REQUIRE(!id.empty());
    REQUIRE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.bob, kT0 + 1)).ok());
    Contact edited = *f.store.contacts().find(id);
    edited.phone = "+1 555 0100";
    REQUIRE(f.store.save_record(edited, f.as(f.anna, kT0 + 2)).ok());
    CHECK(f.store.contacts().find(id)->phone == "+1 555 0100");
    CHECK(f.store.contacts().find(id)->parent_account_id == f.account);
    // but pointing a record at the deleted account anew is refused
    Contact other;
    other.full_name = "New Contact";
    other.parent_account_id = f.account;
    CHECK(f.store.save_record(other, f.as(f.anna, kT0 + 3)).status.error_for("parent_account_id") != nullptr);
}

TEST_CASE("store: delete_record leaves a stamped tombstone queued for persistence") {
    Fixture f;
    Activity draft;
    draft.type = ActivityType::Task;
    draft.subject = "Call about the order";
    draft.regarding = {RegardingKind::Account, f.account};
    auto act = f.store.create_activity(draft, f.as(f.anna, kT0)).value;
    REQUIRE(!act.empty());
    f.store.take_pending_changes();
    const auto v = f.store.version();

    REQUIRE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.bob, kT0 + 9)).ok());
    CHECK(f.store.accounts().size() == 1);
    const Account* dead = f.store.accounts().find(f.account);
    REQUIRE(dead != nullptr);
    CHECK(dead->meta.deleted);
    CHECK(dead->name == "Imported Sports");
    CHECK(dead->meta.modified_by == f.bob);
    CHECK(dead->meta.modified_at == kT0 + 9);
    CHECK(revision_generation(dead->meta.rev) == 2);
    CHECK(f.store.version() == v + 1);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Account, 0});
    CHECK(meta_of(f.store.record_at(changes[0])).deleted);
    // the activity stays and shows its Regarding as deleted
    CHECK(f.store.activities().find_live(act) != nullptr);
    CHECK(f.store.regarding_name(f.get(act).regarding).find("deleted") != std::string::npos);

    // deleting again, an unknown id, the wrong kind or no kind is refused and changes nothing
    const auto v2 = f.store.version();
    CHECK_FALSE(f.store.delete_record(RegardingKind::Account, f.account, f.as(f.bob, kT0 + 10)).ok());
    CHECK_FALSE(f.store.delete_record(RegardingKind::Contact, "nope", f.as(f.bob, kT0 + 10)).ok());
    CHECK_FALSE(f.store.delete_record(RegardingKind::None, f.account, f.as(f.bob, kT0 + 10)).ok());
    Contact c;
    c.full_name = "Chris";
    auto cid = f.store.save_record(c, f.as(f.bob, kT0 + 11)).value;
    const auto v3 = f.store.version();
    CHECK(v3 == v2 + 1);
    CHECK_FALSE(f.store.delete_record(RegardingKind::Account, cid, f.as(f.bob, kT0 + 12)).ok());
    CHECK(f.store.version() == v3);
    REQUIRE(f.store.delete_record(RegardingKind::Contact, cid, f.as(f.bob, kT0 + 13)).ok());
    CHECK(f.store.contacts().find_live(cid) == nullptr);
}

TEST_CASE("store: add_attachment to notes, tasks and emails") {
    Fixture f;
    auto note = f.make(ActivityType::Note, "Meeting notes", f.as(f.anna, kT0));
    auto task = f.make(ActivityType::Task, "Send the quote", f.as(f.anna, kT0));
    auto email = f.make(ActivityType::Email, "Quote", f.as(f.anna, kT0));
    f.store.take_pending_changes();
    const auto v = f.store.version();

    Attachment a = file(note, "Notatki ze spotkania — 会议.txt", 1234);
    a.mime_type = "text/plain";
    a.meta.id = "caller-chosen";  // ignored
    a.meta.deleted = true;        // ignored
    auto r = f.store.add_attachment(a, f.as(f.bob, kT0 + 5));
    REQUIRE(r.ok());
    CHECK(looks_like_uuid(r.value));
    const Attachment* saved = f.store.attachments().find(r.value);
    REQUIRE(saved != nullptr);
    CHECK_FALSE(saved->meta.deleted);
    CHECK(saved->activity_id == note);
    CHECK(saved->file_name == "Notatki ze spotkania — 会议.txt");
    CHECK(saved->mime_type == "text/plain");
    CHECK(saved->size == 1234);
    CHECK(saved->meta.created_by == f.bob);
    CHECK(saved->meta.created_at == kT0 + 5);
    CHECK(revision_generation(saved->meta.rev) == 1);
    CHECK(f.store.version() == v + 1);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Attachment, 0});
    CHECK(kind_of(f.store.record_at(changes[0])) == RecordKind::Attachment);

    auto t1 = f.store.add_attachment(file(task, "a.pdf"), f.as(f.anna, kT0 + 6));
    auto t2 = f.store.add_attachment(file(task, "b.pdf", kMaxAttachmentBytes), f.as(f.anna, kT0 + 7));  // exactly 25 MB
    REQUIRE(t1.ok());
    REQUIRE(t2.ok());
    REQUIRE(f.store.add_attachment(file(email, "c.pdf"), f.as(f.anna, kT0 + 8)).ok());
    auto of_task = f.store.attachments_of(task);
    REQUIRE(of_task.size() == 2);
    CHECK(of_task[0]->meta.id == t1.value);  // in the order added
    CHECK(of_task[1]->meta.id == t2.value);
    CHECK(f.store.attachments_of(note).size() == 1);
    CHECK(f.store.attachments_of("no-such-activity").empty());
    CHECK(f.store.attachments().size() == 4);
}

TEST_CASE("store: add_attachment refusals change nothing") {
    Fixture f;
    auto call = f.make(ActivityType::PhoneCall, "Call", f.as(f.anna, kT0));
    auto meeting = f.make(ActivityType::Appointment, "Meeting", f.as(f.anna, kT0));
    auto done = f.make(ActivityType::Task, "Done", f.as(f.anna, kT0));
    auto gone = f.make(ActivityType::Note, "Gone", f.as(f.anna, kT0));
    auto task = f.make(ActivityType::Task, "Open task", f.as(f.anna, kT0));
    std::vector<std::string> done_ids{done}, gone_ids{gone};
    REQUIRE(f.store.set_state(done_ids, ActivityState::Completed, StatusReason::Completed, f.as(f.anna, kT0)).ok());
    REQUIRE(f.store.delete_activities(gone_ids, f.as(f.anna, kT0)).ok());
    f.store.take_pending_changes();
    const auto v = f.store.version();

    auto r = f.store.add_attachment(file(call), f.as(f.anna, kT0 + 1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status.errors[0].message == "Attachments can be added to notes, tasks and emails.");
    CHECK(r.value.empty());
    CHECK(f.store.add_attachment(file(meeting), f.as(f.anna, kT0 + 1)).status.errors[0].message ==
          "Attachments can be added to notes, tasks and emails.");
    r = f.store.add_attachment(file(done), f.as(f.anna, kT0 + 1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status.errors[0].message.find("read-only") != std::string::npos);
    CHECK_FALSE(f.store.add_attachment(file(gone), f.as(f.anna, kT0 + 1)).ok());
    CHECK_FALSE(f.store.add_attachment(file("no-such-activity"), f.as(f.anna, kT0 + 1)).ok());
    CHECK_FALSE(f.store.add_attachment(file(""), f.as(f.anna, kT0 + 1)).ok());

    r = f.store.add_attachment(file(task, "huge.iso", kMaxAttachmentBytes + 1), f.as(f.anna, kT0 + 1));
    REQUIRE(r.status.errors.size() == 1);
    CHECK(r.status.errors[0].field == "size");
    CHECK(r.status.errors[0].message == "File is too large: at most 25 MB.");
    CHECK(f.store.add_attachment(file(task, "empty.txt", 0), f.as(f.anna, kT0 + 1)).status.error_for("size") != nullptr);
    CHECK(f.store.add_attachment(file(task, "../etc/passwd"), f.as(f.anna, kT0 + 1)).status.error_for("file_name") != nullptr);
    CHECK(f.store.add_attachment(file(task, ""), f.as(f.anna, kT0 + 1)).status.error_for("file_name") != nullptr);

    CHECK(f.store.attachments().size() == 0);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());
}

TEST_CASE("store: remove_attachment leaves a tombstone") {
    Fixture f;
    auto task = f.make(ActivityType::Task, "Task", f.as(f.anna, kT0));
    auto a = f.store.add_attachment(file(task, "a.pdf"), f.as(f.anna, kT0 + 1)).value;
    auto b = f.store.add_attachment(file(task, "b.pdf"), f.as(f.anna, kT0 + 2)).value;
    REQUIRE(!b.empty());
    f.store.take_pending_changes();
    REQUIRE(f.store.remove_attachment(a, f.as(f.bob, kT0 + 3)).ok());
    const Attachment* dead = f.store.attachments().find(a);
    REQUIRE(dead != nullptr);
    CHECK(dead->meta.deleted);
    CHECK(dead->file_name == "a.pdf");
    CHECK(dead->meta.modified_by == f.bob);
    CHECK(revision_generation(dead->meta.rev) == 2);
    auto changes = f.store.take_pending_changes();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == RecordHandle{RecordKind::Attachment, *f.store.attachments().index_of(a)});
    auto left = f.store.attachments_of(task);
    REQUIRE(left.size() == 1);
    CHECK(left[0]->meta.id == b);
    CHECK_FALSE(f.store.remove_attachment(a, f.as(f.bob, kT0 + 4)).ok());
    CHECK_FALSE(f.store.remove_attachment("nope", f.as(f.bob, kT0 + 4)).ok());
    // a completed activity keeps its attachments
    std::vector<std::string> ids{task};
    REQUIRE(f.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, f.as(f.anna, kT0 + 5)).ok());
    const auto v = f.store.version();
    CHECK_FALSE(f.store.remove_attachment(b, f.as(f.bob, kT0 + 6)).ok());
    CHECK(f.store.attachments().find_live(b) != nullptr);
    CHECK(f.store.version() == v);
}

TEST_CASE("store: delete_activities tombstones their attachments and reports the ids") {
    Fixture f;
    auto note = f.make(ActivityType::Note, "Note", f.as(f.anna, kT0));
    auto email = f.make(ActivityType::Email, "Email", f.as(f.anna, kT0));
    auto keep = f.make(ActivityType::Task, "Kept", f.as(f.anna, kT0));
    auto n1 = f.store.add_attachment(file(note, "n1.txt"), f.as(f.anna, kT0)).value;
    auto k1 = f.store.add_attachment(file(keep, "k1.txt"), f.as(f.anna, kT0)).value;
    auto e1 = f.store.add_attachment(file(email, "e1.txt"), f.as(f.anna, kT0)).value;
    auto n2 = f.store.add_attachment(file(note, "n2.txt"), f.as(f.anna, kT0)).value;
    auto removed_before = f.store.add_attachment(file(note, "old.txt"), f.as(f.anna, kT0)).value;
    REQUIRE(f.store.remove_attachment(removed_before, f.as(f.anna, kT0)).ok());
    const std::string old_rev = f.store.attachments().find(removed_before)->meta.rev;
    f.store.take_pending_changes();

    std::vector<std::string> removed{"already-there"};
    std::vector<std::string> ids{email, note};
    REQUIRE(f.store.delete_activities(ids, f.as(f.bob, kT0 + 1), &removed).ok());
    // appended, in table order; the one removed earlier is not reported again
    CHECK(removed == std::vector<std::string>{"already-there", n1, e1, n2});
    for (const auto& id : {n1, e1, n2}) {
        const Attachment* a = f.store.attachments().find(id);
        REQUIRE(a != nullptr);
        CHECK(a->meta.deleted);
        CHECK(a->meta.modified_by == f.bob);
    }
    CHECK(f.store.attachments().find(removed_before)->meta.rev == old_rev);
    CHECK(f.store.attachments().find_live(k1) != nullptr);
    CHECK(f.store.attachments_of(note).empty());
    CHECK(f.store.attachments_of(keep).size() == 1);
    auto changes = f.store.take_pending_changes();
    CHECK(changes.size() == 5);  // 2 activities + 3 attachments
    CHECK(pending_has(changes, RecordKind::Attachment, *f.store.attachments().index_of(e1)));
    CHECK_FALSE(pending_has(changes, RecordKind::Attachment, *f.store.attachments().index_of(k1)));

    // without an output vector the attachments are tombstoned all the same
    auto k2 = f.store.add_attachment(file(keep, "k2.txt"), f.as(f.anna, kT0 + 2)).value;
    std::vector<std::string> keep_ids{keep};
    REQUIRE(f.store.delete_activities(keep_ids, f.as(f.bob, kT0 + 3)).ok());
    CHECK(f.store.attachments().find_live(k1) == nullptr);
    CHECK(f.store.attachments().find_live(k2) == nullptr);

    // a refused delete touches no attachment
    auto t = f.make(ActivityType::Task, "T", f.as(f.anna, kT0 + 4));
    auto t1 = f.store.add_attachment(file(t, "t1.txt"), f.as(f.anna, kT0 + 4)).value;
    std::vector<std::string> bad{t, "missing"};
    std::vector<std::string> none;
    CHECK_FALSE(f.store.delete_activities(bad, f.as(f.bob, kT0 + 5), &none).ok());
    CHECK(none.empty());
    CHECK(f.store.attachments().find_live(t1) != nullptr);
}

TEST_CASE("store: clear_customer_data removes attachments; record_at and for_each_record list them") {
    Fixture f;
    auto note = f.make(ActivityType::Note, "Note", f.as(f.anna, kT0));
    auto att = f.store.add_attachment(file(note), f.as(f.anna, kT0)).value;
    REQUIRE(!att.empty());
    std::vector<RecordKind> kinds;
    f.store.for_each_record([&](RecordHandle h) { kinds.push_back(h.kind); });
    REQUIRE(!kinds.empty());
    CHECK(kinds.back() == RecordKind::Attachment);  // after the activities
    CHECK(std::count(kinds.begin(), kinds.end(), RecordKind::Attachment) == 1);
    const AnyRecord rec = f.store.record_at({RecordKind::Attachment, 0});
    REQUIRE(std::holds_alternative<Attachment>(rec));
    CHECK(std::get<Attachment>(rec).meta.id == att);

    std::size_t removed = f.store.clear_customer_data();
    CHECK(removed == 3);  // 1 activity, 1 account, 1 attachment
    CHECK(f.store.attachments().size() == 0);
    CHECK(f.store.attachments_of(note).empty());
    CHECK(f.store.users().size() == 4);
    // load() puts an attachment as it is
    Attachment loaded = file("some-activity", "loaded.bin", 5);
    loaded.meta.id = "att-loaded";
    f.store.load(loaded);
    CHECK(f.store.attachments().find("att-loaded") != nullptr);
    CHECK(f.store.attachments_of("some-activity").size() == 1);
    CHECK_FALSE(f.store.has_pending_changes());
}

TEST_CASE("store: each store numbers its versions apart from the others") {
    Store a, b;
    CHECK(a.version() != b.version());
}

TEST_CASE("store: restore_activity puts back an earlier copy as a new revision") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Quote", f.as(f.anna, kT0));
    const Activity before = f.get(id);
    std::vector<std::string> ids{id};
    REQUIRE(f.store.set_state(ids, ActivityState::Completed, StatusReason::Completed, f.as(f.bob, kT0 + 10)).ok());
    const Activity done = f.get(id);
    REQUIRE(done.actual_end.has_value());
    f.store.take_pending_changes();
    const auto v = f.store.version();

    // reopening a completed activity: allowed for undo, though the state rules refuse it
    REQUIRE(f.store.restore_activity(before, done.meta.rev, f.as(f.carol, kT0 + 20)).ok());
    const Activity& now = f.get(id);
    CHECK(now.state == ActivityState::Open);
    CHECK(now.reason == StatusReason::NotStarted);
    CHECK_FALSE(now.actual_end.has_value());
    CHECK(now.subject == "Quote");
    CHECK(now.meta.created_by == f.anna);
    CHECK(now.meta.created_at == kT0);
    CHECK(now.meta.modified_by == f.carol);
    CHECK(now.meta.modified_at == kT0 + 20);
    CHECK(revision_generation(now.meta.rev) == 3);
    CHECK(now.meta.rev != before.meta.rev);
    CHECK(f.store.version() == v + 1);
    auto pending = f.store.take_pending_changes();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].kind == RecordKind::Activity);
}

TEST_CASE("store: restore_activity is refused when the activity changed since or is gone") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Quote", f.as(f.anna, kT0));
    const Activity before = f.get(id);
    Activity edited = before;
    edited.priority = Priority::High;
    REQUIRE(f.store.update_activity(edited, f.as(f.anna, kT0 + 1)).ok());
    const std::string after_rev = f.get(id).meta.rev;
    edited = f.get(id);
    edited.subject = "Quote v2";  // someone else edits after the change
    REQUIRE(f.store.update_activity(edited, f.as(f.bob, kT0 + 2)).ok());
    const Activity current = f.get(id);
    f.store.take_pending_changes();
    const auto v = f.store.version();

    Status st = f.store.restore_activity(before, after_rev, f.as(f.anna, kT0 + 3));
    REQUIRE_FALSE(st.ok());
    CHECK(st.errors[0].message == "This activity was changed elsewhere since; the change cannot be undone.");
    CHECK(f.get(id).subject == "Quote v2");
    CHECK(f.get(id).meta.rev == current.meta.rev);
    CHECK(f.store.version() == v);
    CHECK_FALSE(f.store.has_pending_changes());

    // an unknown id
    Activity stranger = before;
    stranger.meta.id = "no-such-id";
    CHECK_FALSE(f.store.restore_activity(stranger, before.meta.rev, f.as(f.anna, kT0 + 4)).ok());
    CHECK(f.store.activities().find("no-such-id") == nullptr);

    // a deleted activity is not resurrected
    std::vector<std::string> ids{id};
    REQUIRE(f.store.delete_activities(ids, f.as(f.anna, kT0 + 5)).ok());
    CHECK_FALSE(f.store.restore_activity(before, f.get(id).meta.rev, f.as(f.anna, kT0 + 6)).ok());
    CHECK(f.get(id).meta.deleted);
}

TEST_CASE("store: restore_activity still validates the copy") {
    Fixture f;
    auto id = f.make(ActivityType::Task, "Quote", f.as(f.anna, kT0));
    Activity broken = f.get(id);
    broken.subject = "  ";
    const auto v = f.store.version();
    Status st = f.store.restore_activity(broken, f.get(id).meta.rev, f.as(f.anna, kT0 + 1));
    CHECK(st.error_for("subject") != nullptr);
    Activity retyped = f.get(id);
    retyped.type = ActivityType::Note;
    retyped.reason = StatusReason::NoteActive;
    CHECK(f.store.restore_activity(retyped, f.get(id).meta.rev, f.as(f.anna, kT0 + 1)).error_for("type") != nullptr);
    Activity dangling = f.get(id);
    dangling.owner = {OwnerKind::Team, "no-such-team"};
    CHECK(f.store.restore_activity(dangling, f.get(id).meta.rev, f.as(f.anna, kT0 + 1)).error_for("owner") != nullptr);
    CHECK(f.store.version() == v);
    CHECK(f.get(id).subject == "Quote");
    CHECK(revision_generation(f.get(id).meta.rev) == 1);
}
