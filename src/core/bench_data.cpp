#include "bench_data.hpp"

#include <array>
#include <random>
#include <string_view>

namespace crm {
namespace {

// Phrase parts per language. A subject is "<action> <object>[ <context>]", a description 0-5
// sentences: combinations give tens of thousands of distinct texts, so search and sort work on
// realistic variety rather than a handful of repeated strings.
struct Phrases {
    std::span<const std::string_view> actions, objects, contexts, sentences;
    std::string_view separator;  // between subject parts ("" in Chinese)
};

constexpr std::string_view kEnActions[] = {"Follow up on", "Send", "Review", "Discuss", "Prepare", "Confirm",
                                           "Negotiate", "Update", "Schedule", "Call about", "Present", "Clarify"};
constexpr std::string_view kEnObjects[] = {"the revised quote", "contract renewal", "delivery schedule", "pricing for Q1",
                                           "the pilot results", "support escalation", "warehouse scanners", "payment terms",
                                           "the onboarding plan", "product demo", "invoice discrepancy", "service levels"};
constexpr std::string_view kEnContexts[] = {"with procurement", "before month end", "for the Seattle site", "after the QBR",
                                            "with the CFO", "for the spring rollout", "and next steps"};
constexpr std::string_view kEnSentences[] = {
    "Customer asked for the updated terms before the end of the month.",
    "Agreed to review the numbers together next week; bring the comparison sheet.",
    "They want a phased rollout starting with two sites and a review after 90 days.",
    "Procurement needs three quotes, so timing matters more than price this quarter.",
    "The champion is moving to a new role; introduce the account team to her successor.",
    "Legal flagged the liability clause again. Send the redlined version from October.",
    "Budget is approved, but the PO will only be raised after the security review.",
    "Mentioned a competitor offering 12% off for a three-year commitment.",
};
constexpr std::string_view kPlActions[] = {"Wysłać", "Omówić", "Przygotować", "Potwierdzić", "Sprawdzić", "Zadzwonić w sprawie",
                                           "Uzgodnić", "Przesłać"};
constexpr std::string_view kPlObjects[] = {"ofertę handlową", "harmonogram dostaw", "warunki płatności", "aneks do umowy",
                                           "reklamację palet", "wdrożenie WMS", "cennik na 2027", "zamówienie skanerów"};
constexpr std::string_view kPlContexts[] = {"z działem zakupów", "przed końcem miesiąca", "dla oddziału w Łodzi",
                                            "po spotkaniu w Krakowie", "z prezesem zarządu"};
constexpr std::string_view kPlSentences[] = {
    "Klient oczekuje odpowiedzi do piątku i prosi o szczegóły dostawy.",
    "Dział zakupów potrzebuje trzech ofert; liczy się termin, nie tylko cena.",
    "Umówiliśmy się na przegląd liczb w przyszłym tygodniu. Zabrać zestawienie porównawcze.",
    "Budżet został zatwierdzony, ale zamówienie wyjdzie dopiero po audycie bezpieczeństwa.",
    "Konkurencja zaproponowała 12% rabatu przy umowie na trzy lata.",
    "Żółte palety z ostatniej dostawy były uszkodzone — zgłoszenie przekazano do magazynu.",
};
constexpr std::string_view kZhActions[] = {"跟進", "寄送", "審閱", "討論", "準備", "確認", "協商", "更新"};
constexpr std::string_view kZhObjects[] = {"修訂報價", "合約續約", "交貨時程", "第一季定價", "試行結果", "付款條件", "倉儲掃描器",
                                           "導入計畫"};
constexpr std::string_view kZhContexts[] = {"與採購部門", "於月底前", "台北據點", "季度檢討後", "與財務長"};
constexpr std::string_view kZhSentences[] = {
    "客戶希望在月底前收到更新後的條款。",
    "約好下週一起檢視數字，請帶比較表。",
    "他們希望分階段導入，先從兩個據點開始，九十天後檢討。",
    "預算已核准，但採購單要等資安審查後才會開出。",
    "競爭對手提出三年合約打八八折的方案。",
    "上次出貨的棧板有破損，已轉交倉庫處理。",
};
constexpr Phrases kEnglish{kEnActions, kEnObjects, kEnContexts, kEnSentences, " "};
constexpr Phrases kPolish{kPlActions, kPlObjects, kPlContexts, kPlSentences, " "};
constexpr Phrases kChinese{kZhActions, kZhObjects, kZhContexts, kZhSentences, ""};

constexpr std::string_view kFirstNames[] = {"Anna", "Sarah", "Marek", "David", "Emma", "Piotr", "Lena", "Tomasz", "Grace", "Wei",
                                            "Mei-Ling", "Jakub", "Olivia", "Chen", "Zofia", "Noah"};
constexpr std::string_view kLastNames[] = {"Kowalska", "Johnson", "Nowak", "Lee", "Fischer", "Wiśniewski", "Lin", "Zieliński",
                                           "Huang", "Dąbrowska", "Brown", "Chang", "Lewandowski", "Wang", "Miller", "Kamińska"};
constexpr std::string_view kCompanyStems[] = {"Contoso", "Fabrikam", "Adventure Works", "Litware", "Northwind", "Tailspin",
                                              "Hurtownia Żółw", "Kraków Logistics", "Wide World", "Coho", "台灣精密", "宏達物流",
                                              "Alpine", "Proseware", "Woodgrove", "Lucerne"};
constexpr std::string_view kCompanySuffixes[] = {"Inc.", "Ltd.", "sp. z o.o.", "S.A.", "Group", "股份有限公司", "Holdings", "GmbH"};
constexpr std::string_view kCities[] = {"Seattle", "Boston", "Łódź", "Kraków", "Warszawa", "台北", "新竹", "Denver", "Gdańsk", "Austin"};
constexpr std::string_view kTitles[] = {"Purchasing Manager", "CFO", "Kierownik zakupów", "IT Director", "採購經理", "Operations Lead",
                                        "Dyrektor operacyjny", "Buyer"};

class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}
    int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    template <typename T>
    const T& pick(std::span<const T> items) { return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))]; }
    template <typename T, std::size_t N>
    const T& pick(const T (&items)[N]) { return pick(std::span<const T>(items, N)); }
    const std::string& pick_id(const std::vector<std::string>& ids) { return pick(std::span<const std::string>(ids)); }
    // Skewed towards the front: a few accounts have most of the history, as in real books.
    const std::string& pick_id_skewed(const std::vector<std::string>& ids) {
        double u = std::uniform_real_distribution<double>(0, 1)(rng_);
        return ids[static_cast<std::size_t>(u * u * static_cast<double>(ids.size())) % ids.size()];
    }
    const Phrases& language() {
        int roll = between(0, 99);
        return roll < 60 ? kEnglish : roll < 85 ? kPolish : kChinese;
    }
    std::string subject(const Phrases& p) {
        std::string s{pick(p.actions)};
        s += p.separator;
        s += pick(p.objects);
        if (chance(0.6)) {
            s += p.separator;
            s += pick(p.contexts);
        }
        return s;
    }
    std::string description(const Phrases& p) {
        std::string s;
        for (int n = between(0, 5); n > 0; --n) {
            if (!s.empty() && !p.separator.empty()) s += ' ';
            s += pick(p.sentences);
        }
        return s;
    }
    std::string person_name() { return std::string(pick(kFirstNames)) + " " + std::string(pick(kLastNames)); }

