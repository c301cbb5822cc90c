// An append-only table of records addressed by id, with O(1) lookup by id.
// Rows are never removed (deleted records stay as tombstones for replication), so a row index is
// stable for the life of the process and views may cache indexes between frames.
// Each table counts its changes, and each row remembers the count of its last change, so derived
// indexes (activity_index.hpp) update only the rows that changed since they last looked.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "row_index.hpp"

namespace crm {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

template <typename T>
class Table {
public:
    const std::vector<T>& rows() const { return rows_; }
    std::size_t size() const { return rows_.size(); }
    const T& at(std::uint32_t index) const { return rows_[index]; }

    std::optional<std::uint32_t> index_of(std::string_view id) const {
        return index_.find(id, id_of_row());
    }
    const T* find(std::string_view id) const {
        auto i = index_of(id);
        return i ? &rows_[*i] : nullptr;
    }
    // A live (not deleted) record, or nullptr.
    const T* find_live(std::string_view id) const {
        const T* r = find(id);
        return r && !r->meta.deleted ? r : nullptr;
    }
    // Replaces the record with the same id, or appends it. Returns its row index.
    std::uint32_t upsert(T record) {
        ++change_count_;
        // one hash and one probe for both outcomes (loading 100,000 rows is all inserts)
        auto index = static_cast<std::uint32_t>(rows_.size());
        if (auto existing = index_.insert(record.meta.id, index, id_of_row())) {
            rows_[*existing] = std::move(record);
            changed_at_[*existing] = change_count_;
            return *existing;
        }
        rows_.push_back(std::move(record));
        changed_at_.push_back(change_count_);
        return index;
    }
    void reserve(std::size_t n) {
        rows_.reserve(n);
        index_.reserve(n);
        changed_at_.reserve(n);
    }
    void clear() {
        rows_.clear();
        index_.clear();
        changed_at_.clear();
        ++change_count_;
        ++generation_;
    }

    // Changes so far (every upsert and clear counts one); equal counts mean nothing changed.
    std::uint64_t change_count() const { return change_count_; }
    // The change count right after row `index` was last written.
    std::uint64_t row_changed_at(std::uint32_t index) const { return changed_at_[index]; }
    // Bumped by clear(): row indexes taken before it mean nothing now.
    std::uint64_t generation() const { return generation_; }

private:
    auto id_of_row() const {
        return [this](std::uint32_t row) { return std::string_view(rows_[row].meta.id); };
    }

    std::vector<T> rows_;
    RowIndex index_;  // id -> row, reading the ids from rows_
    std::vector<std::uint64_t> changed_at_;  // parallel to rows_
    std::uint64_t change_count_ = 0;
    std::uint64_t generation_ = 0;
};

}  // namespace crm
