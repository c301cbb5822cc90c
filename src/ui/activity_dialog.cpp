// The activity form, drawn inside a stacked dialog (dialog_stack.cpp): create and edit every type,
// with Save, Save & Close and Cancel, attachments for notes, tasks and emails, and "Open" on the
// Regarding record, which stacks that record's form on top without losing edits here.
// Dates are typed as YYYY-MM-DD and HH:MM in the user's time zone and only parsed on save; a due
// date without a time is stored as a calendar date, so it never moves by a day. Nothing is
// written unless the whole form is valid; errors appear under their fields.
#include <algorithm>
#include <charconv>

#include "core/activity_format.hpp"
#include "core/contact_links.hpp"
#include "core/reminders.hpp"
#include "core/i18n.hpp"
#include "core/locale_format.hpp"
#include "core/recurrence_expand.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "item_registry.hpp"
#include "pickers.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

void split_instant(const App& app, std::optional<UtcMillis> t, std::string& date, std::string& time) {
    if (!t) {
        date.clear();
        time.clear();
        return;
    }
    LocalDateTime lt = app.zone.to_local(*t);
    date = format_iso_date(lt.date);
    time = format_time_hm(lt.time);
}

void load_repeat(RepeatForm& f, const std::optional<Recurrence>& r);

void load_form(App& app, ActivityDialog& d) {
    const Activity& a = d.draft;
    d.due_date.clear();
    d.due_time.clear();
    if (a.due.kind == Due::Kind::Date) d.due_date = format_iso_date(a.due.date);
    if (a.due.kind == Due::Kind::Instant) split_instant(app, a.due.instant, d.due_date, d.due_time);
    if (a.all_day && a.scheduled_start && a.scheduled_end) {
        d.start_date = format_iso_date(utc_date_of(*a.scheduled_start));
        d.end_date = format_iso_date(utc_date_of(*a.scheduled_end - 1));
        d.start_time.clear();
        d.end_time.clear();
    } else {
        split_instant(app, a.scheduled_start, d.start_date, d.start_time);
        split_instant(app, a.scheduled_end, d.end_date, d.end_time);
    }
    d.duration = a.duration_minutes ? std::to_string(*a.duration_minutes) : "";
    load_repeat(d.repeat, a.recurrence);
    d.errors = {};
    d.saved_note.clear();
    d.regarding_filter.clear();
}

// Parses "date" + optional "time" fields into a Due / instant, adding errors to `st`.
std::optional<UtcMillis> parse_instant(const App& app, Status& st, const char* field, const std::string& date,
                                       const std::string& time, bool time_required) {
    auto d = parse_iso_date(date);
    if (!d) {
        st.add(field, "Not a valid date: %s (use YYYY-MM-DD)", date);
        return std::nullopt;
    }
    LocalTime tm{};
    if (!time.empty()) {
        auto parsed = parse_time_hm(time);
        if (!parsed) {
            st.add(field, "Not a valid time: %s (use HH:MM, 24-hour)", time);
            return std::nullopt;
        }
        tm = *parsed;
    } else if (time_required) {
        st.add(field, "A time is required (HH:MM).");
        return std::nullopt;
    }
    return app.zone.from_local({*d, tm});
}

// ---- the Repeat section (tasks and appointments) ----

bool can_repeat(const ActivityDialog& d) {
    const Activity& a = d.draft;
    return (a.type == ActivityType::Task || a.type == ActivityType::Appointment) && a.series_id.empty() &&
           d.occurrence_of.empty();
}

void load_repeat(RepeatForm& f, const std::optional<Recurrence>& r) {
    f = RepeatForm{};
    if (!r) return;
    f.frequency = static_cast<int>(r->frequency);
    f.interval = std::to_string(r->interval);
    f.weekdays = r->weekdays;
    f.by_weekday = r->week_of_month != 0;
    if (r->until) f.end = 1, f.until = format_iso_date(*r->until);
    else if (r->count) f.end = 2, f.count = std::to_string(r->count);
    f.exceptions = r->exceptions;
}

// The first occurrence's date in the user's zone, from the start (appointment) or due (task)
// fields as typed; nullopt while they do not parse.
std::optional<LocalDate> typed_start_date(const ActivityDialog& d) {
    return parse_iso_date(d.draft.type == ActivityType::Appointment ? d.start_date : d.due_date);
}

std::optional<int> parse_whole(const std::string& text) {
    int v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
    return v;
}

