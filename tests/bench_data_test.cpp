#include <doctest/doctest.h>

#include <set>

#include "core/bench_data.hpp"
#include "core/data_file.hpp"

using namespace crm;

TEST_CASE("bench data: the same spec gives the same file, another seed another") {
    Store a, b, c;
    seed_bench_data(a, {.activities = 300});
    seed_bench_data(b, {.activities = 300});
    seed_bench_data(c, {.activities = 300, .seed = 8});
    CHECK(export_database(a, 0) == export_database(b, 0));
    CHECK(export_database(a, 0) != export_database(c, 0));
}

TEST_CASE("bench data: sizes, references and a realistic mix") {
    Store store;
    BenchDataCounts counts = seed_bench_data(store, {.activities = 2000});
    CHECK(counts.activities == 2000);
    CHECK(store.activities().rows().size() == 2000);
    CHECK(counts.accounts == 40);
    CHECK(counts.contacts == 100);
    std::set<ActivityType> types;
    std::size_t polish = 0, chinese = 0, standalone = 0, completed = 0, long_descriptions = 0;
    for (const auto& a : store.activities().rows()) {
        types.insert(a.type);
        if (!a.regarding.empty()) CHECK(store.regarding_exists(a.regarding));
        CHECK(store.owner_exists(a.owner));
        if (a.regarding.empty()) ++standalone;
        if (a.state == ActivityState::Completed) ++completed;
        if (a.description.size() > 200) ++long_descriptions;
        if (a.subject.find("ć") != std::string::npos || a.subject.find("ę") != std::string::npos ||
            a.subject.find("ż") != std::string::npos || a.subject.find("ó") != std::string::npos ||
            a.subject.find("ś") != std::string::npos || a.subject.find("W") == 0 || a.subject.find("Om") == 0)
            ++polish;
        if (static_cast<unsigned char>(a.subject[0]) >= 0xE4) ++chinese;
    }
    CHECK(types.size() == 5);
    CHECK(polish > 200);
    CHECK(chinese > 150);
    CHECK(standalone > 80);
    CHECK(standalone < 250);
    CHECK(completed > 600);
    CHECK(long_descriptions > 300);
}
