// Bad input in the forms (issue 8, part 4): over-long text, control characters, invalid UTF-8,
// invalid dates and times, end before start, invalid email addresses and phone numbers, a file
// over the size limit. Each is tried through the real form (drawn headless, its Save button
// clicked): the form stays open with the user's input, the message sits under the field it
// names and says what is wrong, and the database is byte-for-byte what it was (its export is
// compared before and after).
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <variant>

#include "core/data_file.hpp"
#include "core/record_rules.hpp"
#include "ui_headless.hpp"

namespace {

struct BadInput {
    const char* what;
    crm::ActivityType type;
    std::function<void(crm::ActivityDialog&)> enter;
    const char* field;     // the field the message must be under
    const char* expected;  // part of the message as the user reads it (English)
};

std::string as_read(const crm::FieldError& e) {
    std::string text = e.message;
    if (auto at = text.find("%s"); at != std::string::npos) text.replace(at, 2, e.arg);
    else if (!e.arg.empty()) text += " " + e.arg;
    return text;
}

crm::ActivityDialog* top_activity(Headless& h) {
    return h.ui.dialogs.empty() ? nullptr : std::get_if<crm::ActivityDialog>(&h.ui.dialogs.back());
}

}  // namespace

TEST_CASE("form input: every kind of bad value is refused under its field with the database unchanged") {
    const std::string long_subject(crm::kMaxSubjectChars + 1, 'x');
    const std::string long_location(crm::kMaxShortFieldChars + 1, 'y');
    const std::vector<BadInput> cases = {
        {"a subject over the limit", crm::ActivityType::Task, [&](auto& d) { d.draft.subject = long_subject; },
         "subject", "Too long: at most 200 characters."},
        {"a blank subject", crm::ActivityType::Task, [](auto& d) { d.draft.subject = " \t "; }, "subject",
         "Subject is required."},
        {"a control character in the subject", crm::ActivityType::Task,
         [](auto& d) { d.draft.subject = "Call\x07 back"; }, "subject", "Contains control characters."},
        {"invalid UTF-8 in the description", crm::ActivityType::Note,
         [](auto& d) { d.draft.description = "Zaż\xC3\x28ółć"; }, "description", "Contains invalid UTF-8 text."},
        {"an escape sequence in the location", crm::ActivityType::Appointment,
         [](auto& d) { d.draft.location = "Room \x1b[31m4"; }, "location", "Contains control characters."},
        {"a location over the limit", crm::ActivityType::Appointment, [&](auto& d) { d.draft.location = long_location; },
         "location", "Too long: at most 400 characters."},
        {"a day that does not exist", crm::ActivityType::Task, [](auto& d) { d.due_date = "2026-02-30"; }, "due",
         "Not a valid date: 2026-02-30 (use YYYY-MM-DD)"},
        {"a date in another format", crm::ActivityType::Task, [](auto& d) { d.due_date = "30.01.2026"; }, "due",
         "Not a valid date: 30.01.2026"},
        {"an hour that does not exist", crm::ActivityType::Task,
         [](auto& d) { d.due_date = "2026-03-02", d.due_time = "25:10"; }, "due", "Not a valid time: 25:10"},
        {"an appointment ending before it starts", crm::ActivityType::Appointment,
         [](auto& d) {
             d.start_date = "2026-03-02", d.start_time = "14:00";
             d.end_date = "2026-03-02", d.end_time = "13:30";
         },
         "scheduled_end", "End must not be before start."},
        {"an appointment without a start", crm::ActivityType::Appointment, [](auto& d) { d.start_date = ""; },
         "scheduled_start", "Start is required for an appointment."},
        {"an invalid recipient", crm::ActivityType::Email,
         [](auto& d) { d.draft.email_to = "ewa@example.com; not-an-address"; }, "email_to",
         "Not a valid email address: not-an-address"},
        {"an invalid sender", crm::ActivityType::Email, [](auto& d) { d.draft.email_from = "anna@"; }, "email_from",
         "Not a valid email address: anna@"},
        {"letters in a phone number", crm::ActivityType::PhoneCall,
         [](auto& d) { d.draft.phone_number = "call me maybe"; }, "phone_number", "Not a valid phone number"},
        {"a negative duration", crm::ActivityType::Task, [](auto& d) { d.duration = "-5"; }, "duration", "Duration"},
    };

    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    const std::string before = crm::export_database(h.app.store, 0);
    for (const auto& c : cases) {
        CAPTURE(std::string(c.what));
        h.ui.dialogs.clear();
        crm::open_new_activity(h.app, h.ui, c.type);
        REQUIRE(top_activity(h) != nullptr);
        crm::ActivityDialog& d = *top_activity(h);
        // Entered before the first frame: a focused field would keep its own (empty) buffer.
        d.focus_subject = false;
        if (c.type != crm::ActivityType::Note && std::string(c.field) != "subject") d.draft.subject = "A valid subject";
        if (std::string(c.field) == "description" || std::string(c.field) == "location") d.draft.subject = "Valid";
        c.enter(d);
        const auto entered = d.draft.subject + "|" + d.draft.description + "|" + d.due_date + "|" + d.end_time;
        const auto version = h.app.store.version();
        h.frames(2);
        const auto* save = h.item("Save");
        REQUIRE(save != nullptr);
        h.click(*save);
        crm::ActivityDialog* after = top_activity(h);
        REQUIRE_MESSAGE(after != nullptr, "the form stays open");
        const crm::FieldError* e = after->errors.error_for(c.field);
        REQUIRE_MESSAGE(e != nullptr, "a message under " << c.field);
        CHECK(as_read(*e).find(c.expected) != std::string::npos);
        CHECK_MESSAGE(after->draft.subject + "|" + after->draft.description + "|" + after->due_date + "|" + after->end_time ==
                          entered,
                      "the user's input is kept");
        CHECK_MESSAGE(crm::export_database(h.app.store, 0) == before, "nothing saved");
        CHECK(h.app.store.version() == version);
    }
}