// The rule the section describes, with field-named errors ("recurrence"); the rule's own checks
// (validate_recurrence) run against the start date in the user's zone.
std::optional<Recurrence> collect_repeat(const ActivityDialog& d, Status& st) {
    const RepeatForm& f = d.repeat;
    if (f.frequency < 0 || !can_repeat(d)) return std::nullopt;
    Recurrence r;
    r.frequency = static_cast<Frequency>(f.frequency);
    r.exceptions = f.exceptions;
    auto interval = parse_whole(f.interval);
    if (!interval) st.add("recurrence", "Not a whole number: %s", f.interval);
    else r.interval = *interval;
    auto start = typed_start_date(d);
    if (r.frequency == Frequency::Weekly) r.weekdays = f.weekdays;
    if ((r.frequency == Frequency::Monthly || r.frequency == Frequency::Yearly) && f.by_weekday && start) {
        r.week_of_month = (start->day - 1) / 7 + 1;
        if (r.week_of_month > 4) r.week_of_month = -1;  // a fifth Tuesday is "the last Tuesday"
        r.weekday = weekday(*start);
    }
    if (f.end == 1) {
        auto until = parse_iso_date(f.until);
        if (!until) st.add("recurrence", "Not a valid date: %s (use YYYY-MM-DD)", f.until);
        else r.until = until;
    } else if (f.end == 2) {
        auto count = parse_whole(f.count);
        if (!count) st.add("recurrence", "Not a whole number: %s", f.count);
        else r.count = *count;
    }
    if (st.error_for("recurrence") || !start) return r;
    if (f.end == 2 && r.count < 1) st.add("recurrence", "the number of occurrences must be from 1 to %s", std::to_string(kMaxRecurrenceCount));
    Status rule = validate_recurrence(r, *start);
    for (auto& e : rule.errors) st.errors.push_back(std::move(e));
    return r;
}

void draw_repeat(ActivityDialog& d) {
    if (!can_repeat(d)) return;
    RepeatForm& f = d.repeat;
    static const char* const kChoices[] = {N_("Does not repeat"), N_("Daily"), N_("Weekly"), N_("Monthly"), N_("Yearly")};
    ui::form_row("Repeat");
    ImGui::SetNextItemWidth(160);
    if (ui::begin_combo("repeat", tr(kChoices[f.frequency + 1]))) {
        for (int i = -1; i < 4; ++i)
            if (ImGui::Selectable(tr(kChoices[i + 1]), f.frequency == i)) f.frequency = i;
        ImGui::EndCombo();
    }
    if (f.frequency < 0) {
        ui::field_error(d.errors, "recurrence");
        return;
    }
    static const char* const kUnits[] = {N_("days"), N_("weeks"), N_("months"), N_("years")};
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("every"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(60);
    ui::input_text("##repeat_interval", "repeat_interval", f.interval, 60, ImGuiInputTextFlags_CharsDecimal);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(kUnits[f.frequency]));
    auto start = typed_start_date(d);
    if (f.frequency == static_cast<int>(Frequency::Weekly)) {
        ui::form_row("On");
        if (f.weekdays == 0 && start) f.weekdays = static_cast<std::uint8_t>(1u << weekday(*start));
        for (int i = 1; i <= 7; ++i) {  // Monday first, as the rule is written
            int wd = i % 7;
            bool on = (f.weekdays >> wd) & 1;
            std::string id = std::string(weekday_short_name(wd)) + "###repeat_day" + std::to_string(wd);
            if (ImGui::Checkbox(id.c_str(), &on))
                f.weekdays = static_cast<std::uint8_t>(on ? f.weekdays | (1u << wd) : f.weekdays & ~(1u << wd));
            item_registry_note_checked(on);
            if (i < 7) ImGui::SameLine();
        }
    } else if (f.frequency >= static_cast<int>(Frequency::Monthly) && start) {
        ui::form_row("On");
        static const char* const kOrdinals[] = {N_("first"), N_("second"), N_("third"), N_("fourth")};
        int nth = (start->day - 1) / 7;
        std::string by_day = tr_args("day %s", {std::to_string(start->day)});
        std::string by_weekday = tr_args("the %s %s", {tr(nth > 3 ? N_("last") : kOrdinals[nth]), weekday_name(weekday(*start))});
        int mode = f.by_weekday ? 1 : 0;
        ImGui::RadioButton((by_day + "###repeat_by_day").c_str(), &mode, 0);
        item_registry_note_role(A11yRole::Radio);
        item_registry_note_checked(mode == 0);
        ImGui::SameLine();
        ImGui::RadioButton((by_weekday + "###repeat_by_weekday").c_str(), &mode, 1);
        item_registry_note_role(A11yRole::Radio);
        item_registry_note_checked(mode == 1);
        f.by_weekday = mode == 1;
    }
    ui::form_row("Ends");
    ImGui::RadioButton(ui::label("Never", "repeat_end_never").c_str(), &f.end, 0);
    item_registry_note_role(A11yRole::Radio);
    item_registry_note_checked(f.end == 0);
    ImGui::SameLine();
    ImGui::RadioButton(ui::label("On date", "repeat_end_date").c_str(), &f.end, 1);
    item_registry_note_role(A11yRole::Radio);
    item_registry_note_checked(f.end == 1);
    if (f.end == 1) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(130);
        ImGui::InputTextWithHint("##repeat_until", tr("YYYY-MM-DD"), &f.until);
        item_registry_note_value(f.until);
    }
    ImGui::SameLine();
    ImGui::RadioButton(ui::label("After", "repeat_end_count").c_str(), &f.end, 2);
    item_registry_note_role(A11yRole::Radio);
    item_registry_note_checked(f.end == 2);
    if (f.end == 2) {
        ImGui::SameLine();
        ui::input_text("##repeat_count", "repeat_count", f.count, 60, ImGuiInputTextFlags_CharsDecimal);
        ImGui::SameLine();
        ImGui::TextUnformatted(tr("times"));
    }
    ui::field_error(d.errors, "recurrence");
}

