// A list of every labelled ImGui item drawn in the current frame: its on-screen rectangle, and
// what a screen reader needs to present it (role, accessible name, state, value, and grouping:
// window or dialog, landmark, table row). Browser tests read it to click where a person would;
// the page's accessibility mirror (web/a11y_mirror.js) builds a hidden DOM from it.
// Built from ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE). Roles that ImGui's status flags do
// not tell (rows, selected nav entries, text field values) are added by the views through the
// small note_* calls below, right after the widget they describe.
#pragma once
#include <string>
#include <vector>

namespace crm {

enum class A11yRole : unsigned char {
    Button, Checkbox, Radio, Textbox, TextboxMultiline, Combobox, MenuItem, Option, Tab, Link, Heading,
    Row, Text, ListItem,
};
const char* a11y_role_name(A11yRole role);

enum class A11yWindowRole : unsigned char { Main, Dialog, Menu, Listbox };
enum class A11yLandmark : unsigned char { None, Navigation, Main };

struct RegisteredItem {
    unsigned id = 0;
    std::string label;   // without the "##id" suffix
    std::string window;  // the window's name, without its "##id" suffix
    float x = 0, y = 0, w = 0, h = 0;  // visible part, in display (CSS) pixels
    int layer = 0;  // how many popups/dialogs deep: items on a higher layer are on top
    // --- for assistive technology ---
    A11yRole role = A11yRole::Button;
    std::string name;   // accessible name when it differs from `label` (a form row's caption)
    std::string value;  // a text field's text, a combo's current choice
    bool checkable = false, checked = false;
    bool selected = false, expandable = false, expanded = false, disabled = false;
    int window_index = 0;  // into item_registry_windows()
    A11yLandmark landmark = A11yLandmark::None;
    std::string landmark_label;
    // A table row (role Row) and the items drawn inside it share table + row_index.
    std::string table;
    int row_index = -1;
    std::vector<std::string> cells;  // role Row: its cell texts, in column order
};

struct RegisteredWindow {
    std::string title;
    A11yWindowRole role = A11yWindowRole::Main;
    int layer = 0;
};

struct RegisteredTable {
    std::string id;
    std::string label;
    int row_count = 0;  // all rows, not only the drawn ones (the grid draws the visible ones)
    std::vector<std::string> headers;
};

void item_registry_enable(bool on);
bool item_registry_enabled();
void item_registry_begin_frame();                     // call before ImGui::NewFrame()
const std::vector<RegisteredItem>& item_registry_items();
// The item with ImGui id `id` drawn this frame, or null.
const RegisteredItem* item_registry_find(unsigned id);
const std::vector<RegisteredWindow>& item_registry_windows();
// ImGui keeps a window's first title when a "Title###id" window is retitled; call this after
// Begin() with the title used this frame so items report the title the user sees.
void item_registry_title_current_window(const std::string& title);
// Registers the item `id` (its ImGui id, taken before the widget) under `label`, for widgets
// ImGui does not report itself (combos), with its current value. `opened_popup`: the widget has
// just begun its popup (an open combo), so it belongs to the window below.
void item_registry_note_item(unsigned id, const char* label, A11yRole role, const std::string& value, bool opened_popup);
// Registers an area that is not an ImGui item (a kanban lane, a calendar day, a line of text).
void item_registry_note_rect(const char* label, float x, float y, float w, float h, A11yRole role = A11yRole::Text);

// ---- what the views add about the item they just drew ----
void item_registry_note_role(A11yRole role);
void item_registry_note_selected(bool selected);
void item_registry_note_checked(bool checked);  // radio buttons (ImGui reports checkboxes itself)
void item_registry_note_expanded(bool expanded);
void item_registry_note_value(const std::string& value);
// The caption of a form row ("Subject"): the fields that follow in the same table row and have
// no visible label of their own are named by it. Outside a table it names the next field only.
void item_registry_caption(const std::string& caption);
// Everything drawn in the current window from now on belongs to this landmark (call after
// BeginChild); `label` names it ("Navigation", the page's title).
void item_registry_landmark(A11yLandmark landmark, const std::string& label);
// A table of rows: its header texts and how many rows it has in all.
void item_registry_table(const char* id, const std::string& label, int row_count, std::vector<std::string> headers);
// Items drawn between row_begin and row_end belong to that table row; note_row makes the last
// item (the row's selectable) the row itself, read by its cells.
void item_registry_row_begin(const char* table, int row_index);
void item_registry_row_end();
void item_registry_note_row(std::vector<std::string> cells, bool selected);
// The app's notice line (role=status in the mirror, announced when it changes).
void item_registry_status(const std::string& text);

// Activates the item `id` of the last drawn frame as a person would: a mouse move to its centre
// and a click; Open then presses Enter, as a keyboard user opens the row they selected (a
// double click would depend on how fast frames are drawn). Fed into ImGui's input one event per
// frame by item_registry_begin_frame, so draw 5 frames after it. False when no such item is listed.
enum class A11yAction { Click = 1, Open = 2 };
bool item_registry_activate(unsigned id, A11yAction action);

// The items as a JSON array (for the tests' window.__crmTest.items).
std::string item_registry_json();
// Everything the mirror needs: {"windows":[...],"tables":[...],"status":"...","items":[...]}.
std::string item_registry_a11y_json(const std::string& items_json);

// What changed for the mirror since the last call, as JSON, or "" when nothing did:
//   {"windows":[...], "tables":[...], "status":"...", "order":[item ids], "set":[items]}
// where each key is present only when it changed and "set" holds the items that are new or
// differ (ids are unique in a frame; "order" lists this frame's items, so the ones left out are
// gone). Geometry is not part of it (the mirror is not drawn), so a scrolled list sends only the
// rows that came into view and an unchanged frame sends nothing. The first call, and the first
// after item_registry_mirror_reset(), sends everything. The string is reused between calls.
const std::string& item_registry_mirror_update();
void item_registry_mirror_reset();

}  // namespace crm
