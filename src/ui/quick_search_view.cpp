// Quick search at the top of the navigation: finds accounts, contacts, opportunities, cases and
// activities while the user types, ignoring case and diacritics ("zolw" finds "Żółw") and
// matching Chinese text; Enter opens the best hit, a click opens any hit, Esc clears.
#include "core/i18n.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

void open_hit(App& app, UiState& ui, const SearchHit& hit) {
    switch (hit.kind) {
        case HitKind::Activity: open_any_activity(app, ui, hit.id); break;
        case HitKind::Account: open_record(app, ui, {RegardingKind::Account, hit.id}); break;
        case HitKind::Contact: open_record(app, ui, {RegardingKind::Contact, hit.id}); break;
        case HitKind::Opportunity: open_record(app, ui, {RegardingKind::Opportunity, hit.id}); break;
        case HitKind::Case: open_record(app, ui, {RegardingKind::Case, hit.id}); break;
    }
}

}  // namespace

void draw_quick_search(App& app, UiState& ui) {
    ImGui::SetNextItemWidth(-1);
    item_registry_caption(tr("Search records"));  // the hint names the field for screen readers
    bool enter = ImGui::InputTextWithHint("##quick_search", tr("Search records"), &ui.search_text,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Accounts, contacts, opportunities, cases and activities. Enter opens the best hit."));
    if (ui.search_text.empty()) return;
    const auto& hits = ui.search_hits.get(ui.search_text, app.store.version(), 0, [&] {
        return ui.search_index.search(app.store, ui.search_text, 12);
    });
    if (enter && !hits.empty()) {
        SearchHit best = hits.front();
        ui.search_text.clear();
        open_hit(app, ui, best);
        return;
    }
    if (hits.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextWrapped("%s", tr("No matches."));
        ImGui::PopStyleColor();
    }
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const SearchHit& hit = hits[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable((hit.title + "##hit").c_str(), i == 0)) {
            SearchHit chosen = hit;
            ui.search_text.clear();
            open_hit(app, ui, chosen);
            ImGui::PopID();
            return;
        }
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextWrapped("%s", hit.subtitle.c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::Separator();
}

}  // namespace crm
