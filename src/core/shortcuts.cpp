#include "shortcuts.hpp"

#include <algorithm>
#include <array>

namespace crm {
namespace {

using C = ShortcutContext;
using I = ShortcutId;

constexpr KeyChord k(Key key) { return KeyChord{.key = key}; }
constexpr KeyChord ctrl(Key key) { return KeyChord{.key = key, .ctrl = true}; }
constexpr KeyChord shift(Key key) { return KeyChord{.key = key, .shift = true}; }

// Letters were chosen so a prefix key (G, N, V) is never a plain shortcut where Global ones
// apply (tests/shortcuts_test.cpp checks it). Views and pages are sequences, not Alt+digit:
// Chromium on Linux keeps Alt+1..8 for switching tabs, and Ctrl+Tab is never given to a page.
constexpr Shortcut kTable[] = {
    {I::Help, C::Global, shift(Key::Slash), N_("Show this list of keyboard shortcuts")},
    {I::Help, C::Global, k(Key::F1), N_("Show this list of keyboard shortcuts")},
    {I::GoActivities, C::Global, k(Key::A), N_("Go to Activities"), Key::G},
    {I::GoAccounts, C::Global, k(Key::U), N_("Go to Accounts"), Key::G},
    {I::GoContacts, C::Global, k(Key::C), N_("Go to Contacts"), Key::G},
    {I::GoOpportunities, C::Global, k(Key::O), N_("Go to Opportunities"), Key::G},
    {I::GoCases, C::Global, k(Key::S), N_("Go to Cases"), Key::G},
    {I::GoSyncAndData, C::Global, k(Key::D), N_("Go to Sync & data"), Key::G},
    {I::GoSettings, C::Global, k(Key::Comma), N_("Go to Settings"), Key::G},
    {I::ShowGrid, C::Global, k(Key::G), N_("Show activities as a grid"), Key::V},
    {I::ShowKanban, C::Global, k(Key::K), N_("Show activities as a kanban board"), Key::V},
    {I::ShowCalendar, C::Global, k(Key::C), N_("Show activities in a calendar"), Key::V},
    {I::ShowDashboard, C::Global, k(Key::D), N_("Show the activities dashboard"), Key::V},
    {I::NewTask, C::Global, k(Key::T), N_("New task"), Key::N},
    {I::NewPhoneCall, C::Global, k(Key::P), N_("New phone call"), Key::N},
    {I::NewEmail, C::Global, k(Key::E), N_("New email"), Key::N},
    {I::NewAppointment, C::Global, k(Key::A), N_("New appointment"), Key::N},
    {I::NewNote, C::Global, k(Key::O), N_("New note"), Key::N},

    {I::Search, C::Activities, k(Key::Slash), N_("Search activities")},

    {I::GridDown, C::Grid, k(Key::Down), N_("Move to the next row"), Key::None, true},
    {I::GridUp, C::Grid, k(Key::Up), N_("Move to the previous row"), Key::None, true},
    {I::GridExtendDown, C::Grid, shift(Key::Down), N_("Extend the selection down"), Key::None, true},
    {I::GridExtendUp, C::Grid, shift(Key::Up), N_("Extend the selection up"), Key::None, true},
    {I::GridPageDown, C::Grid, k(Key::PageDown), N_("Move down a page"), Key::None, true},
    {I::GridPageUp, C::Grid, k(Key::PageUp), N_("Move up a page"), Key::None, true},
    {I::GridFirst, C::Grid, k(Key::Home), N_("Move to the first row")},
    {I::GridLast, C::Grid, k(Key::End), N_("Move to the last row")},
    {I::GridToggle, C::Grid, k(Key::Space), N_("Select or unselect the current row")},
    {I::GridOpen, C::Grid, k(Key::Enter), N_("Open the current activity")},
    {I::GridMarkComplete, C::Grid, k(Key::M), N_("Mark the selected activities complete")},
    {I::GridDelete, C::Grid, k(Key::Delete), N_("Delete the selected activities")},
    {I::GridSelectAll, C::Grid, ctrl(Key::A), N_("Select all rows")},
    {I::GridClear, C::Grid, k(Key::Escape), N_("Clear the selection")},

    {I::CardDown, C::Kanban, k(Key::Down), N_("Next card in the lane"), Key::None, true},
    {I::CardUp, C::Kanban, k(Key::Up), N_("Previous card in the lane"), Key::None, true},
    {I::CardLaneLeft, C::Kanban, k(Key::Left), N_("Card in the lane to the left")},
    {I::CardLaneRight, C::Kanban, k(Key::Right), N_("Card in the lane to the right")},
    {I::CardMoveLeft, C::Kanban, shift(Key::Left), N_("Move the card to the lane on the left")},
    {I::CardMoveRight, C::Kanban, shift(Key::Right), N_("Move the card to the lane on the right")},
    {I::CardOpen, C::Kanban, k(Key::Enter), N_("Open the card's activity")},
    {I::CardMarkComplete, C::Kanban, k(Key::M), N_("Mark the card's activity complete")},
    {I::UndoMove, C::Kanban, ctrl(Key::Z), N_("Undo the last move")},

    {I::CalendarNext, C::Calendar, k(Key::J), N_("Next period")},
    {I::CalendarPrevious, C::Calendar, k(Key::K), N_("Previous period")},
    {I::CalendarToday, C::Calendar, k(Key::T), N_("Go to today")},
    {I::UndoMove, C::Calendar, ctrl(Key::Z), N_("Undo the last move")},

    {I::DialogNextField, C::Dialog, k(Key::Tab), N_("Next field or button")},
    {I::DialogPreviousField, C::Dialog, shift(Key::Tab), N_("Previous field or button")},
    {I::DialogSave, C::Dialog, ctrl(Key::S), N_("Save and keep the form open")},
    {I::DialogSaveClose, C::Dialog, ctrl(Key::Enter), N_("Save and close")},
    {I::DialogCancel, C::Dialog, k(Key::Escape), N_("Close without saving")},
};

}  // namespace

const char* shortcut_context_name(ShortcutContext c) {
    switch (c) {
        case C::Global: return N_("Everywhere");
        case C::Activities: return N_("Activities page");
        case C::Grid: return N_("Activities grid");
        case C::Kanban: return N_("Kanban board");
        case C::Calendar: return N_("Calendar");
        case C::Dialog: return N_("Dialogs");
    }
    return "";
}

std::span<const Shortcut> shortcut_table() { return kTable; }

std::vector<const Shortcut*> shortcuts_in(ShortcutContext c) {
    std::vector<const Shortcut*> out;
    for (const auto& s : kTable)
        if (s.context == c) out.push_back(&s);
    return out;
}

// Keys whose caps carry words are named in the UI language ("Spacja", "空白鍵"); Enter, Esc,
// Tab, F1 and letters are printed on the caps as they are.
std::string key_name(Key key) {
    if (key >= Key::A && key <= Key::Z)
        return std::string(1, static_cast<char>('A' + (static_cast<int>(key) - static_cast<int>(Key::A))));
    switch (key) {
        case Key::Slash: return "/";
        case Key::Comma: return ",";
        case Key::Up: return tr("key|Up");
        case Key::Down: return tr("key|Down");
        case Key::Left: return tr("key|Left");
        case Key::Right: return tr("key|Right");
        case Key::PageUp: return tr("key|Page Up");
        case Key::PageDown: return tr("key|Page Down");
        case Key::Home: return tr("key|Home");
        case Key::End: return tr("key|End");
        case Key::Enter: return "Enter";
        case Key::Space: return tr("key|Space");
        case Key::Escape: return "Esc";
        case Key::Delete: return tr("key|Delete");
        case Key::Tab: return "Tab";
        case Key::F1: return "F1";
        default: return "";
    }
}

std::string chord_text(const KeyChord& c) {
    if (c.key == Key::Slash && c.shift && !c.ctrl && !c.alt) return "?";  // what the key cap shows
    std::string out;
    if (c.ctrl) out += "Ctrl+";
    if (c.alt) out += "Alt+";
    if (c.shift) out += "Shift+";
    return out + key_name(c.key);
}

std::string shortcut_keys_text(const Shortcut& s, const std::string& then) {
    std::string keys = chord_text(s.keys);
    return s.prefix == Key::None ? keys : key_name(s.prefix) + " " + then + " " + keys;
}

std::string keys_for(ShortcutId id, const std::string& then) {
    for (const auto& s : kTable)
        if (s.id == id) return shortcut_keys_text(s, then);
    return "";
}

std::optional<ShortcutId> ShortcutSequence::press(const KeyChord& chord, std::span<const ShortcutContext> active,
                                                  bool is_repeat) {
    auto applies = [&](const Shortcut& s) { return std::find(active.begin(), active.end(), s.context) != active.end(); };
    if (is_repeat) {
        if (pending_ != Key::None) return std::nullopt;
        for (const auto& s : kTable)
            if (s.repeats && s.prefix == Key::None && s.keys == chord && applies(s)) return s.id;
        return std::nullopt;
    }
    if (pending_ != Key::None) {
        Key prefix = pending_;
        pending_ = Key::None;
        for (const auto& s : kTable)
            if (s.prefix == prefix && s.keys == chord && applies(s)) return s.id;
        return std::nullopt;  // Esc or any other key abandons the sequence
    }
    for (const auto& s : kTable)
        if (s.prefix == Key::None && s.keys == chord && applies(s)) return s.id;
    if (!chord.ctrl && !chord.alt && !chord.shift)
        for (const auto& s : kTable)
            if (s.prefix == chord.key && applies(s)) {
                pending_ = chord.key;
                return std::nullopt;
            }
    return std::nullopt;
}

}  // namespace crm
