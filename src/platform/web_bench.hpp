// Measurement hooks for the benchmark (scripts/bench.sh, tests/bench/run.mjs). The app calls these
// at a few points (start-up, frames, import/export, storage writes); they only record times with
// emscripten_get_now() (performance.now(), same origin as the page's marks) into bounded buffers.
// The bench reads them through the exported crm_bench_* functions in web_bench.cpp.
#pragma once
#include <cstdint>

namespace crm {
struct WebApp;
}

namespace crm::bench {

// StartupRest: what on_storage_loaded does after decoding (start options, glyphs, sync, data file).
enum class Span : std::uint8_t { Decode, ImportPlan, ImportApply, Export, StartupRest, kCount };

// Records [start_ms, now] as the latest `span`.
void record_span(Span span, double start_ms);

// Records the time from construction to destruction as the latest `span` (one line at a call site).
class ScopedSpan {
public:
    explicit ScopedSpan(Span span);
    ~ScopedSpan();
    ScopedSpan(const ScopedSpan&) = delete;
    ScopedSpan& operator=(const ScopedSpan&) = delete;

private:
    Span span_;
    double start_ms_;
};

void mark_main_started();
void frame_begin();
void frame_drawn(const WebApp& w);  // after a frame was drawn: notes the first interactive one
void frame_end();                   // after the drawn frame's a11y publication
void write_requested(std::uint64_t write_id, bool snapshot);
void write_done(std::uint64_t write_id);

}  // namespace crm::bench
