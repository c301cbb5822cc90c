// Tests for RowIndex (the id -> row index of Table): lookups, repeated ids, growth past many
// rows, ids that differ only late (same prefix), short and empty ids, and clear().
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/row_index.hpp"
#include "core/table.hpp"
#include "core/records.hpp"

using namespace crm;

TEST_CASE("RowIndex finds every row it was given and refuses a repeated id") {
    std::vector<std::string> ids;
    RowIndex index;
    auto id_of = [&](std::uint32_t row) { return std::string_view(ids[row]); };
    for (std::uint32_t i = 0; i < 5000; ++i) {
        ids.push_back("5f0c2f1e-0000-4000-8000-" + std::to_string(100000000000 + i));
        CHECK_FALSE(index.insert(ids.back(), i, id_of).has_value());
    }
    CHECK(index.size() == 5000);
    for (std::uint32_t i = 0; i < 5000; ++i) CHECK(index.find(ids[i], id_of) == i);
    CHECK_FALSE(index.find("5f0c2f1e-0000-4000-8000-0", id_of).has_value());
    CHECK(index.insert(ids[1234], 9999, id_of) == 1234u);
    CHECK(index.size() == 5000);
    ids.push_back("");
    CHECK_FALSE(index.insert("", 5000, id_of).has_value());
    CHECK(index.find("", id_of) == 5000u);
    index.clear();
    CHECK(index.size() == 0);
    CHECK_FALSE(index.find(ids[0], id_of).has_value());
}

TEST_CASE("Table upsert replaces by id after reserve and after clear") {
    Table<User> users;
    users.reserve(3);
    for (int i = 0; i < 40; ++i) users.upsert(User{.meta = {.id = "u" + std::to_string(i)}, .name = "n"});
    CHECK(users.size() == 40);
    CHECK(users.upsert(User{.meta = {.id = "u7"}, .name = "seven"}) == 7u);
    CHECK(users.size() == 40);
    CHECK(users.find("u7")->name == "seven");
    CHECK(users.row_changed_at(7) == users.change_count());
    users.clear();
    CHECK(users.find("u7") == nullptr);
    CHECK(users.upsert(User{.meta = {.id = "u7"}}) == 0u);
    CHECK(users.index_of("u7") == 0u);
}
