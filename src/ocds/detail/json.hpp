#pragma once

// The one header that includes RapidJSON. RapidJSON aborts on a failed RAPIDJSON_ASSERT unless
// the macro is defined before its first inclusion; here it throws, so that misuse becomes an
// error message instead of a crash. (When valijson's RapidJSON adapter is needed, it is included
// here too, before RapidJSON, as valijson requires.)

#include <stdexcept>

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(condition)                                                              \
    do {                                                                                         \
        if (!(condition)) {                                                                      \
            throw std::logic_error("RapidJSON assertion failed: " #condition);                   \
        }                                                                                        \
    } while (false)
#endif

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
