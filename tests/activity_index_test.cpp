// The index-backed query must give exactly what the straightforward definition gives: every row
// checked against the record, every sort a stable sort of lower-cased text or numbers. This test
// keeps that definition as its oracle and compares them over many queries, before and after edits
// that exercise the incremental paths (re-placed subjects, renamed Regarding records, new rows,
// deletions, a language change).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "core/activity_index.hpp"
#include "core/activity_query.hpp"
#include "core/bench_data.hpp"
#include "core/i18n.hpp"
#include "core/text_fold.hpp"

using namespace crm;

namespace {

bool reference_matches(const Store& store, const Activity& a, const ActivityQuery& q, const DueWindow& w,
                       const std::vector<std::string>& owners, const std::string& text) {
    if (a.meta.deleted) return false;
    if (!(q.type_mask & (1u << static_cast<unsigned>(a.type)))) return false;
    bool state_ok = q.state == StateFilter::Any ||
                    (q.state == StateFilter::Active && (a.state == ActivityState::Open || a.state == ActivityState::Scheduled)) ||
                    (q.state == StateFilter::Completed && a.state == ActivityState::Completed) ||
                    (q.state == StateFilter::Canceled && a.state == ActivityState::Canceled);
    if (!state_ok) return false;
    if (q.view != ActivityView::AllActivities && std::find(owners.begin(), owners.end(), a.owner.id) == owners.end()) return false;
    if (q.due == DueFilter::Overdue && !is_overdue(a, w)) return false;
    if (q.due == DueFilter::Today && !is_due_today(a, w)) return false;
    if (q.due == DueFilter::Next7Days && !is_due_in_next_7_days(a, w)) return false;
    if (q.regarding == RegardingFilter::Set && a.regarding.empty()) return false;
    if (q.regarding == RegardingFilter::Empty && !a.regarding.empty()) return false;
    if (!text.empty() && !folded_contains(fold_for_search(a.subject), text) &&
        !folded_contains(fold_for_search(store.regarding_name(a.regarding)), text))
        return false;
    return true;
}

std::vector<std::uint32_t> reference_query(const Store& store, const ActivityQuery& q, const SortSpec& sort, const QueryContext& ctx) {
    DueWindow w = make_due_window(*ctx.zone, ctx.now);
    auto owners = owners_for_view(store, q.view, ctx.current_user_id);
    std::string text = fold_for_search(q.text);
    const auto& rows = store.activities().rows();
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < rows.size(); ++i)
        if (reference_matches(store, rows[i], q, w, owners, text)) out.push_back(i);
    struct Key {
        bool blank = false;
        bool numeric = false;
        std::int64_t number = 0;
        std::string text;
    };
    std::vector<Key> keys(rows.size());
    for (auto i : out) {
        const Activity& a = rows[i];
        Key& k = keys[i];
        auto as_text = [&](std::string s) { k.text = ascii_lower(s); k.blank = k.text.empty(); };
        auto as_number = [&](std::int64_t v) { k.numeric = true; k.number = v; };
        switch (sort.column) {
            case SortColumn::Type: as_number(static_cast<int>(a.type)); break;
            case SortColumn::Subject: as_text(a.subject); break;
            case SortColumn::Regarding: as_text(store.regarding_name(a.regarding)); break;
            case SortColumn::Owner: as_text(store.owner_name(a.owner)); break;
            case SortColumn::Priority: as_number(static_cast<int>(a.priority)); break;
            case SortColumn::State: as_number(static_cast<int>(a.state)); break;
            case SortColumn::Reason: as_text(status_reason_name(a.reason)); break;
            case SortColumn::Due: {
                Due d = effective_due(a);
                as_number(d.kind == Due::Kind::Date ? ctx.zone->start_of_day(d.date) : d.instant);
                k.blank = d.empty();
                break;
            }
            case SortColumn::CreatedBy: as_text(store.user_name(a.meta.created_by)); break;
            case SortColumn::CreatedOn: as_number(a.meta.created_at); break;
            case SortColumn::ModifiedOn: as_number(a.meta.modified_at); break;
        }
    }
    std::stable_sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
        const Key &ka = keys[a], &kb = keys[b];
        if (ka.blank != kb.blank) return sort.blanks_last ? !ka.blank : ka.blank;
        if (ka.numeric) return sort.descending ? ka.number > kb.number : ka.number < kb.number;
        return sort.descending ? ka.text > kb.text : ka.text < kb.text;
    });
    return out;
}

struct Fixture {
    Store store;
    TimeZone zone = TimeZone::fixed("UTC+01:00", 60);
    ActivityIndex index;
    QueryContext ctx;
    std::mt19937 rng{42};
    std::size_t compared = 0;

