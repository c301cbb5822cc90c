// Native microbenchmarks of the core at 1k, 10k and 100k activities (Google Benchmark).
// The same deterministic data sets as the browser benchmark (core/bench_data); run through
// scripts/bench.sh, which puts the figures into BENCHMARKS.md. Timings are wall time on this
// machine; the browser benchmark measures the same work compiled to wasm.
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <map>
#include <memory>

#include "core/activity_index.hpp"
#include "core/activity_query.hpp"
#include "core/activity_report.hpp"
#include "core/bench_data.hpp"
#include "core/calendar_layout.hpp"
#include "core/data_file.hpp"
#include "core/kanban.hpp"
#include "core/persistence.hpp"
#include "core/quick_search.hpp"
#include "core/record_codec.hpp"
#include "core/text_fold.hpp"
#include "core/timeline.hpp"

namespace crm {
namespace {

struct DataSet {
    Store store;
    TimeZone zone = TimeZone::fixed("UTC+01:00", 60);
    ActivityIndex index;  // the app keeps one beside its store; queries refresh it
    QueryContext ctx;
    std::string busiest_account;  // the account with the most activities regarding it
};

// Built once per size and shared by every benchmark of that size.
DataSet& data_set(std::size_t activities) {
    static std::map<std::size_t, std::unique_ptr<DataSet>> sets;
    auto& slot = sets[activities];
    if (!slot) {
        slot = std::make_unique<DataSet>();
        BenchDataSpec spec{.activities = activities};
        seed_bench_data(slot->store, spec);
        slot->store.take_pending_changes();
        slot->ctx = {slot->store.users().rows().front().meta.id, &slot->zone,
                     slot->zone.from_local({spec.anchor, {10, 0, 0}}), &slot->index};
        std::map<std::string, std::size_t> per_account;
        for (const auto& a : slot->store.activities().rows())
            if (a.regarding.kind == RegardingKind::Account) ++per_account[a.regarding.id];
        std::size_t best = 0;
        for (const auto& [id, count] : per_account)
            if (count > best) best = count, slot->busiest_account = id;
    }
    return *slot;
}

std::size_t size_arg(const benchmark::State& state) { return static_cast<std::size_t>(state.range(0)); }

void BM_FilterMyOverdue(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    ActivityQuery q{.view = ActivityView::MyTeamMembers, .due = DueFilter::Overdue};
    for (auto _ : state) benchmark::DoNotOptimize(run_activity_query(d.store, q, {}, d.ctx));
}
// Building the index from nothing: what the first query after start-up pays.
void BM_ActivityIndexBuild(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    for (auto _ : state) {
        ActivityIndex index;
        index.refresh(d.store);
        benchmark::DoNotOptimize(index.size());
    }
}
// One edit, then the grid's query again: the index re-reads one row, the subject order re-places it.
void BM_EditThenSortBySubject(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    ActivityQuery q{.view = ActivityView::AllActivities, .state = StateFilter::Any};
    SortSpec sort{.column = SortColumn::Subject};
    Activity edited = d.store.activities().rows()[7];
    std::int64_t n = 0;
    for (auto _ : state) {
        edited.meta.rev = d.store.activities().find(edited.meta.id)->meta.rev;
        edited.subject = (++n % 2 ? "Aardvark " : "Zebra ") + std::to_string(n);
        d.store.update_activity(edited, {edited.meta.created_by, d.ctx.now});
        d.store.take_pending_changes();
        benchmark::DoNotOptimize(run_activity_query(d.store, q, sort, d.ctx));
    }
}
void BM_SortAllBySubject(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    ActivityQuery q{.view = ActivityView::AllActivities, .state = StateFilter::Any};
    SortSpec sort{.column = SortColumn::Subject};
    for (auto _ : state) benchmark::DoNotOptimize(run_activity_query(d.store, q, sort, d.ctx));
}
void BM_TextFilterAll(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    ActivityQuery q{.view = ActivityView::AllActivities, .state = StateFilter::Any, .text = fold_for_search("umow")};
    for (auto _ : state) benchmark::DoNotOptimize(run_activity_query(d.store, q, {}, d.ctx));
}
// A query that does not extend the last one: a pass over every record (the first keystroke).
void BM_QuickSearchFullScan(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    SearchIndex index;
    index.search(d.store, "warm-up");  // the index is built once, then follows changes
    bool flip = false;
    for (auto _ : state) benchmark::DoNotOptimize(index.search(d.store, (flip = !flip) ? "renewal" : "umowy"));
}
// Typing "contract renewal" one character at a time: each keystroke searches the last matches.
void BM_QuickSearchTyping16Keys(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    SearchIndex index;
    index.search(d.store, "warm-up");
    const std::string typed = "contract renewal";
    for (auto _ : state)
        for (std::size_t n = 1; n <= typed.size(); ++n) benchmark::DoNotOptimize(index.search(d.store, typed.substr(0, n)));
}
void BM_QuickSearchIndexBuild(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    for (auto _ : state) {
        SearchIndex index;
        benchmark::DoNotOptimize(index.search(d.store, "quote"));
    }
}
void BM_KanbanByState(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    ActivityQuery q{.view = ActivityView::AllActivities};
    for (auto _ : state) benchmark::DoNotOptimize(build_kanban(d.store, q, {}, d.ctx, KanbanGrouping::State));
}
// The dashboard over every activity (all views, every state): one filter pass and one count pass.
void BM_ActivityReportAll(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    ActivityQuery q{.view = ActivityView::AllActivities};
    for (auto _ : state) benchmark::DoNotOptimize(build_activity_report(d.store, q, d.ctx, 1));
}
void BM_CalendarMonth(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    ActivityQuery q{.view = ActivityView::AllActivities, .state = StateFilter::Any};
    LocalDate month = d.zone.local_date(d.ctx.now);
    for (auto _ : state) benchmark::DoNotOptimize(build_calendar(d.store, q, d.ctx, CalendarMode::Month, month, {}));
}
void BM_TimelineBusiestAccountRollup(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    RecordRef account{RegardingKind::Account, d.busiest_account};
    TimelineFilter filter{.rollup = RollupMode::Related};
    for (auto _ : state) benchmark::DoNotOptimize(build_timeline(d.store, account, filter, d.zone, d.ctx.now, &d.index));
    state.counters["entries"] = static_cast<double>(build_timeline(d.store, account, filter, d.zone, d.ctx.now, &d.index).entries.size());
}
void BM_EncodeSnapshot(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    for (auto _ : state) benchmark::DoNotOptimize(encode_snapshot(d.store));
}
void BM_LoadSnapshot(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    std::vector<std::string> chunks = encode_snapshot(d.store);
    std::size_t bytes = 0;
    for (const auto& c : chunks) bytes += c.size();
    struct NoBackend : StorageBackend {
        void write_log_entry(std::uint64_t, const LogEntry&) override {}
        void write_snapshot(std::uint64_t, const std::vector<std::string>&, std::uint64_t) override {}
    } backend;
    for (auto _ : state) {
        Store loaded;
        Persistence persistence(backend);
        benchmark::DoNotOptimize(persistence.load(loaded, chunks, {}));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes * state.iterations()));
}
struct NoBackend : StorageBackend {
    void write_log_entry(std::uint64_t, const LogEntry&) override {}
    void write_snapshot(std::uint64_t, const std::vector<std::string>&, std::uint64_t) override {}
};
// Start-up as the app does it: decode the chunks into an empty Store, which then lives on (its
// teardown, which BM_LoadSnapshot includes, is not timed). Also reports the heap the loaded
// Store holds per activity (glibc's mallinfo2: native, libstdc++ 32-byte strings).
void BM_DecodeSnapshotIntoStore(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    std::vector<std::string> chunks = encode_snapshot(d.store);
    NoBackend backend;
    double heap_per_activity = 0;
    auto heap_in_use = [] {  // small blocks plus the large ones malloc maps separately
        auto m = mallinfo2();
        return m.uordblks + m.hblkhd;
    };
    for (auto _ : state) {
        auto before = heap_in_use();
        auto loaded = std::make_unique<Store>();
        Persistence persistence(backend);
        benchmark::DoNotOptimize(persistence.load(*loaded, chunks, {}));
        state.PauseTiming();
        heap_per_activity = static_cast<double>(heap_in_use() - before) / static_cast<double>(size_arg(state));
        loaded.reset();
        state.ResumeTiming();
    }
    state.counters["heap_B_per_activity"] = heap_per_activity;
}
// The two halves of BM_ImportJson: reading and validating the file, and writing the plan.
void BM_PlanImport(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    std::string file = export_database(d.store, d.ctx.now);
    Store fresh;
    for (auto _ : state) {
        auto plan = plan_import(fresh, file);
        if (!plan.ok()) state.SkipWithError("import refused the exported file");
        benchmark::DoNotOptimize(plan.value.records.size());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(file.size() * state.iterations()));
}
// Re-importing the store's own export: every record exists, so each is compared, none written.
void BM_PlanImportUnchanged(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    std::string file = export_database(d.store, d.ctx.now);
    for (auto _ : state) {
        auto plan = plan_import(d.store, file);
        if (!plan.ok() || !plan.value.records.empty()) state.SkipWithError("re-import should change nothing");
        benchmark::DoNotOptimize(plan.value.records.size());
    }
}
void BM_ApplyImport(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    std::string file = export_database(d.store, d.ctx.now);
    for (auto _ : state) {
        state.PauseTiming();
        auto fresh = std::make_unique<Store>();
        auto plan = plan_import(*fresh, file);
        state.ResumeTiming();
        apply_import(*fresh, plan.value);
        benchmark::DoNotOptimize(fresh->version());
        state.PauseTiming();
        fresh.reset();
        plan = {};
        state.ResumeTiming();
    }
}
void BM_ExportJson(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    for (auto _ : state) benchmark::DoNotOptimize(export_database(d.store, d.ctx.now));
}
void BM_ImportJson(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    std::string file = export_database(d.store, d.ctx.now);
    for (auto _ : state) {
        Store fresh;
        auto plan = plan_import(fresh, file);
        if (!plan.ok()) state.SkipWithError("import refused the exported file");
        apply_import(fresh, plan.value);
        benchmark::DoNotOptimize(fresh.version());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(file.size() * state.iterations()));
}
void BM_OneEdit(benchmark::State& state) {
    DataSet& d = data_set(size_arg(state));
    const Activity& first = d.store.activities().rows().front();
    Activity edited = first;
    std::string user = first.meta.created_by;
    std::int64_t n = 0;
    for (auto _ : state) {
        edited.meta.rev = d.store.activities().find(edited.meta.id)->meta.rev;
        edited.subject = "Edited " + std::to_string(++n);
        benchmark::DoNotOptimize(d.store.update_activity(edited, {user, d.ctx.now}));
        benchmark::DoNotOptimize(d.store.take_pending_changes());
    }
}

#define CRM_SIZES ->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_FilterMyOverdue) CRM_SIZES;
BENCHMARK(BM_SortAllBySubject) CRM_SIZES;
BENCHMARK(BM_ActivityIndexBuild) CRM_SIZES;
BENCHMARK(BM_EditThenSortBySubject) CRM_SIZES;
BENCHMARK(BM_TextFilterAll) CRM_SIZES;
BENCHMARK(BM_QuickSearchFullScan) CRM_SIZES;
BENCHMARK(BM_QuickSearchTyping16Keys) CRM_SIZES;
BENCHMARK(BM_QuickSearchIndexBuild) CRM_SIZES;
BENCHMARK(BM_KanbanByState) CRM_SIZES;
BENCHMARK(BM_ActivityReportAll) CRM_SIZES;
BENCHMARK(BM_CalendarMonth) CRM_SIZES;
BENCHMARK(BM_TimelineBusiestAccountRollup) CRM_SIZES;
BENCHMARK(BM_EncodeSnapshot) CRM_SIZES;
BENCHMARK(BM_LoadSnapshot) CRM_SIZES;
BENCHMARK(BM_ExportJson) CRM_SIZES;
BENCHMARK(BM_ImportJson) CRM_SIZES;
BENCHMARK(BM_DecodeSnapshotIntoStore) CRM_SIZES;
BENCHMARK(BM_PlanImport) CRM_SIZES;
BENCHMARK(BM_PlanImportUnchanged) CRM_SIZES;
BENCHMARK(BM_ApplyImport) CRM_SIZES;
BENCHMARK(BM_OneEdit)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crm

BENCHMARK_MAIN();
