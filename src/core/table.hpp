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
#include <unordered_map>
#include <vector>

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
        auto it = index_.find(id);
        if (it == index_.end()) return std::nullopt;
        return it->second;
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
        auto it = index_.find(std::string_view(record.meta.id));
        if (it != index_.end()) {
            rows_[it->second] = std::move(record);
            changed_at_[it->second] = change_count_;
            return it->second;
        }
        auto index = static_cast<std::uint32_t>(rows_.size());
        index_.emplace(record.meta.id, index);
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
    std::vector<T> rows_;
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> index_;
    std::vector<std::uint64_t> changed_at_;  // parallel to rows_
    std::uint64_t change_count_ = 0;
    std::uint64_t generation_ = 0;
};

}  // namespace crm
