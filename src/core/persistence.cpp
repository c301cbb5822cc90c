#include "persistence.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "ids.hpp"
#include "json_codec.hpp"
#include "record_codec.hpp"
#include "sync_engine.hpp"
#include "sync_merge.hpp"

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

namespace {

constexpr char kParentsMagic[4] = {'\xff', 'P', 'R', 'V'};

void put_varint(std::uint64_t v, std::string& out) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
        auto b = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return true;
    }
    return false;
}

std::string doc_key(RecordKind kind, std::string_view id) {
    std::string k(1, static_cast<char>('0' + static_cast<int>(kind)));
    k.append(id);
    return k;
}

// The revision kept when two writers saved the same record from one parent: the same in every tab.
bool wins_over(const std::string& a, const std::string& b) {
    int ga = revision_generation(a), gb = revision_generation(b);
    return ga != gb ? ga > gb : a > b;
}

// Puts a record as given and notes where it went.
void load_noting(Store& store, AnyRecord&& record, ApplyReport& report) {
    const RecordKind kind = kind_of(record);
    std::string id = meta_of(record).id;
    store.load(std::move(record));
    store.visit_table(kind, [&](const auto& table) {
        if (auto i = table.index_of(id)) report.changed.push_back({kind, *i});
    });
    ++report.taken;
}

}  // namespace

std::string encode_log_entry(std::string records, const std::vector<std::string>& parent_revs) {
    std::string trailer;
    for (const auto& rev : parent_revs) {
        put_varint(rev.size(), trailer);
        trailer += rev;
    }
    auto n = static_cast<std::uint32_t>(trailer.size());
    records += trailer;
    for (int i = 0; i < 4; ++i) records.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    records.append(kParentsMagic, 4);
    return records;
}

std::string_view log_entry_records(std::string_view entry, std::vector<std::string>* parent_revs) {
    if (parent_revs) parent_revs->clear();
    if (entry.size() < 8 || std::memcmp(entry.data() + entry.size() - 4, kParentsMagic, 4) != 0) return entry;
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(entry[entry.size() - 8 + i])) << (8 * i);
    if (n > entry.size() - 8) return entry;  // not a trailer after all
    std::string_view records = entry.substr(0, entry.size() - 8 - n);
    std::string_view trailer = entry.substr(records.size(), n);
    while (parent_revs && !trailer.empty()) {
        std::uint64_t len = 0;
        if (!get_varint(trailer, len) || len > trailer.size()) break;
        parent_revs->emplace_back(trailer.substr(0, len));
        trailer.remove_prefix(len);
    }
    return records;
}

LoadReport Persistence::load(Store& store, const std::vector<std::string>& chunks, std::vector<LogEntry> log) {
    // Exactly: a guess from the byte count reserved 2.6 times the rows needed at 100k, and the
    // unused capacity is real memory in the wasm heap. Log entries may repeat snapshot records, so
    // theirs is an upper bound.
    std::size_t activities = 0;
    for (const auto& c : chunks) activities += count_records(c, RecordKind::Activity);
    for (const auto& entry : log) activities += count_records(log_entry_records(entry.bytes), RecordKind::Activity);
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
    // Log entries hold full record images; replaying them in key (commit) order leaves the newest,
    // and the same rule as a live tab applies to writes two tabs made from one revision.
    std::sort(log.begin(), log.end(), [](const LogEntry& a, const LogEntry& b) { return a.seq < b.seq; });
    ApplyReport applied;
    std::vector<std::string> parents;
    for (const auto& entry : log) {
        std::size_t i = 0;
        auto records = log_entry_records(entry.bytes, &parents);
        auto r = decode_records(records, [&](AnyRecord&& rec) {
            std::string parent = i < parents.size() ? parents[i] : std::string();
            ++i;
            apply_record(store, std::move(rec), parent, 0, /*live=*/false, {}, applied);
        });
        report.records += r.records;
        // offsets of unreadable records are within the records part (before the parents' trailer)
        quarantine(report, "change log entry " + std::to_string(entry.seq), records, r);
        seen_through_ = std::max(seen_through_, entry.seq);
    }
    report.log_entries = log.size();
    log_entries_ = log.size();
    store.take_pending_changes();  // loading is not a change
    return report;
}

void Persistence::remember_rev(const std::string& doc, const std::string& rev) {
    if (rev.empty()) return;
    auto& revs = known_revs_[doc];
    if (std::find(revs.begin(), revs.end(), rev) == revs.end()) revs.push_back(rev);
}

bool Persistence::knows_rev(const std::string& doc, const std::string& rev) const {
    auto it = known_revs_.find(doc);
    return it != known_revs_.end() && std::find(it->second.begin(), it->second.end(), rev) != it->second.end();
}

