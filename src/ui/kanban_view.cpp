// Activities as a kanban board. Lanes by state (or type, priority, owner) with counts; cards show
// the type icon, subject, Regarding, due (overdue red, today amber), owner and priority. Drag a
// card to another lane: lanes that refuse it are dimmed while dragging and the reason is shown
// on drop; a state with several status reasons asks which; every move can be undone (Undo,
// Ctrl+Z). Each lane draws only its visible cards, so 10,000 cards scroll smoothly.
#include <algorithm>

#include "core/activity_format.hpp"
#include "core/i18n.hpp"
#include "imgui.h"
#include "imgui_internal.h"
#include "item_registry.hpp"
#include "views.hpp"
#include "widgets.hpp"

namespace crm {
namespace {

constexpr const char* kPayload = "CRM_CARD";
constexpr float kCardHeight = 86.0f;

std::string lane_title(const KanbanLane& lane, KanbanGrouping g) {
    return g == KanbanGrouping::Owner ? lane.title : std::string(tr(lane.title.c_str()));
}

void move_card(App& app, UiState& ui, const std::string& id, const KanbanLane& lane, std::optional<StatusReason> reason) {
    Status st = apply_move(app.store, id, lane, ui.grouping, reason, app.actor(), ui.undo);
    if (st.ok()) show_notice(ui, std::string(tr("Moved to")) + " " + lane_title(lane, ui.grouping) + ". " + tr("Undo with Ctrl+Z."));
    else show_notice(ui, format_message(st.errors.front()), true);
}

void drop_card(App& app, UiState& ui, std::uint32_t row, const KanbanLane& lane) {
    const Activity& a = app.store.activities().at(row);
    MovePlan plan = plan_move(app.store, a, lane, ui.grouping);
    if (plan.no_change) return;
    if (!plan.allowed) {
        show_notice(ui, std::string(tr(plan.refusal.c_str())) + " (" + a.subject + ")", true);
        return;
    }
    // A repeating card dropped on Completed: the card is its next occurrence, so ask whether that
    // one is done or the whole series (as Mark complete does).
    if (ui.grouping == KanbanGrouping::State && lane.state == ActivityState::Completed) {
        if (auto date = row_occurrence(app, a)) {
            ask_series(ui, SeriesPrompt::Action::Complete, a.meta.id, *date);
            return;
        }
    }
    if (ui.grouping == KanbanGrouping::State && plan.reasons.size() > 1) {
        ui.reason_prompt = ReasonPrompt{true, a.meta.id, lane, plan.reasons, 0};
        return;
    }
    move_card(app, ui, a.meta.id, lane, plan.reasons.empty() ? std::nullopt : std::optional(plan.reasons.front()));
}

void draw_card(App& app, UiState& ui, const Activity& a, std::uint32_t row, const DueWindow& window, float width) {
    ActivityRowText text = format_activity_row(app.store, a, app.zone, window);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec2 size(width, kCardHeight - 6);
    ImGui::PushID(a.meta.id.c_str());
    ImGui::InvisibleButton((a.subject + "##card").c_str(), size);
    bool hovered = ImGui::IsItemHovered();
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) open_any_activity(app, ui, a.meta.id);
    if (!is_read_only(a) && ImGui::BeginDragDropSource()) {
        ImGui::SetDragDropPayload(kPayload, &row, sizeof row);
        ImGui::TextUnformatted(a.subject.c_str());
        ImGui::EndDragDropSource();
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 bg = hovered ? IM_COL32(240, 246, 255, 255) : IM_COL32(255, 255, 255, 255);
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), bg, 4);
    bool keyboard_card = ui.kanban_card_id == a.meta.id;
    if (keyboard_card) dl->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(p.x + size.x + 1, p.y + size.y + 1), ui::kAccentColour, 4, 0, 3);
    else dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(205, 210, 220, 255), 4);
    dl->AddRectFilled(p, ImVec2(p.x + 4, p.y + size.y), ui::type_colour(a.type), 4, ImDrawFlags_RoundCornersLeft);
    float line = ImGui::GetTextLineHeight();
    ImGui::SetCursorScreenPos(ImVec2(p.x + 10, p.y + 5));
    ui::type_icon(a.type, line);
    ImGui::SameLine(0, 4);
    ImGui::PushClipRect(p, ImVec2(p.x + size.x - 6, p.y + size.y), true);
    const ImVec2 subject_at = ImGui::GetCursorScreenPos();
    ImGui::TextUnformatted(ui::listed_subject(a).c_str());
    ui::mark_if_repeating(a, subject_at);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 10, p.y + 5 + line + 3));
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMutedColour);
    ImGui::TextUnformatted(text.regarding.empty() ? tr("(no Regarding)") : text.regarding.c_str());
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(ImVec2(p.x + 10, p.y + 5 + 2 * (line + 3)));
    ImU32 due_colour = text.due_tone == DueTone::Overdue ? ui::kOverdueColour
                       : text.due_tone == DueTone::Today ? ui::kTodayColour : ui::kMutedColour;
    ImGui::PushStyleColor(ImGuiCol_Text, due_colour);
    ImGui::TextUnformatted(text.due.empty() ? tr("No due date") : text.due.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, a.priority == Priority::High ? ui::kOverdueColour : ui::kMutedColour);
    ImGui::Text("· %s · %s", tr(text.priority), text.owner.c_str());
    ImGui::PopStyleColor();
    ImGui::PopClipRect();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + kCardHeight));
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::PopID();
}

