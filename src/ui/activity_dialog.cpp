// The activity form in a modal dialog: create and edit every type, with Save, Save & Close and
// Cancel. Dates are typed as YYYY-MM-DD and HH:MM in the user's time zone and only parsed on
// save; a due date without a time is stored as a calendar date, so it never moves by a day.
// Nothing is written unless the whole form is valid; errors appear under their fields.
#include <algorithm>
#include <charconv>

#include "core/activity_format.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kPopupId = "###activity_dialog";

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
    return st;
}

struct RegardingOption {
    RecordRef ref;
    std::string name;
};

std::vector<RegardingOption> regarding_options(const Store& store, RegardingKind kind, const std::string& filter) {
    std::vector<RegardingOption> out;
    std::string needle = ascii_lower(filter);
    auto add = [&](const auto& table, auto name_of) {
        for (const auto& rec : table.rows()) {
            if (rec.meta.deleted) continue;
            std::string name = name_of(rec);
            if (!needle.empty() && ascii_lower(name).find(needle) == std::string::npos) continue;
            out.push_back({{kind, rec.meta.id}, std::move(name)});
            if (out.size() >= 200) return;  // the filter narrows further
        }
    };
    switch (kind) {
        case RegardingKind::None: break;
        case RegardingKind::Account: add(store.accounts(), [](const Account& a) { return a.name; }); break;
        case RegardingKind::Contact: add(store.contacts(), [](const Contact& c) { return c.full_name; }); break;
        case RegardingKind::Opportunity: add(store.opportunities(), [](const Opportunity& o) { return o.name; }); break;
        case RegardingKind::Case: add(store.cases(), [](const Case& c) { return c.title; }); break;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
}

void regarding_picker(App& app, ActivityDialog& d) {
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
    ImGui::SetNextItemWidth(-1);
    std::string current = a.regarding.id.empty() ? tr("Choose a record...") : app.store.regarding_name(a.regarding);
    if (ui::begin_combo("regarding_record", current.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##regarding_filter", tr("Type to filter"), &d.regarding_filter);
        for (const auto& opt : regarding_options(app.store, a.regarding.kind, d.regarding_filter)) {
            ImGui::PushID(opt.ref.id.c_str());
            if (ImGui::Selectable(opt.name.c_str(), opt.ref == a.regarding)) a.regarding = opt.ref;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
}

void owner_picker(App& app, Activity& a) {
    ImGui::SetNextItemWidth(-1);
    std::string current = app.store.owner_name(a.owner);
    if (ui::begin_combo("owner", current.c_str())) {
        for (const auto& u : app.store.users().rows()) {
            if (u.meta.deleted) continue;
            OwnerRef ref{OwnerKind::User, u.meta.id};
            if (ImGui::Selectable((u.name + "##" + u.meta.id).c_str(), a.owner == ref)) a.owner = ref;
        }
        ImGui::Separator();
        for (const auto& t : app.store.teams().rows()) {
            if (t.meta.deleted) continue;
            OwnerRef ref{OwnerKind::Team, t.meta.id};
            std::string text = t.name + " (" + tr("team") + ")##" + t.meta.id;
            if (ImGui::Selectable(text.c_str(), a.owner == ref)) a.owner = ref;
        }
        ImGui::EndCombo();
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

// A labelled row of the two-column form.
void field_label(const char* english, bool required = false) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(english));
    if (required) {
        ImGui::SameLine(0, 2);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kErrorColour);
        ImGui::TextUnformatted("*");
        ImGui::PopStyleColor();
    }
    ImGui::TableSetColumnIndex(1);
}

void date_time_fields(const char* id, std::string& date, std::string& time, bool show_time = true) {
    std::string prefix = std::string("##") + id;
    ImGui::SetNextItemWidth(130);
    ImGui::InputTextWithHint((prefix + "_date").c_str(), "YYYY-MM-DD", &date);
    if (show_time) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(80);
        ImGui::InputTextWithHint((prefix + "_time").c_str(), "HH:MM", &time);
    }
}

void draw_fields(App& app, ActivityDialog& d) {
    Activity& a = d.draft;
    if (!ImGui::BeginTable("form", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);

    field_label("Subject", true);
    if (d.focus_subject) {
        ImGui::SetKeyboardFocusHere();
        d.focus_subject = false;
    }
    ui::input_text("##subject", "subject", a.subject);
    ui::field_error(d.errors, "subject");

    if (a.type == ActivityType::Email) {
        field_label("From");
        ui::input_text("##from", "email_from", a.email_from);
        ui::field_error(d.errors, "email_from");
        field_label("To");
        ui::input_text("##to", "email_to", a.email_to);
        ui::field_error(d.errors, "email_to");
        field_label("Cc");
        ui::input_text("##cc", "email_cc", a.email_cc);
        ui::field_error(d.errors, "email_cc");
    }
    if (a.type == ActivityType::PhoneCall) {
        field_label("Phone Number");
        ui::input_text("##phone", "phone_number", a.phone_number);
        ui::field_error(d.errors, "phone_number");
    }
    if (a.type == ActivityType::PhoneCall || a.type == ActivityType::Email) {
        field_label("Direction");
        int dir = static_cast<int>(a.direction);
        ImGui::RadioButton(ui::label("Outgoing", "dir_out").c_str(), &dir, 0);
        ImGui::SameLine();
        ImGui::RadioButton(ui::label("Incoming", "dir_in").c_str(), &dir, 1);
        a.direction = static_cast<Direction>(dir);
    }

    field_label("Regarding");
    regarding_picker(app, d);
    ui::field_error(d.errors, "regarding");

    if (a.type == ActivityType::Appointment) {
        field_label("All day");
        ImGui::Checkbox("##all_day", &a.all_day);
        field_label("Start", true);
        date_time_fields("start", d.start_date, d.start_time, !a.all_day);
        ui::field_error(d.errors, "scheduled_start");
        field_label("End", true);
        date_time_fields("end", d.end_date, d.end_time, !a.all_day);
        ui::field_error(d.errors, "scheduled_end");
        field_label("Location");
        ui::input_text("##location", "location", a.location);
        ui::field_error(d.errors, "location");
        field_label("Attendees");
        ui::input_text("##attendees", "attendees", a.attendees);
        ui::field_error(d.errors, "attendees");
    } else if (a.type != ActivityType::Note) {
        field_label("Due");
        date_time_fields("due", d.due_date, d.due_time);
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(tr("time optional"));
        ImGui::PopStyleColor();
        ui::field_error(d.errors, "due");
        field_label("Duration (min)");
        ImGui::SetNextItemWidth(100);
        ImGui::InputText("##duration", &d.duration, ImGuiInputTextFlags_CharsDecimal);
        ui::field_error(d.errors, "duration");
    }

    if (a.type != ActivityType::Note) {
        field_label("Priority");
        int p = static_cast<int>(a.priority);
        for (auto pr : {Priority::Low, Priority::Normal, Priority::High}) {
            if (pr != Priority::Low) ImGui::SameLine();
            ImGui::RadioButton(ui::label(priority_name(pr), priority_name(pr)).c_str(), &p, static_cast<int>(pr));
        }
        a.priority = static_cast<Priority>(p);
        field_label("Status");
        if (is_read_only(a)) ImGui::Text("%s - %s", tr(activity_state_name(a.state)), tr(status_reason_name(a.reason)));
        else status_picker(a);
        ui::field_error(d.errors, "state");
        ui::field_error(d.errors, "reason");
    }

    field_label("Owner", true);
    owner_picker(app, a);
    ui::field_error(d.errors, "owner");

    field_label("Description");
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
    if (d.is_new) {
        auto created = app.store.create_activity(to_save, app.actor());
        if (!created.ok()) {
            d.errors = created.status;
            return false;
        }
        d.draft = *app.store.activities().find(created.value);
        d.is_new = false;
    } else {
        Status st = app.store.update_activity(to_save, app.actor());
        if (!st.ok()) {
            d.errors = st;
            return false;
        }
        d.draft = *app.store.activities().find(to_save.meta.id);
    }
    load_form(app, d);
    d.saved_note = tr("Saved");
    return true;
}

}  // namespace

void open_new_activity(App& app, UiState& ui, ActivityType type) {
    ActivityDialog& d = ui.dialog;
    d = ActivityDialog{};
    d.open = true;
    d.is_new = true;
    d.focus_subject = true;
    Activity& a = d.draft;
    a.type = type;
    a.state = initial_state(type);
    a.reason = default_reason(type, a.state);
    a.owner = {OwnerKind::User, app.current_user_id};
    if (type == ActivityType::Email) {
        if (const User* me = app.store.users().find(app.current_user_id)) a.email_from = me->email;
        a.reason = StatusReason::Draft;
    }
    if (type == ActivityType::Appointment) {
        // next full hour, 30 minutes, as Dynamics prefills
        UtcMillis start = (app.now() / 3'600'000 + 1) * 3'600'000;
        a.scheduled_start = start;
        a.scheduled_end = start + 30 * 60'000;
    }
    load_form(app, d);
}

void open_activity(App& app, UiState& ui, const std::string& id) {
    const Activity* a = app.store.activities().find_live(id);
    if (!a) return;
    ActivityDialog& d = ui.dialog;
    d = ActivityDialog{};
    d.open = true;
    d.is_new = false;
    d.draft = *a;
    load_form(app, d);
}

void draw_activity_dialog(App& app, UiState& ui) {
    ActivityDialog& d = ui.dialog;
    if (d.open && !ImGui::IsPopupOpen(kPopupId)) ImGui::OpenPopup(kPopupId);
    if (!d.open) return;
    const Activity& a = d.draft;
    // The title names the saved record, not the subject being typed.
    const Activity* stored = d.is_new ? nullptr : app.store.activities().find(a.meta.id);
    std::string title = d.is_new ? std::string(tr("New")) + " " + tr(activity_type_name(a.type))
                                 : std::string(tr(activity_type_name(a.type))) + ": " + (stored ? stored->subject : a.subject);
    title += kPopupId;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowSize(ImVec2(std::min(680.0f, vp->WorkSize.x - 40), 0), ImGuiCond_Always);
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    bool keep_open = true;
    if (!ImGui::BeginPopupModal(title.c_str(), &keep_open, ImGuiWindowFlags_NoSavedSettings)) {
        d.open = false;
        return;
    }
    item_registry_title_current_window(title);
    bool read_only = !d.is_new && is_read_only(a);
    if (read_only) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextWrapped("%s", tr("This activity is completed or canceled and is read-only."));
        ImGui::PopStyleColor();
    }
    ImGui::BeginDisabled(read_only);
    draw_fields(app, d);
    ImGui::EndDisabled();
    ui::record_errors(d.errors);

    if (!d.is_new) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::Text("%s %s, %s", tr("Created by"), app.store.user_name(a.meta.created_by).c_str(),
                    format_local_datetime(a.meta.created_at, app.zone).c_str());
        ImGui::Text("%s %s, %s", tr("Modified by"), app.store.user_name(a.meta.modified_by).c_str(),
                    format_local_datetime(a.meta.modified_at, app.zone).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    bool close = !keep_open;
    if (!read_only) {
        bool submit = ImGui::IsKeyDown(ImGuiMod_Ctrl) && ImGui::IsKeyPressed(ImGuiKey_Enter);
        if (ImGui::Button(ui::label("Save", "save").c_str())) save(app, d);
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Save & Close", "save_close").c_str()) || submit) {
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
        if (!d.saved_note.empty()) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
            ImGui::TextUnformatted(d.saved_note.c_str());
            ImGui::PopStyleColor();
        }
    } else if (ImGui::Button(ui::label("Close", "close").c_str())) {
        close = true;
    }
    if (ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsAnyItemActive()) close = true;
    if (close) {
        d.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace crm
