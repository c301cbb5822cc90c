// Text of an activity as the grid and dialogs show it: names resolved, dates in the user's zone.
// Computed per visible row only (the grid clips to what is on screen), so 100,000 rows cost no
// more than 40. English names here are tr() keys; the view translates them.
#pragma once
#include <string>

#include "activity.hpp"
#include "activity_query.hpp"
#include "civil_time.hpp"
#include "store.hpp"

namespace crm {

struct ActivityRowText {
    const char* type = "";
    const char* priority = "";
    const char* state = "";
    const char* reason = "";
    const char* regarding_kind = "";  // "Account", ... or "" for standalone
    std::string regarding;
    std::string owner;
    std::string due;
    DueTone due_tone = DueTone::Normal;
    bool repeats = false;             // a series: `due` is its next occurrence
    std::string created_by;
    std::string created_on;
    std::string modified_on;
};

// In the active locale: "11/24/2026" for a date, "11/24/2026 3:00 PM" for an instant shown in
// `zone` (Polish "24.11.2026 15:00"), "" for none.
std::string format_due(const Due& due, const TimeZone& zone);
std::string format_local_datetime(UtcMillis t, const TimeZone& zone);
ActivityRowText format_activity_row(const Store& store, const Activity& a, const TimeZone& zone, const DueWindow& w);

}  // namespace crm
