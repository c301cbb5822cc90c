// Pickers shared by the forms: a record of one kind (with a type-to-filter box, folded so "lodz"
// finds "Łódź"), and an owner (user or team). Each returns true when the choice changed.
#pragma once
#include <string>

#include "core/records.hpp"
#include "core/store.hpp"

namespace crm::ui {

bool record_picker(const Store& store, const char* id, RegardingKind kind, std::string& record_id, std::string& filter,
                   bool allow_none);
bool owner_picker(const Store& store, const char* id, OwnerRef& owner);
// Display name of a record of `kind` ("" for an empty id).
std::string record_name(const Store& store, RegardingKind kind, const std::string& id);

}  // namespace crm::ui
