// The one table of keyboard shortcuts: what each key does, in which context, described in
// English (translated with tr() where shown). The views' key handlers ask match_shortcut()
// which shortcut a key press is, and the help overlay lists the same table, so the list the
// user reads cannot drift from what the keys do. Two-key sequences ("G then A") are a prefix
// key remembered in a ShortcutSequence between presses. No ImGui here: keys are our own enum.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "i18n.hpp"

namespace crm {

enum class Key : std::uint8_t {
    None, A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z,
    Slash, Comma, Up, Down, Left, Right, PageUp, PageDown, Home, End, Enter, Space, Escape, Delete, Tab, F1,
};
inline constexpr int kKeyCount = static_cast<int>(Key::F1) + 1;

struct KeyChord {
    Key key = Key::None;
    bool ctrl = false, shift = false, alt = false;
    bool operator==(const KeyChord&) const = default;
};

// Where a shortcut applies. Global ones work on every page when no dialog is open; Activities
// ones on the Activities page in any of its three views; Dialog ones in the topmost dialog.
enum class ShortcutContext : std::uint8_t { Global, Activities, Grid, Kanban, Calendar, Dialog };
const char* shortcut_context_name(ShortcutContext c);  // English, for tr()

enum class ShortcutId : std::uint8_t {
    Help,
    GoActivities, GoAccounts, GoContacts, GoOpportunities, GoCases, GoSyncAndData, GoSettings,
    ShowGrid, ShowKanban, ShowCalendar, ShowDashboard,
    NewTask, NewPhoneCall, NewEmail, NewAppointment, NewNote, Search,
    GridDown, GridUp, GridExtendDown, GridExtendUp, GridPageDown, GridPageUp, GridFirst, GridLast,
    GridToggle, GridOpen, GridMarkComplete, GridDelete, GridSelectAll, GridClear,
    CardDown, CardUp, CardLaneLeft, CardLaneRight, CardMoveLeft, CardMoveRight, CardOpen, CardMarkComplete,
    UndoMove,
    CalendarNext, CalendarPrevious, CalendarToday,
    DialogNextField, DialogPreviousField, DialogSave, DialogSaveClose, DialogCancel,
};

struct Shortcut {
    ShortcutId id;
    ShortcutContext context;
    KeyChord keys;
    const char* description;  // English
    Key prefix = Key::None;   // a sequence: `prefix` then `keys`
    bool repeats = false;     // held down it repeats (moving a cursor)
};

std::span<const Shortcut> shortcut_table();
// The entries of one context, in table order (for the help overlay).
std::vector<const Shortcut*> shortcuts_in(ShortcutContext c);
// "Ctrl+Enter", "Shift+Down", "G then A": key names are English key caps ("Enter", "Esc"),
// `then` is the translated joining word.
std::string key_name(Key k);
std::string chord_text(const KeyChord& c);
std::string shortcut_keys_text(const Shortcut& s, const std::string& then = "then");
// The first key listed for `id` (for tooltips: "Mark complete (M)").
std::string keys_for(ShortcutId id, const std::string& then = "then");

// Turns key presses into shortcuts, remembering a pressed prefix key until the next press.
class ShortcutSequence {
public:
    // The shortcut `press` completes among `active` contexts, or nothing (a prefix was pressed,
    // or the key means nothing here). A prefix waits for exactly one more press; Esc or any
    // other key abandons it.
    // A repeated press (key held down) only matches shortcuts that repeat and never a sequence.
    std::optional<ShortcutId> press(const KeyChord& press, std::span<const ShortcutContext> active, bool is_repeat = false);
    Key pending() const { return pending_; }
    void reset() { pending_ = Key::None; }

private:
    Key pending_ = Key::None;
};

}  // namespace crm
