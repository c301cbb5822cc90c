// Activities as a dashboard (Show as › Dashboard): two counts (overdue, due today), horizontal
// bars by type, status and owner, vertical bars by due week and the completion rate of the last
// 12 weeks, drawn with the window's draw list from core/activity_report's view-model. Every bar
// is an invisible button: hover shows the exact number, a click (or arrow keys and Enter, through
// ImGui's navigation) opens the grid filtered to exactly those rows, and the item registry names
// it for the screen-reader mirror ("Task: 42"). Nothing animates: frames are drawn only on input.
#include <algorithm>

#include "core/i18n.hpp"
#include "core/locale_format.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr ImU32 kBarColour = IM_COL32(96, 148, 206, 255);
constexpr ImU32 kRateColour = IM_COL32(46, 140, 86, 255);
constexpr ImU32 kHoverColour = IM_COL32(232, 240, 252, 255);
constexpr ImU32 kAxisColour = IM_COL32(200, 205, 215, 255);

const char* completion_definition() {
    return tr("Completion rate of a week: of the activities due that week (not counting notes and canceled ones), "
              "completed ÷ (completed + still open or scheduled).");
}

void heading(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
    ImGui::TextUnformatted(text);
    ImGui::PopStyleColor();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    item_registry_note_rect(text, min.x, min.y, max.x - min.x, max.y - min.y, A11yRole::Heading);
}

// Hover and keyboard focus of the bar just drawn (InvisibleButton draws no focus frame itself).
void bar_frame(ImDrawList* dl, ImVec2 min, ImVec2 max) {
    if (ImGui::IsItemHovered() || ImGui::IsItemFocused()) dl->AddRectFilled(min, max, kHoverColour, 3);
    if (ImGui::IsItemFocused()) dl->AddRect(min, max, ui::kAccentColour, 3, 0, 2);
}

std::string activities_phrase(std::size_t n) { return count_phrase("%s activity", "%s activities", static_cast<long long>(n)); }

// Horizontal bars: a label column, the bar, its count. Returns the bar clicked, if any.
const ReportBar* hbar_chart(const char* id, const char* title, const std::vector<ReportBar>& bars, bool translate, float width) {
    heading(title);
    if (bars.empty()) {
        ImGui::TextDisabled("%s", tr("No activities"));
        return nullptr;
    }
    ImGui::PushID(id);
    std::size_t max = 1;
    for (const auto& b : bars) max = std::max(max, b.count);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight(), row_h = line + 8, label_w = std::min(170.0f, width * 0.4f);
    const float bar_room = std::max(20.0f, width - label_w - 64);
    const ReportBar* clicked = nullptr;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const ReportBar& b = bars[i];
        const std::string name = translate ? tr(b.label.c_str()) : b.label;
        const std::string count = format_count(static_cast<long long>(b.count));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImVec2 end(p.x + width, p.y + row_h);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton((name + ": " + count + "###bar").c_str(), ImVec2(width, row_h))) clicked = &b;
        bar_frame(dl, p, end);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", name.c_str(), activities_phrase(b.count).c_str());
        ImGui::PopID();
        dl->PushClipRect(p, ImVec2(p.x + label_w - 6, end.y), true);
        dl->AddText(ImVec2(p.x + 4, p.y + 4), ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
        dl->PopClipRect();
        const float w = bar_room * static_cast<float>(b.count) / static_cast<float>(max);
        if (b.count > 0) dl->AddRectFilled(ImVec2(p.x + label_w, p.y + 4), ImVec2(p.x + label_w + std::max(w, 2.0f), end.y - 4), kBarColour, 2);
        dl->AddText(ImVec2(p.x + label_w + w + 6, p.y + 4), ui::kMutedColour, count.c_str());
    }
    ImGui::PopID();
    return clicked;
}