// Builds the activity to save from the draft and the text fields. Returns errors for fields
// that do not parse; the Store validates the rest.
Status collect_form(const App& app, ActivityDialog& d, Activity& out) {
    Status st;
    out = d.draft;
    out.due = Due::none();
    if (!d.due_date.empty()) {
        if (d.due_time.empty()) {
            if (auto date = parse_iso_date(d.due_date)) out.due = Due::on_date(*date);
            else st.add("due", "Not a valid date: %s (use YYYY-MM-DD)", d.due_date);
        } else if (auto t = parse_instant(app, st, "due", d.due_date, d.due_time, true)) {
            out.due = Due::at(*t);
        }
    } else if (!d.due_time.empty()) {
        st.add("due", "Enter a date for the time, or clear the time.");
    }
    if (out.type == ActivityType::Appointment) {
        out.scheduled_start.reset();
        out.scheduled_end.reset();
        if (out.all_day) {
            auto s = parse_iso_date(d.start_date), e = parse_iso_date(d.end_date.empty() ? d.start_date : d.end_date);
            if (!s) st.add("scheduled_start", "Not a valid date: %s (use YYYY-MM-DD)", d.start_date);
            if (!e) st.add("scheduled_end", "Not a valid date: %s (use YYYY-MM-DD)", d.end_date);
            // all-day appointments keep calendar dates: stored as UTC midnights, end exclusive
            if (s) out.scheduled_start = utc_midnight(*s);
            if (e) out.scheduled_end = utc_midnight(add_days(*e, 1));
        } else {
            if (!d.start_date.empty()) out.scheduled_start = parse_instant(app, st, "scheduled_start", d.start_date, d.start_time, true);
            if (!d.end_date.empty()) out.scheduled_end = parse_instant(app, st, "scheduled_end", d.end_date, d.end_time, true);
        }
        if (out.scheduled_start && out.scheduled_end && *out.scheduled_end >= *out.scheduled_start)
            out.duration_minutes = static_cast<int>((*out.scheduled_end - *out.scheduled_start) / 60'000);
    } else {
        out.duration_minutes.reset();
        if (!d.duration.empty()) {
            int minutes = 0;
            auto [p, ec] = std::from_chars(d.duration.data(), d.duration.data() + d.duration.size(), minutes);
            if (ec != std::errc{} || p != d.duration.data() + d.duration.size())
                st.add("duration", "Not a whole number of minutes: %s", d.duration);
            else out.duration_minutes = minutes;
        }
    }
    if (can_repeat(d)) out.recurrence = collect_repeat(d, st);
    return st;
}

void regarding_picker(App& app, UiState& ui, ActivityDialog& d) {
    Activity& a = d.draft;
    ImGui::SetNextItemWidth(140);
    const char* kind_label = a.regarding.empty() ? tr("(none)") : tr(regarding_kind_name(a.regarding.kind));
    if (ui::begin_combo("regarding_kind", kind_label)) {
        if (ImGui::Selectable(tr("(none)"), a.regarding.empty())) a.regarding = {};
        for (auto k : {RegardingKind::Account, RegardingKind::Contact, RegardingKind::Opportunity, RegardingKind::Case})
            if (ImGui::Selectable(tr(regarding_kind_name(k)), a.regarding.kind == k)) a.regarding = {k, ""};
        ImGui::EndCombo();
    }
    if (a.regarding.empty()) return;
    ImGui::SameLine();
    bool can_open = !a.regarding.id.empty() && app.store.regarding_exists(a.regarding);
    ImGui::SetNextItemWidth(can_open ? -70.0f : -1.0f);
    ui::record_picker(app.store, "regarding_record", a.regarding.kind, a.regarding.id, d.regarding_filter, false);
    if (can_open) {
        ImGui::SameLine();
        // Stacks the record's form on top; this form keeps its unsaved edits underneath.
        if (ImGui::Button(ui::label("button|Open", "open_regarding").c_str())) open_record(app, ui, a.regarding);
    }
}

// Status combo over the non-closed states of the type (closing happens through Mark complete).
void status_picker(Activity& a) {
    std::string current = std::string(tr(activity_state_name(a.state))) + " - " + tr(status_reason_name(a.reason));
    ImGui::SetNextItemWidth(-1);
    if (ui::begin_combo("status", current.c_str())) {
        for (auto state : {ActivityState::Open, ActivityState::Scheduled}) {
            for (auto reason : status_reasons_for(a.type, state)) {
                std::string text = std::string(tr(activity_state_name(state))) + " - " + tr(status_reason_name(reason));
                if (ImGui::Selectable(text.c_str(), a.state == state && a.reason == reason)) {
                    a.state = state;
                    a.reason = reason;
                }
            }
        }
        ImGui::EndCombo();
    }
}

void date_time_fields(const char* id, std::string& date, std::string& time, bool show_time = true) {
    std::string prefix = std::string("##") + id;
    ImGui::SetNextItemWidth(130);
    ImGui::InputTextWithHint((prefix + "_date").c_str(), tr("YYYY-MM-DD"), &date);
    item_registry_note_value(date);
    if (show_time) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(80);
        ImGui::InputTextWithHint((prefix + "_time").c_str(), tr("HH:MM"), &time);
        item_registry_note_value(time);
    }
}

