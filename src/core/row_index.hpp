// The id -> row index of a Table: an open-addressing hash table of row numbers that keeps no copy
// of the ids (each lookup compares against the row's own id, which the caller reads for it).
// Compared with std::unordered_map<std::string, std::uint32_t> it makes no allocation per row and
// holds about 20 bytes per row instead of about 110 (a node, a heap copy of the 36-byte UUID and
// a bucket), which is what loading 100,000 activities spent most of its index time and memory on.
// Usage: `find(id, id_of)` and `insert(id, row, id_of)`, where `id_of(row)` returns the id of a
// row already inserted. Rows are never removed, only all at once by clear().
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace crm {

class RowIndex {
public:
    template <typename IdOf>
    std::optional<std::uint32_t> find(std::string_view id, const IdOf& id_of) const {
        if (slots_.empty()) return std::nullopt;
        std::uint32_t hash = hash_of(id);
        for (std::size_t pos = hash & mask(); slots_[pos].row_plus_one != 0; pos = (pos + 1) & mask()) {
            const Slot& s = slots_[pos];
            if (s.hash == hash && id_of(s.row_plus_one - 1) == id) return s.row_plus_one - 1;
        }
        return std::nullopt;
    }
    // Adds `row` under `id`, or returns the row already there (and adds nothing).
    template <typename IdOf>
    std::optional<std::uint32_t> insert(std::string_view id, std::uint32_t row, const IdOf& id_of) {
        if ((size_ + 1) * 2 > slots_.size()) grow(size_ + 1);
        std::uint32_t hash = hash_of(id);
        std::size_t pos = hash & mask();
        for (; slots_[pos].row_plus_one != 0; pos = (pos + 1) & mask()) {
            const Slot& s = slots_[pos];
            if (s.hash == hash && id_of(s.row_plus_one - 1) == id) return s.row_plus_one - 1;
        }
        slots_[pos] = {hash, row + 1};
        ++size_;
        return std::nullopt;
    }
    // Makes room for `n` rows without growing again.
    void reserve(std::size_t n) {
        if (n * 2 > slots_.size()) grow(n);
    }
    void clear() {
        slots_.clear();
        size_ = 0;
    }
    std::size_t size() const { return size_; }

private:
    struct Slot {
        std::uint32_t hash = 0;          // kept so growing never reads the rows' ids
        std::uint32_t row_plus_one = 0;  // 0: empty
    };
    static std::uint32_t hash_of(std::string_view id) {
        auto h = static_cast<std::uint64_t>(std::hash<std::string_view>{}(id));
        return static_cast<std::uint32_t>(h ^ (h >> 32));
    }
    std::size_t mask() const { return slots_.size() - 1; }
    // At most half full, so probe runs stay short.
    void grow(std::size_t rows) {
        std::size_t capacity = 16;
        while (capacity < rows * 2) capacity *= 2;
        std::vector<Slot> old(capacity);
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.row_plus_one == 0) continue;
            std::size_t pos = s.hash & mask();
            while (slots_[pos].row_plus_one != 0) pos = (pos + 1) & mask();
            slots_[pos] = s;
        }
    }

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

}  // namespace crm