TEST_CASE("form input: several bad fields are all named at once") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    h.frames(2);
    crm::open_new_activity(h.app, h.ui, crm::ActivityType::Email);
    crm::ActivityDialog& d = *top_activity(h);
    d.focus_subject = false;
    d.draft.subject = "";
    d.draft.email_to = "nobody";
    d.due_date = "2026-13-01";
    h.frames(2);
    h.click(*h.item("Save"));
    const crm::Status& errors = top_activity(h)->errors;
    CHECK(errors.error_for("subject") != nullptr);
    CHECK(errors.error_for("email_to") != nullptr);
    CHECK(errors.error_for("due") != nullptr);
}

TEST_CASE("form input: a file over the limit, an empty file and a bad file name are refused, nothing attached") {
    Headless h;
    crm::sign_in(h.app, h.app.store.users().rows().front().meta.id);
    const crm::Actor actor{h.app.current_user_id, h.app.now()};
    std::string note_id;
    for (const auto& a : h.app.store.activities().rows())
        if (a.type == crm::ActivityType::Note && !a.meta.deleted) note_id = a.meta.id;
    REQUIRE_FALSE(note_id.empty());
    const std::string before = crm::export_database(h.app.store, 0);
    struct Case {
        std::string name;
        std::size_t size;
        const char* field;
        const char* expected;
    };
    for (const Case& c : {Case{"offer.pdf", crm::kMaxAttachmentBytes + 1, "size", "File is too large: at most 25 MB."},
                          Case{"empty.txt", 0, "size", "The file is empty."},
                          Case{"../../etc/passwd", 10, "file_name", "cannot contain control characters, / or \\"},
                          Case{"tab\tname.txt", 10, "file_name", "cannot contain control characters"}}) {
        CAPTURE(c.name);
        crm::Attachment file;
        file.activity_id = note_id;
        file.file_name = c.name;
        file.size = c.size;
        file.mime_type = "application/pdf";
        auto added = h.app.store.add_attachment(file, actor);
        REQUIRE_FALSE(added.ok());
        const crm::FieldError* e = added.status.error_for(c.field);
        REQUIRE(e != nullptr);
        CHECK(as_read(*e).find(c.expected) != std::string::npos);
    }
    CHECK(crm::export_database(h.app.store, 0) == before);
}