void Persistence::apply_record(Store& store, AnyRecord&& incoming, const std::string& parent, std::uint64_t key, bool live,
                               const Actor& actor, ApplyReport& report) {
    const RecordKind kind = kind_of(incoming);
    const RecordMeta& in = meta_of(incoming);
    const std::string doc = doc_key(kind, in.id);
    auto stored = store.find_any(kind, in.id);
    if (!stored) {
        load_noting(store, std::move(incoming), report);
        return;
    }
    const std::string stored_rev = meta_of(*stored).rev;
    // The same revision again can still carry newer sync bookkeeping (a push marks records synced
    // without a new revision): taken as given, as a replay always did.
    if (in.rev == stored_rev) {
        load_noting(store, std::move(incoming), report);
        return;
    }
    // A record that never changed while this tab ran is known by its stored revision only.
    bool parent_known = !parent.empty() && (parent == stored_rev || knows_rev(doc, parent));
    bool concurrent = parent_known && parent != stored_rev;
    if (live && knows_rev(doc, in.rev)) return;  // an image this tab has already been past
    if (!concurrent) {
        remember_rev(doc, stored_rev);
        remember_rev(doc, in.rev);
        load_noting(store, std::move(incoming), report);
        return;
    }
    // Two writers saved this record from the same earlier revision.
    const bool incoming_wins = wins_over(in.rev, stored_rev);
    remember_rev(doc, stored_rev);
    remember_rev(doc, in.rev);
    if (live && kind != RecordKind::Setting) {
        // The later writer records the conflict: this tab, when its own copy was written after
        // the incoming entry (or is still in flight).
        auto own = own_revs_.find(doc);
        bool later_writer = false;
        if (own != own_revs_.end()) {
            auto r = own->second.find(stored_rev);
            later_writer = r != own->second.end() && (r->second == 0 || r->second > key);
        }
        if (later_writer) {
            const AnyRecord& winner = incoming_wins ? incoming : *stored;
            const AnyRecord& loser = incoming_wins ? *stored : incoming;
            MergeOutcome m = merge_record_fields(nullptr, record_to_json(winner), record_to_json(loser));
            if (!m.conflicts.empty()) {
                ConflictRecord c{.doc_id = sync_doc_id(kind, in.id), .remote_rev = meta_of(loser).rev,
                                 .detected_at = actor.now, .fields = std::move(m.conflicts)};
                store.put_setting(kConflictSettingPrefix + c.doc_id, encode_conflict(c), actor);
                ++report.conflicts;
            }
        }
    }
    if (incoming_wins) {
        load_noting(store, std::move(incoming), report);
    }
}

ApplyReport Persistence::apply_entries(Store& store, std::vector<LogEntry> entries, const Actor& actor) {
    ApplyReport report;
    std::sort(entries.begin(), entries.end(), [](const LogEntry& a, const LogEntry& b) { return a.seq < b.seq; });
    std::vector<std::string> parents;
    for (const auto& entry : entries) {
        if (entry.seq <= seen_through_) continue;
        // keys are dense: a first key past the next one means a compaction took entries unseen
        if (entry.seq > seen_through_ + 1) {
            report.gap = true;
            return report;
        }
        seen_through_ = entry.seq;
        bool own = own_keys_.erase(entry.seq) > 0;
        if (!own) {
            std::size_t i = 0;
            auto records = log_entry_records(entry.bytes, &parents);
            auto r = decode_records(records, [&](AnyRecord&& rec) {
                std::string parent = i < parents.size() ? parents[i] : std::string();
                ++i;
                apply_record(store, std::move(rec), parent, entry.seq, /*live=*/true, actor, report);
            });
            for (auto& e : r.errors) report.errors.push_back("change log entry " + std::to_string(entry.seq) + ", " + e);
            // the empty entry a compaction leaves: another tab has just written the snapshot
            if (entry.bytes.empty()) log_entries_ = 0;
            else ++log_entries_;
        }
        advance_seen();
    }
    catch_up_wanted_ = false;
    maybe_compact();
    return report;
}

ApplyReport Persistence::apply_reload(Store& store, const std::vector<std::string>& chunks, std::vector<LogEntry> log,
                                      const Actor& actor) {
    ApplyReport report;
    for (const auto& c : chunks) {
        auto r = decode_records(c, [&](AnyRecord&& rec) {
            const RecordKind kind = kind_of(rec);
            const std::string doc = doc_key(kind, meta_of(rec).id);
            auto stored = store.find_any(kind, meta_of(rec).id);
            if (stored && meta_of(*stored).rev == meta_of(rec).rev) return;
            // this tab's own copy not yet in the chunks stays; the log after them says the rest
            if (stored) {
                auto own = own_revs_.find(doc);
                if (own != own_revs_.end() && own->second.count(meta_of(*stored).rev)) return;
                remember_rev(doc, meta_of(*stored).rev);
            }
            remember_rev(doc, meta_of(rec).rev);
            load_noting(store, std::move(rec), report);
        });
        for (auto& e : r.errors) report.errors.push_back("snapshot chunk, " + e);
    }
    // The chunks hold everything before the first entry still in the log.
    std::sort(log.begin(), log.end(), [](const LogEntry& a, const LogEntry& b) { return a.seq < b.seq; });
    if (!log.empty() && log.front().seq > 0) seen_through_ = std::max(seen_through_, log.front().seq - 1);
    own_keys_.erase(own_keys_.begin(), own_keys_.upper_bound(seen_through_));
    log_entries_ = 0;
    ApplyReport rest = apply_entries(store, std::move(log), actor);
    report.taken += rest.taken;
    report.changed.insert(report.changed.end(), rest.changed.begin(), rest.changed.end());
    report.conflicts += rest.conflicts;
    report.gap = rest.gap;
    for (auto& e : rest.errors) report.errors.push_back(std::move(e));
    return report;
}

