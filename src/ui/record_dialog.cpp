// The form of an account, contact, opportunity or case: its fields on the left, its timeline on
// the right (timeline_view.cpp). Related records (a contact's account, an opportunity's contact)
// open on top with "Open", stacked, as in Dynamics. Save validates everything first and writes
// nothing when any field is wrong; Delete asks first and tombstones the record.
#include <cmath>
#include <cstdlib>

#include "core/activity_format.hpp"
#include "core/contact_links.hpp"
#include "core/i18n.hpp"
#include "core/record_rules.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "pickers.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

std::optional<AnyRecord> find_record(const Store& s, const RecordRef& ref) {
    switch (ref.kind) {
        case RegardingKind::Account: if (auto* r = s.accounts().find_live(ref.id)) return AnyRecord(*r); break;
        case RegardingKind::Contact: if (auto* r = s.contacts().find_live(ref.id)) return AnyRecord(*r); break;
        case RegardingKind::Opportunity: if (auto* r = s.opportunities().find_live(ref.id)) return AnyRecord(*r); break;
        case RegardingKind::Case: if (auto* r = s.cases().find_live(ref.id)) return AnyRecord(*r); break;
        case RegardingKind::None: break;
    }
    return std::nullopt;
}

void load_text_fields(RecordDialog& d) {
    d.revenue.clear();
    d.close_date.clear();
    if (auto* o = std::get_if<Opportunity>(&d.draft)) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.2f", o->estimated_revenue);
        d.revenue = buf;
        if (o->estimated_close) d.close_date = format_iso_date(*o->estimated_close);
    }
}

void text_field(RecordDialog& d, const char* english, const char* id, std::string& value, bool required = false) {
    ui::form_row(english, required);
    ui::input_text("", id, value);
    ui::field_error(d.errors, id);
}

// A phone number with "Call" beside it once the record is saved: tel:, and a phone call logged
// on this record's timeline (follow_ups.cpp).
void phone_field(App& app, UiState& ui, RecordDialog& d, const char* english, std::string& value, const RecordRef& self) {
    ui::form_row(english);
    bool can_call = !d.is_new && app.open_external_url && !tel_url(value).empty();
    ui::input_text("", "phone", value, can_call ? -64.0f : -1.0f);
    if (can_call) {
        ImGui::SameLine();
        call_button(app, ui, "record_call", value, self);
    }
    ui::field_error(d.errors, "phone");
}

// A picker for a related record with an "Open" button that stacks its form on top.
void related_field(App& app, UiState& ui, RecordDialog& d, const char* english, const char* id, RegardingKind kind,
                   std::string& value, std::string& filter) {
    ui::form_row(english);
    bool can_open = !value.empty() && app.store.regarding_exists({kind, value});
    ImGui::SetNextItemWidth(can_open ? -64.0f : -1.0f);
    ui::record_picker(app.store, id, kind, value, filter, true);
    if (can_open) {
        ImGui::SameLine();
        ImGui::PushID(id);
        if (ImGui::Button(ui::label("button|Open", "open_related").c_str())) open_record(app, ui, {kind, value});
        ImGui::PopID();
    }
    ui::field_error(d.errors, id);
}

void owner_field(App& app, RecordDialog& d, OwnerRef& owner) {
    ui::form_row("Owner");
    ImGui::SetNextItemWidth(-1);
    ui::owner_picker(app.store, "record_owner", owner);
    ui::field_error(d.errors, "owner");
}

const char* case_priority_name(CasePriority p) {
    return p == CasePriority::High ? "High" : p == CasePriority::Low ? "Low" : "Normal";
}

