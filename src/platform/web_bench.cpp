// In-app measurements for the browser benchmark (tests/bench/run.mjs). Two halves:
//  - hooks the app calls (web_bench.hpp): start-up marks, per-frame CPU time, import/export
//    spans, storage write latencies; cheap and bounded, so they stay on in every build;
//  - exported C functions the bench calls through Module._crm_bench_*: a JSON report, core
//    queries timed in wasm, and edits that go through the app's normal flush path.
// Returned strings live in a static buffer until the next call (read them with UTF8ToString).
#include "web_bench.hpp"

#include <emscripten.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/activity.hpp"
#include "core/activity_query.hpp"
#include "core/calendar_layout.hpp"
#include "core/kanban.hpp"
#include "core/quick_search.hpp"
#include "core/text_fold.hpp"
#include "core/timeline.hpp"
#include "imgui.h"
#include "ui/views.hpp"
#include "web_app.hpp"

// What the mirror spent in JSON.parse since the last call (web/a11y_mirror.js keeps it).
EM_JS(double, crm_js_take_mirror_parse_ms, (), {
    var m = window.crmA11yMirror;
    if (!m || !m.parseMs) return 0;
    var v = m.parseMs;
    m.parseMs = 0;
    return v;
});

namespace crm::bench {
namespace {

constexpr std::size_t kMaxFrameSamples = 20000;
constexpr std::size_t kMaxWriteSamples = 20000;
constexpr std::uint64_t kNoWrite = ~std::uint64_t{0};

struct SpanTimes {
    double start = -1, end = -1;
    double ms() const { return end >= start && start >= 0 ? end - start : -1; }
};

struct Recorder {
    double main_started = -1;
    double first_interactive = -1;  // end of the first frame drawn once storage was no longer opening
    SpanTimes spans[static_cast<int>(Span::kCount)];
    double first_frame_start = -1;  // start of the frame that ended at first_interactive
    // Frames since the last crm_bench_reset_frames(): whole callback and the part up to the end of drawing.
    double frame_start = 0, frame_drawn_at = 0;
    bool frame_was_drawn = false;
    std::vector<double> frame_ms, draw_ms, frame_at;  // frame_at: when each drawn frame began
    double part_mark = 0;
    double part_now[static_cast<int>(FramePart::kCount)] = {};
    std::vector<double> part_ms[static_cast<int>(FramePart::kCount)];  // per drawn frame, like frame_ms
    std::vector<double> mirror_parse_ms;  // of MirrorPublish: JSON.parse in the mirror
    std::vector<double> draw_lists, draw_cmds, draw_vertices;  // what the GL part had to send, per drawn frame
    long long frames_drawn_at_reset = 0;
    // Storage writes: request time by id, then latencies once IndexedDB reports the transaction complete.
    std::unordered_map<std::uint64_t, std::pair<double, bool>> writes_in_flight;  // id -> (requested at, snapshot)
    std::vector<double> log_write_ms, snapshot_write_ms, edit_write_ms;
    // The import's own write: the first write requested after the import was applied.
    bool import_awaiting_write = false;
    std::uint64_t import_write_id = kNoWrite;
    double import_durable_ms = -1;
    bool import_write_snapshot = false;
    // Bench edits: one at a time, the next once the previous one is durable.
    int edits_remaining = 0;
    bool edit_awaiting_write = false;
    std::uint64_t edit_write_id = kNoWrite;
    std::size_t edit_cursor = 0;
    long long edits_done = 0;
};

Recorder& rec() {
    static Recorder r;
    return r;
}

void push_bounded(std::vector<double>& v, double x, std::size_t cap) {
    if (v.size() < cap) v.push_back(x);
}

std::string num(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
}

std::string array(const std::vector<double>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + num(v[i]);
    return out + "]";
}

// Starts one bench edit: a subject change of the next editable activity, which the frame
// function flushes as its own log write. False when nothing is editable.
bool start_edit() {
    WebApp& w = web_app();
    Recorder& r = rec();
    const auto& rows = w.app.store.activities().rows();
    for (std::size_t k = 0; k < rows.size(); ++k) {
        std::size_t i = (r.edit_cursor + k) % rows.size();
        const Activity& a = rows[i];
        if (a.meta.deleted || is_read_only(a)) continue;
        Activity edited = a;
        edited.subject = "Benchmark edit " + std::to_string(++r.edits_done);
        if (!w.app.store.update_activity(edited, w.app.actor()).ok()) continue;
        r.edit_cursor = i + 1;
        r.edit_awaiting_write = true;
        request_frames(1);
        return true;
    }
    return false;
}

}  // namespace

void record_span(Span span, double start_ms) { rec().spans[static_cast<int>(span)] = {start_ms, emscripten_get_now()}; }

ScopedSpan::ScopedSpan(Span span) : span_(span), start_ms_(emscripten_get_now()) {}
ScopedSpan::~ScopedSpan() {
    Recorder& r = rec();
    r.spans[static_cast<int>(span_)] = {start_ms_, emscripten_get_now()};
    if (span_ == Span::ImportApply) {
        r.import_awaiting_write = true;
        r.import_durable_ms = -1;
    }
}

void mark_main_started() { rec().main_started = emscripten_get_now(); }

void frame_begin() {
    Recorder& r = rec();
    r.frame_start = r.part_mark = emscripten_get_now();
    r.frame_was_drawn = false;
    for (double& p : r.part_now) p = 0;
}

void frame_part(FramePart part) {
    Recorder& r = rec();
    double now = emscripten_get_now();
    r.part_now[static_cast<int>(part)] += now - r.part_mark;
    r.part_mark = now;
}

void frame_drawn(const WebApp& w) {
    Recorder& r = rec();
    r.frame_drawn_at = emscripten_get_now();
    r.frame_was_drawn = true;
    if (r.first_interactive < 0 && w.app.storage_state != StorageState::Opening) {
        r.first_interactive = r.frame_drawn_at;
        r.first_frame_start = r.frame_start;
    }
}

// WebGL calls made while drawing are queued into Chromium's command buffer and executed by the
// GPU process later, so these times are the CPU work of our code, ImGui and the WebGL bindings.
void frame_end() {
    Recorder& r = rec();
    if (!r.frame_was_drawn) return;
    double now = emscripten_get_now();
    push_bounded(r.frame_ms, now - r.frame_start, kMaxFrameSamples);
    push_bounded(r.draw_ms, r.frame_drawn_at - r.frame_start, kMaxFrameSamples);
    push_bounded(r.frame_at, r.frame_start, kMaxFrameSamples);
    for (int p = 0; p < static_cast<int>(FramePart::kCount); ++p) push_bounded(r.part_ms[p], r.part_now[p], kMaxFrameSamples);
    push_bounded(r.mirror_parse_ms, crm_js_take_mirror_parse_ms(), kMaxFrameSamples);
    const ImDrawData* d = ImGui::GetDrawData();
    double cmds = 0;
    if (d)
        for (const ImDrawList* list : d->CmdLists) cmds += list->CmdBuffer.Size;
    push_bounded(r.draw_lists, d ? d->CmdListsCount : 0, kMaxFrameSamples);
    push_bounded(r.draw_cmds, cmds, kMaxFrameSamples);
    push_bounded(r.draw_vertices, d ? d->TotalVtxCount : 0, kMaxFrameSamples);
}

void write_requested(std::uint64_t write_id, bool snapshot) {
    Recorder& r = rec();
    if (r.writes_in_flight.size() < kMaxWriteSamples) r.writes_in_flight[write_id] = {emscripten_get_now(), snapshot};
    if (r.import_awaiting_write) {
        r.import_awaiting_write = false;
        r.import_write_id = write_id;
        r.import_write_snapshot = snapshot;
    }
    if (r.edit_awaiting_write && !snapshot) {
        r.edit_awaiting_write = false;
        r.edit_write_id = write_id;
    }
}

void write_done(std::uint64_t write_id) {
    Recorder& r = rec();
    auto it = r.writes_in_flight.find(write_id);
    if (it == r.writes_in_flight.end()) return;
    double ms = emscripten_get_now() - it->second.first;
    bool snapshot = it->second.second;
    r.writes_in_flight.erase(it);
    push_bounded(snapshot ? r.snapshot_write_ms : r.log_write_ms, ms, kMaxWriteSamples);
    if (write_id == r.import_write_id && r.import_durable_ms < 0) {
        r.import_durable_ms = emscripten_get_now() - r.spans[static_cast<int>(Span::ImportApply)].end;
    }
    if (write_id == r.edit_write_id) {
        r.edit_write_id = kNoWrite;
        push_bounded(r.edit_write_ms, ms, kMaxWriteSamples);
        if (r.edits_remaining > 0 && start_edit()) --r.edits_remaining;
    }
}

}  // namespace crm::bench

