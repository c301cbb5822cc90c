// Small drawing helpers shared by the views: translated labels with stable ids, type icons,
// field error lines, and colours. Nothing here knows about a particular view.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>

#include "core/activity.hpp"
#include "core/i18n.hpp"
#include "core/result.hpp"
#include "imgui.h"

namespace crm::ui {

// "Translated text###id": the visible text follows the language, the ImGui id stays the same.
std::string label(const char* english, const char* id);
// Translated text of an English key (same as tr, for readability in views).
const char* t(const char* english);

void type_icon(ActivityType type, float size);
// The repeat mark, a circular arrow like ↻ drawn with lines (the UI font, Noto Sans, has no
// arrows block), `size` high with its top left at `at`. Text that carries it starts with
// kRepeatGap, the room the mark is drawn in.
void repeat_icon(ImDrawList* dl, ImVec2 at, float size, ImU32 colour);
inline constexpr const char* kRepeatGap = "      ";
// The subject as lists show it: kRepeatGap before a repeating activity's; then call
// mark_if_repeating(a, where) after the widget that drew it, with the cursor position taken
// before it (where the text starts).
std::string listed_subject(const Activity& a);
void mark_if_repeating(const Activity& a, ImVec2 text_at);  // a small coloured glyph, advances the cursor
ImU32 type_colour(ActivityType type);

// The form's keys, for the dialog on top only (`is_top`): Ctrl+S saves and keeps the form open,
// Ctrl+Enter saves and closes (the shortcut table's DialogSave, DialogSaveClose). They work while
// a text field is being edited, as in a mail client: the keys never type text.
struct FormKeys {
    bool save = false;
    bool save_close = false;
};
FormKeys form_keys(bool is_top);

// Red text under a field when `status` has an error for `field`. Returns true if it drew one.
bool field_error(const Status& status, const char* field);
// All errors of `status` that no field shows (field "" or unknown), as red lines.
void record_errors(const Status& status);

// Starts a row of a two-column form table: the translated label (with a red * when required)
// in the first column, then moves to the second for the field.
void form_row(const char* english, bool required = false);
// A caption to the left of the next widget (ImGui puts labels on the right by default).
void field_caption(const char* english);
// Text fields named by `id` (tests and the accessibility list find them by it), with an optional
// translated caption on the left (pass "" or "##..." for none).
bool input_text(const char* caption, const char* id, std::string& value, float width = -1.0f, int flags = 0);
bool input_multiline(const char* caption, const char* id, std::string& value, float height);

inline constexpr ImU32 kOverdueColour = IM_COL32(214, 48, 49, 255);
inline constexpr ImU32 kTodayColour = IM_COL32(214, 137, 16, 255);
inline constexpr ImU32 kErrorColour = IM_COL32(200, 40, 40, 255);
inline constexpr ImU32 kMutedColour = IM_COL32(110, 110, 120, 255);
inline constexpr ImU32 kAccentColour = IM_COL32(17, 94, 163, 255);

// BeginCombo that also reports the combo to the item registry (ImGui does not), named `id`.
bool begin_combo(const char* id, const char* preview, int flags = 0);

// A combo choosing one value of an enum, each option shown as tr(name(option)). `width` 0
// keeps the current item width. Returns true when the value changed.
template <typename E>
bool enum_combo(const char* id, float width, E& value, std::initializer_list<E> options, const char* (*name)(E)) {
    bool changed = false;
    if (width != 0.0f) ImGui::SetNextItemWidth(width);
    if (begin_combo(id, tr(name(value)))) {
        for (E option : options)
            if (ImGui::Selectable(tr(name(option)), option == value) && option != value) {
                value = option;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

// "All types" or one activity type, as a bit mask (bit n = ActivityType n).
void type_mask_combo(const char* id, float width, std::uint8_t& mask);

// Wrapped text that the item registry lists too (plain text is not an ImGui item), so tests and
// the accessibility mirror can read it.
void readable_text(const std::string& text, ImU32 colour = 0);

// A centred modal popup opened while `open` is true, titled `title` + `popup_id` ("###id").
// Returns true when its body should be drawn; then call finish_modal (Escape or `close` closes).
bool begin_modal(const char* popup_id, std::string title, bool& open);
void finish_modal(bool& open, bool close);

void apply_style();

}  // namespace crm::ui
