// Fuzzes what the sync engine reads from a server: the database check, the _changes feed (docs
// inline, attachment files as base64), base documents fetched for a merge (GET doc?rev=), the
// _bulk_docs answers, and the checkpoint it stores and reads back.
// The input is the server's side of one conversation: answers separated by a line "---", each
// optionally starting with a 3-digit HTTP status and a space (else 200). The engine runs on a
// store holding one record of each kind (tests/fuzz/fuzz_support.hpp) and asks; each request the
// server would answer takes the next answer, the platform's own requests (attachment bytes) are
// answered as the browser would. When the answers run out, the run ends. The first time the
// engine has nothing to ask, the user edits every activity.
// Invariants, for any answers:
// - every record the store holds is one its own reader accepts (record_to_json -> record_from_json);
// - the stored checkpoint is JSON the next cycle can read;
// - every open conflict decodes; a failed cycle says why.
#include <string>
#include <vector>

#include "core/json_codec.hpp"
#include "core/sync_engine.hpp"
#include "fuzz_support.hpp"

using namespace crm;
using namespace crm::fuzz;

namespace {

struct Answer {
    int status = 200;
    std::string body;
};

std::vector<Answer> split_answers(std::string_view text) {
    std::vector<Answer> out;
    constexpr std::string_view kSeparator = "\n---\n";
    std::size_t pos = 0;
    for (;;) {
        std::size_t end = text.find(kSeparator, pos);
        std::string_view part = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        Answer a;
        if (part.size() >= 4 && part[3] == ' ' && std::isdigit(static_cast<unsigned char>(part[0])) &&
            std::isdigit(static_cast<unsigned char>(part[1])) && std::isdigit(static_cast<unsigned char>(part[2]))) {
            a.status = (part[0] - '0') * 100 + (part[1] - '0') * 10 + (part[2] - '0');
            part.remove_prefix(4);
        }
        a.body = std::string(part);
        out.push_back(std::move(a));
        if (end == std::string_view::npos) break;
        pos = end + kSeparator.size();
    }
    return out;
}

const Store& base_store() {
    static const Store store = make_base_store();
    return store;
}

void check_store(const Store& store, const SyncEngine& engine) {
    store.for_each_shared_table([&](const auto& table) {
        for (const auto& r : table.rows()) {
            AnyRecord any(r);
            Result<AnyRecord> again = record_from_json(kind_of(any), record_to_json(any), "stored");
            FUZZ_CHECK(again.ok(), "the store holds a record its reader refuses: " + meta_of(any).id + " " +
                                       (again.status.errors.empty() ? std::string() : again.status.errors[0].field + ": " + again.status.errors[0].message));
        }
    });
    std::string since = store.setting(kSettingSyncSince);
    if (!since.empty()) FUZZ_CHECK(!nlohmann::json::parse(since, nullptr, false).is_discarded(), "the stored checkpoint is not JSON: " + since);
    for (const auto& c : engine.conflicts()) FUZZ_CHECK(!c.fields.empty(), "a conflict without fields: " + c.doc_id);
    const SyncStatus& st = engine.status();
    if (st.phase == SyncPhase::Backoff) FUZZ_CHECK(!st.last_error.empty(), "a failed cycle without a reason");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<Answer> answers = split_answers(as_text(data, size));
    Store store = base_store();
    SyncEngine engine(store);
    Actor actor{"", kFuzzNow};
    engine.configure({"http://127.0.0.1:5984", "fuzz", "", ""}, actor);
    std::size_t next = 0;
    bool edited = false;
    // Bounded: a run of local requests cannot go on for ever either.
    for (int step = 0; step < 64 && next < answers.size(); ++step) {
        auto request = engine.next_request(actor);
        if (!request) {
            // Idle or backing off: a later cycle reads the rest of the answers. The first time,
            // the user edits every activity, so that a later pull of the same records has both
            // sides changed since they last agreed: the engine fetches bases and merges.
            if (!edited) {
                edited = true;
                std::vector<Activity> copies(store.activities().rows().begin(), store.activities().rows().end());
                for (Activity copy : copies) {
                    copy.subject += " (local)";
                    store.update_activity(copy, actor);
                }
            }
            actor.now += kSyncMaxBackoff + 1;
            engine.request_sync(actor.now);
            request = engine.next_request(actor);
            if (!request) break;
        }
        if (request->method == kReadBytes) {
            engine.on_response(request->id, {200, "bytes", ""}, actor);
        } else if (request->method == kWriteBytes) {
            engine.on_response(request->id, {200, "", ""}, actor);
        } else {
            const Answer& a = answers[next++];
            if (std::getenv("CRM_FUZZ_VERBOSE"))
                std::fprintf(stderr, "%s /%s <- %d (%zu bytes)\n", request->method.c_str(), request->path.substr(0, 60).c_str(), a.status, a.body.size());
            engine.on_response(request->id, {a.status, a.body, a.status == 0 ? "network error" : ""}, actor);
        }
    }
    // What was pulled but not yet applied is applied by the next request.
    engine.next_request(actor);
    check_store(store, engine);
    if (std::getenv("CRM_FUZZ_VERBOSE")) {  // to see how far a seed gets
        const SyncStatus& st = engine.status();
        std::fprintf(stderr, "answers used %zu of %zu; pulled %zu, pushed %zu, skipped %zu (%s), conflicts %zu; %s; %s\n", next,
                     answers.size(), st.pulled, st.pushed, st.skipped, st.skipped_example.c_str(), engine.conflicts().size(),
                     sync_phase_name(st.phase), st.last_error.c_str());
    }
    // The user settles the first conflict by taking every remote value: a refusal says why.
    if (!engine.conflicts().empty()) {
        ConflictRecord c = engine.conflicts().front();
        std::vector<std::string> take_remote;
        for (const auto& f : c.fields) take_remote.push_back(f.field);
        Status st = engine.resolve_conflict(c.doc_id, take_remote, actor);
        if (!st.ok()) check_refusal_messages(st, "resolve_conflict");
        check_store(store, engine);
    }
    return 0;
}
