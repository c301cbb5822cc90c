// "This occurrence or the whole series?": opening, moving, deleting or completing an occurrence
// of a repeating task or appointment asks first, as Outlook does. "This occurrence" splits it off
// as its own activity (Store::save_occurrence: the new activity and the master's exception in one
// change, one undo step); "the whole series" edits the master (Store::update_series), so a move
// shifts every occurrence by the same days and to the same time of day.
#include "core/i18n.hpp"
#include "core/locale_format.hpp"
#include "core/recurrence_expand.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kSeriesPopup = "###series_prompt";

// The wall-clock start of an activity's occurrence: (local date, time, date-only).
struct WallStart {
    LocalDate date;
    LocalTime time;
    bool date_only = false;
};
std::optional<WallStart> wall_start(const Activity& a, const TimeZone& zone) {
    if (a.type == ActivityType::Appointment && a.scheduled_start) {
        if (a.all_day) return WallStart{utc_date_of(*a.scheduled_start), {}, true};
        LocalDateTime t = zone.to_local(*a.scheduled_start);
        return WallStart{t.date, t.time, false};
    }
    if (a.due.kind == Due::Kind::Date) return WallStart{a.due.date, {}, true};
    if (a.due.kind == Due::Kind::Instant) {
        LocalDateTime t = zone.to_local(a.due.instant);
        return WallStart{t.date, t.time, false};
    }
    return std::nullopt;
}

// The master moved as one of its occurrences was moved (from `before` to `after`): the same
// number of days, the new time of day and length; a weekly rule's days turn with it, a monthly
// or yearly rule takes the new day.
Activity master_moved_like(const Activity& master, const Activity& before, const Activity& after, const TimeZone& zone) {
    Activity next = master;
    auto b = wall_start(before, zone), f = wall_start(after, zone), m = wall_start(master, zone);
    if (!b || !f || !m) return next;
    const int days = static_cast<int>(days_from_civil(f->date) - days_from_civil(b->date));
    LocalDate new_date = add_days(m->date, days);
    if (master.type == ActivityType::Appointment && master.scheduled_start) {
        std::int64_t length = after.scheduled_end && after.scheduled_start ? *after.scheduled_end - *after.scheduled_start : 0;
        next.scheduled_start = m->date_only ? utc_midnight(new_date) : zone.from_local({new_date, f->time});
        next.scheduled_end = *next.scheduled_start + length;
        if (!master.all_day) next.duration_minutes = static_cast<int>(length / 60'000);
    } else if (master.due.kind == Due::Kind::Date) {
        next.due = Due::on_date(new_date);
    } else if (master.due.kind == Due::Kind::Instant) {
        next.due = Due::at(zone.from_local({new_date, f->time}));
        next.duration_minutes = after.duration_minutes;
    }
    Recurrence& r = *next.recurrence;
    if (days != 0) {
        const int turn = ((days % 7) + 7) % 7;
        if (r.frequency == Frequency::Weekly && r.weekdays) {
            std::uint8_t mask = 0;
            for (int d = 0; d < 7; ++d)
                if (r.weekdays & (1u << d)) mask = static_cast<std::uint8_t>(mask | (1u << ((d + turn) % 7)));
            r.weekdays = mask;
        }
        if (r.frequency == Frequency::Monthly || r.frequency == Frequency::Yearly) {
            if (r.week_of_month != 0) r.weekday = weekday(new_date);
            else if (r.month_day > 0) r.month_day = new_date.day;
            if (r.frequency == Frequency::Yearly && r.month) r.month = new_date.month;
        }
    }
    return next;
}

void move_this_one(App& app, UiState& ui, const Activity& master, LocalDate date, const Activity& moved) {
    std::vector<Activity> before{master};
    auto r = app.store.save_occurrence(master.meta.id, master.meta.rev, date, moved, app.zone, app.actor());
    if (!r.ok()) {
        show_notice(ui, format_message(r.status.errors.front()), true);
        return;
    }
    Activity created = *app.store.activities().find(r.value);
    created.meta.deleted = true;  // undo takes the split-off occurrence away again
    before.push_back(std::move(created));
    ui.undo.push(tr("Rescheduled"), std::move(before), app.store);
    show_notice(ui, std::string(tr("Rescheduled")) + " " + moved.subject + ". " + tr("Undo with Ctrl+Z."));
}

void move_series(App& app, UiState& ui, const Activity& master, LocalDate date, const Activity& moved) {
    std::vector<Activity> before{master};
    for (const auto& id : app.store.series_members(master.meta.id)) before.push_back(*app.store.activities().find(id));
    Activity next = master_moved_like(master, occurrence_activity(master, date, app.zone), moved, app.zone);
    Status st = app.store.update_series(next, app.zone, app.actor());
    if (!st.ok()) {
        show_notice(ui, format_message(st.errors.front()), true);
        return;
    }
    ui.undo.push(tr("Rescheduled"), std::move(before), app.store);
    show_notice(ui, std::string(tr("Rescheduled")) + " " + master.subject + ". " + tr("Undo with Ctrl+Z."));
}

void apply(App& app, UiState& ui, const SeriesPrompt& p, bool whole_series) {
    const Activity* found = app.store.activities().find_live(p.master_id);
    if (!found) return;
    const Activity master = *found;
    switch (p.action) {
        case SeriesPrompt::Action::Open:
            if (whole_series) open_activity(app, ui, master.meta.id);
            else open_occurrence_form(app, ui, master, p.occurrence);
            return;
        case SeriesPrompt::Action::Move:
            if (whole_series) move_series(app, ui, master, p.occurrence, p.moved);
            else move_this_one(app, ui, master, p.occurrence, p.moved);
            return;
        case SeriesPrompt::Action::Delete: {
            Status st;
            if (whole_series) {
                std::vector<std::string> ids{master.meta.id};
                for (auto& id : app.store.series_members(master.meta.id)) ids.push_back(std::move(id));
                st = delete_activities_everywhere(app, ids);
            } else {
                st = app.store.delete_occurrence(master.meta.id, p.occurrence, app.zone, app.actor());
            }
            show_notice(ui, st.ok() ? tr("Deleted.") : format_message(st.errors.front()), !st.ok());
            return;
        }
        case SeriesPrompt::Action::Complete: {
            if (whole_series) {
                open_state_dialog(ui, {master.meta.id}, ActivityState::Completed);
                return;
            }
            auto r = complete_occurrence(app, ui, master, p.occurrence, default_reason(master.type, ActivityState::Completed));
            show_notice(ui, r.ok() ? std::string(tr("Marked complete.")) + " " + tr("Undo with Ctrl+Z.") : format_message(r.status.errors.front()),
                        !r.ok());
            return;
        }
    }
}

}  // namespace

