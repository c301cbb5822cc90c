// The font atlas, built from the characters the app actually has to draw (core/glyph_set).
// Noto Sans (Latin, Polish, punctuation) is embedded in the wasm file system; Noto Sans CJK TC
// is a separate file beside app.wasm (fonts/NotoSansCJKtc-subset.otf, ~5 MB), fetched only when
// the UI language is zh-Hant or CJK text appears in the data or is typed. Until it arrives the
// app draws as before (ImGui's fallback glyph); when it arrives, or when new characters appear,
// the atlas is rebuilt between frames and the texture re-uploaded.
// Glyphs are rasterised at the device pixel ratio and laid out in CSS pixels; snap_text_vertices()
// moves each glyph quad onto whole device pixels vertically, which fractional ratios (1.5)
// would otherwise leave half a pixel off (blurred).
#include <emscripten.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/glyph_set.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "ui/item_registry.hpp"
#include "web_app.hpp"

extern "C" void crm_js_fetch_font(const char* url);

namespace crm {
namespace {

constexpr float kFontSize = 15.0f;
constexpr const char* kLatinFontPath = "/fonts/ui.ttf";          // --embed-file, see CMakeLists.txt
constexpr const char* kCjkFontUrl = "fonts/NotoSansCJKtc-subset.otf";  // beside app.wasm
constexpr double kRetryMs = 30000;

enum class CjkState { None, Loading, Ready, Failed };
const char* cjk_state_name(CjkState s) {
    switch (s) {
        case CjkState::None: return "none";
        case CjkState::Loading: return "loading";
        case CjkState::Ready: return "ready";
        case CjkState::Failed: return "failed";
    }
    return "?";
}

struct Fonts {
    GlyphSet glyphs;
    std::vector<unsigned char> latin_data;
    std::vector<unsigned char> cjk_data;
    CjkState cjk = CjkState::None;
    std::string cjk_error;
    double cjk_failed_at = 0;
    // What the current atlas was built from, to tell when it must be rebuilt.
    float built_dpr = 0;
    std::size_t built_latin = 0, built_cjk = 0;
    bool built_with_cjk = false;
    std::vector<ImWchar> ranges;  // must outlive the atlas build
    int rebuilds = 0;
    int fetches = 0;  // requests for the CJK file the app made
    double last_build_ms = 0;  // time of the last atlas build (rasterising and uploading)
    int quads_seen = 0, quads_moved = 0;  // glyph quads of the last frame, and those snapped
    // Inputs already fed into the glyph set.
    std::uint64_t catalog_revision = ~std::uint64_t{0};
    std::size_t pending_seen = 0;
    bool cjk_base_added = false;  // add_cjk_base_glyphs done
};

Fonts& fonts() {
    static Fonts f;
    return f;
}

std::vector<unsigned char> read_file(const char* path) {
    std::vector<unsigned char> out;
    if (FILE* f = std::fopen(path, "rb")) {
        unsigned char buf[65536];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
        std::fclose(f);
    }
    return out;
}

// The characters every screen may need before any data arrives: printable ASCII, Latin-1,
// Latin Extended-A (Polish), the punctuation, currency and arrows the UI strings use, and the
// glyphs ImGui itself draws (ellipsis, replacement character).
void add_base_glyphs(GlyphSet& g) {
    g.add_range(0x20, 0x7E);
    g.add_range(0xA0, 0x17F);
    g.add_range(0x2010, 0x2027);
    g.add_range(0x2030, 0x203A);
    g.add(0x20AC);
    g.add_range(0x2190, 0x2193);
    g.add(0x2212);
    g.add(0xFFFD);
}

// Full-width punctuation and the characters dates, times and numbers use in Traditional Chinese
// (年月日, weekdays, 上午/下午): formatted text that may not pass through the catalog verbatim.
void add_cjk_base_glyphs(GlyphSet& g) {
    g.add_range(0x3000, 0x3011);
    g.add_range(0xFF01, 0xFF1F);
    g.add_text("年月日時分秒週星期一二三四五六七八九十上午下今天明昨");
}

// The atlas no longer matches what must be drawn: another pixel ratio, Latin characters it lacks,
// or Chinese ones it lacks while the Chinese face is here.
bool atlas_outdated(const Fonts& f, float dpr) {
    const std::size_t latin = f.glyphs.size() - f.glyphs.cjk_count();
    const bool cjk_due = f.cjk == CjkState::Ready && f.glyphs.cjk_count() > 0 &&
                         (!f.built_with_cjk || f.glyphs.cjk_count() != f.built_cjk);
    return std::abs(dpr - f.built_dpr) > 0.001f || latin != f.built_latin || cjk_due;
}

bool wants_cjk() {
    return fonts().glyphs.cjk_count() > 0 || active_catalog().language() == "zh-Hant";
}

void build_atlas(float dpr) {
    Fonts& f = fonts();
    double started = emscripten_get_now();
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    f.ranges.clear();
    for (char32_t cp : f.glyphs.ranges()) f.ranges.push_back(static_cast<ImWchar>(cp));
    ImFontConfig latin;
    latin.FontDataOwnedByAtlas = false;  // the bytes are kept here across rebuilds
    // Horizontal oversampling keeps glyphs at fractional x positions sharp; at 2x and above the
    // device pixels are small enough without it (and the atlas is 4x-9x larger already).
    latin.OversampleH = dpr < 2 ? 2 : 1;
    latin.OversampleV = 1;
    ImFont* font = nullptr;
    if (!f.latin_data.empty())
        font = io.Fonts->AddFontFromMemoryTTF(f.latin_data.data(), static_cast<int>(f.latin_data.size()), kFontSize * dpr,
                                              &latin, f.ranges.data());
    if (!font) font = io.Fonts->AddFontDefault();
    f.built_with_cjk = false;
    if (f.cjk == CjkState::Ready && f.glyphs.cjk_count() > 0) {
        // Merged: characters the Latin face lacks come from the CJK face, in the same ImFont.
        ImFontConfig cjk;
        cjk.MergeMode = true;
        cjk.FontDataOwnedByAtlas = false;
        cjk.OversampleH = 1;  // ideographs are wide; the full-width advance lands on whole pixels
        cjk.OversampleV = 1;
        io.Fonts->AddFontFromMemoryTTF(f.cjk_data.data(), static_cast<int>(f.cjk_data.size()), kFontSize * dpr, &cjk,
                                       f.ranges.data());
        f.built_with_cjk = true;
    }
    io.FontGlobalScale = 1.0f / dpr;  // rasterised at device pixels, laid out in CSS pixels
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    f.built_dpr = dpr;
    f.built_latin = f.glyphs.size() - f.glyphs.cjk_count();
    f.built_cjk = f.glyphs.cjk_count();
    ++f.rebuilds;
    f.last_build_ms = emscripten_get_now() - started;
}

}  // namespace

void init_fonts(float dpr) {
    Fonts& f = fonts();
    f.latin_data = read_file(kLatinFontPath);
    add_base_glyphs(f.glyphs);
    build_atlas(dpr);
}

void note_text_for_glyphs(const char* utf8) {
    if (utf8) fonts().glyphs.add_text(utf8);
}

void note_records_for_glyphs(const WebApp& w, std::span<const RecordHandle> changed) {
    add_records_text(fonts().glyphs, w.app.store, changed);
}

void note_store_loaded(const WebApp& w) {
    add_store_text(fonts().glyphs, w.app.store);
}

bool feed_glyphs(WebApp& w) {
    Fonts& f = fonts();
    // Records changed since the last frame (edits, imports, sync): the queue Persistence takes.
    const auto& pending = w.app.store.pending_changes();
    if (pending.size() < f.pending_seen) f.pending_seen = 0;
    if (pending.size() > f.pending_seen) {
        add_records_text(f.glyphs, w.app.store,
                         std::span<const RecordHandle>(pending.data() + f.pending_seen, pending.size() - f.pending_seen));
        f.pending_seen = pending.size();
    }
    const Catalog& catalog = active_catalog();
    if (catalog.revision() != f.catalog_revision) {
        f.catalog_revision = catalog.revision();
        add_catalog_text(f.glyphs, catalog);
    }
    if (wants_cjk()) {
        double now = emscripten_get_now();
        bool retry = f.cjk == CjkState::Failed && now - f.cjk_failed_at > kRetryMs;
        if (f.cjk == CjkState::None || retry) {
            f.cjk = CjkState::Loading;
            ++f.fetches;
            crm_js_fetch_font(kCjkFontUrl);
        }
        // Once, and not keyed on one character: a catalog may already hold 年 but not 午.
        if (!f.cjk_base_added) {
            add_cjk_base_glyphs(f.glyphs);
            f.cjk_base_added = true;
        }
    }
    return f.glyphs.take_grown() && atlas_outdated(f, f.built_dpr);
}

void note_pending_taken() { fonts().pending_seen = 0; }

bool update_fonts(const WebApp& w) {
    if (!atlas_outdated(fonts(), w.dpr)) return false;
    build_atlas(w.dpr);
    return true;
}

void snap_text_vertices(ImDrawData* data, float dpr) {
    if (!data || dpr <= 0) return;
    Fonts& f = fonts();
    f.quads_seen = f.quads_moved = 0;
    ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    for (ImDrawList* list : data->CmdLists) {
        ImDrawVert* v = list->VtxBuffer.Data;
        int n = list->VtxBuffer.Size;
        for (int i = 0; i + 3 < n;) {
            // A textured quad as ImFont::RenderText writes it: (x1,y1) (x2,y1) (x2,y2) (x1,y2).
            bool quad = v[i].pos.y == v[i + 1].pos.y && v[i + 2].pos.y == v[i + 3].pos.y && v[i].pos.x == v[i + 3].pos.x &&
                        v[i + 1].pos.x == v[i + 2].pos.x && v[i].uv.y == v[i + 1].uv.y && v[i].uv.x == v[i + 3].uv.x &&
                        v[i + 1].uv.x == v[i + 2].uv.x && v[i + 2].uv.y == v[i + 3].uv.y && v[i].uv.x != v[i + 1].uv.x &&
                        !(v[i].uv.x == white.x && v[i].uv.y == white.y);
            if (!quad) {
                ++i;
                continue;
            }
            // Both edges of a glyph are the same fraction off the device grid (its bitmap is a
            // whole number of pixels high), so one shift puts the whole glyph on the grid.
            float top = v[i].pos.y * dpr;
            float dy = (std::floor(top + 0.5f) - top) / dpr;
            ++f.quads_seen;
            if (std::abs(dy * dpr) > 0.01f) ++f.quads_moved;
            for (int k = 0; k < 4; ++k) v[i + k].pos.y += dy;
            i += 4;
        }
    }
}

std::string fonts_test_state() {
    Fonts& f = fonts();
    ImFont* font = ImGui::GetIO().Fonts->Fonts.Size ? ImGui::GetIO().Fonts->Fonts[0] : nullptr;
    // CJK characters the app has to draw but the atlas cannot (outside the subset, or the file
    // has not arrived): the browser test checks this list, not just the state.
    std::string missing;
    int missing_count = 0;
    std::vector<char32_t> r = f.glyphs.ranges(is_cjk_code_point);
    for (std::size_t i = 0; i + 1 < r.size(); i += 2)
        for (char32_t cp = r[i]; cp <= r[i + 1]; ++cp)
            if (!font || !font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) {
                if (missing_count++ < 32) missing += (missing.empty() ? "" : ",") + std::to_string(cp);
            }
    // Characters in the text of this frame's items (labels, values, table cells) that the atlas
    // cannot draw: what a user would see as a box. Catches text that never reached the glyph set.
    GlyphSet on_screen;
    for (const auto& it : item_registry_items()) {
        on_screen.add_text(it.label);
        on_screen.add_text(it.value);
        for (const auto& c : it.cells) on_screen.add_text(c);
    }
    std::string unrendered;
    int unrendered_count = 0;
    std::vector<char32_t> shown = on_screen.ranges();
    for (std::size_t i = 0; i + 1 < shown.size(); i += 2)
        for (char32_t cp = shown[i]; cp <= shown[i + 1]; ++cp)
            if (cp > 0x20 && (!font || !font->FindGlyphNoFallback(static_cast<ImWchar>(cp))))
                if (unrendered_count++ < 32) unrendered += (unrendered.empty() ? "" : ",") + std::to_string(cp);
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    return "{\"glyphs\":" + std::to_string(f.glyphs.size()) + ",\"cjkGlyphs\":" + std::to_string(f.glyphs.cjk_count()) +
           ",\"cjk\":\"" + cjk_state_name(f.cjk) + "\",\"atlasGlyphs\":" + std::to_string(font ? font->Glyphs.Size : 0) +
           ",\"atlasWidth\":" + std::to_string(atlas->TexWidth) + ",\"atlasHeight\":" + std::to_string(atlas->TexHeight) +
           ",\"rebuilds\":" + std::to_string(f.rebuilds) + ",\"lastBuildMs\":" + std::to_string(static_cast<int>(f.last_build_ms)) + ",\"fetches\":" + std::to_string(f.fetches) +
           ",\"quadsSeen\":" + std::to_string(f.quads_seen) + ",\"quadsMoved\":" + std::to_string(f.quads_moved) + ",\"missingCjkCount\":" + std::to_string(missing_count) +
           ",\"missingCjk\":[" + missing + "],\"unrenderedOnScreenCount\":" + std::to_string(unrendered_count) +
           ",\"unrenderedOnScreen\":[" + unrendered + "]}";
}

}  // namespace crm

// The CJK font file arrived (bytes, len) or could not be fetched (error).
extern "C" EMSCRIPTEN_KEEPALIVE void crm_on_font_loaded(const unsigned char* bytes, int len, const char* error) {
    crm::Fonts& f = crm::fonts();
    if (bytes && len > 0) {
        f.cjk_data.assign(bytes, bytes + len);
        f.cjk = crm::CjkState::Ready;
    } else {
        f.cjk = crm::CjkState::Failed;
        f.cjk_failed_at = emscripten_get_now();
        f.cjk_error = error ? error : "unknown error";
        std::fprintf(stderr, "CJK font not loaded: %s\n", f.cjk_error.c_str());
    }
    crm::request_frames();
}
