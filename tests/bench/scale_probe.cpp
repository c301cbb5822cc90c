// How the design behaves far beyond the benchmark sizes (BENCHMARKS.md, "At 1M activities"):
//   crm_scale_probe <activities>
// Seeds a data set, then prints the resident memory it takes and the time of the steps a start
// and a first query make: encode the snapshot (bytes IndexedDB would hold), decode it into a fresh
// store (start-up), build the activity index and run the default grid query. Native; the wasm
// build's figures at 100k are in BENCHMARKS.md, and scale about the same way.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/activity_index.hpp"
#include "core/activity_query.hpp"
#include "core/bench_data.hpp"
#include "core/persistence.hpp"

namespace {

double resident_mb() {
    std::ifstream statm("/proc/self/statm");
    long pages_total = 0, pages_resident = 0;
    statm >> pages_total >> pages_resident;
    return static_cast<double>(pages_resident) * 4096.0 / 1e6;
}

template <typename Fn>
double millis(Fn&& fn) {
    auto start = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

struct NoBackend : crm::StorageBackend {
    void write_log_entry(std::uint64_t, const crm::LogEntry&) override {}
    void write_snapshot(std::uint64_t, const std::vector<std::string>&, std::uint64_t) override {}
};

}  // namespace

int main(int argc, char** argv) {
    long long n = argc == 2 ? std::atoll(argv[1]) : 0;
    if (n <= 0) {
        std::fprintf(stderr, "usage: crm_scale_probe <activities>\n");
        return 2;
    }
    using namespace crm;
    const double base = resident_mb();
    std::vector<std::string> chunks;
    std::size_t bytes = 0;
    {
        Store seeded;
        double seed_ms = millis([&] { seed_bench_data(seeded, {.activities = static_cast<std::size_t>(n)}); });
        seeded.take_pending_changes();
        double encode_ms = millis([&] { chunks = encode_snapshot(seeded); });
        for (const auto& c : chunks) bytes += c.size();
        std::printf("activities %lld: seeded in %.0f ms; snapshot %.1f MB in %zu chunks, encoded in %.0f ms\n", n, seed_ms,
                    static_cast<double>(bytes) / 1e6, chunks.size(), encode_ms);
    }
    const double with_chunks = resident_mb();
    Store store;
    NoBackend backend;
    Persistence persistence(backend);
    double decode_ms = millis([&] { persistence.load(store, chunks, {}); });
    const double with_store = resident_mb();
    ActivityIndex index;
    double index_ms = millis([&] { index.refresh(store); });
    const double with_index = resident_mb();
    chunks.clear();
    chunks.shrink_to_fit();
    TimeZone zone = TimeZone::utc();
    QueryContext ctx{store.users().rows().front().meta.id, &zone, utc_midnight({2026, 11, 2}), &index};
    std::size_t rows = 0;
    double query_ms = millis([&] { rows = run_activity_query(store, {}, {}, ctx).size(); });
    double sort_ms = millis([&] {
        rows = run_activity_query(store, {.view = ActivityView::AllActivities, .state = StateFilter::Any}, {SortColumn::Subject}, ctx).size();
    });
    std::printf("decode into a fresh store %.0f ms; store %.0f MB resident (%.0f bytes per activity); index built in %.0f ms, %.0f MB\n",
                decode_ms, with_store - with_chunks,
                (with_store - with_chunks) * 1e6 / static_cast<double>(n), index_ms, with_index - with_store);
    std::printf("default grid query %.1f ms; all %zu sorted by subject %.1f ms (first sort builds the order); process %.0f MB resident (start %.0f MB)\n",
                query_ms, rows, sort_ms, resident_mb(), base);
    return 0;
}
