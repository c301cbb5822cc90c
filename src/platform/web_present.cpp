// Whether a frame's drawing must reach the canvas. Frames are drawn on demand, but input keeps
// them coming for 700 ms (hover delays) and most of those frames draw exactly the same pixels;
// with software WebGL (SwiftShader, 2 cores) each full-canvas draw costs ~50 ms of CPU taken from
// everything else. A canvas that is not drawn to in an animation frame keeps showing its last
// picture, so an identical frame needs no GL. While a sync cycle moves data, a changed frame that
// no recent input asked for (progress, saves) is shown at most every 500 ms: the server and the
// next batch need that CPU more than the counters need 60 fps. A timer brings the last one.
#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <cstdint>
#include <cstring>

#include "imgui.h"
#include "imgui_internal.h"
#include "web_app.hpp"

namespace crm {
namespace {

struct Hash {
    std::uint64_t h = 1469598103934665603ull;
    void bytes(const void* data, std::size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) {  // a word at a time: a frame holds tens of thousands of vertices
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            h = (h ^ w) * 1099511628211ull;
            h ^= h >> 29;
        }
        for (; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    }
    template <typename T>
    void value(const T& v) { bytes(&v, sizeof v); }
};

constexpr double kSyncFrameEveryMs = 500;
constexpr double kInputRecentMs = 100;

std::uint64_t g_on_screen = 0;
double g_shown_at_ms = 0;
double g_input_at_ms = -1e9;
bool g_timer_set = false;

void show_deferred_frame(void*) {
    g_timer_set = false;
    request_frames(1);
}

bool sync_moving_data(const WebApp& w) {
    SyncPhase phase = w.app.sync.status().phase;
    return w.app.sync.busy() || phase == SyncPhase::Pull || phase == SyncPhase::Push || phase == SyncPhase::FetchBase;
}

}  // namespace

bool frame_to_canvas(const WebApp& w, const ImDrawData* data) {
    if (!data) return true;
    Hash hash;
    hash.value(data->DisplayPos);
    hash.value(data->DisplaySize);
    hash.value(data->FramebufferScale);  // a resized canvas is cleared: it must be drawn
    hash.value(data->CmdListsCount);
    for (const ImDrawList* list : data->CmdLists) {
        hash.bytes(list->VtxBuffer.Data, static_cast<std::size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        hash.bytes(list->IdxBuffer.Data, static_cast<std::size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            hash.value(cmd.ClipRect);
            hash.value(cmd.TextureId);
            hash.value(cmd.VtxOffset);
            hash.value(cmd.IdxOffset);
            hash.value(cmd.ElemCount);
            hash.value(cmd.UserCallback != nullptr);
        }
    }
    hash.value(ImGui::GetIO().Fonts->TexID);
    double now = emscripten_get_now();
    if (!GImGui->InputEventsTrail.empty()) g_input_at_ms = now;  // this frame took input
    if (hash.h == g_on_screen) return false;
    bool input_recent = now - g_input_at_ms < kInputRecentMs;
    if (sync_moving_data(w) && !input_recent && now - g_shown_at_ms < kSyncFrameEveryMs) {
        if (!g_timer_set) {
            g_timer_set = true;
            emscripten_set_timeout(show_deferred_frame, kSyncFrameEveryMs - (now - g_shown_at_ms), nullptr);
        }
        return false;
    }
    g_on_screen = hash.h;
    g_shown_at_ms = now;
    return true;
}

// A rebuilt font atlas may change glyph pixels under the same coordinates: draw the next frame.
void forget_frame_on_screen() { g_on_screen = 0; }

}  // namespace crm