namespace {

std::string& out_buffer() {
    static std::string s;
    return s;
}

// A core function timed `reps` times in wasm.
template <typename F>
std::vector<double> time_reps(int reps, F&& f) {
    std::vector<double> samples;
    for (int i = 0; i < reps; ++i) {
        double t0 = emscripten_get_now();
        f();
        samples.push_back(emscripten_get_now() - t0);
    }
    return samples;
}

// A start-up mark the page's JS recorded (web/crm_platform.js), or -1.
EM_JS(double, crm_js_bench_mark, (const char* name), {
    var marks = window.crmBenchMarks || {};
    var v = marks[UTF8ToString(name)];
    return typeof v === 'number' ? v : -1;
});
EM_JS(double, crm_js_heap_bytes, (), { return HEAPU8.length; });
double js_mark(const char* name) { return crm_js_bench_mark(name); }

std::string busiest_account(const crm::Store& store) {
    std::map<std::string, std::size_t> per_account;
    for (const auto& a : store.activities().rows())
        if (!a.meta.deleted && a.regarding.kind == crm::RegardingKind::Account) ++per_account[a.regarding.id];
    std::string best_id;
    std::size_t best = 0;
    for (const auto& [id, count] : per_account)
        if (count > best) best = count, best_id = id;
    return best_id;
}

}  // namespace