void draw_fields(App& app, UiState& ui, RecordDialog& d) {
    if (!ImGui::BeginTable("record_form", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    if (auto* a = std::get_if<Account>(&d.draft)) {
        text_field(d, "Account Name", "name", a->name, true);
        text_field(d, "City", "city", a->city);
        phone_field(app, ui, d, "Main Phone", a->phone, {RegardingKind::Account, a->meta.id});
        text_field(d, "Website", "website", a->website);
        owner_field(app, d, a->owner);
    } else if (auto* c = std::get_if<Contact>(&d.draft)) {
        text_field(d, "Full Name", "full_name", c->full_name, true);
        related_field(app, ui, d, "Account", "parent_account_id", RegardingKind::Account, c->parent_account_id, d.account_filter);
        text_field(d, "Job Title", "job_title", c->job_title);
        text_field(d, "Email", "email", c->email);
        phone_field(app, ui, d, "Business Phone", c->phone, {RegardingKind::Contact, c->meta.id});
        owner_field(app, d, c->owner);
    } else if (auto* o = std::get_if<Opportunity>(&d.draft)) {
        text_field(d, "Topic", "name", o->name, true);
        related_field(app, ui, d, "Account", "account_id", RegardingKind::Account, o->account_id, d.account_filter);
        related_field(app, ui, d, "Contact", "contact_id", RegardingKind::Contact, o->contact_id, d.contact_filter);
        ui::form_row("Est. Revenue");
        ui::input_text("", "estimated_revenue", d.revenue);
        ui::field_error(d.errors, "estimated_revenue");
        ui::form_row("Stage");
        ui::enum_combo("stage", -1, o->stage,
                       {OpportunityStage::Qualify, OpportunityStage::Develop, OpportunityStage::Propose, OpportunityStage::Close},
                       opportunity_stage_name);
        ui::form_row("Est. Close Date");
        ImGui::SetNextItemWidth(140);
        ImGui::InputTextWithHint("##estimated_close", tr("YYYY-MM-DD"), &d.close_date);
        ui::field_error(d.errors, "estimated_close");
        owner_field(app, d, o->owner);
    } else if (auto* k = std::get_if<Case>(&d.draft)) {
        text_field(d, "Case Title", "title", k->title, true);
        related_field(app, ui, d, "Account", "account_id", RegardingKind::Account, k->account_id, d.account_filter);
        related_field(app, ui, d, "Contact", "contact_id", RegardingKind::Contact, k->contact_id, d.contact_filter);
        ui::form_row("Status");
        ui::enum_combo("case_status", -1, k->status, {CaseStatus::Active, CaseStatus::Resolved, CaseStatus::Canceled},
                       case_status_name);
        ui::form_row("Priority");
        ui::enum_combo("case_priority", -1, k->priority, {CasePriority::Low, CasePriority::Normal, CasePriority::High},
                       case_priority_name);
        owner_field(app, d, k->owner);
    }
    ImGui::EndTable();
}

// Parses the text fields into the draft; returns their errors.
Status collect_text_fields(RecordDialog& d, AnyRecord& out) {
    Status st;
    out = d.draft;
    if (auto* o = std::get_if<Opportunity>(&out)) {
        std::string text = d.revenue;
        std::erase(text, ' ');
        std::erase(text, ',');
        double value = 0;
        if (!text.empty()) {
            // std::from_chars for double is missing from Emscripten's libc++; strtod does the same
            // job here, and the end pointer rejects trailing junk.
            char* end = nullptr;
            value = std::strtod(text.c_str(), &end);
            if (end != text.c_str() + text.size() || !std::isfinite(value))
                st.add("estimated_revenue", "Not a number: %s", d.revenue);
        }
        o->estimated_revenue = value;
        o->estimated_close.reset();
        if (!d.close_date.empty()) {
            if (auto date = parse_iso_date(d.close_date)) o->estimated_close = *date;
            else st.add("estimated_close", "Not a valid date: %s (use YYYY-MM-DD)", d.close_date);
        }
    }
    return st;
}

bool save(App& app, RecordDialog& d) {
    AnyRecord to_save;
    d.errors = collect_text_fields(d, to_save);
    if (!d.errors.ok()) return false;
    // Saved elsewhere (another tab) since the form was opened: the user picks per field.
    if (!d.is_new) {
        auto stored = find_record(app.store, {d.kind, meta_of(to_save).id});
        if (stored && !meta_of(*stored).deleted && meta_of(*stored).rev != meta_of(to_save).rev) {
            const AnyRecord& opened = meta_of(d.opened).id == meta_of(to_save).id ? d.opened : to_save;
            if (offer_stale_edit(d.stale, opened, to_save, *stored)) return false;
            meta_of(to_save).rev = meta_of(*stored).rev;  // they saved what the form holds
        }
    }
    auto saved = app.store.save_record(to_save, app.actor());
    if (!saved.ok()) {
        d.errors = saved.status;
        return false;
    }
    if (auto stored = find_record(app.store, {d.kind, saved.value})) d.draft = *stored;
    d.opened = d.draft;
    d.stale = {};
    d.is_new = false;
    load_text_fields(d);
    d.saved_note = tr("Saved");
    return true;
}

// The user's choice after a stale save: their revision with the chosen values of this form.
bool save_stale_choice(App& app, RecordDialog& d) {
    AnyRecord mine;
    d.errors = collect_text_fields(d, mine);
    if (!d.errors.ok()) return false;
    auto stored = find_record(app.store, {d.kind, meta_of(mine).id});
    if (!stored || meta_of(*stored).deleted) {
        d.errors = Status::failure("", "This record was deleted.");
        return false;
    }
    if (meta_of(*stored).rev != d.stale.their_rev) {  // saved there once more: show the new values
        offer_stale_edit(d.stale, meta_of(d.opened).id == meta_of(mine).id ? d.opened : mine, mine, *stored);
        return false;
    }
    auto rebased = rebase_stale_edit(mine, *stored, {d.stale.take_theirs.begin(), d.stale.take_theirs.end()});
    if (!rebased.ok()) {
        d.errors = rebased.status;
        return false;
    }
    d.draft = rebased.value;
    load_text_fields(d);
    d.stale = {};
    return save(app, d);
}

}  // namespace

std::string record_form_title(const App& app, const RecordDialog& d) {
    if (d.is_new) return tr(new_record_title(d.kind));
    return tr_args("%s: %s", {tr(regarding_kind_name(d.kind)), app.store.regarding_name({d.kind, meta_of(d.draft).id})});
}

void open_record(App& app, UiState& ui, const RecordRef& ref) {
    auto record = find_record(app.store, ref);
    if (!record) {
        show_notice(ui, tr("That record no longer exists."), true);
        return;
    }
    RecordDialog d;
    d.kind = ref.kind;
    d.is_new = false;
    d.draft = *record;
    d.opened = *record;
    d.timeline.rollup = RollupMode::Related;  // as Dynamics: accounts and contacts show related activities
    load_text_fields(d);
    ui.dialogs.emplace_back(std::move(d));
}

void open_new_record(App& app, UiState& ui, RegardingKind kind) {
    RecordDialog d;
    d.kind = kind;
    d.is_new = true;
    OwnerRef me{OwnerKind::User, app.current_user_id};
    switch (kind) {
        case RegardingKind::Account: d.draft = Account{.owner = me}; break;
        case RegardingKind::Contact: d.draft = Contact{.owner = me}; break;
        case RegardingKind::Opportunity: d.draft = Opportunity{.owner = me}; break;
        case RegardingKind::Case: d.draft = Case{.owner = me}; break;
        case RegardingKind::None: return;
    }
    load_text_fields(d);
    ui.dialogs.emplace_back(std::move(d));
}

bool draw_record_form(App& app, UiState& ui, RecordDialog& d, bool is_top) {
    bool close = false;
    float form_width = d.is_new ? 0.0f : 420.0f;
    ImGui::BeginChild("fields", ImVec2(form_width, 0), ImGuiChildFlags_None);
    draw_fields(app, ui, d);
    ui::record_errors(d.errors);
    if (d.stale.open && draw_stale_edit(d.stale)) save_stale_choice(app, d);
    if (!d.is_new) {
        const RecordMeta& m = meta_of(d.draft);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::Text("%s %s, %s", tr("Created by"), app.store.user_name(m.created_by).c_str(),
                    format_local_datetime(m.created_at, app.zone).c_str());
        ImGui::Text("%s %s, %s", tr("Modified by"), app.store.user_name(m.modified_by).c_str(),
                    format_local_datetime(m.modified_at, app.zone).c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    ui::FormKeys keys = ui::form_keys(is_top);
    if (ImGui::Button(ui::label("Save", "record_save").c_str()) || keys.save) save(app, d);
    ImGui::SameLine();
    if ((ImGui::Button(ui::label("Save & Close", "record_save_close").c_str()) || keys.save_close) && save(app, d)) close = true;
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel", "record_cancel").c_str())) close = true;
    if (!d.is_new) {
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Delete", "record_delete").c_str())) d.confirm_delete = true;
    }
    if (!d.saved_note.empty()) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kAccentColour);
        ImGui::TextUnformatted(d.saved_note.c_str());
        ImGui::PopStyleColor();
    }
    if (d.confirm_delete) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kErrorColour);
        ImGui::TextWrapped("%s", tr("Delete this record? Its activities are kept and show it as deleted."));
        ImGui::PopStyleColor();
        if (ImGui::Button(ui::label("Delete record", "record_confirm_delete").c_str())) {
            Status st = app.store.delete_record(d.kind, meta_of(d.draft).id, app.actor());
            if (st.ok()) close = true;
            else d.errors = st;
        }
        ImGui::SameLine();
        if (ImGui::Button(ui::label("Keep", "record_keep").c_str())) d.confirm_delete = false;
    }
    ImGui::EndChild();
    if (!d.is_new) {
        ImGui::SameLine();
        ImGui::BeginChild("timeline_panel", ImVec2(0, 0), ImGuiChildFlags_Border);
        draw_timeline(app, ui, d);
        ImGui::EndChild();
    }
    if (is_top && ImGui::IsKeyPressed(ImGuiKey_Escape) && !ImGui::IsAnyItemActive()) close = true;
    return close;
}

}  // namespace crm
