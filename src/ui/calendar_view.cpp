// Activities as a calendar: month, week, work week, day and agenda. Appointments sit at their
// start and end, tasks, phone calls and emails at their due time (date-only dues in the all-day
// row), overlapping items side by side, in the user's time zone (calendar_layout does the
// placing). Click or drag over empty time to create an appointment (30 minutes by default),
// drag an item to reschedule it, drag its bottom edge to change its duration, click it for a
// summary with Open and Mark complete. Each day lists the opportunities that close on it.
#include <algorithm>
#include <cmath>

#include "core/locale_format.hpp"
#include "core/activity_format.hpp"
#include "core/i18n.hpp"
#include "core/recurrence_expand.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr float kHourHeight = 44.0f;
constexpr float kGutter = 54.0f;

float minute_y(float top, int minute) { return top + static_cast<float>(minute) * kHourHeight / 60.0f; }
// Clamped before the cast: with no mouse ImGui reports its position as -FLT_MAX, and a float
// beyond int's range cast to int is undefined (UBSan, in the headless UI tests).
int y_minute(float top, float y) {
    float minute = std::floor((y - top) * 60.0f / kHourHeight);
    return static_cast<int>(std::clamp(minute, -1.0e6f, 1.0e6f));
}

// An occurrence's text starts with room for the repeat mark (ui::repeat_icon: the font has no
// ↻), drawn by mark_occurrence at the text's start.
std::string item_text(const CalendarItem& it, const std::string& text) {
    return it.repeating ? ui::kRepeatGap + text : text;
}
void mark_occurrence(ImDrawList* dl, const CalendarItem& it, ImVec2 text_at) {
    if (it.repeating) ui::repeat_icon(dl, text_at, ImGui::GetTextLineHeight(), ImGui::GetColorU32(ImGuiCol_Text));
}

// What a drag carries: the activity's row and, for a series, which occurrence.
struct DayItemPayload {
    std::uint32_t row = 0;
    std::int64_t occurrence_day = 0;  // days_from_civil of the occurrence date
    bool repeating = false;
};

// "Tue 11/24", "wt. 24.11", "週二 11/24": a column heading in the active language.
std::string day_label(LocalDate d) { return std::string(weekday_short_name(weekday(d))) + " " + format_day_month(d); }

