#pragma once

#include <ocds/core/value.hpp>
#include <ocds/indicators/detail/group_totals.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace ocds::detail {

/// Suppliers a group lists (followUp.suppliers.list): those with the most awarded value.
constexpr std::size_t listed_suppliers = 50;

/// A group's "execution" member: the winners' stages, amounts, progress, milestones, days to contract.
Value execution_value(const Totals& totals);

/// A group's "feasibility" member; `load` reads an unfeasible project's facts back by its index.
Value feasibility_value(const Totals& totals, const std::function<ProcessFacts(std::uint32_t)>& load);

/// A group's "followUp" member; shares are of amounts in `currency`, the data's main one.
Value follow_up_value(const Totals& totals, const std::string& currency);

} // namespace ocds::detail
