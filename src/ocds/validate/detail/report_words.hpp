#pragma once

#include <string>
#include <vector>

namespace ocds::detail {

/// What a check looks for, in words for people who do not read JSON Schema, in Spanish and
/// English (the HTML report's headings and explanations).
struct CheckWords {
    const char* check;
    bool beyond_drt; ///< a check of ours that the OCDS Data Review Tool does not make
    const char* title_es;
    const char* title_en;
    const char* about_es;
    const char* about_en;
};

/// Every documented check, in the order of the README's table.
const std::vector<CheckWords>& every_check_words();

/// The words of `check`; a neutral description for a check not documented.
const CheckWords& check_words(const std::string& check);

/// A finding's message in Spanish: the validator's messages are made from a fixed set of
/// sentences, each translated here with its variable parts kept; a message not in the set
/// (a JSON parser's or JSON Schema library's wording) stays in English.
std::string message_es(const std::string& message);

} // namespace ocds::detail