// Moves an activity so that it starts at `start` (keeping its length), or ends at `end`, as one
// undoable change. Date-only dues move by whole days.
// For an occurrence of a series the move is asked about first: this one or the whole series.
void reschedule(App& app, UiState& ui, const Activity& master, std::optional<UtcMillis> start, std::optional<UtcMillis> end,
                std::optional<LocalDate> date, std::optional<LocalDate> occurrence = std::nullopt) {
    if (is_read_only(master)) {
        show_notice(ui, std::string(tr("Completed and canceled activities are read-only.")) + " (" + master.subject + ")", true);
        return;
    }
    const Activity a = occurrence ? occurrence_activity(master, *occurrence, app.zone) : master;
    Activity next = a;
    if (a.type == ActivityType::Appointment) {
        if (a.all_day && date) {
            auto length = *a.scheduled_end - *a.scheduled_start;
            next.scheduled_start = utc_midnight(*date);
            next.scheduled_end = *next.scheduled_start + length;
        } else if (start) {
            auto length = a.scheduled_end && a.scheduled_start ? *a.scheduled_end - *a.scheduled_start : 30 * 60'000;
            next.scheduled_start = *start;
            next.scheduled_end = *start + length;
        } else if (end && a.scheduled_start) {
            next.scheduled_end = std::max(*end, *a.scheduled_start + 15 * 60'000);
            next.duration_minutes = static_cast<int>((*next.scheduled_end - *next.scheduled_start) / 60'000);
        }
    } else if (a.due.kind == Due::Kind::Date && date) {
        next.due = Due::on_date(*date);
    } else if (a.due.kind == Due::Kind::Instant && start) {
        next.due = Due::at(*start);
    } else if (a.due.kind == Due::Kind::Instant && end) {
        next.duration_minutes = static_cast<int>(std::max<std::int64_t>(15, (*end - a.due.instant) / 60'000));
    } else {
        return;
    }
    if (occurrence) {
        ask_series(ui, SeriesPrompt::Action::Move, master.meta.id, *occurrence, std::move(next));
        return;
    }
    std::vector<Activity> before{a};
    Status st = app.store.update_activity(next, app.actor());
    if (!st.ok()) {
        show_notice(ui, format_message(st.errors.front()), true);
        return;
    }
    ui.undo.push(tr("Rescheduled"), std::move(before), app.store);
    show_notice(ui, std::string(tr("Rescheduled")) + " " + a.subject + ". " + tr("Undo with Ctrl+Z."));
}

std::optional<LocalDate> occurrence_of(const CalendarItem& it) {
    return it.repeating ? std::optional<LocalDate>(it.occurrence) : std::nullopt;
}

void open_summary(UiState& ui, const Activity& a, const CalendarItem& it) {
    ui.cal.summary_id = a.meta.id;
    ui.cal.summary_occurrence = occurrence_of(it);
}

void draw_toolbar(App& app, UiState& ui) {
    CalendarUi& c = ui.cal;
    for (auto mode : {CalendarMode::Month, CalendarMode::Week, CalendarMode::WorkWeek, CalendarMode::Day, CalendarMode::Agenda}) {
        bool active = ui.calendar_mode == mode;
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        std::string id = std::string("cal_") + calendar_mode_name(mode);
        if (ImGui::Button(ui::label(calendar_mode_name(mode), id.c_str()).c_str())) ui.calendar_mode = mode;
        if (active) ImGui::PopStyleColor();
        ImGui::SameLine(0, 2);
    }
    ImGui::SameLine(0, 16);
    if (ImGui::Button(ui::label("<", "cal_prev").c_str())) c.anchor = calendar_step(ui.calendar_mode, c.anchor, -1, ui.calendar);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shortcut_tooltip(ShortcutId::CalendarPrevious).c_str());
    ImGui::SameLine(0, 2);
    if (ImGui::Button(ui::label("Today", "cal_today").c_str())) c.anchor = app.zone.local_date(app.now());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shortcut_tooltip(ShortcutId::CalendarToday).c_str());
    ImGui::SameLine(0, 2);
    if (ImGui::Button(ui::label(">", "cal_next").c_str())) c.anchor = calendar_step(ui.calendar_mode, c.anchor, 1, ui.calendar);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shortcut_tooltip(ShortcutId::CalendarNext).c_str());
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Settings", "cal_settings").c_str())) ImGui::OpenPopup("calendar_settings");
    if (ImGui::BeginPopup("calendar_settings")) {
        ui::field_caption("First day of week");
        ImGui::SetNextItemWidth(120);
        // -1 follows the language (Sunday in English and Chinese, Monday in Polish).
        const std::string language_default = tr_format(N_("Language default (%s)"), weekday_name(active_locale().first_day_of_week));
        const int first = ui.calendar.first_day_of_week;
        if (ui::begin_combo("cal_first_day", first < 0 ? language_default.c_str() : weekday_name(first))) {
            if (ImGui::Selectable(language_default.c_str(), first < 0)) ui.calendar.first_day_of_week = -1;
            for (int d = 0; d < 7; ++d)
                if (ImGui::Selectable(weekday_name(d), first == d)) ui.calendar.first_day_of_week = d;
            ImGui::EndCombo();
        }
        int start_hour = ui.calendar.work_start_minute / 60, end_hour = ui.calendar.work_end_minute / 60;
        ui::field_caption("Working hours");
        ImGui::SetNextItemWidth(90);
        if (ImGui::InputInt("##cal_work_start", &start_hour)) ui.calendar.work_start_minute = std::clamp(start_hour, 0, 23) * 60;
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90);
        if (ImGui::InputInt("##cal_work_end", &end_hour)) ui.calendar.work_end_minute = std::clamp(end_hour, start_hour + 1, 24) * 60;
        ImGui::TextUnformatted(tr("Working days"));
        for (int d = 0; d < 7; ++d) {
            int wd = (calendar_first_day(ui.calendar) + d) % 7;
            bool on = (ui.calendar.work_days >> wd) & 1;
            if (ImGui::Checkbox(weekday_short_name(wd), &on))
                ui.calendar.work_days = static_cast<std::uint8_t>(on ? ui.calendar.work_days | (1 << wd) : ui.calendar.work_days & ~(1 << wd));
            if (d < 6) ImGui::SameLine();
        }
        ImGui::EndPopup();
    }
}