    Fixture() {
        seed_bench_data(store, {.activities = 1500});
        ctx = {store.users().rows()[3].meta.id, &zone, zone.from_local({{2026, 11, 2}, {10, 0, 0}}), &index};
    }
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
    void compare_many(int queries) {
        // Every row, by each column both ways: each tie and neighbour in the orders shows.
        for (int column = 0; column < 11; ++column)
            for (bool descending : {false, true}) {
                ActivityQuery all{.view = ActivityView::AllActivities, .state = StateFilter::Any};
                SortSpec sort{static_cast<SortColumn>(column), descending, true};
                INFO("all rows, sort column " << column << std::string(descending ? " descending" : ""));
                REQUIRE(run_activity_query(store, all, sort, ctx) == reference_query(store, all, sort, ctx));
            }
        const char* texts[] = {"", "umow", "REVIEW", "報價", "contoso", "zolw", "(deleted)", "x y"};
        for (int n = 0; n < queries; ++n) {
            ActivityQuery q;
            q.view = static_cast<ActivityView>(pick(3));
            q.type_mask = static_cast<std::uint8_t>(pick(3) == 0 ? 1 + pick(31) : 0x1F);
            q.due = static_cast<DueFilter>(pick(4));
            q.state = static_cast<StateFilter>(pick(4));
            q.regarding = static_cast<RegardingFilter>(pick(3));
            q.text = texts[pick(8)];
            SortSpec sort{static_cast<SortColumn>(pick(11)), pick(2) == 0, pick(2) == 0};
            auto expected = reference_query(store, q, sort, ctx);
            auto got = run_activity_query(store, q, sort, ctx);
            INFO("query " << n << " sort column " << static_cast<int>(sort.column) << " text '" << q.text << "'");
            REQUIRE(got == expected);
            ++compared;
        }
    }
};

}  // namespace

TEST_CASE("activity index: queries equal the straightforward definition, before and after edits") {
    Fixture f;
    f.compare_many(150);
    const Actor actor{f.store.users().rows()[0].meta.id, f.ctx.now};

    SUBCASE("a few subject edits re-place their rows") {
        for (int round = 0; round < 5; ++round) {
            for (int e = 0; e < 4; ++e) {
                // Completed and canceled activities are read-only: edit open ones.
                std::size_t row = static_cast<std::size_t>(f.pick(1500));
                while (is_closed(f.store.activities().rows()[row].state)) row = (row + 1) % 1500;
                Activity a = f.store.activities().rows()[row];
                // Unique texts, and the subject of another row in other case (ties in the order).
                std::string other = f.store.activities().rows()[static_cast<std::size_t>(f.pick(1500))].subject;
                for (auto& ch : other) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
                a.subject = e == 0 ? "Zeta last" : e == 1 ? "aaa first" : e == 2 ? a.subject + " (edited)" : other;
                REQUIRE(f.store.update_activity(a, actor).ok());
            }
            f.compare_many(40);
        }
    }
    SUBCASE("many edits at once, deletions and new activities") {
        std::vector<std::string> open_tasks, others;
        for (const auto& a : f.store.activities().rows()) {
            if (a.type == ActivityType::Task && a.state == ActivityState::Open) open_tasks.push_back(a.meta.id);
            else if (!is_closed(a.state)) others.push_back(a.meta.id);
        }
        REQUIRE(open_tasks.size() > 150);
        REQUIRE(f.store.set_state(std::span(open_tasks).subspan(0, 150), ActivityState::Completed, StatusReason::Completed, actor).ok());
        REQUIRE(f.store.delete_activities(std::span(others).subspan(0, 50), actor).ok());
        for (int e = 0; e < 80; ++e) {
            Activity a;
            a.type = ActivityType::Task;
            a.subject = "New task " + std::to_string(f.pick(10));
            a.owner = {OwnerKind::User, f.ctx.current_user_id};
            REQUIRE(f.store.create_activity(a, actor).ok());
        }
        f.compare_many(60);
    }
    SUBCASE("renaming and deleting Regarding records renames what activities show") {
        Account acc = f.store.accounts().rows()[0];
        acc.name = "Zzz Renamed Account";
        REQUIRE(f.store.save_record(acc, actor).ok());
        const Contact& c = f.store.contacts().rows()[1];
        REQUIRE(f.store.delete_record(RegardingKind::Contact, c.meta.id, actor).ok());
        f.compare_many(60);
    }
    SUBCASE("a language change translates '(deleted)' in names") {
        const Contact& c = f.store.contacts().rows()[2];
        REQUIRE(f.store.delete_record(RegardingKind::Contact, c.meta.id, actor).ok());
        f.compare_many(20);
        Catalog pl = parse_catalog(R"j({"(deleted)": "(usunięty)"})j", "pl").value;
        Catalog saved = active_catalog();
        active_catalog() = pl;
        f.compare_many(20);
        active_catalog() = saved;
        f.compare_many(20);
    }
    SUBCASE("clearing customer data starts the index again") {
        f.store.clear_customer_data();
        f.compare_many(10);
        seed_bench_data(f.store, {.activities = 200, .seed = 9});
        f.compare_many(30);
    }
    CHECK(f.compared >= 170);
}

TEST_CASE("stable_sort_by_key keeps equal keys in input order and sorts full 64-bit keys") {
    std::mt19937_64 rng(1);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> items;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        std::uint64_t k = rng();
        if (i % 3 == 0) k = 7;                 // many equal keys
        if (i % 7 == 0) k = ordered_key(-static_cast<std::int64_t>(i));  // negative numbers
        items.emplace_back(k, i);
    }
    auto expected = items;
    std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    stable_sort_by_key(items);
    CHECK(items == expected);
    CHECK(ordered_key(-5) < ordered_key(3));
    CHECK(ordered_key(INT64_MIN) < ordered_key(INT64_MAX));
}
