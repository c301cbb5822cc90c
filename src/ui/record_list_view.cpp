// Lists of the customer records activities are about: accounts, contacts, opportunities and
// cases, each with the number of open activities regarding it. Sortable by clicking a column
// header, clipped so long lists stay fast. (Record forms and timelines come with their own view.)
#include <algorithm>
#include <unordered_map>

#include "core/activity_query.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

struct ListRow {
    std::vector<std::string> cells;
};

struct ListSpec {
    const char* title;
    std::vector<const char*> columns;
    std::vector<ListRow> rows;
};

std::unordered_map<std::string, int> open_activity_counts(const Store& store) {
    std::unordered_map<std::string, int> counts;
    for (const auto& a : store.activities().rows())
        if (!a.meta.deleted && !is_closed(a.state) && !a.regarding.empty()) ++counts[a.regarding.id];
    return counts;
}

std::string account_name(const Store& s, const std::string& id) {
    const Account* a = s.accounts().find(id);
    return a ? a->name : "";
}

ListSpec build_list(const App& app, Page page) {
    const Store& s = app.store;
    auto counts = open_activity_counts(s);
    auto count_of = [&](const std::string& id) { return std::to_string(counts.count(id) ? counts[id] : 0); };
    ListSpec spec;
    switch (page) {
        case Page::Accounts:
            spec = {"Accounts", {"Account Name", "City", "Main Phone", "Website", "Owner", "Open activities"}, {}};
            for (const auto& a : s.accounts().rows())
                if (!a.meta.deleted) spec.rows.push_back({{a.name, a.city, a.phone, a.website, s.owner_name(a.owner), count_of(a.meta.id)}});
            break;
        case Page::Contacts:
            spec = {"Contacts", {"Full Name", "Account", "Job Title", "Email", "Business Phone", "Open activities"}, {}};
            for (const auto& c : s.contacts().rows())
                if (!c.meta.deleted)
                    spec.rows.push_back({{c.full_name, account_name(s, c.parent_account_id), c.job_title, c.email, c.phone, count_of(c.meta.id)}});
            break;
        case Page::Opportunities:
            spec = {"Opportunities", {"Topic", "Account", "Est. Revenue", "Stage", "Est. Close Date", "Open activities"}, {}};
            for (const auto& o : s.opportunities().rows()) {
                if (o.meta.deleted) continue;
                char revenue[32];
                std::snprintf(revenue, sizeof revenue, "%.2f", o.estimated_revenue);
                spec.rows.push_back({{o.name, account_name(s, o.account_id), revenue, tr(opportunity_stage_name(o.stage)),
                                      o.estimated_close ? format_iso_date(*o.estimated_close) : "", count_of(o.meta.id)}});
            }
            break;
        case Page::Cases:
            spec = {"Cases", {"Case Title", "Customer", "Status", "Priority", "Owner", "Open activities"}, {}};
            for (const auto& c : s.cases().rows()) {
                if (c.meta.deleted) continue;
                const char* priority = c.priority == CasePriority::High ? "High" : c.priority == CasePriority::Low ? "Low" : "Normal";
                spec.rows.push_back({{c.title, account_name(s, c.account_id), tr(case_status_name(c.status)), tr(priority),
                                      s.owner_name(c.owner), count_of(c.meta.id)}});
            }
            break;
        default: break;
    }
    return spec;
}

}  // namespace

void draw_record_list(App& app, UiState& ui) {
    ListSpec spec = build_list(app, ui.page);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
    ImGui::TextUnformatted(tr(spec.title));
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::Text(tr("%zu records"), spec.rows.size());
    ImGui::PopStyleColor();
    int ncols = static_cast<int>(spec.columns.size());
    ImGuiTableFlags flags = ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_ScrollY;
    std::string table_id = std::string("records_") + spec.title;
    if (!ImGui::BeginTable(table_id.c_str(), ncols, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (int c = 0; c < ncols; ++c) ImGui::TableSetupColumn(tr(spec.columns[static_cast<std::size_t>(c)]));
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsCount > 0) {
        int col = sort->Specs[0].ColumnIndex;
        bool desc = sort->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        bool numeric = col == ncols - 1;
        std::stable_sort(spec.rows.begin(), spec.rows.end(), [&](const ListRow& a, const ListRow& b) {
            const auto& x = a.cells[static_cast<std::size_t>(col)];
            const auto& y = b.cells[static_cast<std::size_t>(col)];
            bool less = numeric ? std::stoi(x) < std::stoi(y) : ascii_lower(x) < ascii_lower(y);
            bool greater = numeric ? std::stoi(y) < std::stoi(x) : ascii_lower(y) < ascii_lower(x);
            return desc ? greater : less;
        });
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(spec.rows.size()));
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            ImGui::TableNextRow();
            const auto& row = spec.rows[static_cast<std::size_t>(r)];
            for (int c = 0; c < ncols; ++c) {
                ImGui::TableSetColumnIndex(c);
                ImGui::TextUnformatted(row.cells[static_cast<std::size_t>(c)].c_str());
            }
        }
    ImGui::EndTable();
}

}  // namespace crm