void draw_lane(App& app, UiState& ui, const KanbanLane& lane, int lane_index, float width, const DueWindow& window) {
    ImGui::PushID(lane_index);
    ImGui::BeginChild("lane", ImVec2(width, 0), ImGuiChildFlags_Border);
    std::string title = lane_title(lane, ui.grouping);
    ImGui::TextUnformatted(title.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%zu", lane.cards.size());
    ImGui::Separator();
    ImRect lane_rect = ImGui::GetCurrentWindow()->Rect();

    // While a card is dragged, lanes that would refuse it are dimmed and say why on hover.
    const ImGuiPayload* payload = ImGui::GetDragDropPayload();
    std::string refusal;
    if (payload && payload->IsDataType(kPayload)) {
        std::uint32_t row = *static_cast<const std::uint32_t*>(payload->Data);
        if (row < app.store.activities().size()) {
            MovePlan plan = plan_move(app.store, app.store.activities().at(row), lane, ui.grouping);
            if (!plan.allowed && !plan.no_change) refusal = tr(plan.refusal.c_str());
        }
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lane.cards.size()), kCardHeight);
    int keyboard_index = -1;  // the keyboard's card, scrolled into view once after it moved
    if (ui.scroll_to_card)
        for (std::size_t i = 0; i < lane.cards.size(); ++i)
            if (app.store.activities().at(lane.cards[i]).meta.id == ui.kanban_card_id) keyboard_index = static_cast<int>(i);
    if (keyboard_index >= 0) clipper.IncludeItemByIndex(keyboard_index);
    float card_width = ImGui::GetContentRegionAvail().x;
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            std::uint32_t row = lane.cards[static_cast<std::size_t>(i)];
            if (i == keyboard_index) {
                ImGui::SetScrollHereY(0.3f);
                ui.scroll_to_card = false;
            }
            draw_card(app, ui, app.store.activities().at(row), row, window, card_width);
        }
    if (lane.cards.empty()) ImGui::TextDisabled("%s", tr("No activities"));
    ImGui::EndChild();

    if (!refusal.empty()) {
        ImGui::GetForegroundDrawList()->AddRectFilled(lane_rect.Min, lane_rect.Max, IM_COL32(120, 120, 130, 90), 4);
        if (lane_rect.Contains(ImGui::GetMousePos())) ImGui::SetTooltip("%s", refusal.c_str());
    }
    // the whole lane, not just its cards, accepts drops
    if (ImGui::BeginDragDropTargetCustom(lane_rect, ImGui::GetID("lane_drop"))) {
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload(kPayload))
            drop_card(app, ui, *static_cast<const std::uint32_t*>(p->Data), lane);
        ImGui::EndDragDropTarget();
    }
    // a named, invisible handle so tests (and the accessibility list) can find the lane
    item_registry_note_rect(("lane " + title).c_str(), lane_rect.Min.x, lane_rect.Min.y, lane_rect.GetWidth(), lane_rect.GetHeight());
    ImGui::PopID();
}

