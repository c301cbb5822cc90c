// Tests for the shortcut table and the key sequence matcher: no key means two things where both
// contexts apply, every entry says what it does, prefix keys are never plain shortcuts beside
// them, and sequences, repeats and modifiers resolve as the help overlay promises.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "core/shortcuts.hpp"

using namespace crm;

namespace {

// Contexts that are active together: Global always, Activities with each of its views.
std::vector<std::vector<ShortcutContext>> active_sets() {
    using C = ShortcutContext;
    return {{C::Global}, {C::Global, C::Activities, C::Grid}, {C::Global, C::Activities, C::Kanban},
            {C::Global, C::Activities, C::Calendar}, {C::Dialog}};
}

bool in(const std::vector<ShortcutContext>& set, ShortcutContext c) {
    for (auto x : set)
        if (x == c) return true;
    return false;
}

KeyChord key(Key k, bool shift = false, bool ctrl = false) { return KeyChord{.key = k, .ctrl = ctrl, .shift = shift}; }

}  // namespace

TEST_CASE("shortcuts: no key sequence means two things where its contexts apply together") {
    for (const auto& set : active_sets()) {
        std::set<std::string> seen;
        for (const auto& s : shortcut_table()) {
            if (!in(set, s.context)) continue;
            std::string keys = shortcut_keys_text(s);
            INFO("keys: " << keys);
            CHECK(seen.insert(keys).second);
        }
    }
}

TEST_CASE("shortcuts: a prefix key is never a plain shortcut where the sequence applies") {
    for (const auto& set : active_sets())
        for (const auto& seq : shortcut_table()) {
            if (seq.prefix == Key::None || !in(set, seq.context)) continue;
            for (const auto& s : shortcut_table()) {
                if (!in(set, s.context) || s.prefix != Key::None) continue;
                INFO("prefix " << key_name(seq.prefix) << " vs " << shortcut_keys_text(s));
                CHECK_FALSE(s.keys == KeyChord{.key = seq.prefix});
            }
        }
}

TEST_CASE("shortcuts: every entry has a description and printable keys") {
    CHECK(shortcut_table().size() > 40);
    for (const auto& s : shortcut_table()) {
        REQUIRE(s.description != nullptr);
        CHECK(std::string(s.description).size() > 3);
        CHECK_FALSE(key_name(s.keys.key).empty());
        CHECK(std::string(shortcut_context_name(s.context)).size() > 3);
    }
    // every context the help overlay lists has entries
    for (auto c : {ShortcutContext::Global, ShortcutContext::Activities, ShortcutContext::Grid, ShortcutContext::Kanban,
                   ShortcutContext::Calendar, ShortcutContext::Dialog})
        CHECK_FALSE(shortcuts_in(c).empty());
}

TEST_CASE("shortcuts: keys are written as the user presses them") {
    CHECK(keys_for(ShortcutId::Help) == "?");
    CHECK(keys_for(ShortcutId::GoSettings) == "G then ,");
    CHECK(keys_for(ShortcutId::NewTask, "dann") == "N dann T");
    CHECK(keys_for(ShortcutId::DialogSaveClose) == "Ctrl+Enter");
    CHECK(keys_for(ShortcutId::DialogSave) == "Ctrl+S");
    CHECK(keys_for(ShortcutId::GridExtendDown) == "Shift+Down");
    CHECK(keys_for(ShortcutId::GridMarkComplete) == "M");
}

TEST_CASE("shortcuts: sequences, modifiers and contexts") {
    using C = ShortcutContext;
    const std::vector<C> grid{C::Global, C::Activities, C::Grid};
    const std::vector<C> calendar{C::Global, C::Activities, C::Calendar};
    const std::vector<C> records{C::Global};
    ShortcutSequence seq;

    SUBCASE("a prefix waits for the next key") {
        CHECK_FALSE(seq.press(key(Key::N), grid).has_value());
        CHECK(seq.pending() == Key::N);
        CHECK(seq.press(key(Key::T), grid) == ShortcutId::NewTask);
        CHECK(seq.pending() == Key::None);
        CHECK_FALSE(seq.press(key(Key::G), records).has_value());
        CHECK(seq.press(key(Key::Comma), records) == ShortcutId::GoSettings);
        CHECK_FALSE(seq.press(key(Key::V), records).has_value());
        CHECK(seq.press(key(Key::K), records) == ShortcutId::ShowKanban);
    }
    SUBCASE("Esc or an unknown key abandons a prefix without acting") {
        seq.press(key(Key::G), grid);
        CHECK_FALSE(seq.press(key(Key::Escape), grid).has_value());
        CHECK(seq.pending() == Key::None);
        // the next Esc is the grid's again
        CHECK(seq.press(key(Key::Escape), grid) == ShortcutId::GridClear);
        seq.press(key(Key::G), grid);
        CHECK_FALSE(seq.press(key(Key::M), grid).has_value());  // not "mark complete"
        CHECK(seq.press(key(Key::M), grid) == ShortcutId::GridMarkComplete);
    }
    SUBCASE("the same letter means different things by context and prefix") {
        CHECK(seq.press(key(Key::T), calendar) == ShortcutId::CalendarToday);
        CHECK_FALSE(seq.press(key(Key::T), grid).has_value());
        CHECK_FALSE(seq.press(key(Key::M), records).has_value());  // no grid on a record list
        CHECK_FALSE(seq.press(key(Key::Slash), records).has_value());
    }
    SUBCASE("modifiers must match exactly") {
        CHECK(seq.press(key(Key::Slash), grid) == ShortcutId::Search);
        CHECK(seq.press(key(Key::Slash, true), grid) == ShortcutId::Help);
        CHECK(seq.press(key(Key::A, false, true), grid) == ShortcutId::GridSelectAll);
        CHECK(seq.press(key(Key::Down, true), grid) == ShortcutId::GridExtendDown);
        CHECK_FALSE(seq.press(key(Key::M, false, true), grid).has_value());  // Ctrl+M
        CHECK_FALSE(seq.press(key(Key::N, false, true), grid).has_value());  // Ctrl+N starts no sequence
        CHECK(seq.pending() == Key::None);
    }
    SUBCASE("held keys repeat cursor moves only") {
        CHECK(seq.press(key(Key::Down), grid, true) == ShortcutId::GridDown);
        CHECK_FALSE(seq.press(key(Key::M), grid, true).has_value());
        CHECK_FALSE(seq.press(key(Key::N), grid, true).has_value());
        CHECK(seq.pending() == Key::None);
    }
}
