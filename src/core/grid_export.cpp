#include "grid_export.hpp"

#include <cstdio>

#include "activity_format.hpp"
#include "csv.hpp"
#include "i18n.hpp"

namespace crm {

const char* grid_column_caption(GridColumn c) {
    switch (c) {
        case GridColumn::Type: return N_("Type");
        case GridColumn::Subject: return N_("Subject");
        case GridColumn::Regarding: return N_("Regarding");
        case GridColumn::Due: return N_("Due");
        case GridColumn::State: return N_("Status");
        case GridColumn::Reason: return N_("Status Reason");
        case GridColumn::Priority: return N_("Priority");
        case GridColumn::Owner: return N_("Owner");
        case GridColumn::CreatedBy: return N_("Created By");
        case GridColumn::CreatedOn: return N_("Created On");
        case GridColumn::ModifiedOn: return N_("Modified On");
    }
    return "";
}

std::string format_iso_local(UtcMillis t, const TimeZone& zone) {
    const LocalDateTime lt = zone.to_local(t);
    const int offset = zone.offset_minutes_at(t);
    const int magnitude = offset < 0 ? -offset : offset;
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d%c%02d:%02d", format_iso_date(lt.date).c_str(), lt.time.hour, lt.time.minute,
                  offset < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
    return buffer;
}

namespace {
// ISO 8601 rather than the grid's "11/24/2026 3:00 PM": a file travels to people and programs
// in other locales, where 03/04/2026 reads as April or as March and "下午3:00" does not parse at
// all. YYYY-MM-DD reads the same everywhere, and the offset keeps an instant exact across zones
// and DST. A date-only due stays a date (no time, no offset): it means that day wherever it is read.
std::string iso_due(const Due& due, const TimeZone& zone) {
    switch (due.kind) {
        case Due::Kind::None: return {};
        case Due::Kind::Date: return format_iso_date(due.date);
        case Due::Kind::Instant: return format_iso_local(due.instant, zone);
    }
    return {};
}
}  // namespace

std::string export_grid_csv(const Store& store, std::span<const std::uint32_t> rows, std::span<const GridColumn> columns,
                            const TimeZone& zone) {
    std::string out(csv::kUtf8Bom);
    out.reserve(64 + rows.size() * 24 * (columns.size() + 1));
    std::vector<std::string> cells(columns.size());
    std::vector<std::string_view> views(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) views[c] = tr(grid_column_caption(columns[c]));
    csv::append_row(out, views);
    for (std::uint32_t row : rows) {
        const Activity& a = store.activities().at(row);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            std::string& cell = cells[c];
            switch (columns[c]) {
                case GridColumn::Type: cell = tr(activity_type_name(a.type)); break;
                case GridColumn::Subject: cell = a.subject; break;
                case GridColumn::Regarding: cell = a.regarding.empty() ? std::string() : store.regarding_name(a.regarding); break;
                case GridColumn::Due: cell = iso_due(effective_due(a), zone); break;
                case GridColumn::State: cell = tr(activity_state_name(a.state)); break;
                case GridColumn::Reason: cell = tr(status_reason_name(a.reason)); break;
                case GridColumn::Priority: cell = tr(priority_name(a.priority)); break;
                case GridColumn::Owner: cell = store.owner_name(a.owner); break;
                case GridColumn::CreatedBy: cell = store.user_name(a.meta.created_by); break;
                case GridColumn::CreatedOn: cell = format_iso_local(a.meta.created_at, zone); break;
                case GridColumn::ModifiedOn: cell = format_iso_local(a.meta.modified_at, zone); break;
            }
            views[c] = cell;
        }
        csv::append_row(out, views);
    }
    return out;
}

}  // namespace crm