// Reminder (tasks and appointments): None or minutes before the start / due (reminders.hpp);
// a value from elsewhere that is not one of the choices is kept and shown as "Custom".
void reminder_field(Activity& a) {
    ui::form_row("Reminder");
    const char* shown = a.reminder_minutes ? tr(reminder_choice_name(*a.reminder_minutes)) : tr("None");
    ImGui::SetNextItemWidth(200);
    if (ui::begin_combo("reminder", shown)) {
        if (ImGui::Selectable(tr("None"), !a.reminder_minutes)) a.reminder_minutes.reset();
        for (int minutes : kReminderChoices)
            if (ImGui::Selectable(tr(reminder_choice_name(minutes)), a.reminder_minutes == minutes)) a.reminder_minutes = minutes;
        ImGui::EndCombo();
    }
    if (a.type == ActivityType::Task && a.due.kind != Due::Kind::Instant) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(tr("a due date without a time reminds from 09:00"));
        ImGui::PopStyleColor();
    }
}

// A phone call's own number: "Call" opens tel: only (the call is this activity).
void phone_number_field(App& app, UiState& ui, Activity& a) {
    bool can_call = app.open_external_url && !tel_url(a.phone_number).empty();
    ui::input_text("##phone", "phone_number", a.phone_number, can_call ? -64.0f : -1.0f);
    if (can_call) {
        ImGui::SameLine();
        call_button(app, ui, "activity_call", a.phone_number);
    }
}

