// iCalendar (RFC 5545) files: appointments and tasks out as VEVENT/VTODO, and .ics files from other
// calendar programs (Google Calendar, Outlook, Thunderbird) in.
//
// Export writes what the activity model holds: times with the user's TZID and a VTIMEZONE built
// from the user's TimeZone transitions (the browser has no tzdb, so the zone is the table it
// sampled), all-day dates as VALUE=DATE, series as RRULE + EXDATE, occurrences edited on their
// own as RECURRENCE-ID components of the series' UID, reminders as VALARM. Lines are CRLF and
// folded at 75 octets, never inside a UTF-8 sequence.
//
// Import is plan-then-apply, as the JSON data file (data_file.hpp): plan_ical_import() reads and
// maps the whole file without touching the store, and lists what it could not map; a file that
// is not UTF-8 text (Windows-1250, Big5, ...) or not iCalendar is refused with the line and byte.
// apply_ical_import() writes the plan in one store change. Ids come from the UID (and the
// RECURRENCE-ID), so importing the same file again updates the activities it made.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "activity.hpp"
#include "civil_time.hpp"
#include "result.hpp"
#include "store.hpp"

namespace crm {

inline constexpr std::size_t kMaxIcalComponents = 20'000;       // VEVENT + VTODO + ... in one file
inline constexpr std::size_t kMaxIcalLineOctets = 512 * 1024;    // one unfolded content line
inline constexpr int kMaxIcalNesting = 8;                         // BEGIN inside BEGIN

// ---- writing -------------------------------------------------------------------------------------

// TEXT value escaping (backslash, semicolon, comma, newline).
std::string escape_ical_text(std::string_view text);
// One content line as it goes into the file: folded so that no line is over 75 octets (CRLF not
// counted), never splitting a UTF-8 sequence, each line ending in CRLF.
std::string fold_ical_line(std::string_view line);

struct IcalExport {
    std::string text;
    std::size_t events = 0;
    std::size_t tasks = 0;
};
// The live tasks and appointments among `activity_rows` (indexes into store.activities()).
IcalExport export_icalendar(const Store& store, std::span<const std::uint32_t> activity_rows, const TimeZone& zone,
                            UtcMillis now);
// Rows of every live task and appointment.
std::vector<std::uint32_t> calendar_activity_rows(const Store& store);

// ---- reading -------------------------------------------------------------------------------------

// The zone for a TZID the file has no VTIMEZONE for, covering first_year..last_year; nullopt when
// the name is unknown. The browser samples Intl.DateTimeFormat for IANA names; tests use from_posix.
using IcalZoneResolver = std::function<std::optional<TimeZone>(const std::string& tzid, int first_year, int last_year)>;

struct IcalImportOptions {
    const TimeZone* user_zone = nullptr;  // floating times, and the dates of exceptions
    IcalZoneResolver resolve_zone;        // may be empty
    OwnerRef owner;                       // of new activities (updated ones keep theirs)
    RecordRef regarding;                  // empty: new activities regard nothing, updated keep theirs
    Actor actor;
};

// Something the file holds that was not imported, or not as it was: `message` is an English
// source string (N_) with "%s" filled from `arg`; `where` names the first component it was seen
// in ("VEVENT \"Weekly sync\"", or "" for the file); `count` how many times it was seen.
struct IcalNote {
    std::string where;
    std::string message;
    std::string arg;
    std::size_t count = 1;
};

struct IcalImportPlan {
    std::vector<Activity> activities;        // new and changed, stamped and with their next revision
    std::vector<std::string> expected_revs;  // per activity: the stored revision planned against ("" new)
    std::size_t events_added = 0, events_updated = 0;
    std::size_t tasks_added = 0, tasks_updated = 0;
    std::size_t unchanged = 0;
    std::size_t skipped = 0;  // components that could not be imported (each has a note)
    std::vector<IcalNote> notes;
};

Result<IcalImportPlan> plan_ical_import(const Store& store, std::string_view file_bytes, const IcalImportOptions& options);
// Writes the plan in one store change; refused with nothing changed when an activity it updates
// changed since the plan was made (the user imports again to see the new preview).
Status apply_ical_import(Store& store, const IcalImportPlan& plan);

// The activity id an imported component gets: our own export's UID ("<uuid>@activities") gives
// the uuid back; any other UID (with its RECURRENCE-ID, for an edited occurrence) is hashed into
// a UUID-shaped id, so the same file maps to the same activities every time.
std::string ical_activity_id(std::string_view uid, std::string_view recurrence_id = {});

}  // namespace crm
