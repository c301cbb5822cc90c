// Export and import of the whole database as a JSON file (docs/data-format.md): the user owns
// their data and can move it between devices or keep a copy. Import shows what it will change
// and asks first; a file with any error is refused as a whole, listing where the errors are.
#include "core/i18n.hpp"
#include "imgui.h"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kConfirmPopup = "###import_confirm";
constexpr const char* kErrorsPopup = "###import_errors";

const char* plural_kind_name(RecordKind k) {
    switch (k) {
        case RecordKind::Activity: return "Activities";
        case RecordKind::Account: return "Accounts";
        case RecordKind::Contact: return "Contacts";
        case RecordKind::Opportunity: return "Opportunities";
        case RecordKind::Case: return "Cases";
        case RecordKind::User: return "Users";
        case RecordKind::Team: return "Teams";
        case RecordKind::Attachment: return "Attachments";
        case RecordKind::Setting: return "Settings";
    }
    return "";
}

void draw_counts(const ImportPlan& plan) {
    if (!ImGui::BeginTable("import_counts", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn(tr("Records"));
    ImGui::TableSetupColumn(tr("import|New"));
    ImGui::TableSetupColumn(tr("Updated"));
    ImGui::TableSetupColumn(tr("Unchanged"));
    ImGui::TableHeadersRow();
    for (RecordKind k : {RecordKind::User, RecordKind::Team, RecordKind::Account, RecordKind::Contact, RecordKind::Opportunity,
                         RecordKind::Case, RecordKind::Activity, RecordKind::Attachment}) {
        auto it = plan.counts.find(k);
        if (it == plan.counts.end()) continue;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(tr(plural_kind_name(k)));
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("%zu", it->second.added);
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("%zu", it->second.updated);
        ImGui::TableSetColumnIndex(3);
        ImGui::Text("%zu", it->second.unchanged);
    }
    ImGui::EndTable();
}

}  // namespace

void draw_data_file(App& app, UiState& ui) {
    ImGui::SeparatorText(tr("Your data"));
    ImGui::TextWrapped("%s", tr("Export every record (users, teams, accounts, contacts, opportunities, cases, activities "
                                "and attachments) as one JSON file, or import such a file. Sync passwords and "
                                "device settings are never exported."));
    if (!app.export_data) {
        ImGui::TextDisabled("%s", tr("Export and import need the browser."));
        return;
    }
    ImGui::Checkbox(ui::label("Include attachment files", "export_with_attachments").c_str(), &ui.export_with_attachments);
    if (ImGui::Button(ui::label("Export to a file", "export_data").c_str())) app.export_data(ui.export_with_attachments);
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Import from a file...", "import_data").c_str()) && app.pick_import_file) app.pick_import_file();
    ImGui::Spacing();
    ImGui::TextWrapped("%s", tr("Or add activities or contacts from a spreadsheet saved as CSV (UTF-8): you choose which "
                                "column goes into which field and see the rows before anything is imported."));
    draw_csv_import_buttons(app, ui);
}

void draw_import_dialogs(App& app, UiState& ui) {
    bool confirm_open = app.pending_import.has_value();
    if (ui::begin_modal(kConfirmPopup, tr("Import data"), confirm_open)) {
        const auto& pending = *app.pending_import;
        ImGui::Text("%s %s", tr("File:"), pending.file_name.c_str());
        ImGui::TextWrapped("%s", tr("The file is valid. Importing adds the new records and replaces the records with the "
                                    "same id by the file's version:"));
        draw_counts(pending.plan);
        if (!pending.plan.attachment_bytes.empty())
            ImGui::Text("%s %zu", tr("Attachment files included:"), pending.plan.attachment_bytes.size());
        bool close = false;
        if (ImGui::Button(ui::label("Import", "import_confirm").c_str())) {
            if (app.commit_import) {
                app.commit_import();  // takes the plan; stores attachment bytes first, then applies
            } else {
                apply_import(app.store, pending.plan);
                show_notice(ui, tr("Import finished."));
            }
            close = true;
        }
        ImGui::SameLine();
        close |= ImGui::Button(ui::label("Cancel", "import_cancel").c_str());
        ui::finish_modal(confirm_open, close);
    }
    if (!confirm_open) app.pending_import.reset();

    bool errors_open = !app.import_errors.empty();
    if (ui::begin_modal(kErrorsPopup, tr("Import refused"), errors_open)) {
        ImGui::Text("%s %s", tr("File:"), app.import_file_name.c_str());
        ImGui::TextWrapped("%s", tr("Nothing was imported and nothing was changed. The file has these problems:"));
        ImGui::BeginChild("import_error_list", ImVec2(640, 240), ImGuiChildFlags_Border);
        for (const auto& e : app.import_errors) ui::readable_text(e, ui::kErrorColour);
        ImGui::EndChild();
        bool close = ImGui::Button(ui::label("Close", "import_errors_close").c_str());
        ui::finish_modal(errors_open, close);
        if (!errors_open) app.import_errors.clear();
    }
}

}  // namespace crm
