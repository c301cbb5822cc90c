// Whether a frame's drawing differs from the one on screen. Frames are drawn on demand, but input
// keeps them coming for 700 ms (hover delays) and most of those frames draw exactly the same
// pixels; with software WebGL (SwiftShader, 2 cores) each full-canvas draw costs ~50 ms of CPU
// taken from everything else (a running sync, the page's own work). A canvas that is not drawn
// to in an animation frame keeps showing its last picture, so an identical frame needs no GL.
#include <cstdint>
#include <cstring>

#include "imgui.h"
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

std::uint64_t g_on_screen = 0;

}  // namespace

bool frame_differs_from_screen(const ImDrawData* data) {
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
    if (hash.h == g_on_screen) return false;
    g_on_screen = hash.h;
    return true;
}

// A rebuilt font atlas may change glyph pixels under the same coordinates: draw the next frame.
void forget_frame_on_screen() { g_on_screen = 0; }

}  // namespace crm