extern "C" {

// Everything recorded so far, as JSON (times in ms; marks on the performance.now() clock).
EMSCRIPTEN_KEEPALIVE const char* crm_bench_report() {
    using namespace crm::bench;
    crm::WebApp& w = crm::web_app();
    Recorder& r = rec();
    auto span = [&](Span s) { return r.spans[static_cast<int>(s)]; };
    double heap_bytes = crm_js_heap_bytes();
    struct mallinfo mi = mallinfo();
    std::string& o = out_buffer();
    o = "{\"marks\":{\"mainStarted\":" + num(r.main_started) + ",\"storageOpened\":" + num(js_mark("storageOpened")) +
        ",\"chunksRead\":" + num(js_mark("chunksRead")) + ",\"chunksDelivered\":" + num(js_mark("chunksDelivered")) +
        ",\"decodeStart\":" + num(span(Span::Decode).start) +
        ",\"decoded\":" + num(span(Span::Decode).end) + ",\"startupRestMs\":" + num(span(Span::StartupRest).ms()) +
        ",\"firstFrameStart\":" + num(r.first_frame_start) + ",\"firstInteractive\":" + num(r.first_interactive) + "}";
    o += ",\"decodeMs\":" + num(span(Span::Decode).ms());
    o += ",\"frameMs\":" + array(r.frame_ms) + ",\"drawMs\":" + array(r.draw_ms) + ",\"frameAt\":" + array(r.frame_at);
    static const char* kPartNames[] = {"before", "newFrame", "views", "render", "compare", "gl", "after", "mirrorBuild", "mirrorPublish"};
    static_assert(sizeof kPartNames / sizeof *kPartNames == static_cast<int>(FramePart::kCount));
    o += ",\"frameParts\":{";
    for (int p = 0; p < static_cast<int>(FramePart::kCount); ++p) o += std::string(p ? ",\"" : "\"") + kPartNames[p] + "\":" + array(r.part_ms[p]);
    o += ",\"mirrorParse\":" + array(r.mirror_parse_ms) + ",\"drawLists\":" + array(r.draw_lists) +
         ",\"drawCmds\":" + array(r.draw_cmds) + ",\"drawVertices\":" + array(r.draw_vertices) + "}";
    o += ",\"framesDrawn\":" + std::to_string(w.frames_drawn) +
         ",\"framesSinceReset\":" + std::to_string(w.frames_drawn - r.frames_drawn_at_reset);
    o += ",\"import\":{\"planMs\":" + num(span(Span::ImportPlan).ms()) + ",\"applyMs\":" + num(span(Span::ImportApply).ms()) +
         ",\"durableMs\":" + num(r.import_durable_ms) + ",\"durableWasSnapshot\":" + (r.import_write_snapshot ? "true" : "false") + "}";
    o += ",\"exportMs\":" + num(span(Span::Export).ms());
    o += ",\"writes\":{\"logMs\":" + array(r.log_write_ms) + ",\"snapshotMs\":" + array(r.snapshot_write_ms) +
         ",\"editMs\":" + array(r.edit_write_ms) + ",\"editsRemaining\":" + std::to_string(r.edits_remaining) +
         ",\"inFlight\":" + std::to_string(r.writes_in_flight.size()) + "}";
    o += ",\"heap\":{\"heapBytes\":" + num(heap_bytes) + ",\"inUseBytes\":" + num(static_cast<double>(mi.uordblks)) +
         ",\"sbrkBytes\":" + num(static_cast<double>(reinterpret_cast<std::uintptr_t>(sbrk(0)))) + "}";
    o += ",\"activities\":" + std::to_string(w.app.store.live_activity_count());
    o += ",\"storageReady\":" + std::string(w.app.storage_state == crm::StorageState::Ready ? "true" : "false") + "}";
    return o.c_str();
}

EMSCRIPTEN_KEEPALIVE void crm_bench_reset_frames() {
    auto& r = crm::bench::rec();
    r.frame_ms.clear();
    r.draw_ms.clear();
    r.frame_at.clear();
    for (auto& v : r.part_ms) v.clear();
    r.mirror_parse_ms.clear();
    r.draw_lists.clear();
    r.draw_cmds.clear();
    r.draw_vertices.clear();
    r.frames_drawn_at_reset = crm::web_app().frames_drawn;
}

// The core work behind each view, timed in wasm with the app's own store and context, 7 times
// each (all samples reported).
EMSCRIPTEN_KEEPALIVE const char* crm_bench_queries() {
    using namespace crm;
    constexpr int kReps = 7;
    WebApp& w = web_app();
    const Store& store = w.app.store;
    QueryContext ctx = w.app.query_context();
    std::vector<std::pair<std::string, std::vector<double>>> results;
    auto query = [&](const char* name, ActivityQuery q, SortSpec sort) {
        results.emplace_back(name, time_reps(kReps, [&] { (void)run_activity_query(store, q, sort, ctx); }));
    };
    query("myActivities", ActivityQuery{}, SortSpec{});
    query("allTextFilter", ActivityQuery{.view = ActivityView::AllActivities, .state = StateFilter::Any, .text = fold_for_search("umow")},
          SortSpec{});
    query("allSortSubject", ActivityQuery{.view = ActivityView::AllActivities, .state = StateFilter::Any},
          SortSpec{.column = SortColumn::Subject});
    query("allSortRegarding", ActivityQuery{.view = ActivityView::AllActivities, .state = StateFilter::Any},
          SortSpec{.column = SortColumn::Regarding});
    query("allOverdue", ActivityQuery{.view = ActivityView::AllActivities, .due = DueFilter::Overdue}, SortSpec{});
    results.emplace_back("quickSearchIndexBuild", time_reps(kReps, [&] {
                             SearchIndex index;  // built by its first search
                             (void)index.search(store, "renewal");
                         }));
    {
        // The app keeps one index (UiState); it follows changes. A query that does not extend the
        // previous one scans every record; typing on searches the previous matches.
        SearchIndex index;
        (void)index.search(store, "warm-up");
        bool flip = false;
        results.emplace_back("quickSearchFullScan",
                             time_reps(kReps, [&] { (void)index.search(store, (flip = !flip) ? "renewal" : "umowy"); }));
        const std::string typed = "contract renewal";
        std::vector<double> keys;
        for (std::size_t n = 1; n <= typed.size(); ++n)
            keys.push_back(time_reps(1, [&] { (void)index.search(store, typed.substr(0, n)); }).front());
        results.emplace_back("quickSearchKeystroke", keys);
    }
    ActivityQuery all{.view = ActivityView::AllActivities};
    results.emplace_back("kanbanByState",
                         time_reps(kReps, [&] { (void)build_kanban(store, all, SortSpec{}, ctx, KanbanGrouping::State); }));
    ActivityQuery any{.view = ActivityView::AllActivities, .state = StateFilter::Any};
    LocalDate today = w.app.zone.local_date(ctx.now);
    results.emplace_back("calendarMonth", time_reps(kReps, [&] {
                             (void)build_calendar(store, any, ctx, CalendarMode::Month, today, CalendarSettings{});
                         }));
    RecordRef account{RegardingKind::Account, busiest_account(store)};
    results.emplace_back("timelineBusiestAccount", time_reps(kReps, [&] {
                             (void)build_timeline(store, account, TimelineFilter{}, w.app.zone, ctx.now, &w.app.activity_index);
                         }));
    std::string& o = out_buffer();
    o = "{";
    for (std::size_t i = 0; i < results.size(); ++i) o += (i ? ",\"" : "\"") + results[i].first + "\":" + crm::bench::array(results[i].second);
    o += ",\"activities\":" + std::to_string(store.live_activity_count()) + "}";
    return o.c_str();
}

// n subject edits, each its own durable write through the normal flush path: the next starts
// when IndexedDB has completed the previous one. Returns how many could be started (0 or 1 now).
EMSCRIPTEN_KEEPALIVE int crm_bench_edit(int n) {
    auto& r = crm::bench::rec();
    if (n <= 0 || !crm::web_app().app.persistence) return 0;
    r.edit_write_ms.clear();
    r.edits_remaining = n - 1;
    return crm::bench::start_edit() ? 1 : 0;
}

// Writes a full snapshot now (what compaction does after 200 log entries), so the next start
// reads the stored records as chunks, the layout a long-used database has.
EMSCRIPTEN_KEEPALIVE int crm_bench_snapshot() {
    crm::WebApp& w = crm::web_app();
    if (!w.app.persistence) return 0;
    w.app.persistence->write_snapshot(w.app.store);
    crm::request_frames(1);
    return 1;
}

}  // extern "C"
