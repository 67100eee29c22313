#pragma once

#include <ocds/schema/merge_rules.hpp>
#include <ocds/core/value.hpp>

#include <string>
#include <vector>

namespace ocds {

/// Removes, recursively, what OCDS merging leaves behind when something is deleted and cannot
/// remove itself: empty objects, empty arrays, and objects that hold nothing but their
/// identifiers (`id`, and a contract's `awardID`). The OCDS merge routine deletes a field only
/// when a later release sets it to `null`; objects and arrays cannot be null in the 1.1 schema,
/// so deleting one means nulling its fields, which leaves such shells in the compiled release.
/// The mapper never emits them, so two states are the same when they are equal once pruned.
void prune_hollow(Value& value);

/// The state of a process in a compiled release: without `id`, `date` and `tag`, pruned.
Value comparable_state(Value compiled);

/// The tags (releaseTag codes, in codelist order) of a release that takes a process from
/// `previous` (nullptr: the process is new) to `current`, both comparable states: the stages
/// that appear get their tag (`tender`, `award`...), the stages that changed their `Update` tag
/// or, when that is what changed, `tenderCancellation`, `awardCancellation`,
/// `contractAmendment`, `contractTermination`.
std::vector<std::string> change_tags(const Value* previous, const Value& current);

/// Adds to `current` (the new state, as mapped) a `null` for every literal field of `previous`
/// that is gone, so that merging the new release over the earlier ones gives `current`:
/// objects that are gone have each of their fields nulled (their `id` stays, as the schema
/// requires), and items gone from arrays merged by id are listed with their fields nulled.
/// `rules` are the release schema's merge rules (whole-list arrays are literals).
void add_removals(const Value& previous, Value& current, const MergeRules& rules);

} // namespace ocds
