// CSV in and out of the app. Import (Sync & data › Import activities/contacts from CSV...): the
// picked file is parsed (core/csv), each column gets a guessed target the user can change in a
// combo, and a preview shows the first rows as they will be imported with each row's problems
// and the counts. Import adds the valid rows (one store change, one storage write); refused rows
// are left out whole and can be downloaded with their reasons. Export (the grid's command bar):
// the rows of the current view with the shown columns in their order (core/grid_export).
#include <algorithm>

#include "core/i18n.hpp"
#include "core/locale_format.hpp"
#include "imgui.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kDialogPopup = "###csv_import";
constexpr std::size_t kPreviewRows = 20;
constexpr std::size_t kListedProblems = 200;

CsvImportContext import_context(const App& app) {
    return {.zone = &app.zone, .locale = &active_locale(), .user_id = app.current_user_id, .now = app.now()};
}

void replan(App& app, CsvImportDialog& d) {
    d.plan = plan_csv_import(app.store, d.kind, d.table, d.mapping, import_context(app));
    d.planned_store_version = app.store.version();
    d.plan_stale = false;
}

std::string cell_or_empty(const std::vector<std::string>& cells, std::size_t c) { return c < cells.size() ? cells[c] : std::string(); }

void draw_mapping(CsvImportDialog& d) {
    ImGui::SeparatorText(tr("Columns"));
    const float row_height = ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2;
    const float height = std::min(row_height * static_cast<float>(d.mapping.size() + 1) + 4, 190.0f);
    if (!ImGui::BeginTable("csv_mapping", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                           ImVec2(660, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("Column in the file"));
    ImGui::TableSetupColumn(tr("Import as"));
    ImGui::TableSetupColumn(tr("First value"));
    ImGui::TableHeadersRow();
    const auto fields = csv_fields_for(d.kind);
    for (std::size_t c = 0; c < d.mapping.size(); ++c) {
        ImGui::PushID(static_cast<int>(c));
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(cell_or_empty(d.table.header, c).c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::SetNextItemWidth(-1);
        const std::string id = "csv_map_" + std::to_string(c);
        if (ui::begin_combo(id.c_str(), tr(csv_field_caption(d.mapping[c])))) {
            for (CsvField f : fields)
                if (ImGui::Selectable(tr(csv_field_caption(f)), f == d.mapping[c]) && f != d.mapping[c]) {
                    d.mapping[c] = f;
                    d.plan_stale = true;
                }
            ImGui::EndCombo();
        }
        ImGui::TableSetColumnIndex(2);
        ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
        ImGui::TextUnformatted(d.table.rows.empty() ? "" : cell_or_empty(d.table.rows.front(), c).c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_preview(const CsvImportDialog& d) {
    ImGui::SeparatorText(tr("Preview"));
    std::vector<std::size_t> shown;
    for (std::size_t c = 0; c < d.mapping.size(); ++c)
        if (d.mapping[c] != CsvField::Skip) shown.push_back(c);
    const int columns = static_cast<int>(shown.size()) + 2;
    if (columns > 64) return;  // ImGui tables stop at 512 columns; a mapping this wide is not previewed
    if (!ImGui::BeginTable("csv_preview", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                                       ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg,
                           ImVec2(660, 220)))
        return;
    ImGui::TableSetupScrollFreeze(1, 1);
    // Problems next to the row number, where they are seen without scrolling sideways.
    ImGui::TableSetupColumn(tr("Row"));
    ImGui::TableSetupColumn(tr("Problems"));
    for (std::size_t c : shown) ImGui::TableSetupColumn(tr(csv_field_caption(d.mapping[c])));
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < std::min(kPreviewRows, d.plan.rows.size()); ++k) {
        const CsvRowPlan& row = d.plan.rows[k];
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("%zu", row.row);
        ImGui::TableSetColumnIndex(1);
        if (row.problems.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
            if (!row.duplicate_of_id.empty()) ImGui::TextUnformatted(tr("already in your data"));
            else if (row.duplicate_of_row) ImGui::TextUnformatted(tr_args("same as row %s", {std::to_string(row.duplicate_of_row)}).c_str());
            else ImGui::TextUnformatted(tr("ready"));
            ImGui::PopStyleColor();
        }
        // One line each (the table scrolls sideways), listed for tests and screen readers.
        for (const auto& p : row.problems) {
            const std::string text = csv::describe(p);
            ImGui::PushStyleColor(ImGuiCol_Text, ui::kErrorColour);
            ImGui::TextUnformatted(text.c_str());
            ImGui::PopStyleColor();
            const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
            item_registry_note_rect(text.c_str(), min.x, min.y, max.x - min.x, max.y - min.y);
        }
        int col = 2;
        for (std::size_t c : shown) {
            ImGui::TableSetColumnIndex(col++);
            std::string value = cell_or_empty(d.table.rows[k], c);
            if (value.size() > 60) {
                std::size_t cut = 57;
                while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
                value = value.substr(0, cut) + "...";
            }
            std::replace(value.begin(), value.end(), '\n', ' ');
            ImGui::TextUnformatted(value.c_str());
        }
    }
    ImGui::EndTable();
}

void draw_refused_list(const CsvImportDialog& d) {
    // Refused rows past the preview: every reason, so nothing is refused without saying why.
    std::size_t listed = 0, later = 0;
    for (std::size_t k = kPreviewRows; k < d.plan.rows.size(); ++k) later += d.plan.rows[k].problems.size();
    if (later == 0) return;
    ImGui::TextUnformatted(tr("Problems in the rows after the preview:"));
    ImGui::BeginChild("csv_refused_list", ImVec2(660, 90), ImGuiChildFlags_Border);
    for (std::size_t k = kPreviewRows; k < d.plan.rows.size() && listed < kListedProblems; ++k)
        for (const auto& p : d.plan.rows[k].problems)
            if (listed++ < kListedProblems) ui::readable_text(csv::describe(p), ui::kErrorColour);
    if (later > kListedProblems) ImGui::TextDisabled("%s", tr_args("... and %s more (download the refused rows to see them all).",
                                                                   {format_count(static_cast<long long>(later - kListedProblems))}).c_str());
    ImGui::EndChild();
}

void import_now(App& app, UiState& ui, CsvImportDialog& d) {
    // Planned again against the store as it is now (a sync may have changed it since the preview).
    replan(app, d);
    const CsvImportReport report = apply_csv_import(app.store, d.plan, app.actor(), d.import_duplicates);
    std::string message = count_phrase("Imported %s row.", "Imported %s rows.", static_cast<long long>(report.imported));
    if (report.skipped_duplicates > 0)
        message += " " + count_phrase("%s row already in your data was skipped.", "%s rows already in your data were skipped.",
                                      static_cast<long long>(report.skipped_duplicates));
    const std::size_t refused = d.plan.refused + report.refused.size();
    if (refused > 0) message += " " + count_phrase("%s row refused.", "%s rows refused.", static_cast<long long>(refused));
    show_notice(ui, message, report.imported == 0);
}

}  // namespace

void open_csv_file(App& app, UiState& ui, CsvImportKind kind, const std::string& name, std::string_view bytes) {
    auto parsed = csv::parse(bytes);
    app.import_file_name = name;
    if (!parsed.ok() || parsed.table.rows.empty()) {
        app.import_errors.clear();
        app.import_errors.push_back(parsed.ok() ? std::string(tr("The file has a header row but no rows to import."))
                                                : csv::describe(*parsed.problem));
        if (app.note_text_to_draw) app.note_text_to_draw(app.import_errors.back());
        return;
    }
    // The preview draws the file's text before any of it is in the store: the font atlas must
    // hold its characters (the Chinese face is fetched when the first one appears).
    if (app.note_text_to_draw) {
        for (const auto& cell : parsed.table.header) app.note_text_to_draw(cell);
        for (const auto& row : parsed.table.rows)
            for (const auto& cell : row) app.note_text_to_draw(cell);
    }
    CsvImportDialog& d = ui.csv_import;
    d = CsvImportDialog{};
    d.open = true;
    d.kind = kind;
    d.file_name = name;
    d.table = std::move(parsed.table);
    d.mapping = guess_csv_mapping(kind, d.table.header);
    d.plan_stale = true;
}

void pick_csv_file(App& app, UiState& ui, CsvImportKind kind) {
    if (!app.pick_file) return;
    // App and UiState live as long as the page, so the answer may refer to them.
    app.pick_file(".csv,text/csv,.txt,text/plain", [&app, &ui, kind](App::PickedFile&& file) {
        if (!file.read) {
            app.import_file_name = file.name;
            app.import_errors = {app.unread_file_message ? app.unread_file_message(file) : file.error};
            return;
        }
        open_csv_file(app, ui, kind, file.name, file.bytes);
    });
}

void draw_csv_import_buttons(App& app, UiState& ui) {
    if (!app.pick_file) return;
    if (ImGui::Button(ui::label("Import activities from CSV...", "import_csv_activities").c_str()))
        pick_csv_file(app, ui, CsvImportKind::Activities);
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Import contacts from CSV...", "import_csv_contacts").c_str()))
        pick_csv_file(app, ui, CsvImportKind::Contacts);
}

void draw_csv_import_dialog(App& app, UiState& ui) {
    CsvImportDialog& d = ui.csv_import;
    const char* title = d.kind == CsvImportKind::Contacts ? tr("Import contacts from CSV") : tr("Import activities from CSV");
    if (!ui::begin_modal(kDialogPopup, title, d.open)) {
        if (!d.open && !d.table.header.empty()) d = CsvImportDialog{};  // closed: let go of the file
        return;
    }
    if (d.plan_stale || d.planned_store_version != app.store.version()) replan(app, d);
    ImGui::Text("%s %s", tr("File:"), d.file_name.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", count_phrase("%s row", "%s rows", static_cast<long long>(d.table.rows.size())).c_str());
    draw_mapping(d);
    for (const auto& p : d.plan.mapping_problems) ui::readable_text(csv::describe(p), ui::kErrorColour);
    draw_preview(d);
    draw_refused_list(d);
    const std::size_t imported = d.plan.to_import(d.import_duplicates);
    std::string counts = count_phrase("%s row will be imported", "%s rows will be imported", static_cast<long long>(imported)) + ", ";
    if (d.plan.duplicates > 0 && !d.import_duplicates)
        counts += count_phrase("%s row already in your data skipped", "%s rows already in your data skipped",
                               static_cast<long long>(d.plan.duplicates)) + ", ";
    counts += count_phrase("%s row refused.", "%s rows refused.", static_cast<long long>(d.plan.refused));
    ui::readable_text(counts);
    if (d.plan.duplicates > 0)
        ImGui::Checkbox(ui::label("Import the rows already in your data as well (they would be there twice)", "csv_import_duplicates").c_str(),
                        &d.import_duplicates);
    if (d.plan.refused > 0)
        ImGui::TextWrapped("%s", tr("Refused rows are not imported at all; the other rows are. Download the refused rows with "
                                    "their reasons, fix them and import that file again."));
    bool close = false;
    ImGui::BeginDisabled(!d.plan.importable(d.import_duplicates));
    if (ImGui::Button(ui::label("Import", "csv_import_confirm").c_str())) {
        import_now(app, ui, d);
        close = true;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(d.plan.refused == 0 || !app.download_file);
    if (ImGui::Button(ui::label("Download refused rows", "csv_refused_download").c_str())) {
        std::string base = d.file_name.size() > 4 && d.file_name.ends_with(".csv") ? d.file_name.substr(0, d.file_name.size() - 4) : d.file_name;
        app.download_file(base + "-refused.csv", "text/csv;charset=utf-8", refused_rows_csv(d.plan, d.table));
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    close |= ImGui::Button(ui::label("Cancel", "csv_import_cancel").c_str());
    ui::finish_modal(d.open, close);
    if (!d.open) d = CsvImportDialog{};
}

void export_grid_view_csv(App& app, UiState& ui) {
    const auto& rows = ui.grid.view;
    const std::string bytes = export_grid_csv(app.store, rows, ui.grid_columns, app.zone);
    const std::string name = "activities-" + format_iso_date(app.zone.local_date(app.now())) + ".csv";
    if (app.download_file) app.download_file(name, "text/csv;charset=utf-8", bytes);
    show_notice(ui, tr_args("Exported %s (%s).", {name, count_phrase("%s activity", "%s activities", static_cast<long long>(rows.size()))}));
}

}  // namespace crm