void Persistence::advance_seen() {
    while (own_keys_.count(seen_through_ + 1)) own_keys_.erase(++seen_through_);
}

bool Persistence::flush(Store& store, UtcMillis) {
    if (!store.has_pending_changes()) return false;
    std::string bytes;
    std::vector<std::string> parents;
    Pending p{.write_id = next_write_id_++, .snapshot = false};
    auto& written = in_flight_revs_[p.write_id];
    std::size_t written_count = 0;
    for (const auto& h : store.take_pending_changes(&parents)) {
        AnyRecord r = store.record_at(h);
        const std::string doc = doc_key(h.kind, meta_of(r).id);
        const std::string& parent = parents[written_count++];
        // A new record (an import: 100k of them) cannot have been written by another tab yet:
        // only records that existed before are tracked for concurrent writes.
        if (!parent.empty()) {
            remember_rev(doc, parent);
            remember_rev(doc, meta_of(r).rev);
            own_revs_[doc][meta_of(r).rev] = 0;
            written.emplace_back(doc, meta_of(r).rev);
        }
        encode_record(r, bytes);
    }
    if (written.empty()) in_flight_revs_.erase(p.write_id);
    p.entry = {0, encode_log_entry(std::move(bytes), parents)};
    pending_.push_back(std::move(p));
    ++log_entries_;
    store_for_compaction_ = &store;
    send(pending_.back());
    return true;
}

void Persistence::write_snapshot(const Store& store) {
    Pending p{.write_id = next_write_id_++, .snapshot = true};
    p.chunks = encode_snapshot(store);
    p.up_to_seq = seen_through_;
    store_for_compaction_ = &store;
    snapshot_wanted_ = false;
    pending_.push_back(std::move(p));
    send(pending_.back());
}

void Persistence::send(Pending& p) {
    ++status_.writes_in_flight;
    if (p.snapshot) backend_.write_snapshot(p.write_id, p.chunks, p.up_to_seq);
    else backend_.write_log_entry(p.write_id, p.entry);
}

void Persistence::on_snapshot_refused(std::uint64_t write_id) {
    if (status_.writes_in_flight > 0) --status_.writes_in_flight;
    auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) { return p.write_id == write_id; });
    if (it == pending_.end()) return;
    if (it->failed && status_.failed_writes > 0) --status_.failed_writes;
    pending_.erase(it);
    snapshot_wanted_ = true;
    catch_up_wanted_ = true;
}

void Persistence::maybe_compact() {
    bool snapshot_in_flight = std::any_of(pending_.begin(), pending_.end(), [](const Pending& p) { return p.snapshot; });
    if (snapshot_in_flight || status_.failed_writes != 0 || !store_for_compaction_) return;
    if (snapshot_wanted_ || log_entries_ >= kCompactAfterLogEntries) write_snapshot(*store_for_compaction_);
}

void Persistence::on_write_done(std::uint64_t write_id, bool ok, const std::string& error, UtcMillis now, std::uint64_t key) {
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
    std::uint64_t snapshot_write = it->write_id;
    // a snapshot's key is the empty entry it left (all before it were this tab's or seen)
    if (was_snapshot && key > seen_through_) {
        own_keys_.insert(key);
        advance_seen();
    }
    if (!was_snapshot && key > 0) {
        for (const auto& [doc, rev] : in_flight_revs_[write_id]) {
            auto own = own_revs_.find(doc);
            if (own != own_revs_.end() && own->second.count(rev)) own->second[rev] = key;
        }
        in_flight_revs_.erase(write_id);
        if (key > seen_through_) own_keys_.insert(key);
        advance_seen();
    }
    pending_.erase(it);
    if (was_snapshot) {
        // The snapshot holds every record as it was when it was taken: log writes queued before it
        // no longer matter, even if they failed, and the whole log is gone (an empty entry marks
        // the next key, which this tab reads like any other).
        for (auto p = pending_.begin(); p != pending_.end();) {
            if (!p->snapshot && p->write_id < snapshot_write && p->failed) {
                --status_.failed_writes;
                p = pending_.erase(p);
            } else {
                ++p;
            }
        }
        log_entries_ = 0;
    }
    status_.last_saved_at = now;
    if (status_.failed_writes == 0) status_.last_error.clear();
    if (!was_snapshot) maybe_compact();
}

void Persistence::retry_failed() {
    for (auto& p : pending_) {
        if (!p.failed) continue;
        // a log entry a pending snapshot covers must not be re-sent: it would land after the
        // snapshot and replay an older image over it on the next load
        bool covered = !p.snapshot && std::any_of(pending_.begin(), pending_.end(), [&](const Pending& s) {
            return s.snapshot && s.write_id > p.write_id;
        });
        if (covered) continue;
        send(p);
    }
}

}  // namespace crm