// Vertical bars, one per week, this week in the accent colour. `rates`: the completion chart
// (bar height is the rate, no bar where a week has no rate). Returns the bar clicked, if any.
const ReportBar* week_chart(const char* id, const std::vector<ReportBar>& bars, LocalDate this_week, bool rates, float width) {
    ImGui::PushID(id);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight(), plot_h = 130, height = plot_h + 2 * line + 8;
    const float col_w = width / static_cast<float>(std::max<std::size_t>(1, bars.size()));
    std::size_t max = 1;
    for (const auto& b : bars) max = std::max(max, b.count);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float base_y = origin.y + line + 4 + plot_h;
    dl->AddLine(ImVec2(origin.x, base_y), ImVec2(origin.x + width, base_y), kAxisColour);
    const ReportBar* clicked = nullptr;
    for (std::size_t k = 0; k < bars.size(); ++k) {
        const ReportBar& b = bars[k];
        const double rate = completion_rate(b);
        const std::string week = format_date(b.week);
        std::string value = format_count(static_cast<long long>(b.count));
        if (rates) value = rate < 0 ? "\u2013" : format_count(static_cast<long long>(rate * 100 + 0.5)) + "%";
        std::string name = week + ": " + value;
        if (rates && rate >= 0) name += " (" + format_count(static_cast<long long>(b.completed)) + "/" + format_count(static_cast<long long>(b.count)) + ")";
        const ImVec2 p(origin.x + col_w * static_cast<float>(k), origin.y);
        ImGui::SetCursorScreenPos(p);
        ImGui::PushID(static_cast<int>(k));
        if (ImGui::InvisibleButton((name + "###week").c_str(), ImVec2(std::max(4.0f, col_w - 2), height))) clicked = &b;
        bar_frame(dl, p, ImVec2(p.x + col_w - 2, p.y + height));
        if (ImGui::IsItemHovered()) {
            if (rates)
                ImGui::SetTooltip("%s\n%s", tr_args(N_("Week of %s: %s of %s completed"), {week, format_count(static_cast<long long>(b.completed)),
                                                                                           format_count(static_cast<long long>(b.count))}).c_str(),
                                  completion_definition());
            else
                ImGui::SetTooltip("%s: %s", tr_args(N_("Week of %s"), {week}).c_str(), activities_phrase(b.count).c_str());
        }
        ImGui::PopID();
        const float fraction = rates ? static_cast<float>(std::max(0.0, rate)) : static_cast<float>(b.count) / static_cast<float>(max);
        const float top = base_y - plot_h * fraction;
        const bool current = b.week == this_week;
        ImU32 colour = rates ? kRateColour : kBarColour;
        if (current) colour = ui::kAccentColour;
        if ((rates && rate >= 0) || (!rates && b.count > 0))
            dl->AddRectFilled(ImVec2(p.x + 5, std::min(top, base_y - 2)), ImVec2(p.x + col_w - 7, base_y), colour, 2);
        const ImVec2 value_size = ImGui::CalcTextSize(value.c_str());
        dl->AddText(ImVec2(p.x + (col_w - value_size.x) / 2, std::min(top, base_y - 2) - line - 2), ui::kMutedColour, value.c_str());
        const std::string day = format_day_month(b.week);
        const ImVec2 day_size = ImGui::CalcTextSize(day.c_str());
        dl->AddText(ImVec2(p.x + (col_w - day_size.x) / 2, base_y + 4), current ? ui::kAccentColour : ui::kMutedColour, day.c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
    ImGui::Dummy(ImVec2(width, 4));
    ImGui::PopID();
    return clicked;
}

// A count in a tile (overdue, due today), clickable as the bars are.
bool kpi_tile(const char* id, const ReportBar& b, ImU32 colour) {
    const std::string name = tr(b.label.c_str());
    const std::string count = format_count(static_cast<long long>(b.count));
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 size(170, line * 3.4f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton((name + ": " + count + "###" + id).c_str(), size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool hot = ImGui::IsItemHovered() || ImGui::IsItemFocused();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), hot ? kHoverColour : IM_COL32(255, 255, 255, 255), 4);
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::IsItemFocused() ? ui::kAccentColour : kAxisColour, 4, 0,
                ImGui::IsItemFocused() ? 2.0f : 1.0f);
    dl->AddRectFilled(p, ImVec2(p.x + 5, p.y + size.y), colour, 4, ImDrawFlags_RoundCornersLeft);
    dl->AddText(ImVec2(p.x + 14, p.y + 6), ui::kMutedColour, name.c_str());
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 1.8f, ImVec2(p.x + 14, p.y + 8 + line), colour, count.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", name.c_str(), activities_phrase(b.count).c_str());
    return pressed;
}

void drill_down(UiState& ui, const ReportBar& b) {
    ui.query = b.drill;
    ui.show_as = ShowAs::Grid;
    ui.selected.clear();
    ui.anchor_id.clear();
}

void export_csv(App& app, UiState& ui, const ActivityReport& report) {
    std::string name = "activities-dashboard-" + format_iso_date(app.zone.local_date(app.now())) + ".csv";
    std::string bytes = activity_report_csv(report);
    if (!app.download_file) return;  // native tests: no browser to download to
    app.download_file(name, "text/csv;charset=utf-8", bytes);
    show_notice(ui, std::string(tr("Exported")) + " " + name + ".");
}

}  // namespace