void draw_fields(App& app, UiState& ui, ActivityDialog& d) {
    Activity& a = d.draft;
    if (!ImGui::BeginTable("form", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);

    ui::form_row("Subject", true);
    if (d.focus_subject) {
        ImGui::SetKeyboardFocusHere();
        d.focus_subject = false;
    }
    ui::input_text("##subject", "subject", a.subject);
    ui::field_error(d.errors, "subject");

    if (a.type == ActivityType::Email) {
        ui::form_row("From");
        ui::input_text("##from", "email_from", a.email_from);
        ui::field_error(d.errors, "email_from");
        ui::form_row("To");
        ui::input_text("##to", "email_to", a.email_to);
        ui::field_error(d.errors, "email_to");
        ui::form_row("Cc");
        ui::input_text("##cc", "email_cc", a.email_cc);
        ui::field_error(d.errors, "email_cc");
    }
    if (a.type == ActivityType::PhoneCall) {
        ui::form_row("Phone Number");
        phone_number_field(app, ui, a);
        ui::field_error(d.errors, "phone_number");
    }
    if (a.type == ActivityType::PhoneCall || a.type == ActivityType::Email) {
        ui::form_row("Direction");
        int dir = static_cast<int>(a.direction);
        ImGui::RadioButton(ui::label("Outgoing", "dir_out").c_str(), &dir, 0);
        item_registry_note_role(A11yRole::Radio);
        item_registry_note_checked(dir == 0);
        ImGui::SameLine();
        ImGui::RadioButton(ui::label("Incoming", "dir_in").c_str(), &dir, 1);
        item_registry_note_role(A11yRole::Radio);
        item_registry_note_checked(dir == 1);
        a.direction = static_cast<Direction>(dir);
    }

    ui::form_row("Regarding");
    regarding_picker(app, ui, d);
    ui::field_error(d.errors, "regarding");

    if (a.type == ActivityType::Appointment) {
        ui::form_row("All day");
        ImGui::Checkbox("##all_day", &a.all_day);
        ui::form_row("Start", true);
        date_time_fields("start", d.start_date, d.start_time, !a.all_day);
        ui::field_error(d.errors, "scheduled_start");
        ui::form_row("End", true);
        date_time_fields("end", d.end_date, d.end_time, !a.all_day);
        ui::field_error(d.errors, "scheduled_end");
        ui::form_row("Location");
        ui::input_text("##location", "location", a.location);
        ui::field_error(d.errors, "location");
        ui::form_row("Attendees");
        ui::input_text("##attendees", "attendees", a.attendees);
        ui::field_error(d.errors, "attendees");
    } else if (a.type != ActivityType::Note) {
        ui::form_row("Due");
        date_time_fields("due", d.due_date, d.due_time);
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(tr("time optional"));
        ImGui::PopStyleColor();
        ui::field_error(d.errors, "due");
        ui::form_row("Duration (min)");
        ImGui::SetNextItemWidth(100);
        ImGui::InputText("##duration", &d.duration, ImGuiInputTextFlags_CharsDecimal);
        item_registry_note_value(d.duration);
        ui::field_error(d.errors, "duration");
    }

    draw_repeat(d);
    if (takes_reminder(a.type)) reminder_field(a);

    if (a.type != ActivityType::Note) {
        ui::form_row("Priority");
        int p = static_cast<int>(a.priority);
        for (auto pr : {Priority::Low, Priority::Normal, Priority::High}) {
            if (pr != Priority::Low) ImGui::SameLine();
            ImGui::RadioButton(ui::label(priority_name(pr), priority_name(pr)).c_str(), &p, static_cast<int>(pr));
            item_registry_note_role(A11yRole::Radio);
            item_registry_note_checked(p == static_cast<int>(pr));
        }
        a.priority = static_cast<Priority>(p);
        ui::form_row("Status");
        if (is_read_only(a)) ImGui::Text("%s - %s", tr(activity_state_name(a.state)), tr(status_reason_name(a.reason)));
        else status_picker(a);
        ui::field_error(d.errors, "state");
        ui::field_error(d.errors, "reason");
    }

    ui::form_row("Owner", true);
    ImGui::SetNextItemWidth(-1);
    ui::owner_picker(app.store, "owner", a.owner);
    ui::field_error(d.errors, "owner");

    ui::form_row("Description");
    ui::input_multiline("##description", "description", a.description, 90);
    ui::field_error(d.errors, "description");
    ImGui::EndTable();
}

// Saves the form. Returns true on success (the draft then holds the stored copy).
bool save(App& app, ActivityDialog& d) {
    Activity to_save;
    d.errors = collect_form(app, d, to_save);
    // report every problem at once, not one per Save click
    for (auto& e : validate_activity(to_save).errors)
        if (!d.errors.error_for(e.field)) d.errors.errors.push_back(std::move(e));
    if (!d.errors.ok()) return false;
    if (!d.occurrence_of.empty()) {
        // "This one": the occurrence becomes its own activity and the series skips its date.
        auto created = app.store.save_occurrence(d.occurrence_of, d.occurrence_master_rev, d.occurrence, to_save, app.zone, app.actor());
        if (!created.ok()) {
            d.errors = created.status;
            return false;
        }
        d.draft = *app.store.activities().find(created.value);
        d.is_new = false;
        d.occurrence_of.clear();
    } else if (d.is_new) {
        auto created = app.store.create_activity(to_save, app.actor());
        if (!created.ok()) {
            d.errors = created.status;
            return false;
        }
        d.draft = *app.store.activities().find(created.value);
        d.is_new = false;
    } else {
        // Saved elsewhere (another tab) since the form was opened: the user picks per field
        // instead of being told to reload, and nothing the other side wrote is overwritten unseen.
        const Activity* stored = app.store.activities().find(to_save.meta.id);
        if (stored && !stored->meta.deleted && stored->meta.rev != to_save.meta.rev) {
            const Activity& opened = d.opened.meta.id == to_save.meta.id ? d.opened : to_save;
            if (offer_stale_edit(d.stale, opened, to_save, *stored)) return false;
            to_save.meta.rev = stored->meta.rev;  // they saved what the form holds
        }
        // A series (before or after this edit) goes through update_series, which moves its
        // exceptions with it.
        const bool series = to_save.recurrence || (stored && stored->recurrence);
        Status st = series ? app.store.update_series(to_save, app.zone, app.actor()) : app.store.update_activity(to_save, app.actor());
        if (!st.ok()) {
            d.errors = st;
            return false;
        }
        d.draft = *app.store.activities().find(to_save.meta.id);
    }
    d.opened = d.draft;
    d.stale = {};
    load_form(app, d);
    d.saved_note = tr("Saved");
    return true;
}

// The user's choice after a stale save: their revision with the chosen values of this form.
bool save_stale_choice(App& app, ActivityDialog& d) {
    Activity mine;
    d.errors = collect_form(app, d, mine);
    if (!d.errors.ok()) return false;
    const Activity* stored = app.store.activities().find(mine.meta.id);
    if (!stored || stored->meta.deleted) {
        d.errors = Status::failure("", "This activity no longer exists.");
        return false;
    }
    if (stored->meta.rev != d.stale.their_rev) {  // saved there once more: show the new values
        const Activity& opened = d.opened.meta.id == mine.meta.id ? d.opened : mine;
        offer_stale_edit(d.stale, opened, mine, *stored);
        return false;
    }
    auto rebased = rebase_stale_edit(mine, *stored, {d.stale.take_theirs.begin(), d.stale.take_theirs.end()});
    if (!rebased.ok()) {
        d.errors = rebased.status;
        return false;
    }
    d.draft = std::get<Activity>(rebased.value);
    load_form(app, d);
    d.stale = {};
    return save(app, d);
}

}  // namespace

