// CPU time of one UI frame (ImGui and the views, no GPU) while the mouse wheel scrolls the grid, an
// account's timeline, the kanban board and the calendar, at 1k, 10k and 100k activities, natively.
// The browser benchmark measures the same frames in wasm; this one isolates the views from the
// browser and is quick to re-run while changing a view.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "core/bench_data.hpp"
#include "imgui.h"
#include "ui/item_registry.hpp"
#include "ui/views.hpp"
#include "ui/widgets.hpp"

namespace crm {
namespace {

struct Ui {
    App app;
    UiState ui;
    std::string busiest_account;
    explicit Ui(std::size_t activities) {
        BenchDataSpec spec{.activities = activities};
        seed_bench_data(app.store, spec);
        app.store.take_pending_changes();
        const UtcMillis now = utc_midnight(spec.anchor) + 10 * 3'600'000;
        app.clock = [now] { return now; };
        app.zone = TimeZone::fixed("UTC+01:00", 60);
        app.storage_state = StorageState::Ready;
        app.current_user_id = app.store.users().rows().front().meta.id;
        std::map<std::string, int> per_account;
        for (const auto& a : app.store.activities().rows())
            if (a.regarding.kind == RegardingKind::Account) ++per_account[a.regarding.id];
        int best = 0;
        for (const auto& [id, n] : per_account)
            if (n > best) best = n, busiest_account = id;
    }
};

ImGuiContext* imgui() {
    static ImGuiContext* ctx = [] {
        ImGuiContext* c = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        io.DisplaySize = ImVec2(1400, 850);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ui::apply_style();
        item_registry_enable(true);  // on in the browser too: the screen-reader mirror
        return c;
    }();
    return ctx;
}

Ui& ui_with(std::size_t activities) {
    static std::map<std::size_t, std::unique_ptr<Ui>> made;
    auto& slot = made[activities];
    if (!slot) slot = std::make_unique<Ui>(activities);
    return *slot;
}

void frame(Ui& u) {
    item_registry_begin_frame();
    ImGui::NewFrame();
    draw_app(u.app, u.ui);
    ImGui::Render();
}

// Scrolls with the wheel over (x, y), a notch a frame, turning back every 40 notches.
void scroll_frames(benchmark::State& state, Ui& u, float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    for (int i = 0; i < 5; ++i) frame(u);  // caches filled, layout settled
    int n = 0;
    for (auto _ : state) {
        io.AddMouseWheelEvent(0, (n++ / 40) % 2 ? 1.0f : -1.0f);
        frame(u);
    }
    state.counters["draw_cmds"] = static_cast<double>(ImGui::GetDrawData()->CmdListsCount);
}

// The UI of this benchmark's size showing All Activities as `show_as`, no dialog open.
Ui& showing(benchmark::State& state, ShowAs show_as, CalendarMode mode = CalendarMode::Week) {
    imgui();
    Ui& u = ui_with(static_cast<std::size_t>(state.range(0)));
    u.ui.dialogs.clear();
    u.ui.show_as = show_as;
    u.ui.calendar_mode = mode;
    u.ui.query.view = ActivityView::AllActivities;
    return u;
}

void BM_FrameScrollGrid(benchmark::State& state) { scroll_frames(state, showing(state, ShowAs::Grid), 700, 500); }
void BM_FrameScrollKanban(benchmark::State& state) { scroll_frames(state, showing(state, ShowAs::Kanban), 300, 500); }
void BM_FrameScrollCalendarWeek(benchmark::State& state) {
    scroll_frames(state, showing(state, ShowAs::Calendar, CalendarMode::Week), 700, 500);
}
void BM_FrameScrollCalendarMonth(benchmark::State& state) {
    scroll_frames(state, showing(state, ShowAs::Calendar, CalendarMode::Month), 700, 500);
}
void BM_FrameScrollAccountTimeline(benchmark::State& state) {
    Ui& u = showing(state, ShowAs::Grid);
    open_record(u.app, u.ui, {RegardingKind::Account, u.busiest_account});
    scroll_frames(state, u, 700, 600);
    u.ui.dialogs.clear();
}
void BM_FrameIdleGrid(benchmark::State& state) {
    Ui& u = showing(state, ShowAs::Grid);
    for (auto _ : state) frame(u);
}

#define CRM_SIZES ->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)
BENCHMARK(BM_FrameScrollGrid) CRM_SIZES;
BENCHMARK(BM_FrameScrollAccountTimeline) CRM_SIZES;
BENCHMARK(BM_FrameScrollKanban) CRM_SIZES;
BENCHMARK(BM_FrameScrollCalendarWeek) CRM_SIZES;
BENCHMARK(BM_FrameScrollCalendarMonth) CRM_SIZES;
BENCHMARK(BM_FrameIdleGrid) CRM_SIZES;

}  // namespace
}  // namespace crm

BENCHMARK_MAIN();