std::optional<LocalDate> row_occurrence(const App& app, const Activity& a) {
    return shown_occurrence_date(a, app.zone, app.zone.local_date(app.now()));
}

Result<std::string> complete_occurrence(App& app, UiState& ui, Activity master, LocalDate date, StatusReason reason) {
    Activity done = occurrence_activity(master, date, app.zone);
    done.state = ActivityState::Completed;
    done.reason = reason;
    done.actual_end = app.now();
    auto r = app.store.save_occurrence(master.meta.id, master.meta.rev, date, done, app.zone, app.actor());
    if (!r.ok()) return r;
    // One undo step takes the completed occurrence away and gives the series its date back.
    Activity created = *app.store.activities().find(r.value);
    created.meta.deleted = true;
    ui.undo.push(tr("Marked complete"), {std::move(master), std::move(created)}, app.store);
    return r;
}

void ask_series(UiState& ui, SeriesPrompt::Action action, const std::string& master_id, LocalDate occurrence, Activity moved) {
    ui.series_prompt = SeriesPrompt{true, action, master_id, occurrence, std::move(moved)};
}

void open_any_activity(App& app, UiState& ui, const std::string& id, std::optional<LocalDate> occurrence) {
    const Activity* a = app.store.activities().find_live(id);
    if (!a) return;
    auto start = series_start(*a, app.zone);
    if (!start) {
        open_activity(app, ui, id);
        return;
    }
    // From the grid, kanban or timeline: the occurrence the row shows (the next one).
    if (!occurrence) occurrence = row_occurrence(app, *a);
    ask_series(ui, SeriesPrompt::Action::Open, id, occurrence ? *occurrence : start->date);
}

void draw_series_prompt(App& app, UiState& ui) {
    SeriesPrompt& p = ui.series_prompt;
    if (!ui::begin_modal(kSeriesPopup, tr("Repeating activity"), p.open)) return;
    const Activity* master = app.store.activities().find_live(p.master_id);
    const char* question = "";
    switch (p.action) {
        case SeriesPrompt::Action::Open: question = N_("Open this occurrence or the whole series?"); break;
        case SeriesPrompt::Action::Move: question = N_("Move this occurrence or the whole series?"); break;
        case SeriesPrompt::Action::Delete: question = N_("Delete this occurrence or the whole series?"); break;
        case SeriesPrompt::Action::Complete: question = N_("Complete this occurrence or the whole series?"); break;
    }
    ui::readable_text(tr(question));
    if (master) {
        ImGui::TextDisabled("%s · %s", master->subject.c_str(), format_date(p.occurrence).c_str());
        if (auto start = series_start(*master, app.zone))
            ImGui::TextDisabled("%s", describe_recurrence(*master->recurrence, start->date).c_str());
    }
    bool close = false;
    if (ImGui::Button(ui::label("This occurrence", "series_this").c_str())) {
        close = true;
        SeriesPrompt copy = p;
        p.open = false;
        apply(app, ui, copy, false);
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("The whole series", "series_all").c_str())) {
        close = true;
        SeriesPrompt copy = p;
        p.open = false;
        apply(app, ui, copy, true);
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel", "series_cancel").c_str())) close = true;
    ui::finish_modal(p.open, close);
}

}  // namespace crm