void open_new_activity(App& app, UiState& ui, ActivityType type, const RecordRef& regarding) {
    ActivityDialog d;
    d.is_new = true;
    d.focus_subject = true;
    Activity& a = d.draft;
    a.type = type;
    a.state = initial_state(type);
    a.reason = default_reason(type, a.state);
    a.owner = {OwnerKind::User, app.current_user_id};
    a.regarding = regarding;
    if (type == ActivityType::Email) {
        if (const User* me = app.store.users().find(app.current_user_id)) a.email_from = me->email;
        a.reason = StatusReason::Draft;
    }
    if (type == ActivityType::Appointment) {
        // next full hour, 30 minutes, as Dynamics prefills
        UtcMillis start = (app.now() / 3'600'000 + 1) * 3'600'000;
        a.scheduled_start = start;
        a.scheduled_end = start + 30 * 60'000;
        a.reminder_minutes = kDefaultAppointmentReminderMinutes;  // as Outlook
    }
    load_form(app, d);
    ui.dialogs.emplace_back(std::move(d));
}

void open_new_activity_draft(App& app, UiState& ui, Activity draft) {
    ActivityDialog d;
    d.is_new = true;
    d.focus_subject = true;
    d.draft = std::move(draft);
    load_form(app, d);
    ui.dialogs.emplace_back(std::move(d));
}

void open_new_appointment(App& app, UiState& ui, UtcMillis start, UtcMillis end) {
    open_new_activity(app, ui, ActivityType::Appointment);
    auto& d = std::get<ActivityDialog>(ui.dialogs.back());
    d.draft.scheduled_start = start;
    d.draft.scheduled_end = end;
    load_form(app, d);
}

void open_activity(App& app, UiState& ui, const std::string& id) {
    const Activity* a = app.store.activities().find_live(id);
    if (!a) return;
    ActivityDialog d;
    d.is_new = false;
    d.draft = *a;
    d.opened = *a;
    load_form(app, d);
    ui.dialogs.emplace_back(std::move(d));
}

