// A record's timeline: the history of work with a customer, newest first.
// Roll-up decides which activities a record shows, as Dynamics' rollup types do:
//   None     - activities regarding the record itself;
//   Related  - plus, for an account: those regarding its contacts (current parent account), its
//              opportunities and its cases; for a contact: its opportunities and cases;
//              opportunities and cases have nothing related, so Related = None for them;
//   Extended - plus, for an account: opportunities and cases of its contacts that belong to another
//              account or none, and emails whose from/to/cc contains one of its contacts' email
//              addresses; for a contact: emails from/to/cc its email address.
// Every entry says where it came from (`via`, empty for the record itself), computed from the
// current relationships, so a reparented contact's history moves with it. Deleted activities and
// activities regarding deleted records are left out.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "activity_query.hpp"
#include "civil_time.hpp"
#include "store.hpp"

namespace crm {

class ActivityIndex;

enum class RollupMode : std::uint8_t { None = 0, Related = 1, Extended = 2 };
enum class TimelineStateFilter : std::uint8_t { Any = 0, Active = 1, Overdue = 2, Closed = 3 };
// Windows on the activity's effective due (date-only dues count from the start of that day in the
// user's zone): next/last 24 hours, 7 days, 30 days from now.
enum class TimelineWindow : std::uint8_t { Any = 0, Next24h, Next7d, Next30d, Last24h, Last7d, Last30d };

const char* rollup_mode_name(RollupMode m);
const char* timeline_state_filter_name(TimelineStateFilter f);
const char* timeline_window_name(TimelineWindow w);

struct TimelineFilter {
    RollupMode rollup = RollupMode::Related;
    std::uint8_t type_mask = 0x1F;  // bit (1 << ActivityType)
    TimelineStateFilter state = TimelineStateFilter::Any;
    TimelineWindow window = TimelineWindow::Any;
    std::string text;               // matched folded against subject and description
    bool operator==(const TimelineFilter&) const = default;
};

struct TimelineEntry {
    std::uint32_t activity_index = 0;  // row in store.activities()
    RecordRef via;                     // the related record it came through; empty if direct
};

struct Timeline {
    std::vector<TimelineEntry> entries;  // newest first: modified_at, then created_at, descending
    std::size_t direct = 0;              // entries regarding the record itself
    std::size_t rolled_up = 0;           // entries through related records
};

// `index`: the app's ActivityIndex (refreshed here); without one a temporary index is built.
Timeline build_timeline(const Store& store, const RecordRef& record, const TimelineFilter& filter,
                        const TimeZone& zone, UtcMillis now, ActivityIndex* index = nullptr);

// "via contact Chris Preston" (translated through tr()), or "" when `via` is empty.
std::string via_label(const Store& store, const RecordRef& via);

}  // namespace crm
