// Lists of the records activities are about: accounts, contacts, opportunities and cases. A
// search box (case- and diacritic-insensitive), sortable columns, New, and a double-click (or
// Enter on the selected row) opens the record's form with its timeline. Rows come from
// run_record_list(), cached until the data or the query changes, and are drawn with the list
// clipper, so 100,000 records scroll as smoothly as 10.
#include "core/locale_format.hpp"
#include "core/i18n.hpp"
#include "core/record_list.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

ListKind list_kind_for(Page page) {
    switch (page) {
        case Page::Contacts: return ListKind::Contacts;
        case Page::Opportunities: return ListKind::Opportunities;
        case Page::Cases: return ListKind::Cases;
        default: return ListKind::Accounts;
    }
}

const std::vector<std::uint32_t>& list_rows(App& app, UiState& ui) {
    // minute 0: lists do not depend on the clock
    return ui.list.get(ui.list_query, app.store.version(), 0, [&] { return run_record_list(app.store, ui.list_query); });
}

}  // namespace

void draw_record_list(App& app, UiState& ui) {
    ListKind kind = list_kind_for(ui.page);
    if (ui.list_query.kind != kind) {
        ui.list_query = RecordListQuery{.kind = kind};
    }
    RegardingKind record_kind = regarding_kind_of(kind);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
    ImGui::TextUnformatted(tr(list_title(kind)));
    ImGui::PopStyleColor();
    if (ImGui::Button(ui::label("+ New", "list_new").c_str())) open_new_record(app, ui, record_kind);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(260);
    item_registry_caption(tr("Search this list"));
    ImGui::InputTextWithHint("##list_search", tr("Search this list"), &ui.list_query.text);
    const auto& rows = list_rows(app, ui);
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(count_phrase("%s record", "%s records", static_cast<long long>(rows.size())).c_str());
    ImGui::PopStyleColor();

    auto columns = list_columns(kind);
    int ncols = static_cast<int>(columns.size());
    ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_ScrollY;
    std::string table_id = std::string("records_") + list_title(kind);
    if (!ImGui::BeginTable(table_id.c_str(), ncols, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (int c = 0; c < ncols; ++c) ImGui::TableSetupColumn(tr(columns[static_cast<std::size_t>(c)]));
    ImGui::TableHeadersRow();
    {  // screen readers read each row by its cells, under these headers
        std::vector<std::string> headers;
        for (const char* c : columns) headers.emplace_back(tr(c));
        item_registry_table(table_id.c_str(), tr(list_title(kind)), static_cast<int>(rows.size()), std::move(headers));
    }
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsDirty) {
        if (sort->SpecsCount > 0) {
            ui.list_query.sort_column = sort->Specs[0].ColumnIndex;
            ui.list_query.descending = sort->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        }
        sort->SpecsDirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            std::uint32_t index = rows[static_cast<std::size_t>(r)];
            const std::string& id = record_id_at(app.store, kind, index);
            ImGui::PushID(id.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            std::vector<std::string> cells;
            for (int c = 0; c < ncols; ++c) cells.push_back(cell_text(app.store, kind, index, c));
            item_registry_row_begin(table_id.c_str(), r);
            bool pressed = ImGui::Selectable((cells[0] + "##record").c_str(), false,
                                             ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick);
            // a double-click opens the record, and so does Enter or Space on the row that has the
            // keyboard focus (pressed with no mouse button released this frame)
            if (pressed && (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) || !ImGui::IsMouseReleased(ImGuiMouseButton_Left)))
                open_record(app, ui, {record_kind, id});
            item_registry_note_row(cells, false);
            item_registry_row_end();
            for (int c = 1; c < ncols; ++c) {
                ImGui::TableSetColumnIndex(c);
                ImGui::TextUnformatted(cells[static_cast<std::size_t>(c)].c_str());
            }
            ImGui::PopID();
        }
    ImGui::EndTable();
}

}  // namespace crm
