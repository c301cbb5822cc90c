// Writes a benchmark data set as an Activities data file (the export format, docs/data-format.md):
//   crm_make_data_set <activities> <output.json>
// The browser benchmark imports it through the app's own Import, so the data reaches IndexedDB
// the way a user's file would.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "core/bench_data.hpp"
#include "core/data_file.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: crm_make_data_set <activities> <output.json>\n";
        return 2;
    }
    char* end = nullptr;
    long long n = std::strtoll(argv[1], &end, 10);
    if (!end || *end || n <= 0 || n > 10'000'000) {
        std::cerr << "crm_make_data_set: activities must be a whole number from 1 to 10000000, not '" << argv[1] << "'\n";
        return 2;
    }
    crm::Store store;
    crm::BenchDataSpec spec{.activities = static_cast<std::size_t>(n)};
    crm::BenchDataCounts c = crm::seed_bench_data(store, spec);
    std::string text = crm::export_database(store, crm::utc_midnight(spec.anchor));
    std::ofstream out(argv[2], std::ios::binary);
    out << text;
    if (!out) {
        std::cerr << "crm_make_data_set: cannot write " << argv[2] << "\n";
        return 1;
    }
    std::printf("%s: %zu activities, %zu accounts, %zu contacts, %zu opportunities, %zu cases, %zu users, %.1f MB\n", argv[2],
                c.activities, c.accounts, c.contacts, c.opportunities, c.cases, c.users, static_cast<double>(text.size()) / 1e6);
    return 0;
}