void draw_reason_prompt(App& app, UiState& ui) {
    ReasonPrompt& r = ui.reason_prompt;
    if (!r.open) return;
    if (!ImGui::IsPopupOpen("###reason_prompt")) ImGui::OpenPopup("###reason_prompt");
    std::string title = std::string(tr("Status Reason")) + "###reason_prompt";
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) return;
    item_registry_title_current_window(title);
    const Activity* a = app.store.activities().find(r.activity_id);
    ImGui::Text("%s: %s", tr("Move"), a ? a->subject.c_str() : "");
    for (std::size_t i = 0; i < r.reasons.size(); ++i)
        ImGui::RadioButton(tr(status_reason_name(r.reasons[i])), &r.choice, static_cast<int>(i));
    bool close = false;
    if (ImGui::Button(ui::label("Move", "reason_move").c_str()) || (ImGui::IsKeyPressed(ImGuiKey_Enter) && !ImGui::IsAnyItemActive())) {
        move_card(app, ui, r.activity_id, r.target, r.reasons[static_cast<std::size_t>(std::clamp(r.choice, 0, static_cast<int>(r.reasons.size()) - 1))]);
        close = true;
    }
    ImGui::SameLine();
    if (ImGui::Button(ui::label("Cancel", "reason_cancel").c_str()) || ImGui::IsKeyPressed(ImGuiKey_Escape)) close = true;
    if (close) {
        r.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

// Where the keyboard's card is on the board (lane, index), or {-1, -1}.
std::pair<int, int> find_card(const App& app, const KanbanBoard& board, const std::string& id) {
    for (std::size_t l = 0; l < board.lanes.size(); ++l)
        for (std::size_t i = 0; i < board.lanes[l].cards.size(); ++i)
            if (app.store.activities().at(board.lanes[l].cards[i]).meta.id == id) return {static_cast<int>(l), static_cast<int>(i)};
    return {-1, -1};
}

// The board from the keyboard (keys in core/shortcuts.cpp): Up/Down pick a card in its lane,
// Left/Right in the next lane that has cards, Shift+Left/Right move it as a drop would (same
// rules, same status reason prompt, same undo), skipping lanes that refuse it so a task goes
// from Open to Completed in one press; Enter opens it, M marks it complete.
void handle_kanban_keys(App& app, UiState& ui, const KanbanBoard& board) {
    if (!ui.shortcut || board.lanes.empty()) return;
    // plain ints, not a structured binding: clang 14 cannot capture those in the lambdas below
    const std::pair<int, int> where = find_card(app, board, ui.kanban_card_id);
    const int lane = where.first, index = where.second;
    const int lanes = static_cast<int>(board.lanes.size());
    auto card_at = [&](int l, int i) -> std::uint32_t { return board.lanes[static_cast<std::size_t>(l)].cards[static_cast<std::size_t>(i)]; };
    auto lane_size = [&](int l) { return static_cast<int>(board.lanes[static_cast<std::size_t>(l)].cards.size()); };
    auto select = [&](int l, int i) {
        ui.kanban_card_id = app.store.activities().at(card_at(l, i)).meta.id;
        ui.scroll_to_card = true;
    };
    if (lane < 0) {  // no card yet: any key picks the first card of the first lane that has one
        ShortcutId id = *ui.shortcut;
        if (id != ShortcutId::CardDown && id != ShortcutId::CardUp && id != ShortcutId::CardLaneLeft && id != ShortcutId::CardLaneRight)
            return;
        for (int l = 0; l < lanes; ++l)
            if (lane_size(l) > 0) {
                select(l, 0);
                break;
            }
        ui.shortcut.reset();
        return;
    }
    auto step_lane = [&](int direction) {
        for (int l = lane + direction; l >= 0 && l < lanes; l += direction)
            if (lane_size(l) > 0) return select(l, std::min(index, lane_size(l) - 1));
    };
    auto move_to = [&](int direction) {
        const Activity& a = app.store.activities().at(card_at(lane, index));
        std::string first_refusal;
        for (int l = lane + direction; l >= 0 && l < lanes; l += direction) {
            MovePlan plan = plan_move(app.store, a, board.lanes[static_cast<std::size_t>(l)], ui.grouping);
            if (plan.allowed) return drop_card(app, ui, card_at(lane, index), board.lanes[static_cast<std::size_t>(l)]);
            if (first_refusal.empty()) first_refusal = plan.refusal;
        }
        if (!first_refusal.empty()) show_notice(ui, std::string(tr(first_refusal.c_str())) + " (" + a.subject + ")", true);
    };
    switch (*ui.shortcut) {
        case ShortcutId::CardDown: select(lane, std::min(index + 1, lane_size(lane) - 1)); break;
        case ShortcutId::CardUp: select(lane, std::max(index - 1, 0)); break;
        case ShortcutId::CardLaneLeft: step_lane(-1); break;
        case ShortcutId::CardLaneRight: step_lane(1); break;
        case ShortcutId::CardMoveLeft: move_to(-1); ui.scroll_to_card = true; break;
        case ShortcutId::CardMoveRight: move_to(1); ui.scroll_to_card = true; break;
        case ShortcutId::CardOpen: open_any_activity(app, ui, ui.kanban_card_id); break;
        case ShortcutId::CardMarkComplete: open_state_change(app, ui, {ui.kanban_card_id}, ActivityState::Completed); break;
        default: return;
    }
    ui.shortcut.reset();
}

}  // namespace

