#include "persistence.hpp"

#include <algorithm>
#include <cstdio>

#include "ids.hpp"
#include "record_codec.hpp"

namespace crm {

namespace {

// Keeps the bytes of every record that did not decode, with where they were.
void quarantine(LoadReport& report, const std::string& place, std::string_view bytes, const DecodeReport& decoded) {
    for (std::size_t i = 0; i < decoded.unreadable.size() && i < decoded.errors.size(); ++i) {
        const auto& u = decoded.unreadable[i];
        std::string_view raw = bytes.substr(u.offset, u.length);
        std::string where = place + ", " + decoded.errors[i];
        char hash[20];
        std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a64(raw)));
        report.quarantined.push_back({.key = place + "/" + std::to_string(u.offset) + "/" + hash, .where = where,
                                      .error = decoded.errors[i], .bytes = std::string(raw)});
        report.errors.push_back(std::move(where));
    }
}

}  // namespace

std::vector<std::string> encode_snapshot(const Store& store) {
    std::vector<std::string> chunks;
    std::string current;
    std::size_t in_current = 0;
    store.for_each_record([&](RecordHandle h) {
        encode_record(store.record_at(h), current);
        if (++in_current == kChunkRecords) {
            chunks.push_back(std::move(current));
            current.clear();
            in_current = 0;
        }
    });
    if (in_current > 0) chunks.push_back(std::move(current));
    return chunks;
}

LoadReport Persistence::load(Store& store, const std::vector<std::string>& chunks, std::vector<LogEntry> log) {
    // Exactly: a guess from the byte count reserved 2.6 times the rows needed at 100k, and the
    // unused capacity is real memory in the wasm heap. Log entries may repeat snapshot records, so
    // theirs is an upper bound.
    std::size_t activities = 0;
    for (const auto& c : chunks) activities += count_records(c, RecordKind::Activity);
    for (const auto& entry : log) activities += count_records(entry.bytes, RecordKind::Activity);
    store.reserve_activities(store.activities().size() + activities);
    loading_ = {};
    for (const auto& c : chunks) load_chunk(store, c);
    return finish_load(store, std::move(log));
}

void Persistence::begin_load(Store& store, std::size_t chunk_count) {
    // An upper bound (chunks also hold the other kinds): about 10% over at 100k, where the exact
    // count would need every chunk in memory first.
    store.reserve_activities(store.activities().size() + chunk_count * kChunkRecords);
    loading_ = {};
}

void Persistence::load_chunk(Store& store, std::string_view bytes) {
    auto r = decode_records(bytes, [&](AnyRecord&& record) { store.load(std::move(record)); });
    loading_.records += r.records;
    quarantine(loading_, "snapshot chunk " + std::to_string(loading_.chunks), bytes, r);
    ++loading_.chunks;
}

void Persistence::load_unreadable(std::string where, std::string error, std::string bytes) {
    char hash[20];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a64(bytes)));
    std::string full = where + ": " + error;
    loading_.quarantined.push_back({.key = where + "/all/" + hash, .where = full, .error = std::move(error), .bytes = std::move(bytes)});
    loading_.errors.push_back(std::move(full));
    if (where.rfind("snapshot chunk", 0) == 0) ++loading_.chunks;
}

LoadReport Persistence::finish_load(Store& store, std::vector<LogEntry> log) {
    LoadReport report = std::move(loading_);
    loading_ = {};
    auto sink = [&](AnyRecord&& r) { store.load(std::move(r)); };
    // Log entries hold full record images; replaying them in order leaves the newest.
    std::sort(log.begin(), log.end(), [](const LogEntry& a, const LogEntry& b) { return a.seq < b.seq; });
    for (const auto& entry : log) {
        auto r = decode_records(entry.bytes, sink);
        report.records += r.records;
        quarantine(report, "change log entry " + std::to_string(entry.seq), entry.bytes, r);
        next_seq_ = std::max(next_seq_, entry.seq + 1);
    }
    report.log_entries = log.size();
    log_entries_ = log.size();
    store.take_pending_changes();  // loading is not a change
    return report;
}

bool Persistence::flush(Store& store, UtcMillis) {
    if (!store.has_pending_changes()) return false;
    std::string bytes;
    for (const auto& h : store.take_pending_changes()) encode_record(store.record_at(h), bytes);
    Pending p{.write_id = next_write_id_++, .snapshot = false, .entry = {next_seq_++, std::move(bytes)}};
    pending_.push_back(std::move(p));
    ++log_entries_;
    store_for_compaction_ = &store;
    send(pending_.back());
    return true;
}

void Persistence::write_snapshot(const Store& store) {
    Pending p{.write_id = next_write_id_++, .snapshot = true};
    p.chunks = encode_snapshot(store);
    p.up_to_seq = next_seq_ - 1;
    // the snapshot holds every record as it is now, so earlier failed log writes are covered by it
    log_entries_ = 0;
    pending_.push_back(std::move(p));
    send(pending_.back());
}

void Persistence::send(Pending& p) {
    ++status_.writes_in_flight;
    if (p.snapshot) backend_.write_snapshot(p.write_id, p.chunks, p.up_to_seq);
    else backend_.write_log_entry(p.write_id, p.entry);
}

void Persistence::on_write_done(std::uint64_t write_id, bool ok, const std::string& error, UtcMillis now) {
    auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.write_id == write_id; });
    // every send is answered once, even for a write a snapshot has since made obsolete
    if (status_.writes_in_flight > 0) --status_.writes_in_flight;
    if (it == pending_.end()) return;
    if (!ok) {
        if (!it->failed) ++status_.failed_writes;
        it->failed = true;
        status_.last_error = error.empty() ? "the browser refused to save" : error;
        return;
    }
    if (it->failed && status_.failed_writes > 0) --status_.failed_writes;
    bool was_snapshot = it->snapshot;
    std::uint64_t covered = it->up_to_seq;
    pending_.erase(it);
    if (was_snapshot) {
        // writes of log entries the snapshot covers no longer matter, even if they failed
        for (auto p = pending_.begin(); p != pending_.end();) {
            if (!p->snapshot && p->entry.seq <= covered && p->failed) {
                --status_.failed_writes;
                p = pending_.erase(p);
            } else {
                ++p;
            }
        }
    }
    status_.last_saved_at = now;
    if (status_.failed_writes == 0) status_.last_error.clear();
    if (!was_snapshot && log_entries_ >= kCompactAfterLogEntries && status_.failed_writes == 0 && store_for_compaction_)
        write_snapshot(*store_for_compaction_);
}

void Persistence::retry_failed() {
    for (auto& p : pending_) {
        if (!p.failed) continue;
        // a log entry a pending snapshot covers must not be re-sent: it would land after the
        // snapshot and replay an older image over it on the next load
        bool covered = !p.snapshot && std::any_of(pending_.begin(), pending_.end(), [&](const Pending& s) {
            return s.snapshot && s.up_to_seq >= p.entry.seq;
        });
        if (covered) continue;
        send(p);
    }
}

}  // namespace crm
