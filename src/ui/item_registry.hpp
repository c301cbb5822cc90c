// A list of every labelled ImGui item drawn in the current frame, with its on-screen rectangle.
// Browser tests read it (published to the page by the platform layer) to click where a person
// would; the same list can feed an accessibility mirror later. Built from ImGui's item hooks
// (IMGUI_ENABLE_TEST_ENGINE); recording is off unless enabled, so normal use pays nothing.
#pragma once
#include <string>
#include <vector>

namespace crm {

struct RegisteredItem {
    unsigned id = 0;
    std::string label;   // without the "##id" suffix
    std::string window;  // the window's name, without its "##id" suffix
    float x = 0, y = 0, w = 0, h = 0;  // visible part, in display (CSS) pixels
    int layer = 0;  // how many popups/dialogs deep: items on a higher layer are on top
};

void item_registry_enable(bool on);
bool item_registry_enabled();
void item_registry_begin_frame();                     // call before ImGui::NewFrame()
const std::vector<RegisteredItem>& item_registry_items();
// ImGui keeps a window's first title when a "Title###id" window is retitled; call this after
// Begin() with the title used this frame so items report the title the user sees.
void item_registry_title_current_window(const std::string& title);
// Registers the last submitted item under `label`, for widgets ImGui does not report itself
// (combos). Does nothing unless the registry is enabled.
void item_registry_note_last_item(const char* label);
// Registers an area that is not an ImGui item (a kanban lane, a calendar day) under `label`.
void item_registry_note_rect(const char* label, float x, float y, float w, float h);
// The items as a JSON array (for the page).
std::string item_registry_json();

}  // namespace crm