void draw_report(App& app, UiState& ui) {
    CalendarSettings calendar = ui.calendar;
    const int first_day = calendar_first_day(calendar);
    // rebuilt only when the data, the filters, the user, the week setting or the minute changed
    const ActivityReport& report = ui.report_cache.get(
        ReportKey{report_base_query(ui.query), first_day, app.current_user_id}, app.store.version(), app.now() / 60'000,
        [&] { return build_activity_report(app.store, ui.query, app.query_context(), first_day); });

    const ReportBar* clicked = nullptr;
    if (kpi_tile("kpi_overdue", report.overdue, ui::kOverdueColour)) clicked = &report.overdue;
    ImGui::SameLine(0, 12);
    if (kpi_tile("kpi_due_today", report.due_today, ui::kTodayColour)) clicked = &report.due_today;
    ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", count_phrase("%s activity", "%s activities", static_cast<long long>(report.total)).c_str());
    ImGui::TextDisabled("%s", tr("Every state of the activities the filters match. Click a bar to see its activities in the grid."));
    if (ImGui::Button(ui::label("Export CSV", "report_export").c_str())) export_csv(app, ui, report);
    ImGui::EndGroup();
    ImGui::Spacing();

    // flattened: Tab and the arrow keys go from the buttons above straight into the charts
    ImGui::BeginChild("dashboard", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_NavFlattened);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float left_w = std::max(280.0f, avail * 0.42f), right_w = std::max(360.0f, avail - left_w - 32);
    ImGui::BeginGroup();
    if (auto* b = hbar_chart("by_type", tr("By type"), report.by_type, true, left_w)) clicked = b;
    ImGui::Spacing();
    if (auto* b = hbar_chart("by_state", tr("By status"), report.by_state, true, left_w)) clicked = b;
    ImGui::Spacing();
    if (auto* b = hbar_chart("by_owner", tr("By owner"), report.by_owner, false, left_w)) clicked = b;
    ImGui::EndGroup();
    ImGui::SameLine(0, 32);
    ImGui::BeginGroup();
    heading(tr_format(N_("By due week (weeks start on %s)"), weekday_name(report.first_day_of_week)).c_str());
    if (auto* b = week_chart("by_week", report.by_week, report.this_week, false, right_w)) clicked = b;
    ImGui::TextDisabled("%s: %s", tr("No due date"), format_count(static_cast<long long>(report.without_due)).c_str());
    ImGui::Spacing();
    heading(tr("Completion rate"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", completion_definition());
    if (auto* b = week_chart("completion", report.completion, report.this_week, true, right_w)) clicked = b;
    ImGui::EndGroup();
    ImGui::EndChild();

    if (clicked) drill_down(ui, *clicked);  // last: `clicked` points into the cached report
}

}  // namespace crm