private:
    std::mt19937_64 rng_;
};

std::string email_of(std::string_view name, std::string_view domain, std::size_t n) {
    std::string local;
    for (char c : name) local += (c == ' ') ? '.' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return local + std::to_string(n) + "@" + std::string(domain);
}

}  // namespace

BenchDataCounts seed_bench_data(Store& store, const BenchDataSpec& spec) {
    BenchDataCounts counts;
    Generator g(spec.seed);
    store.seed_ids(spec.seed);
    const TimeZone zone = TimeZone::fixed("UTC+01:00", 60);
    const UtcMillis anchor_noon = zone.from_local({spec.anchor, {12, 0, 0}});
    const Actor setup{"", anchor_noon - 800 * kMillisPerDay};

    std::vector<std::string> users;
    for (std::size_t i = 0; i < 24; ++i) {
        std::string name = g.person_name();
        users.push_back(store.create_user(name, email_of(name, "example.com", i), setup).value);
    }
    const Actor by_admin{users[0], setup.now};
    std::vector<std::string> teams;
    for (const char* name : {"Sales Team North", "Key Accounts", "Zespół Polska", "台灣業務"}) teams.push_back(store.create_team(name, by_admin).value);
    for (std::size_t i = 0; i < users.size(); ++i) {
        store.set_team_member(teams[i % teams.size()], users[i], true, by_admin);
        if (i % 5 == 0) store.set_team_member(teams[(i + 1) % teams.size()], users[i], true, by_admin);
    }
    auto some_user = [&] { return OwnerRef{OwnerKind::User, g.pick_id(users)}; };

    const std::size_t n = spec.activities;
    std::vector<std::string> accounts, contacts, opportunities, cases;
    std::vector<std::string> contact_account;  // parallel to contacts
    for (std::size_t i = 0; i < std::max<std::size_t>(4, n / 50); ++i) {
        Account a{.name = std::string(g.pick(kCompanyStems)) + " " + std::string(g.pick(kCompanySuffixes)) + " " + std::to_string(i + 1),
                  .city = std::string(g.pick(kCities)), .phone = "+1 555 " + std::to_string(1000 + i % 9000),
                  .website = "account" + std::to_string(i) + ".example", .owner = some_user()};
        accounts.push_back(store.create_record(a, by_admin).value);
    }
    for (std::size_t i = 0; i < std::max<std::size_t>(8, n / 20); ++i) {
        std::string name = g.person_name();
        const std::string& account = g.pick_id_skewed(accounts);
        Contact c{.full_name = name, .parent_account_id = g.chance(0.95) ? account : std::string(),
                  .job_title = std::string(g.pick(kTitles)), .email = email_of(name, "customer.example", i),
                  .phone = "+48 12 555 " + std::to_string(1000 + i % 9000), .owner = some_user()};
        contact_account.push_back(c.parent_account_id);
        contacts.push_back(store.create_record(c, by_admin).value);
    }
    for (std::size_t i = 0; i < std::max<std::size_t>(2, n / 100); ++i) {
        const Phrases& p = g.language();
        std::size_t contact = static_cast<std::size_t>(g.between(0, static_cast<int>(contacts.size()) - 1));
        Opportunity o{.name = g.subject(p), .account_id = contact_account[contact].empty() ? g.pick_id(accounts) : contact_account[contact],
                      .contact_id = contacts[contact], .estimated_revenue = 1000.0 * g.between(5, 500),
                      .stage = static_cast<OpportunityStage>(g.between(0, 3)), .estimated_close = add_days(spec.anchor, g.between(-30, 180)),
                      .owner = some_user()};
        opportunities.push_back(store.create_record(o, by_admin).value);
    }
    for (std::size_t i = 0; i < std::max<std::size_t>(2, n / 100); ++i) {
        const Phrases& p = g.language();
        std::size_t contact = static_cast<std::size_t>(g.between(0, static_cast<int>(contacts.size()) - 1));
        Case c{.title = g.subject(p), .account_id = contact_account[contact], .contact_id = contacts[contact],
               .status = g.chance(0.6) ? CaseStatus::Active : CaseStatus::Resolved,
               .priority = static_cast<CasePriority>(g.between(0, 2)), .owner = some_user()};
        cases.push_back(store.create_record(c, by_admin).value);
    }

    store.reserve_activities(n);
    for (std::size_t i = 0; i < n; ++i) {
        Activity a;
        int type_roll = g.between(0, 99);
        a.type = type_roll < 25 ? ActivityType::Email : type_roll < 50 ? ActivityType::PhoneCall : type_roll < 75 ? ActivityType::Task
                 : type_roll < 90 ? ActivityType::Appointment : ActivityType::Note;
        int regarding_roll = g.between(0, 99);
        if (regarding_roll < 30) a.regarding = {RegardingKind::Account, g.pick_id_skewed(accounts)};
        else if (regarding_roll < 70) a.regarding = {RegardingKind::Contact, g.pick_id_skewed(contacts)};
        else if (regarding_roll < 82) a.regarding = {RegardingKind::Opportunity, g.pick_id(opportunities)};
        else if (regarding_roll < 92) a.regarding = {RegardingKind::Case, g.pick_id(cases)};
        a.owner = g.chance(0.05) ? OwnerRef{OwnerKind::Team, g.pick_id(teams)} : some_user();
        const Phrases& p = g.language();
        a.subject = g.subject(p);
        a.description = g.description(p);
        a.priority = g.chance(0.15) ? Priority::High : g.chance(0.15) ? Priority::Low : Priority::Normal;
        // Days from the anchor: mostly the last year, some older, a tail into the next months.
        int day = g.chance(0.8) ? -g.between(0, 365) : g.chance(0.5) ? -g.between(366, 700) : g.between(1, 90);
        auto at = [&](int hour, int minute) { return zone.from_local({add_days(spec.anchor, day), {hour, minute, 0}}); };
        switch (a.type) {
            case ActivityType::Task:
                a.due = g.chance(0.5) ? Due::on_date(add_days(spec.anchor, day)) : Due::at(at(g.between(8, 17), 30 * g.between(0, 1)));
                a.reason = g.chance(0.5) ? StatusReason::NotStarted : StatusReason::InProgress;
                break;
            case ActivityType::PhoneCall:
                a.due = Due::at(at(g.between(8, 17), 15 * g.between(0, 3)));
                a.direction = g.chance(0.6) ? Direction::Outgoing : Direction::Incoming;
                a.phone_number = "+48 22 555 " + std::to_string(g.between(1000, 9999));
                a.duration_minutes = 5 * g.between(1, 9);
                break;
            case ActivityType::Email:
                if (g.chance(0.6)) a.due = Due::at(at(g.between(8, 17), 0));
                a.email_from = store.users().find(g.pick_id(users))->email;
                a.email_to = "buyer" + std::to_string(g.between(1, 999)) + "@customer.example";
                a.reason = StatusReason::Draft;
                break;
            case ActivityType::Appointment:
                a.scheduled_start = at(g.between(8, 16), 30 * g.between(0, 1));
                a.scheduled_end = *a.scheduled_start + 30 * 60'000LL * g.between(1, 4);
                a.duration_minutes = static_cast<int>((*a.scheduled_end - *a.scheduled_start) / 60'000);
                a.location = g.chance(0.5) ? "Customer office" : "Online meeting";
                a.state = ActivityState::Scheduled;
                a.reason = StatusReason::Busy;
                break;
            case ActivityType::Note:
                a.reason = StatusReason::NoteActive;
                break;
        }
        if (a.type != ActivityType::Note) {
            if (day < 0 && g.chance(0.55)) {
                a.state = ActivityState::Completed;
                a.reason = a.type == ActivityType::Email ? StatusReason::Sent : default_reason(a.type, ActivityState::Completed);
            } else if (g.chance(0.03)) {
                a.state = ActivityState::Canceled;
                a.reason = StatusReason::Canceled;
            }
        }
        // Created a few days before the day it is about (or on it, for what is logged afterwards).
        Actor creator{g.pick_id(users), zone.from_local({add_days(spec.anchor, std::min(day, 0) - g.between(0, 10)), {9, 0, 0}}) +
                                            g.between(0, 8 * 3600) * 1000LL};
        if (store.create_activity(std::move(a), creator).ok()) ++counts.activities;
    }
    counts.users = users.size();
    counts.teams = teams.size();
    counts.accounts = accounts.size();
    counts.contacts = contacts.size();
    counts.opportunities = opportunities.size();
    counts.cases = cases.size();
    return counts;
}

}  // namespace crm
