// Shared by the libFuzzer targets (tests/fuzz/<name>_fuzz.cpp, built with -DCRM_FUZZ=ON and run by
// scripts/fuzz.sh): invariant checks that stop the run with a message (libFuzzer then saves the
// input as a crash), and a small store with every record kind for parsers that write into one.
// A new parser's target includes this, defines LLVMFuzzerTestOneInput and gets a corpus folder
// tests/fuzz/corpus/<name>/ (and optionally tests/fuzz/<name>.dict); nothing else to register.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/activity.hpp"
#include "core/data_file.hpp"
#include "core/result.hpp"
#include "core/store.hpp"

// An invariant, not an expectation: a violation is a bug, so the run stops and the input is kept.
#define FUZZ_CHECK(cond, what)                                                                      \
    do {                                                                                            \
        if (!(cond)) {                                                                              \
            std::fprintf(stderr, "FUZZ INVARIANT FAILED at %s:%d: %s\n  (%s)\n", __FILE__, __LINE__, \
                         std::string(what).c_str(), #cond);                                         \
            std::abort();                                                                           \
        }                                                                                           \
    } while (0)

namespace crm::fuzz {

constexpr UtcMillis kFuzzNow = 1'795'000'000'000;  // 2026-11-18T11:06:40Z, as the unit tests

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Every error names a problem: a non-empty, valid UTF-8 message (the UI shows it as it is).
inline void check_refusal_messages(const Status& st, const char* what) {
    FUZZ_CHECK(!st.errors.empty(), std::string(what) + ": refused without a message");
    for (const auto& e : st.errors) {
        FUZZ_CHECK(!e.message.empty(), std::string(what) + ": an empty message for field '" + e.field + "'");
        FUZZ_CHECK(utf8_valid(e.message) && utf8_valid(e.field) && utf8_valid(e.arg),
                   std::string(what) + ": a message that is not UTF-8: " + e.field + ": " + e.message);
    }
}

// A store holding one record of every shared kind (references between them resolved), made
// through the store's commands: the seeds of tests/fuzz/corpus refer to its ids, so mutated files
// reach the reference checks and the "updated"/"unchanged" branches of the import.
inline Store make_base_store() {
    Store store(0xf022);
    Actor setup{"", kFuzzNow};
    std::string anna = store.create_user("Anna Kowalska", "anna@example.com", setup).value;
    std::string bob = store.create_user("Bob 鮑勃", "", setup).value;
    std::string team = store.create_team("Północ", setup).value;
    store.set_team_member(team, anna, true, setup);
    store.set_team_member(team, bob, true, setup);
    Account account;
    account.name = "Żółw Sp. z o.o.";
    account.owner = {OwnerKind::User, anna};
    std::string account_id = store.create_record(account, setup).value;
    Contact contact;
    contact.full_name = "Łucja Wróbel";
    contact.parent_account_id = account_id;
    contact.owner = {OwnerKind::Team, team};
    std::string contact_id = store.create_record(contact, setup).value;
    Opportunity opportunity;
    opportunity.name = "Skanery 掃描器";
    opportunity.account_id = account_id;
    opportunity.contact_id = contact_id;
    opportunity.estimated_revenue = 125000.5;
    store.create_record(opportunity, setup);
    Case kase;
    kase.title = "Uszkodzona dostawa";
    kase.contact_id = contact_id;
    store.create_record(kase, setup);
    Actor anna_now{anna, kFuzzNow};
    for (ActivityType type : kAllActivityTypes) {
        Activity a;
        a.type = type;
        a.subject = std::string("Spotkanie 會議 ") + activity_type_name(type);
        a.regarding = {RegardingKind::Account, account_id};
        if (type == ActivityType::Appointment) {
            a.scheduled_start = kFuzzNow + 3'600'000;
            a.scheduled_end = kFuzzNow + 7'200'000;
        } else if (type != ActivityType::Note) {
            a.due = Due::on_date({2026, 12, 1});
        }
        auto id = store.create_activity(a, anna_now).value;
        if (type == ActivityType::Note) {
            Attachment file;
            file.activity_id = id;
            file.file_name = "notatka.txt";
            file.mime_type = "text/plain";
            file.size = 5;
            store.add_attachment(file, anna_now);
        }
    }
    store.take_pending_changes();
    return store;
}

}  // namespace crm::fuzz