void undo_last_move(App& app, UiState& ui) {
    if (!ui.undo.can_undo()) return;
    std::string what = ui.undo.last_description();
    Status st = ui.undo.undo(app.store, app.actor());
    if (st.ok()) show_notice(ui, std::string(tr("Undone:")) + " " + tr(what.c_str()));
    else show_notice(ui, format_message(st.errors.front()), true);
}

void draw_kanban(App& app, UiState& ui) {
    ui::field_caption("Group by");
    ui::enum_combo("kanban_grouping", 140, ui.grouping,
                   {KanbanGrouping::State, KanbanGrouping::Type, KanbanGrouping::Priority, KanbanGrouping::Owner},
                   kanban_grouping_name);
    ImGui::SameLine();
    ImGui::BeginDisabled(!ui.undo.can_undo());
    std::string undo_label = ui.undo.can_undo() ? tr_args("%s: %s", {tr("Undo"), ui.undo.last_description()}) : tr("Undo");
    if (ImGui::Button((undo_label + "###kanban_undo").c_str())) undo_last_move(app, ui);
    ImGui::EndDisabled();

    // The board is rebuilt only when something it depends on changed.
    const KanbanBoard& board = ui.board_cache.get(
        BoardKey{ui.query, ui.sort, ui.grouping, app.current_user_id}, app.store.version(), app.now() / 60'000,
        [&] { return build_kanban(app.store, ui.query, ui.sort, app.query_context(), ui.grouping); });
    handle_kanban_keys(app, ui, board);
    // the board claims the arrow keys from ImGui's focus navigation, as the grid does
    if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) && ui.dialogs.empty() && !ImGui::GetIO().WantTextInput) {
        ImGuiID owner = ImGui::GetID("board_keys");
        for (ImGuiKey key : {ImGuiKey_UpArrow, ImGuiKey_DownArrow, ImGuiKey_LeftArrow, ImGuiKey_RightArrow})
            ImGui::SetKeyOwner(key, owner);
    }
    DueWindow window = make_due_window(app.zone, app.now());
    int lanes = static_cast<int>(board.lanes.size());
    float avail = ImGui::GetContentRegionAvail().x;
    float width = std::max(230.0f, (avail - 8.0f * static_cast<float>(lanes - 1)) / static_cast<float>(std::max(1, lanes)));
    ImGui::BeginChild("board", ImVec2(0, 0), ImGuiChildFlags_None, ImGuiWindowFlags_HorizontalScrollbar);
    for (int i = 0; i < lanes; ++i) {
        if (i > 0) ImGui::SameLine(0, 8);
        draw_lane(app, ui, board.lanes[static_cast<std::size_t>(i)], i, width, window);
    }
    ImGui::EndChild();
    draw_reason_prompt(app, ui);
}

}  // namespace crm