void open_occurrence_form(App& app, UiState& ui, const Activity& master, LocalDate occurrence) {
    ActivityDialog d;
    d.is_new = true;  // not stored until saved
    d.draft = occurrence_activity(master, occurrence, app.zone);
    d.draft.meta = RecordMeta{};
    d.draft.series_id = master.meta.id;
    d.draft.occurrence_date = occurrence;
    d.occurrence_of = master.meta.id;
    d.occurrence_master_rev = master.meta.rev;
    d.occurrence = occurrence;
    d.opened = d.draft;
    load_form(app, d);
    ui.dialogs.emplace_back(std::move(d));
}

std::string activity_form_title(const App& app, const ActivityDialog& d) {
    const Activity& a = d.draft;
    if (!d.occurrence_of.empty()) return tr_args("%s: %s", {tr(activity_type_name(a.type)), a.subject}) + " · " + format_date(d.occurrence);
    if (d.is_new) return tr(new_activity_title(a.type));
    // The title names the saved record, not the subject being typed.
    const Activity* stored = app.store.activities().find(a.meta.id);
    return tr_args("%s: %s", {tr(activity_type_name(a.type)), stored ? stored->subject : a.subject});
}

namespace {

std::string size_text(std::uint64_t bytes) {
    char buf[32];
    if (bytes < 1024) std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    else if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024));
    return buf;
}

bool takes_attachments(ActivityType t) {
    return t == ActivityType::Note || t == ActivityType::Task || t == ActivityType::Email;
}

void draw_attachments(App& app, UiState& ui, const ActivityDialog& d, bool is_top) {
    const Activity& a = d.draft;
    if (!takes_attachments(a.type)) return;
    ImGui::SeparatorText(tr("Attachments"));
    if (d.is_new) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(tr("Save the activity to add attachments."));
        ImGui::PopStyleColor();
        return;
    }
    if (is_top && !is_read_only(a)) app.drop_target_activity_id = a.meta.id;
    auto files = app.store.attachments_of(a.meta.id);
    if (files.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(tr("No attachments."));
        ImGui::PopStyleColor();
    }
    for (const Attachment* f : files) {
        ImGui::PushID(f->meta.id.c_str());
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(f->file_name.c_str());
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(size_text(f->size).c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::BeginDisabled(!app.download_attachment);
        if (ImGui::SmallButton((std::string(tr("Download")) + "##" + f->file_name).c_str())) app.download_attachment(*f);
        ImGui::EndDisabled();
        if (!is_read_only(a)) {
            ImGui::SameLine();
            if (ImGui::SmallButton((std::string(tr("Remove")) + "##" + f->file_name).c_str())) {
                std::string id = f->meta.id;
                Status st = app.store.remove_attachment(id, app.actor());
                if (st.ok() && app.delete_attachment_bytes) app.delete_attachment_bytes({id});
                if (!st.ok()) show_notice(ui, format_message(st.errors.front()), true);
            }
        }
        ImGui::PopID();
    }
    if (!is_read_only(a) && app.pick_files) {
        if (ImGui::Button(ui::label("Add files...", "add_files").c_str())) app.pick_files(a.meta.id);
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(tr("or drop files on the page (25 MB at most each)"));
        ImGui::PopStyleColor();
    }
}

// ---- follow-up and Send (issue 9): kept apart from the form's own buttons ----

// "Complete & schedule next": the form's edits (if any) are saved first (a refused save keeps the form
// open with its errors), then the follow-up step asks the reason, type and due (follow_ups.cpp).
bool follow_up_button(App& app, UiState& ui, ActivityDialog& d) {
    if (d.is_new || !can_follow_up(d.draft.type)) return false;
    ImGui::SameLine();
    if (!ImGui::Button(ui::label("Complete & schedule next", "dialog_follow_up").c_str())) return false;
    // an untouched form is not saved again (that would only add a revision)
    Activity current;
    bool unchanged = collect_form(app, d, current).ok() && d.opened.meta.id == current.meta.id &&
                     stale_edit_fields(d.opened, current, d.opened).empty();
    if (!unchanged && !save(app, d)) return false;
    open_follow_up(app, ui, d.draft.meta.id);
    return true;
}

