#include "demo_data.hpp"

#include <array>
#include <random>

namespace crm {
namespace {

struct DemoAccount {
    const char* name;
    const char* city;
    const char* phone;
    const char* website;
};
constexpr DemoAccount kAccounts[] = {
    {"Imported Sports", "Seattle", "+1 206 555 0114", "importedsports.example"},
    {"Contoso Pharmaceuticals", "Boston", "+1 617 555 0133", "contoso.example"},
    {"Fabrikam Inc.", "Redmond", "+1 425 555 0185", "fabrikam.example"},
    {"Adventure Works Cycles", "Denver", "+1 303 555 0162", "adventure-works.example"},
    {"Alpine Ski House", "Innsbruck", "+43 512 555 019", "alpineskihouse.example"},
    {"Coho Winery", "Napa", "+1 707 555 0141", "cohowinery.example"},
    {"Hurtownia Żółw sp. z o.o.", "Łódź", "+48 42 555 01 77", "zolw.example"},
    {"Kraków Logistics S.A.", "Kraków", "+48 12 555 02 10", "krakowlogistics.example"},
    {"Wide World Importers", "San Francisco", "+1 415 555 0190", "wideworldimporters.example"},
    {"Litware Inc.", "Austin", "+1 512 555 0128", "litware.example"},
};

struct DemoContact {
    const char* name;
    int account;
    const char* title;
    const char* email;
    const char* phone;
};
constexpr DemoContact kContacts[] = {
    {"Chris Preston", 0, "Purchasing Manager", "chris.preston@importedsports.example", "+1 206 555 0171"},
    {"Maria Campbell", 0, "CFO", "maria.campbell@importedsports.example", "+1 206 555 0172"},
    {"Nancy Anderson", 1, "Head of Procurement", "nancy.anderson@contoso.example", "+1 617 555 0150"},
    {"Paul Cannon", 1, "IT Director", "paul.cannon@contoso.example", "+1 617 555 0151"},
    {"Rene Valdes", 2, "Operations Lead", "rene.valdes@fabrikam.example", "+1 425 555 0101"},
    {"Susan Burk", 3, "Buyer", "susan.burk@adventure-works.example", "+1 303 555 0120"},
    {"Jim Glynn", 4, "Owner", "jim.glynn@alpineskihouse.example", "+43 512 555 020"},
    {"Yvonne McKay", 5, "Marketing Manager", "yvonne.mckay@cohowinery.example", "+1 707 555 0144"},
    {"Małgorzata Wiśniewska", 6, "Kierownik zakupów", "m.wisniewska@zolw.example", "+48 42 555 01 78"},
    {"Łukasz Zieliński", 7, "Dyrektor operacyjny", "l.zielinski@krakowlogistics.example", "+48 12 555 02 11"},
    {"Grzegorz Dąbrowski", 7, "Specjalista ds. IT", "g.dabrowski@krakowlogistics.example", "+48 12 555 02 12"},
    {"Sidney Higa", 8, "VP Sales", "sidney.higa@wideworldimporters.example", "+1 415 555 0191"},
    {"Scott Konersmann", 9, "CTO", "scott.konersmann@litware.example", "+1 512 555 0129"},
};

struct DemoOpportunity {
    const char* name;
    int account;
    int contact;
    double revenue;
    OpportunityStage stage;
    int close_in_days;
};
constexpr DemoOpportunity kOpportunities[] = {
    {"Ski equipment for spring season", 0, 0, 48000, OpportunityStage::Propose, 12},
    {"Lab tablets rollout", 1, 3, 125000, OpportunityStage::Develop, 40},
    {"Warehouse scanners", 2, 4, 36500, OpportunityStage::Qualify, 65},
    {"Bike fleet service contract", 3, 5, 22000, OpportunityStage::Close, 3},
    {"Dostawa skanerów magazynowych", 6, 8, 54000, OpportunityStage::Develop, 25},
    {"Wdrożenie systemu WMS", 7, 9, 210000, OpportunityStage::Propose, 30},
    {"Import partnership 2027", 8, 11, 87000, OpportunityStage::Qualify, 90},
};

struct DemoCase {
    const char* title;
    int account;
    int contact;
    CaseStatus status;
    CasePriority priority;
};
constexpr DemoCase kCases[] = {
    {"Damaged shipment of ski boots", 0, 0, CaseStatus::Active, CasePriority::High},
    {"Invoice shows wrong VAT rate", 1, 2, CaseStatus::Active, CasePriority::Normal},
    {"Scanner firmware update fails", 2, 4, CaseStatus::Resolved, CasePriority::Normal},
    {"Reklamacja: brakujące palety", 6, 8, CaseStatus::Active, CasePriority::High},
    {"Login problems in customer portal", 9, 12, CaseStatus::Active, CasePriority::Low},
};

constexpr const char* kTaskSubjects[] = {
    "Send revised quote", "Prepare contract draft", "Check credit limit", "Update price list",
    "Follow up on proposal", "Review product feedback", "Przygotować ofertę handlową", "Sprawdzić status zamówienia",
    "Book demo room", "Collect signed NDA",
};
constexpr const char* kCallSubjects[] = {
    "Discuss delivery schedule", "Intro call with new buyer", "Renewal terms", "Zadzwonić w sprawie faktury",
    "Confirm meeting agenda", "Pricing questions",
};
constexpr const char* kEmailSubjects[] = {
    "Proposal and price sheet", "Thank you for your time", "Meeting summary", "Oferta na skanery",
    "Case update", "Invitation to product webinar",
};
constexpr const char* kAppointmentSubjects[] = {
    "Quarterly business review", "Product demo", "Site visit", "Spotkanie w Krakowie", "Contract negotiation",
    "Lunch with purchasing team",
};
constexpr const char* kNoteSubjects[] = {
    "Prefers email over phone", "Budget approved for Q1", "Decision maker is the CFO", "Klient prosi o rabat",
    "Competitor also bidding",
};
constexpr const char* kDescriptions[] = {
    "Customer asked for the updated terms before the end of the month.",
    "Agreed to review the numbers together next week. Bring the comparison sheet.",
    "They want a phased rollout starting with two sites.",
    "Klient oczekuje odpowiedzi do piątku. Prosi o szczegóły dostawy.",
    "",
};

template <typename T>
const T& pick(std::mt19937_64& rng, const T* items, std::size_t n) {
    return items[std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)];
}
template <typename T, std::size_t N>
const T& pick(std::mt19937_64& rng, const T (&items)[N]) {
    return pick(rng, items, N);
}
template <typename T>
T pick(std::mt19937_64& rng, std::initializer_list<T> items) {
    return pick(rng, items.begin(), items.size());
}

}  // namespace