void draw_summary(App& app, UiState& ui) {
    CalendarUi& c = ui.cal;
    if (c.summary_id.empty()) return;
    if (!ImGui::IsPopupOpen("calendar_summary")) ImGui::OpenPopup("calendar_summary");
    if (!ImGui::BeginPopup("calendar_summary")) {
        c.summary_id.clear();
        return;
    }
    const Activity* a = app.store.activities().find_live(c.summary_id);
    if (!a) {
        c.summary_id.clear();
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    const std::optional<LocalDate> occurrence = a->recurrence ? c.summary_occurrence : std::nullopt;
    const Activity shown = occurrence ? occurrence_activity(*a, *occurrence, app.zone) : *a;
    ActivityRowText text = format_activity_row(app.store, shown, app.zone, make_due_window(app.zone, app.now()));
    ui::type_icon(a->type, ImGui::GetTextLineHeight());
    ImGui::SameLine();
    ImGui::TextUnformatted(a->subject.c_str());
    if (a->recurrence)
        if (auto start = series_start(*a, app.zone))
            ui::readable_text(describe_recurrence(*a->recurrence, start->date), ui::kMutedColour);
    a = &shown;
    ImGui::TextDisabled("%s · %s - %s", tr(text.type), tr(text.state), tr(text.reason));
    if (a->type == ActivityType::Appointment && a->scheduled_start && a->scheduled_end)
        ImGui::Text("%s - %s", format_local_datetime(*a->scheduled_start, app.zone).c_str(),
                    format_local_datetime(*a->scheduled_end, app.zone).c_str());
    else if (!text.due.empty())
        ImGui::Text("%s %s", tr("Due"), text.due.c_str());
    if (!text.regarding.empty()) ImGui::Text("%s: %s", tr("Regarding"), text.regarding.c_str());
    ImGui::Text("%s: %s", tr("Owner"), text.owner.c_str());
    const std::string id = c.summary_id;
    if (ImGui::Button(ui::label("button|Open", "cal_open").c_str())) {
        if (occurrence) ask_series(ui, SeriesPrompt::Action::Open, id, *occurrence);
        else open_activity(app, ui, id);
        c.summary_id.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(is_read_only(*a) || a->type == ActivityType::Note);
    if (ImGui::Button(ui::label("Mark complete", "cal_complete").c_str())) {
        if (occurrence) ask_series(ui, SeriesPrompt::Action::Complete, id, *occurrence);
        else open_state_change(app, ui, {id}, ActivityState::Completed);
        c.summary_id.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    if (occurrence) {
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Delete", "cal_delete").c_str())) {
            ask_series(ui, SeriesPrompt::Action::Delete, id, *occurrence);
            c.summary_id.clear();
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
}

// A chip for all-day items, month cells and opportunity closes. Returns true when clicked.
bool chip(const char* text, const char* id, ImU32 colour, float width, const CalendarItem* item = nullptr) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight() + 4;
    bool pressed = ImGui::InvisibleButton(id, ImVec2(width, h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), (colour & 0x00FFFFFF) | 0x33000000, 3);
    dl->AddRectFilled(p, ImVec2(p.x + 3, p.y + h), colour, 3);
    dl->PushClipRect(p, ImVec2(p.x + width - 2, p.y + h), true);
    dl->AddText(ImVec2(p.x + 6, p.y + 2), ImGui::GetColorU32(ImGuiCol_Text), text);
    if (item) mark_occurrence(dl, *item, ImVec2(p.x + 6, p.y + 2));
    dl->PopClipRect();
    return pressed;
}

// Dragging a chip to another day (all-day row or month cell) moves the activity to that day.
void chip_drag_source(const Activity& a, const CalendarItem& it) {
    if (is_read_only(a) || !ImGui::BeginDragDropSource()) return;
    DayItemPayload payload{it.index, days_from_civil(it.occurrence), it.repeating};
    ImGui::SetDragDropPayload("CRM_DAY_ITEM", &payload, sizeof payload);
    ImGui::TextUnformatted(a.subject.c_str());
    ImGui::EndDragDropSource();
}

void day_drop_target(App& app, UiState& ui, const ImRect& rect, LocalDate day, ImGuiID id) {
    if (!ImGui::BeginDragDropTargetCustom(rect, id)) return;
    if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("CRM_DAY_ITEM")) {
        const auto payload = *static_cast<const DayItemPayload*>(p->Data);
        if (payload.row < app.store.activities().size()) {
            const Activity& a = app.store.activities().at(payload.row);
            std::optional<LocalDate> occurrence;
            if (payload.repeating && a.recurrence) occurrence = civil_from_days(payload.occurrence_day);
            // a timed item dropped on a day keeps its time of day
            std::optional<UtcMillis> start;
            Due due = effective_due(occurrence ? occurrence_activity(a, *occurrence, app.zone) : a);
            if (due.kind == Due::Kind::Instant) {
                LocalDateTime lt = app.zone.to_local(due.instant);
                start = app.zone.from_local({day, lt.time});
            }
            reschedule(app, ui, a, start, std::nullopt, day, occurrence);
        }
    }
    ImGui::EndDragDropTarget();
}

void draw_all_day_row(App& app, UiState& ui, const CalendarView& view, float x0, float col_w) {
    float line = ImGui::GetTextLineHeight() + 6;
    std::vector<int> per_day(view.days.size(), 0);
    for (const auto& it : view.all_day) ++per_day[static_cast<std::size_t>(it.day)];
    for (const auto& it : view.closing) ++per_day[static_cast<std::size_t>(it.day)];
    int rows = std::max(1, *std::max_element(per_day.begin(), per_day.end()));
    float top = ImGui::GetCursorScreenPos().y;
    float height = static_cast<float>(rows) * line + 4;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(ImVec2(x0 - kGutter + 4, top + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), tr("All day"));
    std::vector<int> used(view.days.size(), 0);
    auto place = [&](int day) {
        float y = top + 2 + static_cast<float>(used[static_cast<std::size_t>(day)]++) * line;
        ImGui::SetCursorScreenPos(ImVec2(x0 + static_cast<float>(day) * col_w + 2, y));
    };
    for (const auto& it : view.all_day) {
        const Activity& a = app.store.activities().at(it.index);
        place(it.day);
        ImGui::PushID(static_cast<int>(it.index));
        ImGui::PushID(it.day);
        const std::string subject = item_text(it, a.subject);
        if (chip(subject.c_str(), (a.subject + "##allday").c_str(), ui::type_colour(a.type), col_w - 4, &it)) open_summary(ui, a, it);
        chip_drag_source(a, it);
        ImGui::PopID();
        ImGui::PopID();
    }
    for (const auto& it : view.closing) {
        const Opportunity& o = app.store.opportunities().at(it.index);
        place(it.day);
        std::string text = std::string(tr("Closes:")) + " " + o.name;
        ImGui::PushID(static_cast<int>(it.index));
        if (chip(text.c_str(), (text + "##close").c_str(), IM_COL32(60, 140, 90, 255), col_w - 4))
            open_record(app, ui, {RegardingKind::Opportunity, o.meta.id});
        ImGui::PopID();
    }
    for (std::size_t d = 0; d < view.days.size(); ++d) {
        ImRect cell(x0 + static_cast<float>(d) * col_w, top, x0 + static_cast<float>(d + 1) * col_w, top + height);
        day_drop_target(app, ui, cell, view.days[d], ImGui::GetID(("allday_drop" + std::to_string(d)).c_str()));
    }
    ImGui::SetCursorScreenPos(ImVec2(x0 - kGutter, top + height));
    ImGui::Separator();
}

void draw_time_grid(App& app, UiState& ui, const CalendarView& view) {
    CalendarUi& c = ui.cal;
    float total_w = ImGui::GetContentRegionAvail().x;
    int ndays = static_cast<int>(view.days.size());
    float x0 = ImGui::GetCursorScreenPos().x + kGutter;
    float col_w = (total_w - kGutter) / static_cast<float>(std::max(1, ndays));
    // header: day names, today highlighted
    float header_y = ImGui::GetCursorScreenPos().y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int d = 0; d < ndays; ++d) {
        std::string label = day_label(view.days[static_cast<std::size_t>(d)]);
        ImU32 col = d == view.today_index ? ui::kAccentColour : ImGui::GetColorU32(ImGuiCol_Text);
        dl->AddText(ImVec2(x0 + static_cast<float>(d) * col_w + 6, header_y + 2), col, label.c_str());
    }
    ImGui::Dummy(ImVec2(total_w, ImGui::GetTextLineHeight() + 6));
    draw_all_day_row(app, ui, view, x0, col_w);

    ImGui::BeginChild("time_grid", ImVec2(0, 0), ImGuiChildFlags_None);
    if (ImGui::IsWindowAppearing()) ImGui::SetScrollY(minute_y(0, std::max(0, ui.calendar.work_start_minute - 60)));
    dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float top = origin.y;
    x0 = origin.x + kGutter;
    col_w = (ImGui::GetContentRegionAvail().x - kGutter) / static_cast<float>(std::max(1, ndays));
    float bottom = minute_y(top, 24 * 60);
    // working hours, hour lines, gutter labels
    for (int d = 0; d < ndays; ++d) {
        int wd = weekday(view.days[static_cast<std::size_t>(d)]);
        if ((ui.calendar.work_days >> wd) & 1)
            dl->AddRectFilled(ImVec2(x0 + static_cast<float>(d) * col_w, minute_y(top, ui.calendar.work_start_minute)),
                              ImVec2(x0 + static_cast<float>(d + 1) * col_w, minute_y(top, ui.calendar.work_end_minute)),
                              IM_COL32(250, 251, 236, 255));
        dl->AddLine(ImVec2(x0 + static_cast<float>(d) * col_w, top), ImVec2(x0 + static_cast<float>(d) * col_w, bottom),
                    IM_COL32(220, 222, 228, 255));
    }
    for (int h = 0; h <= 24; ++h) {
        float y = minute_y(top, h * 60);
        dl->AddLine(ImVec2(x0, y), ImVec2(x0 + col_w * static_cast<float>(ndays), y), IM_COL32(225, 227, 232, 255));
        if (h < 24) {
            const std::string hour = format_time(LocalTime{h, 0});
            dl->AddText(ImVec2(origin.x + 4, y + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled), hour.c_str());
        }
    }

    // empty slots: click or drag to create an appointment
    for (int d = 0; d < ndays; ++d) {
        ImGui::SetCursorScreenPos(ImVec2(x0 + static_cast<float>(d) * col_w, top));
        ImGui::PushID(d);
        std::string slot_label = "slots " + format_iso_date(view.days[static_cast<std::size_t>(d)]);
        ImGui::SetNextItemAllowOverlap();  // the items drawn on top take their own clicks
        ImGui::InvisibleButton((slot_label + "##slots").c_str(), ImVec2(col_w, bottom - top));
        int minute = std::clamp(y_minute(top, ImGui::GetIO().MousePos.y), 0, 24 * 60 - 1);
        if (ImGui::IsItemActivated()) {
            c.creating = true;
            c.create_day = d;
            c.create_from = c.create_to = minute;
        }
        if (ImGui::IsItemActive() && c.creating) c.create_to = minute;
        if (ImGui::IsItemDeactivated() && c.creating && c.create_day == d) {
            c.creating = false;
            int from = snap_minutes(std::min(c.create_from, c.create_to), 30);
            int to = snap_minutes(std::max(c.create_from, c.create_to), 30);
            if (std::abs(c.create_to - c.create_from) < 10) {  // a click, not a drag
                from = (std::min(c.create_from, c.create_to) / 30) * 30;
                to = from + 30;
            }
            if (to <= from) to = from + 30;
            LocalDate day = view.days[static_cast<std::size_t>(d)];
            open_new_appointment(app, ui, calendar_instant(day, from, app.zone), calendar_instant(day, to, app.zone));
        }
        ImGui::PopID();
    }
    if (c.creating) {
        int from = std::min(c.create_from, c.create_to), to = std::max(c.create_from, c.create_to) + 1;
        float x = x0 + static_cast<float>(c.create_day) * col_w;
        dl->AddRectFilled(ImVec2(x + 2, minute_y(top, from)), ImVec2(x + col_w - 2, minute_y(top, to)), IM_COL32(17, 94, 163, 60), 3);
    }

    // items
    // Where a dragged item lands for the mouse at `m`: the day under it, and the start minute
    // keeping the point where the item was grabbed under the mouse.
    auto landing = [&](ImVec2 m) {
        int day = std::clamp(static_cast<int>((m.x - x0) / col_w), 0, ndays - 1);
        int minute = snap_minutes(std::clamp(y_minute(top, m.y) - c.grab_minute_offset, 0, 24 * 60 - 15));
        return std::pair{day, minute};
    };
    bool dragging = false;
    for (const auto& it : view.timed) {
        const Activity& a = app.store.activities().at(it.index);
        float w = (col_w - 6) / static_cast<float>(it.columns);
        ImVec2 p0(x0 + static_cast<float>(it.day) * col_w + 3 + w * static_cast<float>(it.column), minute_y(top, it.start_minute));
        ImVec2 p1(p0.x + w - 2, std::max(minute_y(top, it.end_minute), p0.y + 16));
        ImU32 colour = ui::type_colour(a.type);
        dl->AddRectFilled(p0, p1, (colour & 0x00FFFFFF) | 0x40000000, 3);
        dl->AddRectFilled(p0, ImVec2(p0.x + 3, p1.y), colour, 3);
        dl->PushClipRect(p0, p1, true);
        std::string when = format_time(app.zone.to_local(it.start).time);
        dl->AddText(ImVec2(p0.x + 6, p0.y + 1), ImGui::GetColorU32(ImGuiCol_Text), item_text(it, when + " " + a.subject).c_str());
        mark_occurrence(dl, it, ImVec2(p0.x + 6, p0.y + 1));
        dl->PopClipRect();
        ImGui::PushID(static_cast<int>(it.index));
        ImGui::PushID(it.day);
        ImGui::SetCursorScreenPos(p0);
        ImGui::InvisibleButton((a.subject + "##cal_item").c_str(), ImVec2(p1.x - p0.x, std::max(1.0f, p1.y - p0.y - 5)));
        if (ImGui::IsItemActivated()) {
            c.drag_id = a.meta.id;
            c.drag_occurrence = it.repeating ? std::optional<LocalDate>(it.occurrence) : std::nullopt;
            c.grab_minute_offset = y_minute(top, ImGui::GetIO().MousePos.y) - it.start_minute;
        }
        if (ImGui::IsItemActive() && c.drag_id == a.meta.id) dragging = true;
        if (ImGui::IsItemDeactivated() && c.drag_id == a.meta.id) {
            auto [day, minute] = landing(ImGui::GetIO().MousePos);
            bool was_drag = ImGui::GetIO().MouseDragMaxDistanceSqr[0] > 16.0f;
            if (!was_drag) open_summary(ui, a, it);
            else if (day != it.day || minute != it.start_minute)
                reschedule(app, ui, a, calendar_instant(view.days[static_cast<std::size_t>(day)], minute, app.zone), std::nullopt,
                           view.days[static_cast<std::size_t>(day)], occurrence_of(it));
            c.drag_id.clear();
        }
        // bottom edge: drag to change the duration
        ImGui::SetCursorScreenPos(ImVec2(p0.x, p1.y - 5));
        ImGui::InvisibleButton("##resize", ImVec2(p1.x - p0.x, 5));
        if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
        item_registry_note_rect((a.subject + " end").c_str(), p0.x, p1.y - 5, p1.x - p0.x, 5);
        if (ImGui::IsItemActive()) {
            int minute = std::clamp(y_minute(top, ImGui::GetIO().MousePos.y), it.start_minute + 15, 24 * 60);
            dl->AddRectFilled(ImVec2(p0.x, p0.y), ImVec2(p1.x, minute_y(top, minute)), IM_COL32(17, 94, 163, 50), 3);
        }
        if (ImGui::IsItemDeactivated()) {
            int minute = snap_minutes(std::clamp(y_minute(top, ImGui::GetIO().MousePos.y), it.start_minute + 15, 24 * 60));
            if (minute != it.end_minute)
                reschedule(app, ui, a, std::nullopt, calendar_instant(view.days[static_cast<std::size_t>(it.day)], minute, app.zone),
                           std::nullopt, occurrence_of(it));
        }
        ImGui::PopID();
        ImGui::PopID();
    }
    if (dragging) {  // ghost where the item would land
        auto [day, minute] = landing(ImGui::GetIO().MousePos);
        float x = x0 + static_cast<float>(day) * col_w;
        dl->AddRect(ImVec2(x + 2, minute_y(top, minute)), ImVec2(x + col_w - 2, minute_y(top, minute + 30)), ui::kAccentColour, 3, 0, 2);
    }
    // today: current-time line
    if (view.today_index >= 0) {
        float y = minute_y(top, view.now_minute);
        float x = x0 + static_cast<float>(view.today_index) * col_w;
        dl->AddLine(ImVec2(x, y), ImVec2(x + col_w, y), IM_COL32(214, 48, 49, 255), 2);
        dl->AddCircleFilled(ImVec2(x, y), 4, IM_COL32(214, 48, 49, 255));
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, bottom));
    ImGui::Dummy(ImVec2(1, 4));
    ImGui::EndChild();
}

