// The Activities grid as a CSV file: the columns the user shows, in the order the user put them,
// and the rows of the current view, filters and sort (run_activity_query). Names are translated
// as the grid shows them; dates and times are ISO 8601, not the locale's short form (see why in
// grid_export.cpp). The import (csv_import.hpp) reads this file back.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "civil_time.hpp"
#include "store.hpp"

namespace crm {

enum class GridColumn : std::uint8_t { Type, Subject, Regarding, Due, State, Reason, Priority, Owner, CreatedBy, CreatedOn, ModifiedOn };
// The grid's header caption (English source text, for tr()).
const char* grid_column_caption(GridColumn c);

// "2026-11-24T15:00+01:00": the wall-clock time in `zone` with its offset.
std::string format_iso_local(UtcMillis t, const TimeZone& zone);

// UTF-8 with a BOM, CRLF rows, one header row of translated captions.
std::string export_grid_csv(const Store& store, std::span<const std::uint32_t> rows, std::span<const GridColumn> columns,
                            const TimeZone& zone);

}  // namespace crm