// "Send" on an open email: the form is checked as for Save, the mail goes to the user's mail
// client as a mailto: link, and the email is stored as sent (Completed, Sent, actual end now) in
// one command. The app cannot see whether the mail client really sent it; the form says so.
bool send_button(App& app, UiState& ui, ActivityDialog& d) {
    if (d.draft.type != ActivityType::Email || !app.open_external_url) return false;
    ImGui::SameLine();
    if (!ImGui::Button(ui::label("Send", "email_send").c_str())) return false;
    Activity to_send;
    d.errors = collect_form(app, d, to_send);
    if (split_addresses(to_send.email_to).empty()) d.errors.add("email_to", "Enter at least one address in To.");
    for (auto& e : validate_activity(to_send).errors)
        if (!d.errors.error_for(e.field)) d.errors.errors.push_back(std::move(e));
    if (!d.errors.ok()) return false;
    if (d.is_new) {  // stored first, so the sent email has its id and history
        if (!save(app, d)) return false;
        to_send.meta = d.draft.meta;
    }
    Status st = app.store.send_email(to_send, app.actor());
    if (!st.ok()) {
        d.errors = st;
        return false;
    }
    app.open_external_url(mailto_url(to_send.email_to, to_send.email_cc, to_send.subject, to_send.description));
    show_notice(ui, tr("Handed to your mail client and recorded as sent."));
    return true;
}

void send_note(const ActivityDialog& d) {
    if (d.draft.type != ActivityType::Email) return;
    if (!is_read_only(d.draft))
        ui::readable_text(tr("Send opens your mail client with this email and records it as sent. The app cannot tell whether "
                             "your mail client really sent it."),
                          ui::kMutedColour);
    else if (d.draft.reason == StatusReason::Sent)
        ui::readable_text(tr("Recorded as sent when it was handed to your mail client; the app cannot tell whether it was sent. "
                             "Sent emails are read-only: if it did not go out, open it in the mail client again."),
                          ui::kMutedColour);
}

// A sent email stays read-only; its mail can be handed to the mail client again.
void send_again_button(App& app, const ActivityDialog& d) {
    const Activity& a = d.draft;
    if (a.type != ActivityType::Email || a.reason != StatusReason::Sent || !app.open_external_url) return;
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Open in mail client", "email_send_again").c_str()))
        app.open_external_url(mailto_url(a.email_to, a.email_cc, a.subject, a.description));
}

}  // namespace

bool draw_activity_form(App& app, UiState& ui, ActivityDialog& d, bool is_top) {
    const Activity& a = d.draft;
    bool read_only = !d.is_new && is_read_only(a);
    if (read_only) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextWrapped("%s", tr("This activity is completed or canceled and is read-only."));
        ImGui::PopStyleColor();
    }
    ImGui::BeginDisabled(read_only);
    draw_fields(app, ui, d);
    ImGui::EndDisabled();
    ui::record_errors(d.errors);
    draw_attachments(app, ui, d, is_top);

    if (!d.is_new) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::Text("%s %s, %s", tr("Created by"), app.store.user_name(a.meta.created_by).c_str(),
                    format_local_datetime(a.meta.created_at, app.zone).c_str());
        ImGui::Text("%s %s, %s", tr("Modified by"), app.store.user_name(a.meta.modified_by).c_str(),
                    format_local_datetime(a.meta.modified_at, app.zone).c_str());
        ImGui::PopStyleColor();
    }
    if (d.stale.open && !read_only && draw_stale_edit(d.stale)) save_stale_choice(app, d);
    ImGui::Separator();
    bool close = false;
    if (!read_only) {
        ui::FormKeys keys = ui::form_keys(is_top);
        if (ImGui::Button(ui::label("Save", "save").c_str()) || keys.save) save(app, d);
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Save & Close", "save_close").c_str()) || keys.save_close) {
            if (save(app, d)) close = true;
        }
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Cancel", "cancel").c_str())) close = true;
        if (!d.is_new && a.type != ActivityType::Note) {
            ImGui::SameLine();
            if (ImGui::Button(ui::label("Mark complete", "dialog_complete").c_str())) {
                close = true;
                open_state_change(app, ui, {a.meta.id}, ActivityState::Completed);
            }
        }
        if (follow_up_button(app, ui, d) || send_button(app, ui, d)) close = true;
        if (!d.saved_note.empty()) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
            ImGui::TextUnformatted(d.saved_note.c_str());
            ImGui::PopStyleColor();
        }
    } else {
        if (ImGui::Button(ui::label("Close", "close").c_str())) close = true;
        send_again_button(app, d);
    }
    send_note(d);
    if (is_top && ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsAnyItemActive()) close = true;
    return close;
}

}  // namespace crm