void draw_month(App& app, UiState& ui, const CalendarView& view) {
    float total_w = ImGui::GetContentRegionAvail().x;
    float col_w = total_w / 7.0f;
    int weeks = static_cast<int>(view.days.size()) / 7;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    for (int d = 0; d < 7; ++d)
        dl->AddText(ImVec2(origin.x + static_cast<float>(d) * col_w + 6, origin.y), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    weekday_short_name(weekday(view.days[static_cast<std::size_t>(d)])));
    float top = origin.y + ImGui::GetTextLineHeight() + 4;
    float row_h = std::max(70.0f, (ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeight() - 8) / static_cast<float>(std::max(1, weeks)));
    float line = ImGui::GetTextLineHeight() + 5;
    int month = ui.cal.anchor.month;
    for (int i = 0; i < static_cast<int>(view.days.size()); ++i) {
        LocalDate day = view.days[static_cast<std::size_t>(i)];
        ImVec2 p0(origin.x + static_cast<float>(i % 7) * col_w, top + static_cast<float>(i / 7) * row_h);
        ImVec2 p1(p0.x + col_w, p0.y + row_h);
        dl->AddRectFilled(p0, p1, day.month == month ? IM_COL32(255, 255, 255, 255) : IM_COL32(244, 245, 248, 255));
        dl->AddRect(p0, p1, IM_COL32(220, 222, 228, 255));
        char num[8];
        std::snprintf(num, sizeof num, "%d", day.day);
        ImU32 num_col = i == view.today_index ? ui::kAccentColour : (day.month == month ? ImGui::GetColorU32(ImGuiCol_Text) : ImGui::GetColorU32(ImGuiCol_TextDisabled));
        if (i == view.today_index) dl->AddCircle(ImVec2(p0.x + 12, p0.y + 10), 10, ui::kAccentColour);
        dl->AddText(ImVec2(p0.x + 6, p0.y + 2), num_col, num);
        // the cell's own button: double-click creates an appointment at 09:00 that day
        ImGui::SetCursorScreenPos(p0);
        ImGui::PushID(i);
        ImGui::SetNextItemAllowOverlap();
        ImGui::InvisibleButton(("day " + format_iso_date(day) + "##cell").c_str(), ImVec2(col_w, row_h));
        if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0))
            open_new_appointment(app, ui, calendar_instant(day, 9 * 60, app.zone), calendar_instant(day, 9 * 60 + 30, app.zone));
        day_drop_target(app, ui, ImRect(p0, p1), day, ImGui::GetID("drop"));
        // items: all-day first, then timed, then closing opportunities
        int shown = 0, max_rows = std::max(1, static_cast<int>((row_h - 22) / line));
        int total = 0;
        auto next_pos = [&] { return ImVec2(p0.x + 3, p0.y + 20 + static_cast<float>(shown) * line); };
        auto place_item = [&](const CalendarItem& it, bool timed) {
            ++total;
            if (shown >= max_rows) return;
            const Activity& a = app.store.activities().at(it.index);
            ImGui::SetCursorScreenPos(next_pos());
            ++shown;
            std::string text = item_text(it, timed ? format_time(app.zone.to_local(it.start).time) + " " + a.subject : a.subject);
            ImGui::PushID(static_cast<int>(it.index));
            if (chip(text.c_str(), (a.subject + "##month").c_str(), ui::type_colour(a.type), col_w - 6, &it)) open_summary(ui, a, it);
            chip_drag_source(a, it);
            ImGui::PopID();
        };
        for (const auto& it : view.all_day)
            if (it.day == i) place_item(it, false);
        for (const auto& it : view.timed)
            if (it.day == i && !it.continues_before) place_item(it, true);
        for (const auto& it : view.closing) {
            if (it.day != i) continue;
            ++total;
            if (shown >= max_rows) continue;
            const Opportunity& o = app.store.opportunities().at(it.index);
            ImGui::SetCursorScreenPos(next_pos());
            ++shown;
            std::string text = std::string(tr("Closes:")) + " " + o.name;
            ImGui::PushID(static_cast<int>(it.index) + 100000);
            if (chip(text.c_str(), (text + "##close").c_str(), IM_COL32(60, 140, 90, 255), col_w - 6))
                open_record(app, ui, {RegardingKind::Opportunity, o.meta.id});
            ImGui::PopID();
        }
        if (total > shown) {
            const std::string more = count_phrase("+%s more", "+%s more", total - shown);
            dl->AddText(ImVec2(p1.x - ImGui::CalcTextSize(more.c_str()).x - 4, p0.y + 2), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                        more.c_str());
        }
        ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, top + static_cast<float>(weeks) * row_h));
    ImGui::Dummy(ImVec2(1, 1));
}

