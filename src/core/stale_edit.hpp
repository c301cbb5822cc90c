// A form saved over a record that another tab (or sync) saved since the form was opened: what
// each side changed, field by field, and the form's edit rebased onto the newer revision with the
// user's choice for each field that differs. Nothing either side wrote is lost: the user sees
// both values of every differing field, and the default keeps the form's changes on top of theirs.
// Works on the JSON form of records (json_codec), as the sync merge does, so it serves every kind.
#pragma once
#include <string>
#include <vector>

#include "result.hpp"
#include "store.hpp"

namespace crm {

struct StaleField {
    std::string field;           // merge field ("subject", "status" for state and reason, ...)
    std::string mine, theirs;    // each value as text, for the form to show
    bool changed_here = false;   // the form changed it
    bool changed_there = false;  // the newer revision changed it
};

// The fields whose value in the form (`mine`) differs from the newer revision (`theirs`);
// `opened` is the copy the form started from.
std::vector<StaleField> stale_edit_fields(const AnyRecord& opened, const AnyRecord& mine, const AnyRecord& theirs);
// The default choice: the newer revision's value where the form did not change the field.
std::vector<std::string> default_take_theirs(const std::vector<StaleField>& fields);
// `theirs` with the form's value of every differing field not in `take_theirs`, and theirs'
// revision, ready to save through the Store's usual command (which validates it).
Result<AnyRecord> rebase_stale_edit(const AnyRecord& mine, const AnyRecord& theirs, const std::vector<std::string>& take_theirs);

}  // namespace crm