DemoSeedReport seed_demo_data(Store& store, const TimeZone& zone, UtcMillis now, std::uint64_t seed) {
    DemoSeedReport report;
    std::mt19937_64 rng(seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto between = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const Actor setup{"", now - 45 * kMillisPerDay};

    struct DemoUser { const char* name; const char* email; };
    constexpr DemoUser kUsers[] = {
        {"Anna Kowalska", "anna.kowalska@example.com"}, {"Sarah Johnson", "sarah.johnson@example.com"},
        {"Marek Nowak", "marek.nowak@example.com"},     {"David Lee", "david.lee@example.com"},
        {"Emma Fischer", "emma.fischer@example.com"},
    };
    for (const auto& u : kUsers) report.user_ids.push_back(store.create_user(u.name, u.email, setup).value);
    const auto& users = report.user_ids;
    // From here on the records are stamped as created by the first sales person.
    const Actor setup_by_user{users[0], setup.now};
    auto north = store.create_team("Sales Team North", setup_by_user).value;
    auto key_accounts = store.create_team("Key Accounts", setup_by_user).value;
    for (int i : {0, 1, 2}) store.set_team_member(north, users[i], true, setup_by_user);
    for (int i : {0, 3, 4}) store.set_team_member(key_accounts, users[i], true, setup_by_user);

    auto owner_user = [&](int i) { return OwnerRef{OwnerKind::User, users[static_cast<std::size_t>(i)]}; };
    std::vector<std::string> accounts, contacts, opportunities, cases;
    for (std::size_t i = 0; i < std::size(kAccounts); ++i) {
        Account a{.name = kAccounts[i].name, .city = kAccounts[i].city, .phone = kAccounts[i].phone,
                  .website = kAccounts[i].website, .owner = owner_user(static_cast<int>(i % users.size()))};
        accounts.push_back(store.create_record(a, setup_by_user).value);
    }
    for (const auto& c : kContacts) {
        Contact rec{.full_name = c.name, .parent_account_id = accounts[static_cast<std::size_t>(c.account)],
                    .job_title = c.title, .email = c.email, .phone = c.phone, .owner = owner_user(c.account % 5)};
        contacts.push_back(store.create_record(rec, setup_by_user).value);
    }
    LocalDate today = zone.local_date(now);
    for (const auto& o : kOpportunities) {
        Opportunity rec{.name = o.name, .account_id = accounts[static_cast<std::size_t>(o.account)],
                        .contact_id = contacts[static_cast<std::size_t>(o.contact)], .estimated_revenue = o.revenue,
                        .stage = o.stage, .estimated_close = add_days(today, o.close_in_days), .owner = owner_user(o.account % 5)};
        opportunities.push_back(store.create_record(rec, setup_by_user).value);
    }
    for (const auto& c : kCases) {
        Case rec{.title = c.title, .account_id = accounts[static_cast<std::size_t>(c.account)],
                 .contact_id = contacts[static_cast<std::size_t>(c.contact)], .status = c.status, .priority = c.priority,
                 .owner = owner_user(c.account % 5)};
        cases.push_back(store.create_record(rec, setup_by_user).value);
    }

    auto random_regarding = [&]() -> RecordRef {
        int roll = between(0, 99);
        if (roll < 8) return {};  // some standalone activities
        if (roll < 40) return {RegardingKind::Account, pick(rng, accounts.data(), accounts.size())};
        if (roll < 75) return {RegardingKind::Contact, pick(rng, contacts.data(), contacts.size())};
        if (roll < 90) return {RegardingKind::Opportunity, pick(rng, opportunities.data(), opportunities.size())};
        return {RegardingKind::Case, pick(rng, cases.data(), cases.size())};
    };
    // local wall time `days` from today at hh:mm, as an instant in the user's zone
    auto at_local = [&](int days, int hour, int minute) {
        return zone.from_local({add_days(today, days), {hour, minute, 0}});
    };

    constexpr int kActivityCount = 150;
    for (int n = 0; n < kActivityCount; ++n) {
        Activity a;
        a.type = kAllActivityTypes[static_cast<std::size_t>(n % 5 == 4 ? between(0, 4) : n % 5)];
        a.regarding = random_regarding();
        int owner = n % 3 == 0 ? 0 : between(0, static_cast<int>(users.size()) - 1);
        a.owner = owner_user(owner);
        if (n % 17 == 5) a.owner = {OwnerKind::Team, n % 2 ? north : key_accounts};
        a.priority = chance(0.2) ? Priority::High : (chance(0.2) ? Priority::Low : Priority::Normal);
        a.description = pick(rng, kDescriptions);
        int day = n < 10 ? 0 : between(-14, 14);  // the first few are due today, so "Due today" has content
        switch (a.type) {
            case ActivityType::Task:
                a.subject = pick(rng, kTaskSubjects);
                if (chance(0.5)) a.due = Due::on_date(add_days(today, day));
                else a.due = Due::at(at_local(day, between(8, 17), chance(0.5) ? 0 : 30));
                a.duration_minutes = 30 * between(1, 4);
                a.reason = pick(rng, {StatusReason::NotStarted, StatusReason::InProgress, StatusReason::WaitingOnSomeoneElse});
                break;
            case ActivityType::PhoneCall:
                a.subject = pick(rng, kCallSubjects);
                a.due = Due::at(at_local(day, between(8, 17), 15 * between(0, 3)));
                a.direction = chance(0.7) ? Direction::Outgoing : Direction::Incoming;
                a.phone_number = "+1 555 01" + std::to_string(between(10, 99));
                a.duration_minutes = 15;
                break;
            case ActivityType::Email:
                a.subject = pick(rng, kEmailSubjects);
                a.due = chance(0.6) ? Due::at(at_local(day, between(8, 17), 0)) : Due::none();
                a.email_from = store.users().find(a.owner.kind == OwnerKind::User ? a.owner.id : users[0])->email;
                a.email_to = kContacts[static_cast<std::size_t>(between(0, static_cast<int>(std::size(kContacts)) - 1))].email;
                a.reason = StatusReason::Draft;
                break;
            case ActivityType::Appointment: {
                a.subject = pick(rng, kAppointmentSubjects);
                a.all_day = chance(0.1);
                if (a.all_day) {
                    a.scheduled_start = utc_midnight(add_days(today, day));
                    a.scheduled_end = *a.scheduled_start + kMillisPerDay;
                } else {
                    a.scheduled_start = at_local(day, between(8, 16), chance(0.5) ? 0 : 30);
                    a.scheduled_end = *a.scheduled_start + 30 * 60'000LL * between(1, 4);
                }
                a.duration_minutes = static_cast<int>((*a.scheduled_end - *a.scheduled_start) / 60'000);
                a.location = chance(0.5) ? "Customer office" : "Online meeting";
                a.reason = StatusReason::Busy;
                a.state = ActivityState::Scheduled;
                break;
            }
            case ActivityType::Note:
                a.subject = pick(rng, kNoteSubjects);
                a.reason = StatusReason::NoteActive;
                break;
        }
        // About a third of past activities are done already.
        if (a.type != ActivityType::Note && day < 0 && chance(0.45)) {
            a.state = ActivityState::Completed;
            a.reason = default_reason(a.type, ActivityState::Completed);
            if (a.type == ActivityType::Email) a.reason = StatusReason::Sent;
        } else if (a.type != ActivityType::Note && chance(0.03)) {
            a.state = ActivityState::Canceled;
            a.reason = StatusReason::Canceled;
        }
        const std::string& creator = users[static_cast<std::size_t>(between(0, static_cast<int>(users.size()) - 1))];
        Actor actor{creator, now - static_cast<UtcMillis>(between(1, 40)) * kMillisPerDay - between(0, 36000) * 1000LL};
        auto made = store.create_activity(std::move(a), actor);
        if (made.ok()) ++report.activities;
    }
    return report;
}

}  // namespace crm