void draw_agenda(App& app, UiState& ui, const CalendarView& view) {
    ImGui::BeginChild("agenda");
    for (std::size_t d = 0; d < view.days.size(); ++d) {
        std::vector<const CalendarItem*> items;
        for (const auto& it : view.all_day)
            if (it.day == static_cast<int>(d)) items.push_back(&it);
        for (const auto& it : view.timed)
            if (it.day == static_cast<int>(d) && !it.continues_before) items.push_back(&it);
        bool closes = std::any_of(view.closing.begin(), view.closing.end(), [&](const CalendarItem& c) { return c.day == static_cast<int>(d); });
        if (items.empty() && !closes) continue;
        ImGui::PushStyleColor(ImGuiCol_Text, static_cast<int>(d) == view.today_index ? ui::kAccentColour : ImGui::GetColorU32(ImGuiCol_Text));
        ImGui::SeparatorText((std::string(weekday_name(weekday(view.days[d]))) + " " + format_date(view.days[d])).c_str());
        ImGui::PopStyleColor();
        for (const CalendarItem* it : items) {
            const Activity& a = app.store.activities().at(it->index);
            std::string when = it->kind == CalendarItemKind::AllDay ? std::string(tr("All day"))
                               : format_time(app.zone.to_local(it->start).time) + " - " + format_time(app.zone.to_local(it->end).time);
            ImGui::PushID(static_cast<int>(it->index));
            ImGui::TextDisabled("%-13s", when.c_str());
            ImGui::SameLine(120);
            ui::type_icon(a.type, ImGui::GetTextLineHeight());
            ImGui::SameLine();
            const ImVec2 text_at = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable((item_text(*it, a.subject) + "##agenda").c_str())) open_summary(ui, a, *it);
            mark_occurrence(ImGui::GetWindowDrawList(), *it, text_at);
            std::string regarding = app.store.regarding_name(a.regarding);
            if (!regarding.empty()) {
                ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.6f);
                ImGui::TextDisabled("%s", regarding.c_str());
            }
            ImGui::PopID();
        }
        for (const auto& c : view.closing) {
            if (c.day != static_cast<int>(d)) continue;
            const Opportunity& o = app.store.opportunities().at(c.index);
            ImGui::TextDisabled("%-13s", tr("Closes"));
            ImGui::SameLine(120);
            ImGui::PushID(static_cast<int>(c.index) + 100000);
            if (ImGui::Selectable((o.name + "##agenda_close").c_str())) open_record(app, ui, {RegardingKind::Opportunity, o.meta.id});
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

}  // namespace

