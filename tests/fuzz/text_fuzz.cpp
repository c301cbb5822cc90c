// Fuzzes the small parsers of outside text in src/core, one per input chosen by its first byte:
// ISO dates, times and instants (files, sync documents), "HH:MM" (calendar settings), POSIX time
// zone strings (from the browser), base64 (attachment bytes), the sync address and database
// name, sync document ids, the translation catalog loader, stored view preferences, stored sync
// conflicts and the browser's language list. The rest of the input is the text.
// Invariants: whatever a parser accepts, formatting it and parsing again gives the same value;
// a refusal of the catalog or of the sync settings says why.
#include <string>
#include <vector>

#include "core/base64.hpp"
#include "core/civil_time.hpp"
#include "core/i18n.hpp"
#include "core/sync_engine.hpp"
#include "core/sync_merge.hpp"
#include "core/view_prefs.hpp"
#include "fuzz_support.hpp"

using namespace crm;
using namespace crm::fuzz;

namespace {

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t pos = 0;;) {
        std::size_t end = text.find('\n', pos);
        out.emplace_back(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text = as_text(data + 1, size - 1);
    switch (data[0] % 11) {
        case 0:
            if (auto d = parse_iso_date(text)) {
                FUZZ_CHECK(format_iso_date(*d) == text, "a strict date does not format back to itself: " + std::string(text));
                FUZZ_CHECK(civil_from_days(days_from_civil(*d)) == *d, "days_from_civil and civil_from_days disagree");
            }
            break;
        case 1:
            if (auto t = parse_iso_utc(text)) {
                std::string formatted = format_iso_utc(*t);
                FUZZ_CHECK(parse_iso_utc(formatted) == t, "an instant does not survive format -> parse: " + formatted);
            }
            break;
        case 2:
            if (auto t = parse_time_hm(text)) FUZZ_CHECK(format_time_hm(*t) == text, "a strict HH:MM does not format back to itself");
            break;
        case 3: {
            // Only a few years, so that one input stays fast.
            if (auto zone = TimeZone::from_posix("Fuzz/Zone", text, 2025, 2027)) {
                FUZZ_CHECK(std::abs(zone->initial_offset_minutes()) <= TimeZone::kMaxOffsetMinutes, "an offset beyond the clamp");
                for (UtcMillis t : {UtcMillis{1'735'689'600'000}, kFuzzNow, UtcMillis{1'798'761'600'000}}) {
                    FUZZ_CHECK(std::abs(zone->offset_minutes_at(t)) <= TimeZone::kMaxOffsetMinutes, "an offset beyond the clamp");
                    LocalDateTime local = zone->to_local(t);
                    // Wall time that exists maps back to an instant with the same wall time.
                    FUZZ_CHECK(zone->to_local(zone->from_local(local)) == local, "to_local(from_local(x)) != x for a wall time that exists");
                    UtcMillis start = zone->start_of_day(local.date);
                    FUZZ_CHECK(start <= t && zone->local_date(start) == local.date, "start_of_day is not the day's first instant");
                }
            }
            break;
        }
        case 4:
            if (auto bytes = base64_decode(text)) {
                FUZZ_CHECK(base64_encode(*bytes) == text, "strict base64 does not encode back to itself");
            } else {
                // Bytes encode to text that decodes to them.
                auto back = base64_decode(base64_encode(text));
                FUZZ_CHECK(back && *back == text, "base64 of bytes does not decode to them");
            }
            break;
        case 5: {
            auto lines = lines_of(text);
            SyncConfig config{lines[0], lines.size() > 1 ? lines[1] : "", "", ""};
            Status st = validate_sync_config(config);
            if (!st.ok()) check_refusal_messages(st, "validate_sync_config");
            else FUZZ_CHECK(config.database_url().find_first_of("?# ") == std::string::npos, "an accepted address makes a URL with ? # or space");
            break;
        }
        case 6:
            if (auto parsed = parse_sync_doc_id(text)) {
                FUZZ_CHECK(sync_doc_id(parsed->first, parsed->second) == text, "a document id does not format back to itself");
            }
            break;
        case 7: {
            for (const char* language : {"pl", "zh-Hant"}) {
                Result<Catalog> catalog = parse_catalog(text, language);
                if (!catalog.ok()) check_refusal_messages(catalog.status, "parse_catalog");
                catalog.value.for_each_translation([](std::string_view) {});
                for (long long n : {0LL, 1LL, 2LL, 5LL, 22LL, 112LL, -1LL}) catalog.value.lookup_count("%s activity", "%s activities", n);
            }
            break;
        }
        case 8: {
            ViewPrefs prefs = decode_view_prefs(text);
            FUZZ_CHECK(decode_view_prefs(encode_view_prefs(prefs)) == prefs, "view preferences do not survive encode -> decode");
            break;
        }
        case 9:
            if (auto c = decode_conflict(std::string(text))) {
                auto again = decode_conflict(encode_conflict(*c));
                FUZZ_CHECK(again && again->doc_id == c->doc_id && again->fields == c->fields, "a conflict does not survive encode -> decode");
            }
            break;
        case 10: {
            std::string language = pick_language(lines_of(text));
            FUZZ_CHECK(is_supported_language(language), "pick_language chose a language we do not ship: " + language);
            break;
        }
    }
    return 0;
}