void draw_calendar(App& app, UiState& ui) {
    CalendarUi& c = ui.cal;
    if (!c.anchor_set) {
        c.anchor = app.zone.local_date(app.now());
        c.anchor_set = true;
    }
    // J / K / T as on the toolbar's > < and Today (core/shortcuts.cpp)
    if (take_shortcut(ui, ShortcutId::CalendarNext)) c.anchor = calendar_step(ui.calendar_mode, c.anchor, 1, ui.calendar);
    if (take_shortcut(ui, ShortcutId::CalendarPrevious)) c.anchor = calendar_step(ui.calendar_mode, c.anchor, -1, ui.calendar);
    if (take_shortcut(ui, ShortcutId::CalendarToday)) c.anchor = app.zone.local_date(app.now());
    draw_toolbar(app, ui);
    // The first day of the week resolved here, so a language change (which may move it) is a new key.
    CalendarSettings settings = ui.calendar;
    settings.first_day_of_week = calendar_first_day(settings);
    const CalendarView& view = ui.calendar_cache.get(
        CalendarKey{ui.query, ui.calendar_mode, c.anchor, settings, app.current_user_id}, app.store.version(),
        app.now() / 60'000,
        [&] { return build_calendar(app.store, ui.query, app.query_context(), ui.calendar_mode, c.anchor, settings); });
    if (!view.days.empty()) {
        ImGui::SameLine();
        std::string range = ui.calendar_mode == CalendarMode::Month
                                ? format_month_year(c.anchor.year, c.anchor.month)
                                : format_date(view.days.front()) + " - " + format_date(view.days.back());
        ImGui::TextDisabled("%s", range.c_str());
    }
    if (view.days.empty()) {
        ImGui::TextUnformatted(tr("No working days are set: choose them in Settings."));
        return;
    }
    ImGui::BeginChild("calendar_body", ImVec2(0, 0), ImGuiChildFlags_Border);
    switch (ui.calendar_mode) {
        case CalendarMode::Month: draw_month(app, ui, view); break;
        case CalendarMode::Agenda: draw_agenda(app, ui, view); break;
        default: draw_time_grid(app, ui, view); break;
    }
    ImGui::EndChild();
    draw_summary(app, ui);
}

}  // namespace crm
